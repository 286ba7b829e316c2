import Foundation
import Testing
@testable import TuneKit

/// Workbook packages as the packaging standard lays them out (parts found through relationships), and zip
/// archives that are not what their names say.
@Suite("Workbook packages: parts by relationship, content before name")
struct PackageTests {
    @Test(arguments: [
        ("", "xl/workbook.xml", "xl/workbook.xml"),
        ("", "/workbook.xml", "workbook.xml"),
        ("xl/workbook.xml", "worksheets/sheet1.xml", "xl/worksheets/sheet1.xml"),
        ("xl/workbook.xml", "/xl/worksheets/sheet1.xml", "xl/worksheets/sheet1.xml"),
        ("xl/workbook.xml", "worksheets\\sheet1.xml", "xl/worksheets/sheet1.xml"),
        ("xl/worksheets/sheet1.xml", "../drawings/drawing1.xml", "xl/drawings/drawing1.xml"),
        ("xl/worksheets/sheet1.xml", "./../media/./image1.png", "xl/media/image1.png"),
        ("xl/workbook.xml", "../../../../etc/passwd", nil),
        ("workbook.xml", "xl/worksheets/data.xml", "xl/worksheets/data.xml"),
    ] as [(String, String, String?)])
    func targetsResolveInsideThePackage(source: String, target: String, part: String?) {
        #expect(PackagePath.resolve(target, from: source) == part)
    }

    @Test(arguments: [("xl/workbook.xml", "xl/_rels/workbook.xml.rels"), ("workbook.xml", "_rels/workbook.xml.rels"),
                      ("", "_rels/.rels"), ("xl/drawings/drawing1.xml", "xl/drawings/_rels/drawing1.xml.rels")])
    func relationshipsParts(part: String, relationships: String) {
        #expect(PackagePath.relationships(of: part) == relationships)
    }

    /// calamine's and PhpSpreadsheet's packages whose workbook part is not `xl/workbook.xml`.
    @Test func workbookPartAtThePackageRoot() throws {
        let calamine = try WorkbookReader(path: Fixture.path("thirdparty/minimal_package.xlsx"), dialect: .xlsx)
        #expect(calamine.sheetName == "Sheet1")
        #expect(calamine.header.columns.first == "ARREST BOOKINGS for 01/30/17")
        var rows = 0
        while let event = try calamine.next() { if case .row = event { rows += 1 } }
        #expect(rows > 100)

        let php = try WorkbookReader(path: Fixture.path("thirdparty/rootZipFiles.xlsx"), dialect: .xlsx)
        #expect(php.sheetName == "Data")
        #expect(php.header.columns == ["TEST CELL"])
    }

    /// A Word document, an XLSX and an ODS each given under another's name: the workbook is read by what it
    /// holds, the document is refused naming what it is.
    @Test(arguments: [
        ("thirdparty/tbl-2x2-table.docx", "report.xlsx", "the file is a Word document (.docx)"),
        ("thirdparty/tbl-2x2-table.docx", "report.ods", "the file is a Word document (.docx)"),
        ("thirdparty/date.xlsb", "book.xlsx", "binary Excel workbook (.xlsb)"),
    ])
    func archivesThatAreNotWorkbooksAreNamed(fixture: String, name: String, message: String) throws {
        let folder = Fixture.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/" + name
        try FileManager.default.copyItem(atPath: Fixture.path(fixture), toPath: path)
        let options = ConvertOptions(inputs: [path], outputDirectory: folder + "/out")
        let error = try #require(throws: ConvertError.self) { try ConvertJob(options: options).run() }
        #expect(error.message.contains(message), "\(error.message)")
    }

    @Test(arguments: [("sheets/faq.xlsx", "faq.ods"), ("sheets/faq.ods", "faq.xlsx")])
    func aWorkbookUnderTheOtherNameIsReadByContent(fixture: String, name: String) throws {
        let folder = Fixture.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/" + name
        try FileManager.default.copyItem(atPath: Fixture.path(fixture), toPath: path)
        let result = try ConvertJob(options: ConvertOptions(inputs: [path], outputDirectory: folder + "/out")).run()
        #expect(result.report.counts.train == 6)
    }
}

/// The per-entry inflated cap: refused before inflating, naming the flag that raises it.
@Suite("Workbook packages: the per-entry cap")
struct ZipEntryLimitTests {
    @Test func anEntryOverTheCapIsRefusedNamingTheFlag() throws {
        var sheet = SheetOptions()
        sheet.zipEntryLimit = 1024
        let error = try #require(throws: ImportError.self) {
            _ = try WorkbookReader(path: Fixture.path("sheets/features.xlsx"), dialect: .xlsx, options: sheet)
        }
        #expect(error.message.contains("over the 1024 bytes an entry may take (--zip-entry-limit raises it)"), "\(error.message)")
        sheet.zipEntryLimit = 3 << 30
        #expect(try WorkbookReader(path: Fixture.path("sheets/features.xlsx"), dialect: .xlsx, options: sheet).sheets.count > 0)
    }

    @Test(arguments: [("512M", 512 << 20), ("3G", 3 << 30), ("2g", 2 << 30)])
    func theRecipeKeyTakesSizes(text: String, bytes: Int) throws {
        let recipe = try Recipe.parse("zip_entry_limit: \(text)\n")
        #expect(recipe.zipEntryLimit == bytes)
        #expect(try ConvertOptions(inputs: ["x.xlsx"], recipe: recipe).sheet.zipEntryLimit == bytes)
    }

    @Test(arguments: ["5G", "0", "lots"])
    func limitsOutOfRangeAreRefused(text: String) {
        #expect(throws: RecipeError.self) {
            _ = try ConvertOptions(inputs: ["x.xlsx"], recipe: try Recipe.parse("zip_entry_limit: \(text)\n"))
        }
    }
}
