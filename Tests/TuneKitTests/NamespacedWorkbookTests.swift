import Foundation
import Testing
@testable import TuneKit

/// XLSX parts read by namespace (prefixed main elements, extension elements passed over, Strict OOXML,
/// a workbook part found through `_rels/.rels`) and sheets chosen by name before position.
/// Fixtures: `make_namespaced.py` (written by hand from ECMA-376) and `make_numbered_sheets.py` (openpyxl).
@Suite("Workbooks: namespaces, Strict OOXML and sheet choice")
struct NamespacedWorkbookTests {
    private func read(_ file: String, options: SheetOptions = SheetOptions()) throws -> (WorkbookReader, [[String]]) {
        let reader = try WorkbookReader(path: Fixture.path("sheets/" + file), dialect: .xlsx, options: options)
        var rows: [[String]] = []
        while let event = try reader.next() {
            switch event {
            case .row(let row): rows.append(row.values)
            case .reject(let reject): rows.append(["rejected: " + reject.reason])
            default: break
            }
        }
        return (reader, rows)
    }

    /// `<x:c>`, `<x:mergeCell>` as the .NET OpenXML SDK writes them; the workbook at `spreadsheet/book.xml`;
    /// an `<x14:mergeCell>` inside an extension list is not a merge (it would spill into a column past the header).
    @Test func prefixedPartsAreRead() throws {
        let (reader, rows) = try read("prefixed-parts.xlsx")
        #expect(reader.sheets.map(\.name) == ["客服"])
        #expect(reader.header.columns == ["类别", "问题", "答案", "邮编"])
        #expect(rows == [["订单", "怎么查物流？", "订单页点击「物流」。", "00001"], ["订单", "多久发货？", "48 小时内。", "02045"]])
        let (_, unfilled) = try read("prefixed-parts.xlsx", options: SheetOptions(fillMergedCells: false))
        #expect(unfilled.map { $0[0] } == ["订单", ""])
    }

    /// Strict OOXML: purl.oclc.org namespaces and relationship types, the 1904 date system, an ISO `t="d"` cell.
    @Test func strictWorkbookIsRead() throws {
        let (reader, rows) = try read("strict.xlsx")
        #expect(reader.sheets.map(\.name) == ["Strict"])
        #expect(reader.header.columns == ["问题", "答案", "日期", "序号"])
        #expect(rows == [["什么时候上线？", "已经上线。", "2024-03-05", "0.1"], ["几点开门？", "九点。", "2024-03-06", "2"]])
    }

    /// `--sheet 02` is the sheet named 02 (the first), not the second; `--sheet-index 2` is the second;
    /// `#1` and a number no sheet is named are positions.
    @Test(arguments: [
        (SheetOptions.Selector.name("02"), "02", "name \"02\" (a sheet is so named; --sheet '#2' for the position)" as String?),
        (.index(2), "Summary", "position 2 (--sheet-index)"),
        (.name("#3"), "Data", "position 3 (--sheet '#3')"),
        (.name("3"), "Data", "position 3 (no sheet is named \"3\")"),
        (.name("Summary"), "Summary", nil),
    ])
    func sheetNamesBeforePositions(selector: SheetOptions.Selector, sheet: String, choice: String?) throws {
        let (reader, _) = try read("numbered-sheets.xlsx", options: SheetOptions(sheet: selector))
        #expect(reader.sheetName == sheet)
        #expect(reader.facts.first { $0.key == "sheet_chosen_by" }?.value == choice)
    }

    @Test func sheetTextIsAlwaysAName() {
        #expect(SheetOptions.Selector("02") == .name("02"))
        #expect(SheetOptions.Selector("2024") == .name("2024"))
    }

    @Test(arguments: [SheetOptions.Selector.index(4), .name("#4"), .name("04")])
    func positionsPastTheLastSheetAreRefused(selector: SheetOptions.Selector) {
        #expect(throws: ImportError.self) {
            _ = try WorkbookReader(path: Fixture.path("sheets/numbered-sheets.xlsx"), dialect: .xlsx, options: SheetOptions(sheet: selector))
        }
    }

    /// openpyxl's number format codes: `00000` pads by default; `0.0%` and `0.00` only with display text.
    @Test func openpyxlNumberFormats() throws {
        let (_, stored) = try read("numbered-sheets.xlsx", options: SheetOptions(sheet: .name("Data")))
        #expect(stored == [["这是哪个表？", "Data（第 3 个）", "00007", "0.125", "3.1"], ["合并的下一行", "Data（第 3 个）", "12345", "1", "2.675"]])
        let (_, shown) = try read("numbered-sheets.xlsx", options: SheetOptions(sheet: .name("Data"), displayText: true))
        #expect(shown == [["这是哪个表？", "Data（第 3 个）", "00007", "12.5%", "3.10"], ["合并的下一行", "Data（第 3 个）", "12345", "100.0%", "2.68"]])
    }

    /// `--sheet` and `--sheet-index` together are refused, naming both; `sheet_index` takes a position from 1.
    @Test func sheetAndSheetIndexExcludeEachOther() throws {
        var flags = Recipe()
        flags.sheet = .name("Data")
        flags.sheetIndex = 2
        #expect(throws: RecipeError.self) { try flags.validate() }
        do {
            try flags.validate()
        } catch {
            #expect(error.message.contains("--sheet-index and --sheet both choose the sheet"))
        }
        let file = try Recipe.parse("sheet: Data\n", origin: .file("r.yaml"))
        var position = Recipe()
        position.sheetIndex = 3
        let options = try ConvertOptions(inputs: ["x.xlsx"], recipe: file, overriding: position)
        #expect(options.sheet.sheet == .index(3))
        var text = Recipe()
        try text.set(.displayText, text: "true")
        try text.set(.sheetIndex, text: "2")
        #expect(text.displayText == true && text.sheetIndex == 2)
        #expect(try ConvertOptions(inputs: ["x.xlsx"], overriding: text).sheet.displayText)
    }
}
