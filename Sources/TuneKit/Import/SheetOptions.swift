/// How a workbook becomes a table: which sheet, where the header is, what to do with merged cells and
/// hidden rows.
public struct SheetOptions: Sendable {
    /// A sheet by name or by 1-based position.
    public enum Selector: Sendable, Equatable {
        /// The sheet with this name (`--sheet`); `#3` is the third sheet unless a sheet is so named, and a
        /// number is a position only when no sheet is so named (`--sheet 2024`, `--sheet 02` are names first).
        case name(String)
        /// The sheet at this 1-based position (`--sheet-index`), whatever the sheets are named.
        case index(Int)

        /// Parses `--sheet`: always a name first (``WorkbookReader`` falls back to a position for `#3`, or a
        /// number no sheet is named).
        public init(_ text: String) {
            self = .name(text)
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
    /// Read numbers as their cells show them (`--display-text`): ODS and flat ODS cells' displayed text, and
    /// in XLSX and Excel 2003 XML plain number formats applied in full (`0.00%` → `9.00%`, `0.00` → `3.10`,
    /// `#,##0` → `1,235`). By default numbers are their stored values (`0.09`, `3.1`, `1234.5`), with only
    /// leading-zero formats (`00000` → `00001`) applied.
    public var displayText: Bool
    /// The most bytes one entry of an XLSX or ODS package may inflate to (`--zip-entry-limit`); an entry
    /// declaring more is refused before anything is inflated.
    public var zipEntryLimit = ZipArchive.defaultEntryLimit
    /// The most an XLSX shared-strings table may hold, its text and 4 bytes per string (`--shared-strings-limit`);
    /// a larger table is refused.
    public var sharedStringsLimit = SheetOptions.defaultSharedStringsLimit
    /// The most bytes the parts read from one XLSX or ODS package may inflate to together (`--zip-total-limit`).
    public var zipTotalLimit = ZipArchive.defaultTotalLimit
    /// The most bytes one cell's text may take (`--max-line-bytes`); a longer cell refuses the sheet.
    public var maxCellBytes = InputLimits.defaultMaxLineBytes
    /// 1 GiB: the largest real tables hold a few hundred MB (an 800k-row table holds 118 MB).
    public static let defaultSharedStringsLimit = 1 << 30
    /// Bytes of XLSX shared-string text kept in memory before the table moves to a mapped temporary file.
    package var sharedStringsInMemory = SharedStringArena.defaultMemoryLimit

    /// Creates options.
    public init(sheet: Selector? = nil, headerRow: Int? = nil, fillMergedCells: Bool = true, skipHiddenRows: Bool = false,
                skipHiddenColumns: Bool = false, displayText: Bool = false) {
        self.displayText = displayText
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
