/// A small workbook to write: sheets of text cells with a bold, wrapped header row that stays in view, column
/// widths and list validations. ``XLSXWriter`` and ``SpreadsheetMLWriter`` turn it into `.xlsx` and Excel 2003
/// XML bytes; the same document always gives the same bytes.
package struct WorkbookDocument: Sendable, Equatable {
    /// One sheet: a header row and data rows of text.
    package struct Sheet: Sendable, Equatable {
        /// The sheet's name (at most 31 characters, none of `[]:*?/\`).
        package var name: String
        /// The header row's cells, written bold and wrapped, frozen at the top.
        package var header: [String]
        /// The data rows, written wrapped (a row may be shorter than the header).
        package var rows: [[String]]
        /// Each column's width in characters (missing ones take 16).
        package var widths: [Double]
        /// Lists the cells of a column must come from.
        package var validations: [ListValidation]

        /// Creates a sheet.
        package init(name: String, header: [String], rows: [[String]], widths: [Double] = [], validations: [ListValidation] = []) {
            self.name = name
            self.header = header
            self.rows = rows
            self.widths = widths
            self.validations = validations
        }

        /// The width of column `index` (0-based) in characters.
        package func width(_ index: Int) -> Double {
            index < widths.count ? widths[index] : 16
        }
    }

    /// A drop-down list on a column's data cells (rows 2 to ``lastRow``).
    package struct ListValidation: Sendable, Equatable {
        /// Where the allowed values come from.
        package enum Source: Sendable, Equatable {
            /// These values (no commas in them).
            case values([String])
            /// A column of another sheet, rows `firstRow` to `lastRow` (1-based).
            case column(sheet: String, column: Int, firstRow: Int, lastRow: Int)
        }

        /// The 0-based column validated.
        package var column: Int
        /// The last row (1-based) validated.
        package var lastRow: Int
        package var source: Source
        /// Shown when a value is not in the list.
        package var message: String

        /// Creates a validation.
        package init(column: Int, lastRow: Int, source: Source, message: String) {
            self.column = column
            self.lastRow = lastRow
            self.source = source
            self.message = message
        }
    }

    /// The sheets, in order: the first is the one a reader opens.
    package var sheets: [Sheet]

    /// Creates a document.
    package init(sheets: [Sheet]) {
        self.sheets = sheets
    }

    /// `text` with the five XML specials escaped, and characters XML 1.0 forbids (controls other than tab,
    /// line feed and carriage return) left out.
    static func xmlEscaped(_ text: String, newline: String = "\n") -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += newline
            case "\t", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The column's letters: 0 → A, 26 → AA.
    static func columnName(_ index: Int) -> String {
        ColumnName.of(index + 1)
    }

    /// A sheet name quoted for a formula reference (`'说明 Notes'`).
    static func quotedSheet(_ name: String) -> String {
        "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
