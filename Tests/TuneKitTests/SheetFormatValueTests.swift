import Foundation
import Testing
@testable import TuneKit

/// Values of Excel 2003 XML and OpenDocument cells as their authors see them, read from files other programs
/// wrote (see Fixtures/thirdparty/README.md).
@Suite("Sheet formats: values as their authors see them")
struct SheetFormatValueTests {
    /// Every data row as column → value, whether read as a row or refused for cells beyond the header.
    private func rows(_ file: String, dialect: WorkbookReader.Dialect, options: SheetOptions = SheetOptions())
        throws -> (WorkbookReader, [[String: String]]) {
        let reader = try WorkbookReader(path: Fixture.path("thirdparty/" + file), dialect: dialect, options: options)
        var rows: [[String: String]] = []
        while let event = try reader.next() {
            switch event {
            case .row(let row): rows.append(Dictionary(zip(reader.header.columns, row.values), uniquingKeysWith: { a, _ in a }))
            case .reject(let reject): rows.append(Dictionary(reject.fields.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a }))
            }
        }
        return (reader, rows)
    }

    /// Excel writes 17 significant digits in Excel 2003 XML; they read as the shortest decimal of the same
    /// double, the text the XLSX reader gives.
    @Test func excel2003NumbersWithoutFloatNoise() throws {
        var options = SheetOptions()
        options.sheet = .name("Report Data")
        let (_, rows) = try rows("phpspreadsheet-excel2003.xml", dialect: .spreadsheetML, options: options)
        #expect(rows.map { $0["Third Heading"] ?? "" } 
                == ["1.11", "2.22", "3.33", "4.44", "5.55", "6.66", "7.77", "8.88", "9.99", "11.1", "12.21", "13.32", "-1.11"])
        #expect(rows.prefix(4).map { $0["Adjusted Number"] ?? "" } == ["1.11", "4.44", "9.99", "17.76"])
        #expect(rows.allSatisfy { row in row.values.allSatisfy { !$0.contains("0000000") && !$0.contains("9999999") } })
    }

    @Test(arguments: [
        ("12345.678900000001", "12345.6789"), ("5.0999999999999996", "5.1"), ("-1234.5899999999999", "-1234.59"),
        ("5.0999999999999996E-2", "0.051"), ("42", "42"), ("0.1", "0.1"), ("00123", "00123"),
    ])
    func excel2003NumberText(stored: String, read: String) {
        #expect(SheetStream.value(stored, type: .number) == (read, false))
        #expect(SheetStream.value(stored, type: .string) == (stored, false))
    }
}

/// Number cells whose style formats them as dates (WPS writes dates this way).
@Suite("Sheet formats: Excel 2003 XML number formats")
struct SpreadsheetMLStyleTests {
    private func values(_ file: String, dialect: WorkbookReader.Dialect) throws -> [[String]] {
        let reader = try WorkbookReader(path: Fixture.path("thirdparty/" + file), dialect: dialect)
        var rows: [[String]] = [reader.header.columns]
        while let event = try reader.next() {
            if case .row(let row) = event { rows.append(row.values) }
        }
        return rows
    }

    /// A WPS-style workbook reads as LibreOffice's XLSX conversion of it reads: dates, date-times and times
    /// from serials, percentages as their value, numbers without noise.
    @Test func wpsSerialDatesReadAsTheSameWorkbooksXLSX() throws {
        let xml = try values("wps-dates-2003.xml", dialect: .spreadsheetML)
        let xlsx = try values("wps-dates-libreoffice.xlsx", dialect: .xlsx)
        #expect(xml == [
            ["下单日期", "发货日期", "签收时间", "时段", "金额", "折扣"],
            ["2014-02-19", "2014-02-20", "2014-02-21T13:30:00", "09:00:00", "12345.6789", "0.051"],
            ["2024-03-05", "2024-03-06", "2024-03-07T00:00:00", "18:00:00", "5.1", "0.1"],
        ])
        #expect(xml == xlsx)
    }

    @Test(arguments: [
        ("yyyy/m/d", ExcelNumbers.Kind.date), ("Short Date", .date), ("General Date", .dateTime), ("Long Time", .time),
        ("Percent", .number), ("Scientific", .number), ("Yes/No", .number), ("Standard", .number), ("0.00", .number),
        ("[h]:mm:ss", .number), ("yyyy\"年\"m\"月\"d\"日\"", .date),
    ])
    func formatKinds(format: String, kind: ExcelNumbers.Kind) {
        var styles = SpreadsheetMLStyles()
        styles.formats["s1"] = format
        styles.parents["s2"] = "s1"
        styles.resolve()
        #expect(styles.dateStyles["s2"] == (kind == .number ? nil : kind))
        #expect(styles.kind(of: "s1") == kind)
        #expect(styles.kind(of: "s2") == kind)  // inherited through ss:Parent
        #expect(styles.kind(of: "none") == .number)
    }

    /// `<Date1904/>` in `<ExcelWorkbook>` moves serials to the 1904 system.
    @Test func date1904() {
        var styles = SpreadsheetMLStyles()
        styles.formats["d"] = "Short Date"
        styles.resolve()
        #expect(styles.apply(to: "41689", style: "d") == "2014-02-19")
        styles.date1904 = true
        #expect(styles.apply(to: "40227", style: "d") == "2014-02-19")
        #expect(styles.apply(to: "abc", style: "d") == "abc")
    }
}

/// Character references to control characters (`&#7;`), which Excel writes and XML 1.0 forbids.
@Suite("Sheet formats: control characters in Excel 2003 XML")
struct ControlCharacterReferenceTests {
    /// The file is read, the characters kept where they stood, and the cells named.
    @Test func controlCharacterReferencesAreKeptAndNamed() throws {
        var options = SheetOptions()
        options.sheet = .name("Report Data")
        let reader = try WorkbookReader(path: Fixture.path("thirdparty/excel2003-control-refs.xml"), dialect: .spreadsheetML,
                                        options: options)
        var cells: [String] = []
        while let event = try reader.next() {
            switch event {
            case .row(let row): cells.append(contentsOf: row.values)
            case .reject(let reject): cells.append(contentsOf: reject.fields.map(\.value))
            }
        }
        #expect(cells.contains("A\u{07}BC"))
        #expect(cells.contains("B\u{1F}\r\nx\u{0B}"))
        #expect(!cells.contains { $0.unicodeScalars.contains { (0xFDD0...0xFDEF).contains($0.value) } })
        #expect(reader.controlCharacterCells == ["A3", "J4"])
        #expect(reader.facts.contains { $0.key == "control_characters_kept" && $0.value == "A3, J4" })
    }

    /// The warning reaches the run's report, naming the cells.
    @Test func convertWarnsOfControlCharacters() throws {
        let directory = Fixture.temporaryDirectory()
        var options = ConvertOptions(inputs: [Fixture.path("thirdparty/excel2003-control-refs.xml")], outputDirectory: directory,
                                     mapping: MappingSpec(user: try FieldTemplate("{{Heading 1}}"),
                                                          assistant: try FieldTemplate("{{Third Heading}}")))
        options.sheet.sheet = .name("Report Data")
        let result = try ConvertJob(options: options).run()
        let warning = try #require(result.report.warnings.first { $0.code == "sheet.control_characters" })
        #expect(warning.message.contains("2 cells"))
        #expect(warning.message.hasSuffix("A3, J4"))
    }

    /// Without keeping them, the same file is refused as before (the parser's default).
    @Test func theParserRefusesThemByDefault() {
        let handler = Collect()
        let parser = XMLStreamParser(handler: handler)
        let document = Array("<a>x&#7;y</a>".utf8)
        #expect(throws: XMLFailure.self) {
            try document.withUnsafeBufferPointer { (bytes) throws(XMLFailure) in try parser.feed(bytes, final: true) }
        }
    }

    /// However the document is cut into chunks, the rewrite is the same; allowed references, other entities
    /// and text are untouched. References past Unicode (nine hex digits overflowed 32 bits and trapped: the
    /// `spreadsheetml` fuzz target's finding) stay as they are, and none wraps round to a control character.
    @Test(arguments: [1, 2, 3, 4, 5, 7, 64])
    func rewriteIgnoresChunking(chunkSize: Int) throws {
        let document = Array("<a b=\"&amp;\">x&#7;y&#x1F;&#9;&#10;&#13;&#32;&lt;&#0007;&#xb;&#;&#x;&#12&#x123456789;&#xFFFFFFFFF;&#x100000007;&#999999999;</a>&#8;".utf8)
        let handler = Collect()
        let parser = XMLStreamParser(handler: handler, keepingControlCharacters: true)
        var filter = ControlReferenceFilter()
        var whole: [UInt8] = []
        var start = 0
        while start <= document.count {
            let end = min(start + chunkSize, document.count)
            let chunk = Array(document[start..<end])
            let final = end == document.count && start == end
            chunk.withUnsafeBufferPointer { whole.append(contentsOf: filter.filter($0, final: final) ?? Array($0)) }
            if final { break }
            start = end
        }
        let expected = "<a b=\"&amp;\">x&#xFDD7;y&#xFDEF;&#9;&#10;&#13;&#32;&lt;&#xFDD7;&#xFDDB;&#;&#x;&#12&#x123456789;&#xFFFFFFFFF;&#x100000007;&#999999999;</a>&#xFDD8;"
        #expect(String(decoding: whole, as: UTF8.self) == expected)
        #expect(filter.rewritten == 5)
        _ = parser
    }

    /// Parsed through libxml2 in small chunks, the text holds the control characters, each told to the handler.
    @Test(arguments: [1, 3, 1 << 20])
    func parsedTextHoldsTheCharacters(chunkSize: Int) throws {
        let document = Array("<a>x&#7;y<b>&#x1F;z</b>&#13;</a>".utf8)
        let handler = Collect()
        let parser = XMLStreamParser(handler: handler, keepingControlCharacters: true)
        var start = 0
        while true {
            let end = min(start + chunkSize, document.count)
            let chunk = Array(document[start..<end])
            try chunk.withUnsafeBufferPointer { (bytes) throws(XMLFailure) in try parser.feed(bytes, final: start == end) }
            if start == end { break }
            start = end
        }
        #expect(String(decoding: handler.text, as: UTF8.self) == "x\u{07}y\u{1F}z\r")
        #expect(handler.controls == [7, 0x1F])
    }

    private final class Collect: XMLEventHandler {
        var text: [UInt8] = []
        var controls: [UInt8] = []
        func startElement(_ localName: UnsafeBufferPointer<UInt8>, attributes: XMLAttributes) {}
        func endElement(_ localName: UnsafeBufferPointer<UInt8>) {}
        func characters(_ bytes: UnsafeBufferPointer<UInt8>) { text.append(contentsOf: bytes) }
        func controlCharacter(_ code: UInt8) { controls.append(code) }
    }
}

/// Error results in OpenDocument, as LibreOffice marks them and as OpenOffice and ODF 1.2 write them (only as
/// a formula's displayed text).
@Suite("Sheet formats: OpenDocument error values")
struct OpenDocumentErrorTests {
    private func read(_ file: String, dialect: WorkbookReader.Dialect) throws -> (WorkbookReader, [[String]]) {
        let reader = try WorkbookReader(path: Fixture.path("thirdparty/" + file), dialect: dialect)
        var rows: [[String]] = []
        while let event = try reader.next() {
            if case .row(let row) = event { rows.append(row.values) }
        }
        return (reader, rows)
    }

    @Test(arguments: [("errors-odf12.ods", WorkbookReader.Dialect.openDocumentArchive), ("errors-odf12.fods", .openDocument),
                      ("errors-libreoffice.ods", .openDocumentArchive)])
    func errorResultsAreRecognisedFromEveryProducer(file: String, dialect: WorkbookReader.Dialect) throws {
        let (reader, rows) = try read(file, dialect: dialect)
        #expect(reader.header.columns == ["case", "computed", "remark"])
        // A string cell that is not a formula keeps its text, even when it reads like an error.
        #expect(rows[0] == ["div", "", "#N/A"])
        #expect(rows[1] == ["na", "", "Err:502"])
        #expect(rows[3] == ["value", "", "5"])
        #expect(rows[4] == ["ok", "fine", "1"])
        let errors = ["B2", "B3", "B4", "B5"]
        // ="#DIV/0!" (a formula giving that text) is a string where LibreOffice says so; in ODF 1.2 it cannot be
        // told from an error and is warned about as one.
        if file == "errors-libreoffice.ods" {
            #expect(rows[2] == ["sqrt", "", "#DIV/0!"])
            #expect(reader.errorCells == errors)
        } else {
            #expect(rows[2] == ["sqrt", "", ""])
            #expect(reader.errorCells == ["B2", "B3", "B4", "C4", "B5"])
        }
    }

    @Test(arguments: [("#DIV/0!", true), ("#N/A", true), ("Err:502", true), ("#VALUE!", true), ("#NAME?", true),
                      ("Err:5021", false), ("Err:abc", false), ("#n/a", false), ("N/A", false), ("", false)])
    func errorValueText(text: String, isError: Bool) {
        #expect(OpenDocumentStream.isErrorValue(text) == isError)
    }

    /// The warning names the cells in the run's report.
    @Test func convertWarnsOfErrorValues() throws {
        let directory = Fixture.temporaryDirectory()
        let result = try ConvertJob(options: ConvertOptions(inputs: [Fixture.path("thirdparty/errors-odf12.ods")],
                                                            outputDirectory: directory,
                                                            mapping: MappingSpec(user: try FieldTemplate("{{case}}"),
                                                                                 assistant: try FieldTemplate("{{remark}}")))).run()
        let warning = try #require(result.report.warnings.first { $0.code == "sheet.error_values" })
        #expect(warning.message.contains("B2, B3, B4, C4, B5"))
    }
}
