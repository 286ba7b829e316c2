/// How a workbook becomes a table: which sheet, where the header is, what to do with merged cells and
/// hidden rows.
public struct SheetOptions: Sendable {
    /// A sheet by name or by 1-based position.
    public enum Selector: Sendable, Equatable {
        /// The sheet with this name.
        case name(String)
        /// The sheet at this 1-based position.
        case index(Int)

        /// Parses `--sheet`: a number is a position, anything else a name.
        public init(_ text: String) {
            if let index = Int(text), index > 0 { self = .index(index) } else { self = .name(text) }
        }
    }

    /// The sheet to read; `nil` picks the first visible sheet with data.
    public var sheet: Selector?
    /// The 1-based row of the header; `nil` takes the first non-empty row.
    public var headerRow: Int?
    /// Copy a merged cell's value into every cell of the merge.
    public var fillMergedCells: Bool
    /// Leave hidden rows out (they are kept by default).
    public var skipHiddenRows: Bool
    /// Leave hidden columns out (they are kept by default).
    public var skipHiddenColumns: Bool
    /// Bytes of XLSX shared-string text kept in memory before the table moves to a mapped temporary file.
    package var sharedStringsInMemory = SharedStringArena.defaultMemoryLimit

    /// Creates options.
    public init(sheet: Selector? = nil, headerRow: Int? = nil, fillMergedCells: Bool = true, skipHiddenRows: Bool = false,
                skipHiddenColumns: Bool = false) {
        self.sheet = sheet
        self.headerRow = headerRow
        self.fillMergedCells = fillMergedCells
        self.skipHiddenRows = skipHiddenRows
        self.skipHiddenColumns = skipHiddenColumns
    }
}

/// Spreadsheet column names: 1 → A, 27 → AA.
enum ColumnName {
    static func of(_ column: Int) -> String {
        var column = column
        var name = ""
        while column > 0 {
            let remainder = (column - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            column = (column - 1) / 26
        }
        return name
    }
}
