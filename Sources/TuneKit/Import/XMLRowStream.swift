import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A row of a sheet as an XML reader assembled it: its cells' values as UTF-8 bytes in one buffer, and where
/// each 1-based column's value lies in it (a cell set twice points at its newer bytes), so that a row costs
/// no string per cell and can go straight to the byte lane.
struct SheetRow {
    var number: Int
    var hidden: Bool
    var errorColumns: [Int]
    /// The values' bytes, in the order they were set.
    private(set) var bytes: [UInt8] = []
    /// Where column `index + 1`'s value is in ``bytes`` (empty for an empty cell).
    private(set) var fields: [Range<Int>] = []

    init(number: Int, values: [String], hidden: Bool, errorColumns: [Int]) {
        self.number = number
        self.hidden = hidden
        self.errorColumns = errorColumns
        for (index, value) in values.enumerated() { set(value, at: index + 1) }
    }

    /// The values as strings, one per column up to the last set.
    var values: [String] {
        get { (0..<fields.count).map { value(at: $0 + 1) } }
        set {
            bytes.removeAll(keepingCapacity: true)
            fields.removeAll(keepingCapacity: true)
            for (index, value) in newValue.enumerated() { set(value, at: index + 1) }
            // As wide as the values given, trailing empty ones included (`values.append("")` widens the row).
            while fields.count < newValue.count { fields.append(0..<0) }
        }
    }

    /// Whether every cell is empty.
    var isBlank: Bool { fields.allSatisfy(\.isEmpty) }

    /// The value of a 1-based column ("" beyond the last set).
    func value(at column: Int) -> String {
        guard column >= 1, column <= fields.count else { return "" }
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[fields[column - 1]]), as: UTF8.self) }
    }

    /// Keeps only the columns `keep` says to keep, in order.
    mutating func keepColumns(where keep: (Int) -> Bool) {
        fields = fields.enumerated().filter { keep($0.offset + 1) }.map(\.element)
    }

    /// Makes the row exactly `width` columns wide (empty columns added, columns beyond it dropped).
    mutating func setWidth(_ width: Int) {
        if fields.count > width { fields.removeSubrange(width...) }
        while fields.count < width { fields.append(0..<0) }
    }
}

extension SheetRow {
    /// Sets a 1-based column; an empty value never clears one (a merge's covered cells come after its anchor).
    mutating func set(_ value: String, at column: Int) {
        guard column >= 1, !value.isEmpty else { return }
        var value = value
        value.withUTF8 { set(bytes: $0, at: column) }
    }

    /// Sets a 1-based column from UTF-8 bytes; empty bytes never clear one.
    mutating func set(bytes value: UnsafeBufferPointer<UInt8>, at column: Int) {
        guard column >= 1, !value.isEmpty else { return }
        if bytes.isEmpty { bytes.reserveCapacity(256) }
        if fields.isEmpty { fields.reserveCapacity(max(column, 8)) }
        while fields.count < column { fields.append(0..<0) }
        let start = bytes.count
        bytes.append(contentsOf: value)
        fields[column - 1] = start..<bytes.count
    }

    /// Whether a 1-based column holds nothing.
    func isEmpty(at column: Int) -> Bool {
        column > fields.count || fields[column - 1].isEmpty
    }
}

/// The value of a merged range spread over its cells, as its row and the rows below are read. Shared by
/// every workbook dialect.
///
/// A merge is kept as its range, not cell by cell, so a merge declared over a whole sheet
/// (`B6:XFD1048576`) costs one entry, and only rows the sheet actually has are filled. Below its anchor's row a
/// merge fills no column right of the widest row of real cells read so far (a merge reaching past the table
/// covers formatting, not data), so the rows it is carried into are never wider than the sheet's own. What the filling writes in all is bounded
/// (``cellLimit``): past it the sheet is refused, naming the merge, and `--no-fill-merged` reads it without filling.
struct MergeCarry {
    /// Cells the merges of one sheet may fill by default, all told (20 times a 1M-row, 1-column merge fill);
    /// a file that needs more is refused rather than grown without bound.
    static let cellLimit = 20_000_000
    /// This sheet's limit.
    let limit: Int
    /// Merges still reaching rows not yet filled: their rows (the anchor's included), columns and value.
    private var active: [(rows: ClosedRange<Int>, columns: ClosedRange<Int>, value: String)] = []
    /// The widest row of real cells so far (columns).
    private var width = 0
    /// Cells filled so far.
    private(set) var filled = 0
    /// The merge that would have gone past ``limit`` (as `B6:XFD1048576`); once set, nothing more is filled.
    private(set) var overflow: String?

    init(limit: Int = MergeCarry.cellLimit) {
        self.limit = limit
    }

    /// Spreads `value` over `columns` × `rows`, whose first row is the anchor's: the cells are filled when
    /// each row ends (``fill(_:)``), after the row's own cells.
    mutating func spread(_ value: String, columns: ClosedRange<Int>, rows: ClosedRange<Int>) {
        guard !value.isEmpty, overflow == nil, columns.count > 1 || rows.count > 1 else { return }
        active.append((rows, columns, value))
    }

    /// Whether values wait for row `number`.
    func hasValues(for number: Int) -> Bool {
        active.contains { $0.rows.contains(number) }
    }

    /// Fills a row's empty cells with the merges that cover it; merges that end above the row are dropped
    /// (rows arrive in order).
    mutating func fill(_ row: inout SheetRow) {
        width = max(width, row.fields.count)
        guard !active.isEmpty else { return }
        let number = row.number
        var index = 0
        while index < active.count {
            let merge = active[index]
            if merge.rows.upperBound < number {
                active.remove(at: index)
                continue
            }
            index += 1
            guard merge.rows.contains(number) else { continue }
            // The anchor's own row is filled across the whole merge (a title merged over the table's width
            // makes the header); the rows below only as far as the sheet's rows reach.
            let last = number == merge.rows.lowerBound ? merge.columns.upperBound
                : min(merge.columns.upperBound, max(width, merge.columns.lowerBound))
            filled += last - merge.columns.lowerBound + 1
            if filled > limit {
                overflow = "\(ColumnName.of(merge.columns.lowerBound))\(merge.rows.lowerBound):\(ColumnName.of(merge.columns.upperBound))\(merge.rows.upperBound)"
                active.removeAll()
                return
            }
            for column in merge.columns.lowerBound...last where row.isEmpty(at: column) { row.set(merge.value, at: column) }
        }
    }

    /// The error for a sheet whose merges would fill more than ``cellLimit`` cells, `range` the merge that
    /// crossed the limit.
    static func overflowError(_ range: String, file: String) -> ImportError {
        ImportError(.unreadable, "merged cells would fill more than \(cellLimit) cells (the merge \(range) among them); read the sheet without filling merges with --no-fill-merged",
                    at: SourceLocation(file: file))
    }
}

/// What assembles rows from a workbook's XML events (one per XML spreadsheet dialect).
protocol RowAssembler: XMLEventHandler {
    /// Rows completed since the last take.
    var ready: [SheetRow] { get set }
    /// The chosen sheet has ended: the rest of the file need not be read.
    var targetDone: Bool { get }
    /// 1-based columns the sheet marks hidden (declared before its rows).
    var hiddenColumns: Set<Int> { get }
    /// Cells (`B7`) holding control characters that forbidden character references (`&#7;`) carried.
    var controlCharacterCells: [String] { get }
    /// The merge whose filling went past ``MergeCarry/cellLimit`` (the sheet is refused), if any.
    var mergeOverflow: String? { get }
    /// A repeat of a row or cell holding data past what the reader expands (the sheet is refused), if any.
    var repeatOverflow: String? { get }
    /// Cells placed right of the cells a vertical merge covers, having no column of their own (Excel 2003 XML).
    var cellsMovedPastMerges: Int { get }
    /// The first cell (`B7`) whose text ran past the cell limit (``InputLimits``), and that limit: the sheet is refused.
    var overLongCell: (cell: String, limit: Int)? { get }
}

extension RowAssembler {
    var overLongCell: (cell: String, limit: Int)? { nil }
    var controlCharacterCells: [String] { [] }
    var cellsMovedPastMerges: Int { 0 }
    var repeatOverflow: String? { nil }
}

/// A cell naming a shared string the workbook does not have (XLSX): row, column, the index as written.
typealias MissingReference = (row: Int, column: Int, index: String)

/// Pulls rows from an XML workbook. A reading thread feeds the file to the parser a chunk at a time and hands
/// the rows each chunk completes over in order, at most a few chunks ahead, while the caller turns the rows
/// before them into lines: memory stays bounded by a few chunks and their rows, and the rows, their order and
/// where an error stops them are the same as when one thread does both.
final class XMLRowStream {
    private let reader: ReadAhead
    @exclusivity(unchecked) private var batch = ReadAhead.Batch()
    @exclusivity(unchecked) private var index = 0
    @exclusivity(unchecked) private var started = false

    private let total: Int?

    init(source: ChunkSource, assembler: RowAssembler, keepingControlCharacters: Bool = false) {
        total = source.sizeLimit
        reader = ReadAhead(source: source, assembler: assembler, keepingControlCharacters: keepingControlCharacters)
    }

    deinit {
        reader.cancel()
    }

    /// Cells holding control characters kept from forbidden character references, as far as read.
    var controlCharacterCells: [String] { batch.controlCharacterCells }

    /// Columns the sheet marks hidden (known once its first row has been read).
    var hiddenColumns: Set<Int> { batch.hiddenColumns }

    /// Bytes of the sheet's XML read (at most two chunks ahead of the rows taken) and how many it has, when known.
    var progress: (consumed: Int, total: Int?) { (batch.consumed, total) }

    /// Cells placed right of vertical merges' covered cells, as far as read.
    var cellsMovedPastMerges: Int { batch.cellsMovedPastMerges }

    /// The first cell naming a missing shared string, as far as read.
    var missingSharedString: MissingReference? { batch.missingSharedString }

    /// The next row of the sheet, or `nil` after its last.
    func nextRow() throws(ImportError) -> SheetRow? {
        if !started {
            started = true
            reader.start()
        }
        while index >= batch.rows.count {
            if batch.end { return nil }
            batch = reader.take()
            index = 0
            if let error = batch.error { throw error }
        }
        defer { index += 1 }
        return batch.rows[index]
    }
}

/// The reading thread of ``XMLRowStream`` and what it hands over. Only the thread touches the source, the
/// parser and the assembler once it has started; batches pass under the lock.
private final class ReadAhead: @unchecked Sendable {
    /// The rows one chunk completed, and the assembler's state after it.
    struct Batch {
        var rows: [SheetRow] = []
        var hiddenColumns: Set<Int> = []
        var controlCharacterCells: [String] = []
        var missingSharedString: MissingReference?
        var cellsMovedPastMerges = 0
        /// Bytes of the source read when the batch was handed over.
        var consumed = 0
        var error: ImportError?
        /// No rows follow.
        var end = false
    }

    /// Chunks read ahead of the caller, at most.
    private static let depth = 2
    private let source: ChunkSource
    private let assembler: RowAssembler
    private let parser: XMLStreamParser
    private let condition = NSCondition()
    private var queue: [Batch] = []
    private var cancelled = false

    init(source: ChunkSource, assembler: RowAssembler, keepingControlCharacters: Bool) {
        self.source = source
        self.assembler = assembler
        parser = XMLStreamParser(handler: assembler, keepingControlCharacters: keepingControlCharacters)
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.stackSize = 1 << 22
        thread.start()
    }

    /// Stops the thread at its next hand-over (the caller has gone).
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, waiting for it.
    func take() -> Batch {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty { condition.wait() }
        let batch = queue.removeFirst()
        condition.broadcast()
        return batch
    }

    /// Hands a batch over, waiting while the caller is `depth` batches behind; false when cancelled.
    private func put(_ batch: Batch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= Self.depth && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        queue.append(batch)
        condition.broadcast()
        return true
    }

    private func run() {
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var finished = false
        var consumed = 0
        while true {
            var batch = Batch()
            do throws(ImportError) {
                if finished || assembler.targetDone {
                    batch.end = true
                } else {
                    let count = try source.readChunk(into: &chunk, count: nil)
                    do {
                        try chunk.withUnsafeBufferPointer { (bytes) throws(XMLFailure) in
                            try parser.feed(UnsafeBufferPointer(rebasing: bytes[0..<count]), final: count == 0)
                        }
                    } catch {
                        throw ImportError(.unreadable, "line \(error.line): \(error.message)", at: SourceLocation(file: source.name))
                    }
                    if let range = assembler.mergeOverflow { throw MergeCarry.overflowError(range, file: source.name) }
                    if let refusal = assembler.repeatOverflow { throw ImportError(.unreadable, refusal, at: SourceLocation(file: source.name)) }
                    if let over = assembler.overLongCell {
                        throw InputLimits.overLong("cell", limit: over.limit, at: SourceLocation(file: source.name, cell: over.cell))
                    }
                    if count == 0 { finished = true }
                    consumed += count
                    batch.rows = assembler.ready
                    assembler.ready.removeAll(keepingCapacity: true)
                }
            } catch {
                batch.error = error
                batch.end = true
            }
            batch.consumed = consumed
            batch.hiddenColumns = assembler.hiddenColumns
            batch.controlCharacterCells = assembler.controlCharacterCells
            batch.cellsMovedPastMerges = assembler.cellsMovedPastMerges
            batch.missingSharedString = (assembler as? XLSXSheetStream)?.missingSharedString
            if batch.rows.isEmpty && !batch.end { continue }
            if !put(batch) || batch.end { return }
        }
    }
}
