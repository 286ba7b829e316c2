import Foundation
import Testing
@testable import TuneKit

/// Workbooks made by real programs (LibreOffice, openpyxl; see Fixtures/sheets/README.md).
@Suite("Workbooks: Excel 2003 XML and flat ODS")
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

    /// The same table saved by LibreOffice as CSV, flat ODS and Excel 2003 XML converts to the same bytes.
    @Test func sameTableSameJSONL() throws {
        var outputs: [[UInt8]] = []
        for file in ["faq.csv", "faq.fods", "faq-2003.xml"] {
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
        let text = String(decoding: outputs[0], as: UTF8.self)
        #expect(text.contains(#"Go to Settings > Security.\n然后点击“重置密码”。"#))
    }

    @Test func flatODSValuesAsAPersonSeesThem() throws {
        let (reader, rows) = try rows("features.fods", dialect: .openDocument)
        #expect(reader.header.columns == ["id", "问题", "答案", "日期", "数量", "价格", "启用"])
        #expect(reader.sheets.map(\.name) == ["FAQ", "Notes"])
        #expect(reader.sheets.map(\.hidden) == [false, true])
        #expect(reader.sheetName == "FAQ")
        let first = try #require(rows.first)
        #expect(first.values == ["00123", "订单 00123 怎么查？", "登录后进入「我的订单」查看物流。", "2024-03-05", "42", "0.1", "TRUE"])
        #expect(first.source.description.hasSuffix("features.fods!FAQ!A2:G2"))
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
        let start = Date()
        do {
            _ = try WorkbookReader(path: Fixture.path("sheets/" + file), dialect: .spreadsheetML)
            Issue.record("read \(file)")
        } catch {
            #expect(error.message.contains("entity declarations are refused"), "\(error.message)")
        }
        #expect(Date().timeIntervalSince(start) < 5)
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

    @Test(arguments: ["faq.xlsx", "faq.ods"])
    func zippedWorkbooksAreRefusedWithAReason(file: String) {
        do {
            _ = try ConvertJob(options: ConvertOptions(inputs: [Fixture.path("sheets/" + file)],
                                                       outputDirectory: Fixture.temporaryDirectory())).run()
            Issue.record("converted \(file)")
        } catch {
            #expect(error.message.contains("not supported by this version"))
        }
    }
}
