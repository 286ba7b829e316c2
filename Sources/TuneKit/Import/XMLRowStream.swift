#if canImport(Glibc)
import Glibc
#endif

/// A row of a sheet as an XML reader assembled it.
struct SheetRow {
    var number: Int
    var values: [String]
    var hidden: Bool
    var errorColumns: [Int]
}

extension SheetRow {
    /// Sets a 1-based column; an empty value never clears one (a merge's covered cells come after its anchor).
    mutating func set(_ value: String, at column: Int) {
        guard column >= 1, !value.isEmpty else { return }
        while values.count < column { values.append("") }
        values[column - 1] = value
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
        for (column, value) in fills where column > row.values.count || row.values[column - 1].isEmpty {
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
