#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Element and attribute names of SpreadsheetML, matched as bytes.
enum SpreadsheetML {
    @inline(__always)
    static func `is`(_ name: UnsafeBufferPointer<UInt8>, _ expected: StaticString) -> Bool {
        name.count == expected.utf8CodeUnitCount && memcmp(name.baseAddress!, expected.utf8Start, name.count) == 0
    }


}

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

    init(source: ChunkSource, assembler: RowAssembler) {
        self.source = source
        self.assembler = assembler
        parser = XMLStreamParser(handler: assembler)
    }

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

/// Second pass over SpreadsheetML: the rows of one worksheet, assembled cell by cell.
final class SheetStream: RowAssembler {
    typealias Row = SheetRow

    private let target: Int
    private let fillMerged: Bool
    var ready: [SheetRow] = []
    private(set) var targetDone = false
    private(set) var hiddenColumns: Set<Int> = []
    private var columnCursor = 0

    // Parse state.
    private var sheet = -1
    private var inTable = false
    private var row: Row?
    private var lastRow = 0
    private var column = 0
    private var cellColumn = 0
    private var cellAcross = 0
    private var cellDown = 0
    private var inData = false
    private var dataType = DataType.string

    /// The `ss:Type` of a cell's data.
    enum DataType {
        case string, number, dateTime, boolean, error
    }
    private var text: [UInt8] = []
    private var depthInComment = 0
    /// Values that vertical merges carry into later rows: row → [(column, value)].
    private var carry = MergeCarry()

    init(sheetIndex: Int, fillMerged: Bool) {
        target = sheetIndex
        self.fillMerged = fillMerged
    }

    func startElement(_ name: UnsafeBufferPointer<UInt8>, attributes: XMLAttributes) {
        if SpreadsheetML.is(name, "Worksheet") {
            sheet += 1
            return
        }
        guard sheet == target else { return }
        if SpreadsheetML.is(name, "Table") {
            inTable = true
        } else if SpreadsheetML.is(name, "Column"), inTable {
            var index = columnCursor + 1
            var span = 0
            var hidden = false
            for attribute in attributes {
                if attribute.named("Index") { index = attribute.integer ?? index }
                else if attribute.named("Span") { span = attribute.integer ?? 0 }
                else if attribute.named("Hidden") { hidden = attribute.equals("1") }
            }
            if hidden { for column in index...(index + min(span, 16384)) { hiddenColumns.insert(column) } }
            columnCursor = index + span
        } else if SpreadsheetML.is(name, "Row"), inTable {
            var number = lastRow + 1
            var hidden = false
            for attribute in attributes {
                if attribute.named("Index") { number = attribute.integer ?? number }
                else if attribute.named("Hidden") { hidden = attribute.equals("1") }
            }
            row = Row(number: number, values: [], hidden: hidden, errorColumns: [])
            column = 0
        } else if SpreadsheetML.is(name, "Cell"), row != nil {
            cellColumn = column + 1
            cellAcross = 0
            cellDown = 0
            for attribute in attributes {
                if attribute.named("Index") { cellColumn = attribute.integer ?? cellColumn }
                else if attribute.named("MergeAcross") { cellAcross = attribute.integer ?? 0 }
                else if attribute.named("MergeDown") { cellDown = attribute.integer ?? 0 }
            }
            text.removeAll(keepingCapacity: true)
            dataType = .string
        } else if SpreadsheetML.is(name, "Comment") {
            depthInComment += 1
        } else if SpreadsheetML.is(name, "Data"), row != nil, depthInComment == 0 {
            inData = true
            if let type = attributes.first(named: "Type") {
                dataType = type.equals("Number") ? .number : type.equals("DateTime") ? .dateTime
                    : type.equals("Boolean") ? .boolean : type.equals("Error") ? .error : .string
            } else {
                dataType = .string
            }
        }
    }

    func endElement(_ name: UnsafeBufferPointer<UInt8>) {
        guard sheet == target else { return }
        if SpreadsheetML.is(name, "Data") && depthInComment == 0 {
            inData = false
        } else if SpreadsheetML.is(name, "Comment") {
            depthInComment -= 1
        } else if SpreadsheetML.is(name, "Cell"), row != nil {
            let (value, isError) = Self.value(String(decoding: text, as: UTF8.self), type: dataType)
            if isError { row!.errorColumns.append(cellColumn) }
            row!.set(value, at: cellColumn)
            if fillMerged {
                let number = row!.number
                carry.spread(value, in: &row!, columns: cellColumn...(cellColumn + cellAcross), rows: number...(number + cellDown))
            }
            column = cellColumn + cellAcross
        } else if SpreadsheetML.is(name, "Row"), var finished = row {
            carry.fill(&finished)
            lastRow = finished.number
            ready.append(finished)
            row = nil
        } else if SpreadsheetML.is(name, "Table") {
            inTable = false
        } else if SpreadsheetML.is(name, "Worksheet") {
            targetDone = true
        }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        if inData { text.append(contentsOf: bytes) }
    }

    /// The text a person sees for a SpreadsheetML value of `type`; error values read as empty.
    static func value(_ text: String, type: DataType) -> (String, Bool) {
        switch type {
        case .dateTime:
            // 2024-03-05T00:00:00.000 → 2024-03-05; 2024-03-05T13:45:00.000 → 2024-03-05T13:45:00;
            // 1899-12-31T08:30:00.000 (a time of day) → 08:30:00.
            var value = text
            if let dot = value.firstIndex(of: ".") { value = String(value[..<dot]) }
            if value.hasSuffix("T00:00:00") { return (String(value.dropLast(9)), false) }
            if value.hasPrefix("1899-12-31T") || value.hasPrefix("1899-12-30T") { return (String(value.dropFirst(11)), false) }
            return (value, false)
        case .boolean:
            return (text == "1" || text.lowercased() == "true" ? "TRUE" : "FALSE", false)
        case .error:
            return ("", true)
        case .string, .number:
            return (text, false)
        }
    }
}
