/// Where a record or a problem came from: a file, and within it a sheet, row, line or cell.
///
/// Rendered the way users search for it: `faq.csv:17` for a line or row of a text file,
/// `faq.xlsx!FAQ!B17` for a spreadsheet cell.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    /// The input file as the user named it (`-` for standard input).
    public var file: String
    /// The sheet of a workbook, when there is one.
    public var sheet: String?
    /// The 1-based line (text files) or row (tables) the record starts on.
    public var line: Int?
    /// A cell or cell range inside the sheet (`B17`, `A2:C2`), when known.
    public var cell: String?

    /// Creates a location.
    public init(file: String, sheet: String? = nil, line: Int? = nil, cell: String? = nil) {
        self.file = file
        self.sheet = sheet
        self.line = line
        self.cell = cell
    }

    /// `file:line`, or `file!sheet!cell` for a workbook cell (`file!sheet:line` without one).
    public var description: String {
        var text = file
        if let sheet {
            text += "!" + sheet
        }
        if let cell {
            text += "!" + cell
        } else if let line {
            text += ":" + String(line)
        }
        return text
    }
}
