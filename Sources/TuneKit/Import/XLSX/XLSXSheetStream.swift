#if canImport(Glibc)
import Glibc
#endif

/// The rows of one XLSX worksheet: cells by their `r` reference (gaps stay empty), shared and inline
/// strings (`_xHHHH_` escapes decoded), booleans as TRUE/FALSE, error values empty (and reported), formulas by their cached value,
/// numbers without float noise, dates (by the cell's number format) as ISO 8601 in the workbook's date
/// system, elapsed times (`[h]:mm:ss`) as `255:10:10`, leading-zero formats (`00000`) applied, ISO date cells
/// (`t="d"`) as dates; merged ranges (listed after the rows, so read in a first pass) fill their cells.
/// Elements count in SpreadsheetML's main namespace only (prefixed or not).
///
/// Its state is `@exclusivity(unchecked)`: the parser calls one callback at a time on one thread, no access
/// can overlap, and the runtime's dynamic exclusivity checks on every cell cost about a tenth of a workbook run.
final class XLSXSheetStream: RowAssembler, NamespacedXMLEventHandler {
    @exclusivity(unchecked) var ready: [SheetRow] = []
    @exclusivity(unchecked) private(set) var targetDone = false
    @exclusivity(unchecked) private(set) var hiddenColumns: Set<Int> = []
    private let parts: XLSXParts
    /// Merged ranges: anchor (row, column) → (last row, last column); and covered cell → anchor.
    @exclusivity(unchecked) private var merges: [Int: [(column: Int, lastRow: Int, lastColumn: Int)]] = [:]
    @exclusivity(unchecked) private var carry = MergeCarry()

    @exclusivity(unchecked) private var row: SheetRow?
    @exclusivity(unchecked) private var lastRow = 0
    @exclusivity(unchecked) private var column = 0
    @exclusivity(unchecked) private var cellColumn = 0
    @exclusivity(unchecked) private var cellType = CellType.number

    private enum CellType {
        case number, shared, boolean, error, text, date
    }
    /// Read what cells show (``SheetOptions/displayText``): number patterns applied in full.
    private let displayText: Bool
    @exclusivity(unchecked) private var cellStyle = 0
    @exclusivity(unchecked) private var text: [UInt8] = []
    @exclusivity(unchecked) private var capture = false
    /// The first cell whose shared-string index names no string (row, column, index as written): the shared
    /// strings part is missing or damaged, and the reader refuses rather than read the text as empty.
    @exclusivity(unchecked) private(set) var missingSharedString: (row: Int, column: Int, index: String)?
    /// Whether the cell has an `<is>` inline string (its `<v>`, if any, is then not the value).
    @exclusivity(unchecked) private var inlineText = false
    @exclusivity(unchecked) private var inPhonetic = false
    /// Shared strings known to be readable (all of them once the part is read).
    @exclusivity(unchecked) private var knownStrings = 0

    /// The most bytes one cell's text may take (``InputLimits``); past it the sheet is refused (``overLongCell``).
    private let cellLimit: Int
    @exclusivity(unchecked) private(set) var overLongCell: (cell: String, limit: Int)?

    init(parts: XLSXParts, merges: [(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int)], displayText: Bool = false,
         cellLimit: Int = InputLimits.defaultMaxLineBytes) {
        self.parts = parts
        self.cellLimit = cellLimit
        self.displayText = displayText
        for merge in merges {
            self.merges[merge.firstRow, default: []].append((merge.firstColumn, merge.lastRow, merge.lastColumn))
        }
    }

    func startElement(_ name: UnsafeBufferPointer<UInt8>, namespace: XMLNamespace, attributes: XMLAttributes) {
        guard namespace.isSpreadsheetML else { return }
        if SpreadsheetML.is(name, "col") {
            if attributes.first(named: "hidden").map({ $0.equals("1") || $0.equals("true") }) == true,
               let min = attributes.first(named: "min")?.integer, let max = attributes.first(named: "max")?.integer, min <= max {
                for column in min...Swift.min(max, 16384) { hiddenColumns.insert(column) }
            }
        } else if SpreadsheetML.is(name, "row") {
            let number = attributes.first(named: "r")?.integer ?? lastRow + 1
            let hidden = attributes.first(named: "hidden").map { $0.equals("1") || $0.equals("true") } ?? false
            row = SheetRow(number: number, values: [], hidden: hidden, errorColumns: [])
            column = 0
        } else if SpreadsheetML.is(name, "c"), row != nil {
            // One walk over the attributes (a cell is the most frequent element).
            var reference: XMLAttribute?, type: XMLAttribute?, style: XMLAttribute?
            for attribute in attributes {
                if attribute.named("r") { reference = attribute }
                else if attribute.named("t") { type = attribute }
                else if attribute.named("s") { style = attribute }
            }
            cellColumn = reference.map { Self.column(of: $0.value) } ?? column + 1
            cellType = type == nil || type!.equals("n") ? .number : type!.equals("s") ? .shared
                : type!.equals("b") ? .boolean : type!.equals("e") ? .error : type!.equals("d") ? .date : .text
            cellStyle = style?.integer ?? 0
            text.removeAll(keepingCapacity: true)
            inlineText = false
        } else if SpreadsheetML.is(name, "is") {
            // An inline string's text wins over a `<v>` some writers put beside it (before or after).
            text.removeAll(keepingCapacity: true)
            inlineText = true
        } else if (SpreadsheetML.is(name, "v") && !inlineText) || (SpreadsheetML.is(name, "t") && !inPhonetic) {
            capture = row != nil
        } else if SpreadsheetML.is(name, "rPh") {
            inPhonetic = true
        }
    }

    func endElement(_ name: UnsafeBufferPointer<UInt8>, namespace: XMLNamespace) {
        guard namespace.isSpreadsheetML else { return }
        if SpreadsheetML.is(name, "v") || SpreadsheetML.is(name, "t") {
            capture = false
        } else if SpreadsheetML.is(name, "rPh") {
            inPhonetic = false
        } else if SpreadsheetML.is(name, "c"), row != nil {
            if cellType == .shared { return endSharedStringCell() }
            let raw = String(decoding: text, as: UTF8.self)
            var value: String
            switch cellType {
            case .shared: return  // read above, as bytes
            case .boolean: value = raw == "1" || raw == "true" ? "TRUE" : "FALSE"
            case .error:
                value = ""
                row!.errorColumns.append(cellColumn)
            case .text: value = text.contains(UInt8(ascii: "_")) ? String(decoding: XLSXEscapes.decode(text), as: UTF8.self) : raw
            case .date:
                // ISO 8601 (`2024-03-05T00:00:00Z`), as strict OOXML and some writers store dates.
                value = OpenDocumentStream.isoDate(raw.hasSuffix("Z") ? String(raw.dropLast()) : raw)
            case .number:
                let kind = cellStyle < parts.styleKinds.count ? parts.styleKinds[cellStyle] : .number
                if raw.isEmpty {
                    value = ""
                } else if case .duration(let largest, let seconds) = kind {
                    value = ExcelNumbers.duration(serial: raw, largest: largest, seconds: seconds)
                } else {
                    value = kind == .number ? ExcelNumbers.plain(raw) : ExcelNumbers.iso(serial: raw, kind: kind, date1904: parts.date1904)
                    if kind == .number, cellStyle < parts.stylePatterns.count, let pattern = parts.stylePatterns[cellStyle],
                       let shown = pattern.apply(to: value, displayText: displayText) {
                        value = shown
                    }
                }
            }
            row!.set(value, at: cellColumn)
            spreadMerge { value }
            column = cellColumn
        } else if SpreadsheetML.is(name, "row"), var finished = row {
            carry.fill(&finished)
            lastRow = finished.number
            ready.append(finished)
            row = nil
        } else if SpreadsheetML.is(name, "sheetData") {
            targetDone = true
        }
    }

    var mergeOverflow: String? { carry.overflow }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard capture else { return }
        if text.count + bytes.count > cellLimit {
            if overLongCell == nil { overLongCell = (ColumnName.of(cellColumn) + String(row?.number ?? 0), cellLimit) }
            capture = false
            text.removeAll()
            return
        }
        text.append(contentsOf: bytes)
    }

    /// A shared-string cell: the string's bytes go into the row straight from the arena.
    private func endSharedStringCell() {
        let strings = parts.sharedStrings
        if let index = Self.index(text), index < knownStrings || readable(index) {
            row!.set(bytes: strings.bytes(at: index), at: cellColumn)
            spreadMerge { strings[index] }
        } else if missingSharedString == nil && !text.isEmpty {
            // `<v/>` is an empty cell (calamine's empty_shared_string_value.xlsx); a number past the table is not.
            missingSharedString = (row!.number, cellColumn, String(decoding: text, as: UTF8.self))
        }
        column = cellColumn
    }

    /// Whether shared string `index` exists; strings still being read (a publishing arena) are waited for.
    @inline(never)
    private func readable(_ index: Int) -> Bool {
        knownStrings = parts.sharedStrings.available(through: index)
        return index < knownStrings
    }

    /// Spreads the cell's value over its merged range, when the cell anchors one.
    @inline(__always)
    private func spreadMerge(_ value: () -> String) {
        guard !merges.isEmpty else { return }
        let number = row!.number
        if let merge = merges[number]?.first(where: { $0.column == cellColumn }) {
            carry.spread(value(), columns: cellColumn...max(cellColumn, merge.lastColumn),
                         rows: number...max(number, merge.lastRow))
        }
    }

    /// A shared-string index as written (`<v>12</v>`, as `Int` reads it: an optional `+`); `nil` otherwise.
    private static func index(_ digits: [UInt8]) -> Int? {
        var digits = digits[...]
        if digits.first == UInt8(ascii: "+") { digits = digits.dropFirst() }
        guard !digits.isEmpty else { return nil }
        while digits.count > 1 && digits.first == UInt8(ascii: "0") { digits = digits.dropFirst() }
        guard digits.count <= 18 else { return nil }
        var number = 0
        for byte in digits {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            number = number * 10 + Int(byte - 0x30)
        }
        return number
    }

    /// How many shared strings the workbook has.
    var sharedStringCount: Int { parts.sharedStrings.count }

    /// The 1-based column of a cell reference (`B17` → 2).
    static func column(of reference: UnsafeBufferPointer<UInt8>) -> Int {
        var column = 0
        for byte in reference {
            guard byte >= 0x41 && byte <= 0x5A else { break }
            column = column * 26 + Int(byte - 0x40)
        }
        return column
    }

    /// Merged ranges of a sheet (`<mergeCells>` comes after the rows): a byte search says whether the part
    /// names `mergeCell` at all (most data sheets do not), and only then a SAX pass reads the `<mergeCell ref>`
    /// elements of the main namespace, prefixed (`<x:mergeCell>`) or not.
    static func merges(archive: ZipArchive, entry: String) throws(ImportError) -> [(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int)] {
        guard try mentions(Array("mergeCell".utf8), in: archive.open(entry)) else { return [] }
        let reader = MergeCellsPart()
        try WorkbookReader.run(source: archive.open(entry), handler: reader)
        return reader.ranges
    }

    /// Whether `needle` occurs in the source's bytes (across chunk boundaries too).
    private static func mentions(_ needle: [UInt8], in source: ChunkSource) throws(ImportError) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var carry: [UInt8] = []
        while true {
            let count = try source.readChunk(into: &chunk, count: nil)
            if count == 0 { return false }
            let window = carry + chunk[0..<count]
            let found = window.withUnsafeBufferPointer { bytes -> Bool in
                guard let base = bytes.baseAddress else { return false }
                var at = 0
                while at + needle.count <= bytes.count,
                      let hit = memchr(base + at, Int32(needle[0]), bytes.count - at - needle.count + 1) {
                    at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if memcmp(base + at, needle, needle.count) == 0 { return true }
                    at += 1
                }
                return false
            }
            if found { return true }
            carry = Array(window.suffix(needle.count - 1))
        }
    }

    /// `<mergeCells><mergeCell ref="A1:B2"/>…`: the ranges, in SpreadsheetML's main namespace.
    private final class MergeCellsPart: NamespacedXMLEventHandler {
        var ranges: [(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int)] = []

        func startElement(_ name: UnsafeBufferPointer<UInt8>, namespace: XMLNamespace, attributes: XMLAttributes) {
            guard namespace.isSpreadsheetML, SpreadsheetML.is(name, "mergeCell"), let ref = attributes.first(named: "ref") else { return }
            let parts = ref.text.split(separator: ":")
            guard let first = parts.first, let (row1, column1) = XLSXSheetStream.cell(String(first)) else { return }
            let (row2, column2) = parts.count > 1 ? (XLSXSheetStream.cell(String(parts[1])) ?? (row1, column1)) : (row1, column1)
            ranges.append((row1, column1, row2, column2))
        }

        func endElement(_ name: UnsafeBufferPointer<UInt8>, namespace: XMLNamespace) {}
        func characters(_ bytes: UnsafeBufferPointer<UInt8>) {}
    }

    fileprivate static func cell(_ reference: String) -> (Int, Int)? {
        let letters = reference.prefix { $0.isLetter }
        guard let row = Int(reference.dropFirst(letters.count)), !letters.isEmpty else { return nil }
        let column = letters.uppercased().unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 }
        return (row, column)
    }
}
