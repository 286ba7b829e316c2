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

extension XLSXValueTests {
    /// `_xHHHH_` escapes in shared strings (calamine's `has_x000D_.xlsx`) and inline strings (its
    /// `has_x000D_inline.xlsx`, and openpyxl's inline strings with Excel's escapes put in).
    @Test(arguments: ["has_x000D_.xlsx", "has_x000D_inline.xlsx"])
    func carriageReturnEscapeIsDecoded(file: String) throws {
        #expect(try read(file).header == ["ABC\r\nDEF"])
    }

    @Test func escapesInInlineStrings() throws {
        let (header, rows) = try read("escapes-inline.xlsx")
        #expect(header == ["label", "body"])
        #expect(rows.map { $0[1] } == ["第一行\r\n第二行", "叮\u{7}咚", "写作 _x000D_ 的字面文本"])
    }

    @Test(arguments: [("abc_x000D_\ndef", "abc\r\ndef"), ("_x005F_x000D_", "_x000D_"), ("_x005f_", "_"),
                      ("a_x0007_b", "a\u{7}b"), ("_xD83D__xDE00_", "😀"), ("_xD83D_", "_xD83D_"),
                      ("_x00G1_", "_x00G1_"), ("_x000D", "_x000D"), ("snake_x_case", "snake_x_case"), ("", "")])
    func escapeDecoding(stored: String, shown: String) {
        #expect(String(decoding: XLSXEscapes.decode(Array(stored.utf8)), as: UTF8.self) == shown)
    }

    /// What the pipeline makes of decoded control characters: a carriage return and a bell reach the written
    /// line as JSON escapes (not dropped, not left as `_x000D_`).
    @Test func decodedControlCharactersReachTheLine() throws {
        let directory = Fixture.temporaryDirectory()
        var options = ConvertOptions(inputs: [Fixture.path("thirdparty/escapes-inline.xlsx")], outputDirectory: directory)
        options.mapping[.user] = try FieldTemplate("{{label}}")
        options.mapping[.assistant] = try FieldTemplate("{{body}}")
        _ = try ConvertJob(options: options).run()
        let text = String(decoding: Fixture.bytes(directory + "/train.jsonl"), as: UTF8.self)
        #expect(text.contains(#""content":"第一行\r\n第二行""#))
        #expect(text.contains(#""content":"叮\u0007咚""#))
        #expect(text.contains(#""content":"写作 _x000D_ 的字面文本""#))
    }
}

extension XLSXValueTests {
    /// Elapsed-time formats as openpyxl writes them (`[hh]:mm:ss`, `[mm]:ss`, `[h]:mm`) beside a clock time
    /// (`hh:mm`): hours past 24 kept, never a 1900 date; calamine's `date_1904.xlsx` has a `[hh]:mm:ss` cell.
    @Test func durationsReadAsElapsedTime() throws {
        let (header, rows) = try read("durations.xlsx")
        #expect(header == ["task", "total", "minutes", "short", "clock"])
        #expect(rows == [["build", "255:10:10", "15310:10", "255:10", "09:30:00"],
                         ["review", "1:30:05", "90:05", "1:30", "09:30:00"],
                         ["deploy", "0:00:59", "0:59", "0:00", "09:30:00"]])
        let calamine = try read("date_1904.xlsx", options: SheetOptions(headerRow: 2))
        #expect(calamine.rows.first?.first == "255:10:10")
    }

    @Test(arguments: [("[h]:mm:ss", ExcelNumbers.Kind.duration(.hours, seconds: true)), ("[hh]:mm", .duration(.hours, seconds: false)),
                      ("[mm]:ss", .duration(.minutes, seconds: true)), ("[ss]", .duration(.seconds, seconds: true)),
                      ("[h]:mm:ss.00;@", .duration(.hours, seconds: true)), ("[$-409]h:mm:ss AM/PM", nil), ("[Red]0.00", nil),
                      ("\"[h]\" 0", nil), ("hh:mm", nil), ("yyyy-mm-dd", nil)])
    func elapsedFormats(code: String, kind: ExcelNumbers.Kind?) {
        #expect(ExcelNumbers.elapsed(ofFormat: code) == kind)
    }

    @Test(arguments: [("10.63206018518519", ExcelNumbers.Elapsed.hours, true, "255:10:10"), ("-0.5", .hours, false, "-12:00"),
                      ("0", .hours, true, "0:00:00"), ("1", .minutes, true, "1440:00"), ("0.000694444", .seconds, true, "60"),
                      ("abc", .hours, true, "abc")])
    func durationText(serial: String, largest: ExcelNumbers.Elapsed, seconds: Bool, shown: String) {
        #expect(ExcelNumbers.duration(serial: serial, largest: largest, seconds: seconds) == shown)
    }
}

extension XLSXValueTests {
    /// calamine's `inlineStr_with_value.xlsx`: `t="inlineStr"` cells that also carry `<v>1.0</v>` read as their
    /// `<is>` text (`1.`), not both (`1.01.`).
    @Test func inlineStringWithValueIsNotDoubled() throws {
        let (header, rows) = try read("inlineStr_with_value.xlsx")
        #expect(header.count >= 5 && header[4] == "ID")
        let first = try #require(rows.first)
        #expect(first[3] == "1.")
        #expect(first[4] == "RQ11610")
    }
}

extension XLSXValueTests {
    /// calamine's `has_x000D_.xlsx` with its shared strings at `xl/SharedStrings.xml` (and the relationship and
    /// content type naming it so), and with every part name written with backslashes and the shared strings
    /// part in capitals: the text is found as Excel finds it, not lost.
    @Test(arguments: ["x000D-SharedStrings.xlsx", "x000D-backslash-parts.xlsx"])
    func partNamesMatchAsExcelMatchesThem(file: String) throws {
        #expect(try read(file).header == ["ABC\r\nDEF"])
    }

    @Test(arguments: [("xl/sharedStrings.xml", "xl/sharedstrings.xml"), ("XL\\SharedStrings.XML", "xl/sharedstrings.xml"),
                      ("/xl/workbook.xml", "xl/workbook.xml")])
    func partKeys(name: String, key: String) {
        #expect(XLSXParts.partKey(name) == key)
    }
}

extension XLSXValueTests {
    /// openpyxl's workbook with sheets named `2023`, `2024` and `1`: a number is a sheet's name when one is so
    /// named, a position otherwise; `#N` is always a position. The report says which was used.
    @Test(arguments: [("2024", "2024", "name \"2024\" (a sheet is so named; --sheet '#2024' for the position)"),
                      ("1", "1", "name \"1\" (a sheet is so named; --sheet '#1' for the position)"),
                      ("2", "2024", "position 2 (no sheet is named \"2\")"),
                      ("#1", "2023", "position 1 (--sheet '#1')"), ("#3", "1", "position 3 (--sheet '#3')"),
                      ("2023", "2023", "name \"2023\" (a sheet is so named; --sheet '#2023' for the position)")])
    func sheetByNameBeforePosition(selector: String, sheet: String, choice: String) throws {
        let reader = try WorkbookReader(path: Fixture.path("thirdparty/year-sheets.xlsx"), dialect: .xlsx,
                                        options: SheetOptions(sheet: .init(selector)))
        #expect(reader.sheetName == sheet)
        #expect(reader.facts.first { $0.key == "sheet_chosen_by" }?.value == choice)
        guard case .row(let row)? = try reader.next() else { Issue.record("no row"); return }
        #expect(row.values == ["sheet", sheet])
    }

    @Test(arguments: ["4", "#4", "#0x", "Sheet9"])
    func sheetThatIsNotThereIsRefused(selector: String) {
        #expect(throws: ImportError.self) {
            _ = try WorkbookReader(path: Fixture.path("thirdparty/year-sheets.xlsx"), dialect: .xlsx,
                                   options: SheetOptions(sheet: .init(selector)))
        }
    }

    @Test func sheetNamedByTextHasNoChoiceFact() throws {
        let reader = try WorkbookReader(path: Fixture.path("thirdparty/year-sheets.xlsx"), dialect: .xlsx)
        #expect(reader.sheetName == "2023")
        #expect(!reader.facts.contains { $0.key == "sheet_chosen_by" })
    }
}

extension XLSXValueTests {
    /// calamine's `has_x000D_.xlsx` without its shared strings part: the text is not read as empty, the file is
    /// refused naming the cell.
    @Test func missingSharedStringsAreRefused() {
        do {
            _ = try read("x000D-no-shared-strings.xlsx", options: SheetOptions(sheet: .name("Sheet1")))
            Issue.record("read a workbook whose shared strings are missing")
        } catch let error as ImportError {
            #expect(error.message.contains("cell A1 refers to shared string \"0\", but the workbook has 0 shared strings"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}

extension XLSXValueTests {
    /// calamine's `empty_shared_string_value.xlsx`: a shared-string cell with an empty `<v/>` is an empty cell,
    /// not a missing string.
    @Test func emptySharedStringValueIsAnEmptyCell() throws {
        let (header, rows) = try read("empty_shared_string_value.xlsx")
        #expect(header == ["Name", "City", "Status"])
        #expect(rows == [["Alice", "", "Active"], ["", "Berlin", ""]])
    }
}
