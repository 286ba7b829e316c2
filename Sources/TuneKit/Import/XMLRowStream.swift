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

/// The value of a merged range spread over its cells: at once in the anchor's row, and carried into the
/// rows below until they are read. Shared by every workbook dialect.
struct MergeCarry {
    private var pending: [Int: [(column: Int, value: String)]] = [:]

    /// Spreads `value` over `columns` × `rows`, whose first row is `row`.
    mutating func spread(_ value: String, in row: inout SheetRow, columns: ClosedRange<Int>, rows: ClosedRange<Int>) {
        guard !value.isEmpty else { return }
        for column in columns { row.set(value, at: column) }
        guard rows.upperBound > rows.lowerBound else { return }
        for below in (rows.lowerBound + 1)...rows.upperBound {
            for column in columns { pending[below, default: []].append((column, value)) }
        }
    }

    /// Whether values wait for row `number`.
    func hasValues(for number: Int) -> Bool {
        pending[number] != nil
    }

    /// Fills a row's empty cells with what merges above carried into it.
    mutating func fill(_ row: inout SheetRow) {
        guard let fills = pending.removeValue(forKey: row.number) else { return }
        for (column, value) in fills where row.isEmpty(at: column) {
            row.set(value, at: column)
        }
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
}

extension RowAssembler {
    var controlCharacterCells: [String] { [] }
}

/// Pulls rows from an XML workbook: feeds the file to the parser a chunk at a time until the assembler
/// has completed a row, so that memory stays bounded by a chunk and a row.
final class XMLRowStream {
    private let source: ChunkSource
    private let assembler: RowAssembler
    private let parser: XMLStreamParser
    private var chunk = [UInt8](repeating: 0, count: 1 << 20)
    private var finished = false
    private var taken: [SheetRow] = []
    private var takenIndex = 0

    init(source: ChunkSource, assembler: RowAssembler, keepingControlCharacters: Bool = false) {
        self.source = source
        self.assembler = assembler
        parser = XMLStreamParser(handler: assembler, keepingControlCharacters: keepingControlCharacters)
    }

    /// Cells holding control characters kept from forbidden character references, as far as read.
    var controlCharacterCells: [String] { assembler.controlCharacterCells }

    /// Columns the sheet marks hidden (known once its first row has been read).
    var hiddenColumns: Set<Int> { assembler.hiddenColumns }

    /// The next row of the sheet, or `nil` after its last.
    func nextRow() throws(ImportError) -> SheetRow? {
        while takenIndex >= taken.count {
            taken = assembler.ready
            assembler.ready.removeAll(keepingCapacity: true)
            takenIndex = 0
            if !taken.isEmpty { break }
            if finished || assembler.targetDone { return nil }
            let count = try source.readChunk(into: &chunk, count: nil)
            do {
                try chunk.withUnsafeBufferPointer { (bytes) throws(XMLFailure) in
                    try parser.feed(UnsafeBufferPointer(rebasing: bytes[0..<count]), final: count == 0)
                }
            } catch {
                throw ImportError(.unreadable, "line \(error.line): \(error.message)", at: SourceLocation(file: source.name))
            }
            if count == 0 { finished = true }
        }
        defer { takenIndex += 1 }
        return taken[takenIndex]
    }
}
