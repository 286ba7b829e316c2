import Foundation
import Testing
@testable import TuneKit

/// One workbook (`values.*`, written by LibreOffice from `Fixtures/sheets/make_values.py`) saved as XLSX, ODS,
/// flat ODS and Excel 2003 XML reads the same, cell for cell: numbers as stored, leading-zero formats applied,
/// percentages as values, dates, times, durations, booleans and error values alike.
@Suite("Cell values: the same workbook in four formats")
struct CellValueIdentityTests {
    static let files: [(String, WorkbookReader.Dialect)] = [
        ("values.xlsx", .xlsx), ("values.ods", .openDocumentArchive), ("values.fods", .openDocument), ("values-2003.xml", .spreadsheetML),
    ]

    /// (case, value by default): what the author stored, with the formats that carry meaning applied.
    static let expected: [(String, String)] = [
        ("text", "订单 00123"), ("integer as text", "00123"), ("no decimals shown", "12345.6789"), ("two decimals", "3.1"),
        ("thousands", "1234.5"), ("postcode", "00001"), ("staff id", "ID00042"), ("phone", "012-3456"),
        ("percent", "0.09"), ("percent one decimal", "0.125"), ("date", "2024-03-05"),
        ("date and time", "2024-03-05T13:45:00"), ("time", "13:45:00"), ("duration", "255:10:10"),
        ("division by zero", ""), ("not available", ""), ("boolean", "TRUE"), ("negative", "-2.5"), ("float noise", "0.3"),
    ]

    private func read(_ file: String, _ dialect: WorkbookReader.Dialect, options: SheetOptions = SheetOptions())
        throws -> (WorkbookReader, [[String]]) {
        let reader = try WorkbookReader(path: Fixture.path("sheets/" + file), dialect: dialect, options: options)
        var rows: [[String]] = []
        while let event = try reader.next() {
            if case .row(let row) = event { rows.append(row.values) }
        }
        return (reader, rows)
    }

    @Test(arguments: files)
    func valuesAsStored(file: String, dialect: WorkbookReader.Dialect) throws {
        let (reader, rows) = try read(file, dialect)
        #expect(reader.header.columns == ["问题", "答案"])
        #expect(rows.count == Self.expected.count)
        for (row, (name, value)) in zip(rows, Self.expected) {
            #expect(row == [name, value], "\(file): \(name)")
        }
        // Both error results are named, whoever wrote them (XLSX t="e", ODS calcext error, 2003 formula string).
        #expect(reader.errorCells == ["B16", "B17"], "\(file)")
    }

    /// Every record of the four files is the same.
    @Test func fourFormatsGiveIdenticalRecords() throws {
        let all = try Self.files.map { try read($0.0, $0.1).1 }
        #expect(all[0].count == Self.expected.count)
        for (index, rows) in all.enumerated().dropFirst() {
            #expect(rows == all[0], "\(Self.files[index].0)")
        }
    }

    /// `--display-text`: what the cells show. XLSX applies the format codes LibreOffice wrote (`0`, `0.00`,
    /// `#,##0.00`, `0%`, `0.0%`) and matches the ODS display text; LibreOffice's Excel 2003 filter keeps only
    /// named formats (`General`, `Fixed`, `Percent` = `0.00%`), so that file shows what those name.
    @Test(arguments: files)
    func displayText(file: String, dialect: WorkbookReader.Dialect) throws {
        let (_, rows) = try read(file, dialect, options: SheetOptions(displayText: true))
        let shown = Dictionary(uniqueKeysWithValues: rows.map { ($0[0], $0[1]) })
        let excel2003 = dialect == .spreadsheetML
        #expect(shown["no decimals shown"] == (excel2003 ? "12345.6789" : "12346"))
        #expect(shown["two decimals"] == "3.10")
        #expect(shown["thousands"] == (excel2003 ? "1234.50" : "1,234.50"))
        #expect(shown["percent"] == (excel2003 ? "9.00%" : "9%"))
        #expect(shown["percent one decimal"] == (excel2003 ? "12.50%" : "12.5%"))
        #expect(shown["postcode"] == "00001")
        #expect(shown["staff id"] == "ID00042")
        #expect(shown["phone"] == "012-3456")
        #expect(shown["date"] == "2024-03-05")
        #expect(shown["duration"] == "255:10:10")
        #expect(shown["negative"] == "-2.5")
        #expect(shown["integer as text"] == "00123")
    }

    /// Excel's own Excel 2003 XML error cells (`ss:Type="Error"`, PhpSpreadsheet's template) are named too.
    @Test func excel2003ErrorCells() throws {
        let reader = try WorkbookReader(path: Fixture.path("thirdparty/phpspreadsheet-excel2003.xml"), dialect: .spreadsheetML,
                                        options: SheetOptions(sheet: .name("Sample Data")))
        while try reader.next() != nil {}
        #expect(reader.errorCells == ["G11", "C30"])
    }

    /// Excel 2003 XML under an elapsed-time style: Excel writes 255 h as the DateTime `1900-01-10T15:10:10.000`
    /// (day 0 is 1899-12-31), WPS as a Number serial; both read `255:10:10`, as XLSX does.
    @Test func excel2003ElapsedTimes() {
        var styles = SpreadsheetMLStyles()
        styles.formats["s1"] = "[h]:mm:ss"
        styles.formats["s2"] = "00000"
        styles.resolve()
        #expect(styles.elapsed("1900-01-10T15:10:10.000", style: "s1") == "255:10:10")
        #expect(styles.elapsed("1899-12-31T255:10:10.000", style: "s1") == "255:10:10")
        #expect(styles.elapsed("1900-03-10T00:00:00.000", style: "s1") == "1680:00:00")  // serial 70: past Excel's 29 February 1900
        #expect(styles.elapsed("1900-01-10T15:10:10.000", style: "s2") == nil)
        #expect(styles.apply(to: "10.6320601851852", style: "s1") == "255:10:10")
        #expect(styles.apply(to: "7", style: "s2") == "00007")
        #expect(styles.apply(to: "7.5", style: "s2") == "7.5")
        #expect(styles.apply(to: "7.5", style: "s2", displayText: true) == "00008")
    }

    @Test(arguments: [("TRUE", "1", true), ("FALSE", "0", true), ("WAHR", "1", true), ("-", "0", false), ("TRUE", "2", false),
                      ("1", "1", false), ("", "0", false)])
    func openDocumentBooleanResults(shown: String, stored: String, boolean: Bool) {
        #expect(OpenDocumentStream.showsBoolean(shown, of: stored) == boolean)
    }

    @Test(arguments: [("PT13H45M00S", "13:45:00"), ("PT255H10M10S", "255:10:10"), ("P10DT15H10M10S", "255:10:10"),
                      ("-PT1H", "-01:00:00"), ("PT0H0M59.6S", "00:01:00"), ("P1D", "P1D"), ("13:45", "13:45")])
    func openDocumentDurations(value: String, read: String) {
        #expect(OpenDocumentStream.isoTime(value) == read)
    }

    /// `--display-text` is stated in the report's facts.
    @Test func displayTextIsAFact() throws {
        let reader = try WorkbookReader(path: Fixture.path("sheets/values.ods"), dialect: .openDocumentArchive,
                                        options: SheetOptions(displayText: true))
        #expect(reader.facts.contains { $0.key == "numbers_read_as" && $0.value == "displayed text (--display-text)" })
        let plain = try WorkbookReader(path: Fixture.path("sheets/values.ods"), dialect: .openDocumentArchive)
        #expect(!plain.facts.contains { $0.key == "numbers_read_as" })
    }

    @Test(arguments: [
        ("00000", "1", false, "00001"), ("00000", "123456", false, "123456"), ("\"ID\"00000", "42", false, "ID00042"),
        ("000\\-0000", "123456", false, "012-3456"), ("00000", "-7", false, "-00007"), ("00000", "3.7", false, nil),
        ("00000;(00000)", "-7", false, nil), ("0.00", "3.1", false, nil), ("0", "12345.6789", false, nil),
        ("0", "12345.6789", true, "12346"), ("0.00", "3.1", true, "3.10"), ("0.00", "2.675", true, "2.68"),
        ("#,##0.00", "1234567.891", true, "1,234,567.89"), ("#,##0", "-1234.5", true, "-1,235"), ("0%", "0.09", true, "9%"),
        ("0.00%", "0.125", true, "12.50%"), ("[$¥-804]#,##0.00", "12.5", true, "¥12.50"), ("#.00", "0.5", true, ".50"),
        ("[Red]0.0", "1.25", true, "1.3"), ("0.0#", "1.5", true, "1.5"), ("0.0#", "1.257", true, "1.26"),
        ("yyyy-mm-dd", "45356", true, nil), ("General", "1.5", true, nil), ("0.00E+00", "1234", true, nil),
        ("# ?/?", "1.5", true, nil), ("@", "1", true, nil), ("#,##0,", "1234567", true, nil), ("[<=9999999]###-####", "1234567", true, nil),
    ] as [(String, String, Bool, String?)])
    func numberPatterns(code: String, stored: String, displayText: Bool, shown: String?) {
        #expect(NumberPattern(code: code)?.apply(to: stored, displayText: displayText) == shown, "\(code) \(stored)")
    }

    @Test(arguments: [("00001", "1", true), ("ID00042", "42", true), ("012-3456", "123456", true), ("00000", "0", true),
                      ("-007", "-7", true), ("12346", "12345.6789", false), ("1,234", "1234", false), ("42", "42", false),
                      ("0042", "4200", false), ("9%", "0.09", false)])
    func openDocumentLeadingZeros(shown: String, stored: String, padded: Bool) {
        #expect(OpenDocumentStream.showsLeadingZeros(shown, of: stored) == padded)
    }
}
