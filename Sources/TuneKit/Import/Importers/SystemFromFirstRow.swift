/// A template workbook's system-prompt rule applied to its rows as they are read: the system cell of the first
/// data row fills every later row whose system cell is empty (``TemplateWorkbookSettings``). Rows go through
/// the general path (``currentTableRow(source:)``); the byte lane is off for such a table.
final class SystemFromFirstRow: ByteRowTable {
    private let base: WorkbookReader
    private let column: Int
    private var first: String?
    private var seenRow = false
    private var filling = false
    /// Rows whose empty system cell took the first row's, and where the first of them is.
    private(set) var filled = 0
    private(set) var firstFilled: SourceLocation?

    init(base: WorkbookReader, column: Int) {
        self.base = base
        self.column = column
    }

    var header: TableHeader { base.header }
    var facts: [(key: String, value: String)] { base.facts }
    var skippedBlankRows: Int { base.skippedBlankRows }
    var progress: (consumed: Int, total: Int?) { base.progress }

    func next() throws(ImportError) -> TableEvent? {
        switch try nextByteRow() {
        case nil: return nil
        case .reject(let reject)?: return .reject(reject)
        case .row(let line)?: return .row(currentTableRow(source: location(ofRow: line)))
        }
    }

    func nextByteRow() throws(ImportError) -> ByteRowEvent? {
        let event = try base.nextByteRow()
        filling = false
        if case .row(let line)? = event {
            let values = base.currentTableRow(source: base.location(ofRow: line)).values
            let value = column < values.count ? values[column] : ""
            let blank = TableMapper.trimmed(value).isEmpty
            if !seenRow {
                seenRow = true
                first = blank ? nil : value
            } else if blank, first != nil {
                filling = true
                filled += 1
                if firstFilled == nil { firstFilled = base.location(ofRow: line) }
            }
        }
        return event
    }

    func withCurrentRow<Result, Failure: Error>(
        _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<Range<Int>>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        // Never called: the byte lane is off for this table. The row as read, for completeness.
        try base.withCurrentRow(body)
    }

    func location(ofRow line: Int) -> SourceLocation { base.location(ofRow: line) }

    func currentTableRow(source: SourceLocation) -> TableRow {
        var row = base.currentTableRow(source: source)
        if filling, let first, column < row.values.count { row.values[column] = first }
        return row
    }

    /// The change for the report, when a row was filled.
    var change: InputChange? {
        guard filled > 0 else { return nil }
        return InputChange(.adapted, kind: "template.system_from_first_row",
                           what: "rows with an empty system cell given the first row's system prompt (template setting \(WorkbookTemplate.systemKey): yes)",
                           count: filled, first: firstFilled)
    }
}
