import Foundation
import Testing
import TuneKitImages
@testable import TuneKit

/// Pictures inside workbooks belong to their row: the catalogue fixtures (`Fixtures/sheets/pictures/`, made by
/// openpyxl, LibreOffice and by hand from the layouts Excel and WPS write) convert to vision lines whose every
/// picture is its own row's, checked by decoding each picture and comparing its colour with the row's.
@Suite("Pictures inside workbooks")
struct WorkbookPictureTests {
    /// Each catalogue row's question and the colour of its picture (the row without one is 礼品卡, row 5).
    static let colours: [String: (r: Int, g: Int, b: Int)] = [
        "这个杯子是什么颜色？": (220, 20, 20), "这个包是什么颜色？": (20, 200, 20), "这把伞是什么颜色？": (20, 20, 220),
        "这盏灯是什么颜色？": (230, 230, 20), "这条围巾是什么颜色？": (200, 20, 200),
    ]

    static func options(_ fixture: String, mode: ImageEmbedding.Mode = .base64) -> ConvertOptions {
        var options = ConvertOptions(inputs: [Fixture.path("sheets/pictures/" + fixture)], format: .vision,
                                     outputDirectory: Fixture.temporaryDirectory(), validation: nil)
        options.images.mode = mode
        return options
    }

    /// The question and the image URL of each written vision line.
    static func lines(_ path: String) throws -> [(question: String, url: String)] {
        try Fixture.read(path).split(separator: "\n").map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let messages = try #require(object["messages"] as? [[String: Any]])
            let question = try #require(messages[0]["content"] as? String)
            let parts = try #require(messages[1]["content"] as? [[String: Any]])
            let url = try #require((parts[0]["image_url"] as? [String: Any])?["url"] as? String)
            return (question, url)
        }
    }

    /// Whether a decoded picture's centre is the row's colour (JPEG keeps a flat colour within a few levels).
    static func matches(_ image: RGBImage, _ colour: (r: Int, g: Int, b: Int)) -> Bool {
        let pixel = centre(image)
        return abs(pixel.r - colour.r) <= 12 && abs(pixel.g - colour.g) <= 12 && abs(pixel.b - colour.b) <= 12
    }

    /// The centre pixel, as numbers (short in a failure message).
    static func centre(_ image: RGBImage) -> (r: Int, g: Int, b: Int) {
        let pixel = image[image.width / 2, image.height / 2]
        return (Int(pixel.r), Int(pixel.g), Int(pixel.b))
    }

    @Test(arguments: ["catalogue-drawings.xlsx", "catalogue-wps.xlsx", "catalogue-richvalue.xlsx", "catalogue.ods",
                      "catalogue-libreoffice.xlsx"])
    func everyPictureIsItsOwnRows(_ fixture: String) throws {
        let options = Self.options(fixture)
        let result = try ConvertJob(options: options).run()
        #expect(result.report.counts.train == 5)
        #expect(result.report.rejectsByReason == ["map.empty_image": 1])
        let rejects = Fixture.read(options.outputDirectory + "/rejects.jsonl")
        #expect(rejects.contains("!商品!A5:D5") && rejects.contains("礼品卡"))
        let lines = try Self.lines(options.outputDirectory + "/train.jsonl")
        #expect(Set(lines.map(\.question)) == Set(Self.colours.keys))
        let prefix = "data:image/jpeg;base64,"
        for (question, url) in lines {
            #expect(url.hasPrefix(prefix))
            let bytes = try #require(Data(base64Encoded: String(url.dropFirst(prefix.count))))
            let image = try RGBImage.decode([UInt8](bytes))
            let colour = try #require(Self.colours[question])
            let matched = Self.matches(image, colour)
            #expect(matched, "\(fixture): \(question) has \(Self.centre(image)), not \(colour)")
        }
        #expect(result.report.images?.embedded == 5)
        let facts = try #require(result.report.inputs.first?.facts)
        #expect(facts.contains { $0.key == "pictures_in_rows" && $0.value == "5" })
        // The floating logo of the openpyxl and LibreOffice files belongs to no row, and is said so.
        let floating = fixture != "catalogue-wps.xlsx" && fixture != "catalogue-richvalue.xlsx"
        let warning = result.report.warnings.first { $0.code == "sheet.pictures_not_read" }
        #expect((warning != nil) == floating)
        if floating { #expect(warning!.message.contains("1 picture in no row read") && warning!.message.contains("floating")) }
        #expect(facts.contains { $0.key == "pictures_not_in_rows" && $0.value == (floating ? "1" : "0") })
        let validation = JSONLValidator().validate(path: options.outputDirectory + "/train.jsonl", format: .vision)
        #expect(validation.errorCount == 0, "\(validation.diagnostics)")
    }

    /// `--image-mode files`: the pictures are written under names made from their bytes (the same in every run),
    /// and the lines carry the base URL and the name; the files are the rows' pictures.
    @Test func filesModeWritesPicturesAndPutsURLsInLines() throws {
        var names: [[String]] = []
        for _ in 0..<2 {
            var options = Self.options("catalogue-richvalue.xlsx", mode: .files)
            let folder = Fixture.temporaryDirectory() + "/pictures"
            options.images.outputFolder = folder
            options.images.baseURL = "https://cdn.example.com/p/"
            let result = try ConvertJob(options: options).run()
            #expect(result.report.counts.train == 5)
            let lines = try Self.lines(options.outputDirectory + "/train.jsonl")
            for (question, url) in lines {
                #expect(url.hasPrefix("https://cdn.example.com/p/") && !url.hasPrefix("https://cdn.example.com/p//"))
                let name = String(url.dropFirst("https://cdn.example.com/p/".count))
                #expect(name.count == 36 && name.hasSuffix(".jpg"))
                let image = try RGBImage.decode(Fixture.bytes(folder + "/" + name))
                let matched = Self.matches(image, try #require(Self.colours[question]))
                #expect(matched, "\(question) has \(Self.centre(image))")
            }
            names.append(lines.map(\.url).sorted())
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder).count == 5)
            let validation = JSONLValidator().validate(path: options.outputDirectory + "/train.jsonl", format: .vision)
            #expect(validation.errorCount == 0, "\(validation.diagnostics)")
        }
        #expect(names[0] == names[1])
    }

    /// Files mode writes the pictures of JSONL records too: a JPEG data URI that already fits becomes a file of
    /// exactly its bytes (no second JPEG generation), named in the line by URL.
    @Test func filesModeWritesAFittingDataURIAsItIs() throws {
        let input = Fixture.path("jsonl/vision-base64.jsonl")
        var options = ConvertOptions(inputs: [input], format: .vision, outputDirectory: Fixture.temporaryDirectory(), validation: nil)
        options.images.mode = .files
        options.images.outputFolder = options.outputDirectory + "/pictures"
        options.images.baseURL = "https://x.example/i"
        let result = try ConvertJob(options: options).run()
        #expect(result.report.counts.train == 1 && result.report.images?.embedded == 1)
        let original = Fixture.read(input)
        let start = try #require(original.range(of: "data:image/jpeg;base64,"))
        let base64 = original[start.upperBound...].prefix { $0 != "\"" }
        let bytes = [UInt8](try #require(Data(base64Encoded: String(base64))))
        let name = PreparedImageFiles.name(of: bytes)
        #expect(Fixture.read(options.outputDirectory + "/train.jsonl").contains("\"url\":\"https://x.example/i/\(name)\""))
        #expect(Fixture.bytes(options.images.outputFolder! + "/" + name) == bytes)
    }

    /// Files mode without a base URL would write bare names, which `validate` refuses: the options are refused,
    /// naming the flag; so are the files-mode flags without files mode.
    @Test(arguments: [
        (["files", "out", nil], "--image-base-url"), (["files", nil, "https://x.example/p"], "--image-out"),
        (["base64", "out", nil], "--image-out"), (["files", "out", "pictures/"], "--image-base-url"),
    ] as [([String?], String)])
    func filesModeFlagsAreChecked(_ values: [String?], flag: String) {
        do {
            let flags = try Recipe(text: [.imageMode: values[0], .imageOut: values[1], .imageBaseURL: values[2]])
            _ = try ConvertOptions(inputs: ["a.xlsx"], overriding: flags)
            Issue.record("accepted \(values)")
        } catch {
            #expect(error.message.hasPrefix(flag), "\(error.message)")
        }
    }

    /// With `--image-mode url` a picture column would reject every row: the run stops, naming the flag.
    @Test func urlModeRefusesAPictureColumn() {
        do {
            _ = try ConvertJob(options: Self.options("catalogue-drawings.xlsx", mode: .url)).run()
            Issue.record("converted pictures in url mode")
        } catch {
            #expect(error.exitStatus == 2)
            #expect(error.message.contains("column \"图片\" holds 5 pictures") && error.message.contains("--image-mode base64"), "\(error.message)")
        }
    }

    /// A picture in a column a text template reads is never text: that row is a `map.cell_picture` reject
    /// naming the picture and its cell.
    @Test func pictureInATextFieldIsARejectNamingIt() throws {
        var options = Self.options("catalogue.ods")
        options.format = .chat
        options.mapping.allowUnused = true
        options.mapping[.user] = try FieldTemplate("{{问题}} {{图片}}")
        let result = try ConvertJob(options: options).run()
        #expect(result.report.counts.train == 1 && result.report.rejectsByReason == ["map.cell_picture": 5])
        let rejects = Fixture.read(options.outputDirectory + "/rejects.jsonl")
        #expect(rejects.contains("holds a picture of the workbook (Pictures/") && rejects.contains(" in D2)"))
    }

    /// A WPS `=DISPIMG` whose ID `xl/cellimages.xml` resolves is the picture (here in the answer column, so that
    /// row is a reject naming the picture); an unknown ID stays a `map.cell_picture` reject with the formula.
    @Test func wpsDispimgResolvesThroughCellImages() throws {
        let options = ConvertOptions(inputs: [Fixture.path("sheets/wps-dispimg.xlsx")], outputDirectory: Fixture.temporaryDirectory(),
                                     validation: nil)
        let result = try ConvertJob(options: options).run()
        #expect(result.report.counts.train == 2 && result.report.rejectsByReason == ["map.cell_picture": 2])
        let rejects = Fixture.read(options.outputDirectory + "/rejects.jsonl").split(separator: "\n")
        #expect(rejects[0].contains("xl/media/image1.png in B3"))
        #expect(rejects[1].contains("ID_00000000000000000000000000000000") && rejects[1].contains("does not have"))
    }

    /// calamine's `pictures_in_cell_and_over_cell.xlsx`, saved by Excel: two pictures placed in cells (A1, A3:
    /// error cells with `vm`, through the rich-value parts) and one drawn over E9 (a `twoCellAnchor`).
    @Test func excelInCellAndDrawnPicturesOfAThirdPartyFile() throws {
        // As a table it has no header row, and the refusal says the pictures are there.
        do {
            _ = try ConvertJob(options: Self.options("calamine-pictures-in-cell.xlsx")).run()
            Issue.record("converted a sheet of pictures alone")
        } catch {
            #expect(error.message.contains("has no header row; the workbook holds 3 pictures, but a table needs a header row"), "\(error.message)")
        }
        let archive = try ZipArchive(path: Fixture.path("sheets/pictures/calamine-pictures-in-cell.xlsx"))
        let index = try #require(try WorkbookPictures.xlsx(archive, workbook: "c.xlsx", sheetParts: ["xl/worksheets/sheet1.xml"],
                                                           sheetNames: ["Sheet1"]))
        let placed = index.placed.map { "\(ColumnName.of($0.column))\($0.row) \($0.entry)" }.sorted()
        #expect(placed == ["A1 xl/media/image1.png", "A3 xl/media/image2.png", "E9 xl/media/image3.png"])
    }

    /// calamine's `picture.xlsx` and `picture.ods`: a JPEG in A1 of the first sheet and a PNG in A1 of the second
    /// (an Excel `twoCellAnchor`; an ODS frame inside the cell with `table:end-cell-address`), each on its own sheet.
    @Test func thirdPartyPicturesAreOnTheirSheets() throws {
        let xlsx = try #require(try WorkbookPictures.xlsx(ZipArchive(path: Fixture.path("sheets/pictures/calamine-picture.xlsx")),
            workbook: "p.xlsx", sheetParts: ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"], sheetNames: ["Sheet1", "Sheet2"]))
        #expect(xlsx.placed.map { "\($0.sheet) \(ColumnName.of($0.column))\($0.row) \($0.entry)" }
                == ["0 A1 xl/media/image1.jpg", "1 A1 xl/media/image2.png"])
        let ods = try #require(try WorkbookPictures.openDocument(ZipArchive(path: Fixture.path("sheets/pictures/calamine-picture.ods")),
            workbook: "p.ods", sheetNames: ["工作表1", "工作表2", "工作表3"]))
        #expect(ods.placed.map { "\($0.sheet) \(ColumnName.of($0.column))\($0.row) \($0.entry.hasSuffix(".jpg") ? "jpg" : "png")" }
                == ["0 A1 jpg", "1 A1 png"])
        // Read with the second sheet chosen, the first sheet's picture is named as on a sheet not read.
        let second = xlsx.sheet(1)
        #expect(second.unattached.map(\.why) == ["cell A1 of sheet \"Sheet1\", which is not read", "cell A1, in the header row or a row with no data"])
    }

    /// A picture in a merged cell fills the merge, as the merge's text does: both rows of 保温杯 (A2:A3, D2:D3,
    /// openpyxl; LibreOffice's ODS of it, `number-rows-spanned`) get the red picture; with merges not filled,
    /// the second row has none and is a reject.
    @Test(arguments: ["catalogue-merged.xlsx", "catalogue-merged.ods"])
    func aMergedPictureFillsItsMerge(_ fixture: String) throws {
        let colours = ["这个杯子是什么颜色？": (r: 220, g: 20, b: 20), "这个杯子能装热水吗？": (220, 20, 20), "这个包是什么颜色？": (20, 200, 20)]
        let options = Self.options(fixture)
        let result = try ConvertJob(options: options).run()
        #expect(result.report.counts.train == 3)
        let lines = try Self.lines(options.outputDirectory + "/train.jsonl")
        #expect(Set(lines.map(\.question)) == Set(colours.keys))
        for (question, url) in lines {
            let bytes = try #require(Data(base64Encoded: String(url.dropFirst("data:image/jpeg;base64,".count))))
            let image = try RGBImage.decode([UInt8](bytes))
            let matched = Self.matches(image, try #require(colours[question]))
            #expect(matched, "\(fixture): \(question) has \(Self.centre(image))")
        }
        var unfilled = Self.options(fixture)
        unfilled.sheet.fillMergedCells = false
        let apart = try ConvertJob(options: unfilled).run()
        #expect(apart.report.counts.train == 2 && apart.report.rejectsByReason == ["map.empty_image": 1])
    }

    /// Pictures in their rows but in a column no template reads reach no line: that is said, with the count.
    @Test func picturesInAColumnNoTemplateReadsAreNamed() throws {
        var options = Self.options("catalogue-richvalue.xlsx")
        options.format = .chat
        options.mapping.allowUnused = true
        let result = try ConvertJob(options: options).run()
        #expect(result.report.counts.train == 6)
        #expect(result.report.warnings.contains { $0.code == "sheet.pictures_not_read"
            && $0.message.hasPrefix("5 pictures in column \"图片\" (D2 …), which no template reads") })
    }

    /// A flat `.fods` embeds its pictures as base64 in the XML; they are not read, and said so.
    @Test func flatOpenDocumentPicturesAreNamed() throws {
        var options = Self.options("catalogue.fods")
        options.format = .chat
        options.mapping.allowUnused = true
        let result = try ConvertJob(options: options).run()
        #expect(result.report.counts.train == 6)
        let warning = try #require(result.report.warnings.first { $0.code == "sheet.pictures_not_read" })
        #expect(warning.message.hasPrefix("the flat OpenDocument file embeds 6 pictures (draw:image), which are not read"))
    }

    /// Where a picture cannot join its row, it is left out and said why: over a cell's text (the text stays), a
    /// second picture in one cell, right of the header's columns, in a row never read; an in-cell picture's error
    /// cell stops being an error cell.
    @Test func picturesThatCannotJoinTheirRowAreNamed() throws {
        let archive = PictureArchive(archive: try ZipArchive(path: Fixture.path("sheets/pictures/catalogue-drawings.xlsx")),
                                     workbook: "w.xlsx", entries: ["a.png", "b.png", "c.png", "d.png", "e.png", "f.png"])
        let placed = [(2, 1, "a.png"), (2, 2, "b.png"), (2, 2, "c.png"), (2, 9, "d.png"), (1, 2, "e.png"), (3, 3, "f.png")]
            .map { WorkbookPictures.Placed(sheet: 0, row: $0.0, column: $0.1, entry: $0.2) }
        let pictures = SheetPictures(archive: archive, placed: placed, cellImages: [:], notAttached: [("g.png", "placed in no cell")])
        var row = SheetRow(number: 2, values: ["问题", ""], hidden: false, errorColumns: [2])
        pictures.place(in: &row, columns: 3)
        #expect(row.values == ["问题", WorkbookPicture.cellText(entry: "b.png", cell: "B2")] && row.errorColumns.isEmpty)
        #expect(archive.picture(named: row.values[1]) == WorkbookPicture(entry: "b.png", cell: "B2", archive: archive))
        #expect(pictures.attached == 1)
        let reasons = pictures.unattached.map { "\($0.entry): \($0.why)" }
        #expect(reasons == ["g.png: placed in no cell", "a.png: cell A2, over its text", "c.png: a second picture in cell B2",
                            "d.png: cell I2, right of the header's columns", "e.png: cell B1, in the header row or a row with no data",
                            "f.png: cell C3, in the header row or a row with no data"])
    }

    @Test(arguments: [
        ("../media/image1.png", "xl/drawings/drawing1.xml", "xl/media/image1.png"),
        ("/xl/media/a.png", "xl/drawings/drawing1.xml", "xl/media/a.png"),
        ("media\\b.png", "xl/workbook.xml", "xl/media/b.png"), ("./c.png", "xl/richData/richValueRel.xml", "xl/richData/c.png"),
        ("../../../etc/passwd", "xl/drawings/drawing1.xml", nil), ("../..", "xl/workbook.xml", nil),
    ] as [(String, String, String?)])
    func relationshipTargetsStayInsideThePackage(_ target: String, source: String, resolved: String?) {
        #expect(PackagePath.resolve(target, from: source) == resolved)
    }
}
