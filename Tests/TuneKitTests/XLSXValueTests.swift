import Foundation
import Testing
@testable import TuneKit

/// XLSX values exactly as Excel shows them, read from files other programs wrote (calamine's test suite,
/// openpyxl; see Fixtures/thirdparty/README.md).
@Suite("XLSX values as Excel shows them")
struct XLSXValueTests {
    /// The header and the data rows of a workbook under `Fixtures/thirdparty/`.
    private func read(_ file: String, options: SheetOptions = SheetOptions()) throws -> (header: [String], rows: [[String]]) {
        let reader = try WorkbookReader(path: Fixture.path("thirdparty/" + file), dialect: .xlsx, options: options)
        var rows: [[String]] = []
        while let event = try reader.next() {
            if case .row(let row) = event { rows.append(row.values) }
        }
        return (reader.header.columns, rows)
    }

    /// openpyxl's 1904 workbook with the extension `<x15:workbookPr>` Excel 2013+ adds (no `date1904` on it):
    /// the main element's date system holds. calamine's `date_1904.xlsx` (LibreOffice, `date1904="true"`).
    @Test func dateSystem1904SurvivesTheExtensionElement() throws {
        let (header, rows) = try read("date1904-x15.xlsx")
        #expect(header == ["event", "day"])
        #expect(rows == [["launch", "1904-01-12"], ["review", "2024-03-05"]])
        let calamine = try read("date_1904.xlsx")
        #expect(calamine.header.first?.hasPrefix("2021-01-01") == true)
    }
}
