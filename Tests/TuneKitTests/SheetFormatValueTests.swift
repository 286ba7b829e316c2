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
        #expect(styles.kind(of: "s1") == kind)
        #expect(styles.kind(of: "s2") == kind)  // inherited through ss:Parent
        #expect(styles.kind(of: "none") == .number)
    }

    /// `<Date1904/>` in `<ExcelWorkbook>` moves serials to the 1904 system.
    @Test func date1904() {
        var styles = SpreadsheetMLStyles()
        styles.formats["d"] = "Short Date"
        #expect(styles.apply(to: "41689", style: "d") == "2014-02-19")
        styles.date1904 = true
        #expect(styles.apply(to: "40227", style: "d") == "2014-02-19")
        #expect(styles.apply(to: "abc", style: "d") == "abc")
    }
}
