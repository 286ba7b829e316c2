/// A table whose rows can be read as UTF-8 bytes and field ranges, without a string per cell: CSV and TSV
/// (``CSVReader``) and workbooks (``WorkbookReader``). ``TableRowPump`` feeds such rows to the byte lane.
protocol ByteRowTable: TableSource {
    /// Reads the next row (blank rows skipped and counted); ``withCurrentRow(_:)`` then sees it. `nil` at the end.
    func nextByteRow() throws(ImportError) -> ByteRowEvent?
    /// Calls `body` with the current row's bytes and the range of each header column's value in them
    /// (exactly one range per header column), valid during the call.
    func withCurrentRow<Result, Failure: Error>(
        _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<Range<Int>>) throws(Failure) -> Result
    ) throws(Failure) -> Result
    /// Where the row that starts on `line` is (built only for a row that is taken).
    func location(ofRow line: Int) -> SourceLocation
    /// The current row as strings, for the general path.
    func currentTableRow(source: SourceLocation) -> TableRow
    /// Input bytes consumed so far and the total (when known), to presize the sink.
    var progress: (consumed: Int, total: Int?) { get }
}

/// What ``ByteRowTable/nextByteRow()`` yields.
enum ByteRowEvent {
    /// A data row, by the line (CSV) or sheet row (workbook) it starts on: see ``ByteRowTable/location(ofRow:)``.
    case row(line: Int)
    /// An input row that cannot be read.
    case reject(Reject)
}

extension CSVReader: ByteRowTable {
    func nextByteRow() throws(ImportError) -> ByteRowEvent? {
        switch try nextRaw() {
        case nil: return nil
        case .reject(let reject)?: return .reject(reject)
        case .row(let line)?: return .row(line: line)
        }
    }

    func location(ofRow line: Int) -> SourceLocation {
        SourceLocation(file: fileName, line: line)
    }

    func withCurrentRow<Result, Failure: Error>(
        _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<Range<Int>>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let (bytes, fields) = currentRow
        return try body(bytes, fields)
    }

    func currentTableRow(source: SourceLocation) -> TableRow {
        TableRow(header: header, values: currentStrings(), source: source)
    }
}
