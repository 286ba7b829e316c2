import Foundation
import Testing
@testable import TuneKit

/// Workbooks made by real programs (LibreOffice, openpyxl; see Fixtures/sheets/README.md).
@Suite("Workbooks: XLSX, ODS, flat ODS and Excel 2003 XML")
struct WorkbookTests {
    private func rows(_ file: String, dialect: WorkbookReader.Dialect, options: SheetOptions = SheetOptions())
        throws -> (WorkbookReader, [TableRow]) {
        let reader = try WorkbookReader(path: Fixture.path("sheets/" + file), dialect: dialect, options: options)
        var rows: [TableRow] = []
        while let event = try reader.next() {
            if case .row(let row) = event { rows.append(row) }
        }
        return (reader, rows)
    }

    /// The same table saved by LibreOffice as CSV, ODS, flat ODS and Excel 2003 XML converts to the same bytes.
    @Test func sameTableSameJSONL() throws {
        var outputs: [[UInt8]] = []
        for file in ["faq.csv", "faq.xlsx", "faq.ods", "faq.fods", "faq-2003.xml"] {
            let directory = Fixture.temporaryDirectory()
            let result = try ConvertJob(options: ConvertOptions(inputs: [Fixture.path("sheets/" + file)],
                                                                outputDirectory: directory)).run()
            #expect(result.report.counts.read == 6, "\(file)")
            #expect(result.report.counts.train == 6)
            outputs.append(Fixture.bytes(directory + "/train.jsonl"))
        }
        #expect(outputs[0].count > 500)
        #expect(outputs[1] == outputs[0])
        #expect(outputs[2] == outputs[0])
        #expect(outputs[3] == outputs[0])
        #expect(outputs[4] == outputs[0])
        let text = String(decoding: outputs[0], as: UTF8.self)
        #expect(text.contains(#"Go to Settings > Security.\n然后点击“重置密码”。"#))
    }

    @Test(arguments: [("features.fods", WorkbookReader.Dialect.openDocument), ("features.ods", .openDocumentArchive)])
    func openDocumentValuesAsAPersonSeesThem(file: String, dialect: WorkbookReader.Dialect) throws {
        let (reader, rows) = try rows(file, dialect: dialect)
        #expect(reader.header.columns == ["id", "问题", "答案", "日期", "数量", "价格", "启用"])
        #expect(reader.sheets.map(\.name) == ["FAQ", "Notes"])
        #expect(reader.sheets.map(\.hidden) == [false, true])
        #expect(reader.sheetName == "FAQ")
        let first = try #require(rows.first)
        #expect(first.values == ["00123", "订单 00123 怎么查？", "登录后进入「我的订单」查看物流。", "2024-03-05", "42", "0.1", "TRUE"])
        #expect(first.source.description.hasSuffix("\(file)!FAQ!A2:G2"))
        #expect(rows[1][column: "日期"] == "09:30:00")
        #expect(rows[1][column: "启用"] == "FALSE")
        #expect(rows[2][column: "数量"] == "14")  // a formula's cached value
        #expect(rows[2][column: "答案"]?.hasPrefix("重要：") == true)  // rich text runs joined
        // B5:C5 merged across, B6:B7 merged down: the value fills every cell.
        #expect(rows[3][column: "问题"] == rows[3][column: "答案"])
        #expect(rows[4][column: "问题"] == "怎么联系人工客服？")
        #expect(rows[5][column: "问题"] == "怎么联系人工客服？")
        // The hidden row 8 is kept, the empty row 9 skipped; nothing past the last row is expanded.
        #expect(rows.map { $0.source.line ?? 0 } == [2, 3, 4, 5, 6, 7, 8, 10])
        #expect(reader.skippedBlankRows == 0)
    }

    /// XLSX as openpyxl writes it (inline strings, no cached formula values) and as LibreOffice writes it
    /// (shared strings split into runs, cached values, TRUE() formulas, covered cells written empty).
    @Test(arguments: ["features.xlsx", "features-libreoffice.xlsx", "features-1904.xlsx"])
    func xlsxValuesAsAPersonSeesThem(file: String) throws {
        let (reader, rows) = try rows(file, dialect: .xlsx)
        #expect(reader.header.columns == ["id", "问题", "答案", "日期", "数量", "价格", "启用"])
        #expect(reader.sheets.map(\.name) == ["FAQ", "Notes"])
        #expect(reader.sheets.map(\.hidden) == [false, true])
        #expect(rows[0].values == ["00123", "订单 00123 怎么查？", "登录后进入「我的订单」查看物流。", "2024-03-05", "42", "0.1", "TRUE"])
        #expect(rows[1][column: "日期"] == "09:30:00")
        #expect(rows[1][column: "启用"] == "FALSE")
        #expect(rows[2][column: "数量"] == (file == "features-libreoffice.xlsx" ? "14" : ""))  // openpyxl caches no formula value
        #expect(rows[2][column: "答案"]?.hasPrefix("重要：") == true)
        #expect(rows[3][column: "问题"] == rows[3][column: "答案"])
        #expect(rows[4][column: "问题"] == "怎么联系人工客服？")
        #expect(rows[5][column: "问题"] == "怎么联系人工客服？")
        #expect(rows.map { $0.source.line ?? 0 } == [2, 3, 4, 5, 6, 7, 8, 10])
        #expect(rows[0].source.description.hasSuffix("\(file)!FAQ!A2:G2"))
    }

    @Test(arguments: [("45356", ExcelNumbers.Kind.date, false, "2024-03-05"), ("43894", .date, true, "2024-03-05"),
                      ("0.3958333333333333", .time, false, "09:30:00"), ("45356.5", .dateTime, false, "2024-03-05T12:00:00"),
                      ("59", .date, false, "1900-02-28"), ("61", .date, false, "1900-03-01")])
    func excelSerialDates(serial: String, kind: ExcelNumbers.Kind, date1904: Bool, iso: String) {
        #expect(ExcelNumbers.iso(serial: serial, kind: kind, date1904: date1904) == iso)
    }

    @Test(arguments: [("0.30000000000000004", "0.3"), ("0.1", "0.1"), ("42", "42"), ("1234567.8900000001", "1234567.89"),
                      ("12345678901234567890", "1.23456789012346e+19")])
    func numbersWithoutFloatNoise(stored: String, shown: String) {
        #expect(ExcelNumbers.plain(stored) == shown)
    }

    @Test(arguments: [("yyyy-mm-dd", ExcelNumbers.Kind.date), ("yyyy\\-mm\\-dd", .date), ("hh:mm", .time),
                      ("[$-409]m/d/yy h:mm AM/PM", .dateTime), ("0.00", .number), ("\"day\" 0", .number), ("[h]:mm:ss", .time)])
    func numberFormatKinds(code: String, kind: ExcelNumbers.Kind) {
        #expect(ExcelNumbers.kind(ofFormat: code) == kind)
    }

    @Test func xxeInsideXLSXIsRefused() {
        do {
            _ = try WorkbookReader(path: Fixture.path("sheets/xxe.xlsx"), dialect: .xlsx)
            Issue.record("read xxe.xlsx")
        } catch {
            #expect(error.message.contains("entity declarations are refused"))
        }
    }

    @Test(arguments: [("hidden-columns.xlsx", WorkbookReader.Dialect.xlsx), ("hidden-columns.ods", .openDocumentArchive),
                      ("hidden-columns.fods", .openDocument)])
    func hiddenColumnsAreKeptOrSkipped(file: String, dialect: WorkbookReader.Dialect) throws {
        let (kept, keptRows) = try rows(file, dialect: dialect)
        #expect(kept.header.columns == ["问题", "内部编号", "答案"])
        #expect(keptRows.first?.values == ["多久发货？", "INT-001", "付款后 48 小时内发货。"])
        let (skipped, skippedRows) = try rows(file, dialect: dialect, options: SheetOptions(skipHiddenColumns: true))
        #expect(skipped.header.columns == ["问题", "答案"])
        #expect(skippedRows.map(\.values) == [["多久发货？", "付款后 48 小时内发货。"], ["支持退货吗？", "签收后 7 天内可无理由退货。"]])
    }

    @Test func mergesAndHiddenRowsAreConfigurable() throws {
        let (reader, rows) = try rows("features.fods", dialect: .openDocument,
                                      options: SheetOptions(fillMergedCells: false, skipHiddenRows: true))
        #expect(rows[3][column: "答案"] == "")
        #expect(rows[5][column: "问题"] == "")
        #expect(!rows.contains { $0.source.line == 8 })
        #expect(reader.skippedHiddenRows == 1)
    }

    @Test func sheetsByNameAndPosition() throws {
        let (named, notes) = try rows("features.fods", dialect: .openDocument, options: SheetOptions(sheet: .name("Notes")))
        #expect(named.header.columns == ["备注"])
        #expect(notes.map(\.values) == [["这个工作表是隐藏的，不应导出。"]])
        let (positioned, _) = try rows("features.fods", dialect: .openDocument, options: SheetOptions(sheet: .index(2)))
        #expect(positioned.sheetName == "Notes")
        do {
            _ = try WorkbookReader(path: Fixture.path("sheets/features.fods"), dialect: .openDocument,
                                   options: SheetOptions(sheet: .name("价格表")))
            Issue.record("found a missing sheet")
        } catch {
            #expect(error.message == "no sheet named \"价格表\" (sheets: FAQ, Notes)")
        }
    }

    @Test func excel2003XMLFromLibreOffice() throws {
        let (reader, rows) = try rows("features-2003.xml", dialect: .spreadsheetML)
        #expect(reader.header.columns == ["id", "问题", "答案", "日期", "数量", "价格", "启用"])
        #expect(rows[0].values == ["00123", "订单 00123 怎么查？", "登录后进入「我的订单」查看物流。", "2024-03-05", "42", "0.1", "1"])
        #expect(rows[1][column: "日期"] == "09:30:00")
        #expect(rows[2][column: "数量"] == "14")
        #expect(rows[2][column: "答案"]?.hasPrefix("重要：") == true)
        #expect(rows[3][column: "问题"] == rows[3][column: "答案"])
        #expect(rows[4][column: "问题"] == "怎么联系人工客服？")
        #expect(rows[0].source.description.hasSuffix("features-2003.xml!FAQ!A2:G2"))
    }

    /// Entity declarations are refused at once: nothing is fetched or expanded.
    @Test(arguments: ["xxe-2003.xml", "billion-laughs-2003.xml"])
    func entityAttacksFailFast(file: String) {
        do {
            _ = try WorkbookReader(path: Fixture.path("sheets/" + file), dialect: .spreadsheetML)
            Issue.record("read \(file)")
        } catch {
            #expect(error.message.contains("entity declarations are refused"), "\(error.message)")
        }
    }

    /// The first pass over Excel 2003 XML finds the same sheets however the file is cut into chunks, and is not
    /// fooled by tags inside comments, CDATA sections or processing instructions.
    @Test(arguments: [1, 2, 3, 5, 8, 13, 64, 1 << 20])
    func byteScanIgnoresChunkingAndMarkup(chunkSize: Int) {
        let document = Array("""
            <?xml version="1.0"?><?mso-application progid="Excel.Sheet <Worksheet ss:Name='PI'>"?>
            <Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"             xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
            <!-- <Worksheet ss:Name="commented"><Row><Cell><Data>x</Data></Cell></Row> -->
            <ss:Worksheet ss:Name="Empty &amp; hidden"><Table><!-- <Row><Cell><Data>x</Data></Cell></Row> -->
            <Row><Cell/></Row></Table>
            <WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"><Visible>SheetHidden</Visible></WorksheetOptions>
            </ss:Worksheet>
            <Worksheet ss:Name='数据'><Table><Row><Cell><Data ss:Type="String"><![CDATA[<Row></Row>]]></Data></Cell></Row>
            <Row><Cell><Comment><Data>note</Data></Comment></Cell></Row><Row><Cell><Data>1</Data></Cell></Row></Table>
            </Worksheet></Workbook>
            """.utf8)
        var scan = SheetByteScan()
        var offset = 0
        while offset < document.count {
            let end = min(offset + chunkSize, document.count)
            document[offset..<end].withUnsafeBufferPointer { scan.scan($0) }
            offset = end
        }
        #expect(scan.sheets.map(\.name) == ["Empty & hidden", "数据"])
        #expect(scan.sheets.map(\.hidden) == [true, false])
        #expect(scan.sheets.map(\.rows) == [0, 2])
    }

    @Test func cutOffXMLIsAClearError() throws {
        let bytes = Fixture.bytes(Fixture.path("sheets/faq-2003.xml"))
        let path = Fixture.write(Array(bytes.prefix(bytes.count * 2 / 3)), name: "cut.xml")
        do {
            _ = try ConvertJob(options: ConvertOptions(inputs: [path], outputDirectory: Fixture.temporaryDirectory())).run()
            Issue.record("converted a cut-off file")
        } catch {
            #expect(error.message.contains("not well-formed XML"))
            #expect(error.exitStatus == 2)
        }
    }

    @Test func zipBombIsRefusedBeforeInflating() throws {
        let archive = try ZipArchive(path: Fixture.path("sheets/zipbomb.xlsx"))
        do {
            _ = try archive.open("xl/worksheets/sheet1.xml")
            Issue.record("opened the bomb")
        } catch {
            #expect(error.message.hasPrefix("refused before inflating"))
        }
    }

    /// Real packages compress their sparse XML hard; bombs inflate far: the limits accept the first and refuse
    /// the second before anything is inflated.
    @Test(arguments: [
        (82_351, 17_600_509, true),            // LibreOffice content.xml of a sparse sheet, 213:1
        (1_000_000, 60_000_000, true),          // 60 MB at 60:1
        (600_000, 64 << 20, true),              // 64 MiB at 111:1
        (89_826, 92_274_688, false),            // the zipbomb.xlsx fixture: 88 MiB at 1027:1
        (1_000_000, 1_000_000_000, false),      // 1 GB at 1000:1
        (100_000_000, 3_000_000_000, false),    // over the 2 GiB an entry may take, at 30:1
        (5_000_000, 300_000_000, true),         // 300 MB at 60:1
    ])
    func zipLimitsFitRealFiles(compressed: Int, inflated: Int, accepted: Bool) {
        #expect((ZipArchive.refusal(compressed: compressed, inflated: inflated) == nil) == accepted)
    }

    /// A WPS in-cell picture (`=DISPIMG(…)`, resolved or not) is never training text: that row is a reject
    /// naming it; a picture anchored outside the table's columns is named in a warning, not passed over silently.
    @Test func picturesInsideWorkbooksAreNamed() throws {
        let dispimg = try ConvertJob(options: ConvertOptions(inputs: [Fixture.path("sheets/wps-dispimg.xlsx")],
                                                             outputDirectory: Fixture.temporaryDirectory(), validation: nil)).run()
        #expect(dispimg.report.counts.train == 2 && dispimg.report.rejectsByReason == ["map.cell_picture": 2])
        let train = String(decoding: Fixture.bytes(dispimg.report.outputs.first { $0.role == "train" }!.path), as: UTF8.self)
        #expect(!train.contains("DISPIMG"))

        let anchored = try ConvertJob(options: ConvertOptions(inputs: [Fixture.path("sheets/picture-anchored.xlsx")],
                                                              outputDirectory: Fixture.temporaryDirectory(), validation: nil)).run()
        let warning = try #require(anchored.report.warnings.first { $0.code == "sheet.pictures_not_read" })
        #expect(warning.message.hasPrefix("the workbook holds 1 picture in no row read: xl/media/image1.png (cell C2, right of the header's columns)"))
    }

    @Test func truncatedZipIsAClearError() {
        do {
            _ = try ZipArchive(path: Fixture.path("sheets/truncated.xlsx"))
            Issue.record("opened a cut-off zip")
        } catch {
            #expect(error.message.contains("cut off"))
        }
    }

    @Test func entriesInflateToTheirDeclaredBytes() throws {
        let archive = try ZipArchive(path: Fixture.path("sheets/faq.ods"))
        let stream = try archive.open("content.xml")
        var chunk = [UInt8](repeating: 0, count: 100)
        var total: [UInt8] = []
        while case let count = try stream.readChunk(into: &chunk, count: nil), count > 0 {
            total += chunk[0..<count]
        }
        #expect(total.count == archive.entries["content.xml"]?.uncompressedSize)
        #expect(String(decoding: total, as: UTF8.self).contains("重置密码"))
    }

    @Test func aFileThatIsNotWhatItsNameSaysIsNamed() {
        do {
            _ = try ConvertJob(options: ConvertOptions(inputs: [Fixture.path("sheets/not-a-spreadsheet.xlsx")],
                                                       outputDirectory: Fixture.temporaryDirectory())).run()
            Issue.record("converted a PNG")
        } catch {
            #expect(error.message.contains("PNG image"), "\(error.message)")
        }
    }
}
