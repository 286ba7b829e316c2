import Foundation

/// Reads CSV and TSV exports as a stream of rows, as they come out of real programs: a header row,
/// RFC 4180 quoting, CRLF/LF/CR line ends, detected delimiter and encoding (UTF-8 with or without BOM,
/// UTF-16 with BOM, GB18030/GBK).
///
/// A row that cannot be read — a wrong number of fields, an unterminated quote, bytes that do not decode —
/// becomes a ``Reject`` naming its line, and reading goes on with the next row.
///
/// ```swift
/// let reader = try CSVReader(path: "faq.csv")
/// while let event = try reader.next() { … }
/// ```
/// - Complexity: O(n) time; memory is one chunk plus the longest row.
public final class CSVReader: TableSource {
    /// Options for reading.
    public struct Options: Sendable {
        /// The field delimiter; detected from the header line when `nil`.
        public var delimiter: UInt8?
        /// The encoding; detected when `nil`.
        public var encoding: TextEncoding?
        /// The longest row accepted, in bytes (a longer one is treated as a runaway quote; `--max-line-bytes`).
        public var maxRowBytes: Int
        /// Bytes read at a time (tests use tiny chunks to cross every boundary).
        public var chunkSize: Int
        /// Hands rows with more or fewer fields than the header to the caller instead of rejecting them, for
        /// readers that know the export's own ragged layout (a WeChat exporter appends a field to group rows).
        package var keepsRaggedRows = false

        /// Creates options.
        public init(delimiter: UInt8? = nil, encoding: TextEncoding? = nil, maxRowBytes: Int = InputLimits.defaultMaxLineBytes,
                    chunkSize: Int = 1 << 20) {
            self.delimiter = delimiter
            self.encoding = encoding
            self.maxRowBytes = maxRowBytes
            self.chunkSize = chunkSize
        }
    }

    /// The header row.
    public private(set) var header: TableHeader
    /// The encoding used, and why.
    public let encoding: EncodingDecision
    /// The delimiter used.
    public let delimiter: UInt8
    private let delimiterReason: String
    /// The file name used in locations.
    public let fileName: String
    /// Blank lines and rows whose fields are all empty, skipped.
    public private(set) var skippedBlankRows = 0

    private let stream: UTF8Stream
    private let tokenizer: CSVTokenizer
    private let options: Options
    private let buffer = ByteBuffer(capacity: 1 << 16)
    private var position = 0
    private var atEnd = false
    private var line = 1
    private let fields = ScratchList<CSVTokenizer.FieldSpan>()

    /// Opens a file (`-` for standard input) and reads its header row.
    public convenience init(path: String, options: Options = Options()) throws(ImportError) {
        try self.init(source: ByteSource(path: path), options: options)
    }

    init(source: ByteSource, options: Options) throws(ImportError) {
        self.options = options
        fileName = source.name
        stream = try UTF8Stream(source: source, encoding: options.encoding, chunkSize: options.chunkSize)
        encoding = stream.decision
        atEnd = !(try stream.read(appendingTo: buffer))
        // Delimiter detection looks at the whole first line.
        while !atEnd && buffer.count < EncodingDetector.sampleSize && !buffer.contains(0x0A) && !buffer.contains(0x0D) {
            atEnd = !(try stream.read(appendingTo: buffer))
        }
        if !atEnd, Self.excelSeparatorLine(buffer.bytes) != nil {
            // The header line after the `sep=` line is what delimiter detection would look at; read it whole.
            while !atEnd && buffer.count < EncodingDetector.sampleSize
                    && buffer.bytes.filter({ $0 == 0x0A || $0 == 0x0D }).count < 3 {
                atEnd = !(try stream.read(appendingTo: buffer))
            }
        }
        // Excel's `sep=;` first line names the delimiter and is not the header.
        let separatorLine = Self.excelSeparatorLine(buffer.bytes)
        if let separatorLine {
            position = separatorLine.length
            line = 2
        }
        // Delimiter: given, by Excel's `sep=` line, by extension, or by counting candidates on the first line.
        if let given = options.delimiter {
            delimiter = given
            delimiterReason = "given"
        } else if let separatorLine {
            delimiter = separatorLine.delimiter
            delimiterReason = "Excel's \"sep=\" first line"
        } else {
            let detected = Self.detectDelimiter(buffer.bytes, fileName: source.name)
            delimiter = detected.0
            delimiterReason = detected.1
        }
        tokenizer = CSVTokenizer(delimiter: delimiter)
        header = TableHeader(columns: [])
        // Header: the first non-blank row.
        while let event = try readRawRow() {
            switch event {
            case .row(let startLine):
                if rowIsBlank { continue }
                let values = currentStrings()
                var names: [String] = []
                for (index, value) in values.enumerated() {
                    let name = value.trimmingCharacters(in: .whitespacesAndNewlines)
                    names.append(name.isEmpty ? "column\(index + 1)" : name)
                }
                // Trailing unnamed empty columns (a trailing delimiter) are dropped.
                while let last = names.last, last == "column\(names.count)", values[names.count - 1].isEmpty, names.count > 1 {
                    names.removeLast()
                }
                header = TableHeader(columns: names)
                headerLine = startLine
                return
            case .reject(let reject):
                throw ImportError(.noHeader, "the header row cannot be read: \(reject.message)", at: reject.source)
            }
        }
        throw ImportError(.noHeader, "no header row: the file is empty", at: SourceLocation(file: fileName))
    }

    /// Input bytes consumed so far and the input's total size (when known): for progress and for sizing.
    public var progress: (consumed: Int, total: Int?) {
        (stream.source.offset - (buffer.count - position), stream.source.size)
    }

    /// The line of the header row.
    public private(set) var headerLine = 1

    /// Facts for the report: format, encoding, delimiter and why, header line, columns.
    public var facts: [(key: String, value: String)] {
        [
            ("format", delimiter == 0x09 ? "tsv" : "csv"),
            ("encoding", encoding.encoding.rawValue + (encoding.bomLength > 0 ? " with BOM" : "")),
            ("encoding_reason", encoding.reason),
            ("delimiter", Self.describe(delimiter)),
            ("delimiter_reason", delimiterReason),
            ("header_line", String(headerLine)),
            ("columns", header.listed(limit: 200)),
        ]
    }

    /// The next row, or a reject for a row that cannot be read (a ragged or runaway row, undecodable bytes); `nil` at the end.
    public func next() throws(ImportError) -> TableEvent? {
        switch try nextRaw() {
        case nil: return nil
        case .reject(let reject)?: return .reject(reject)
        case .row(let line)?:
            return .row(TableRow(header: header, values: currentStrings(),
                                 source: SourceLocation(file: fileName, line: line)))
        }
    }

    /// A row read at the byte level: see ``withCurrentRow(_:)``.
    enum RawRow {
        /// A row with exactly one field per header column, starting on `line`.
        case row(line: Int)
        case reject(Reject)
    }

    /// Unescaped fields of a row with doubled quotes (other rows are read in place, in ``buffer``).
    private let rowBytes = ByteBuffer(capacity: 1 << 12)
    /// Whether the current row's fields are in ``rowBytes`` rather than ``buffer``.
    private var rowCopied = false
    /// Where each field of the current row lies.
    private let fieldRanges = ScratchList<Range<Int>>()

    /// The bytes holding the current row, and the range of each field in them: valid UTF-8, doubled quotes
    /// collapsed. The pointer is valid until the next read.
    var currentRow: (bytes: UnsafeBufferPointer<UInt8>, fields: UnsafeBufferPointer<Range<Int>>) {
        (rowCopied ? rowBytes.bytes : buffer.bytes, fieldRanges.elements)
    }

    /// Reads the next row without building strings: blank rows are skipped (and counted), ragged rows and
    /// unreadable rows come back as rejects.
    func nextRaw() throws(ImportError) -> RawRow? {
        while let event = try readRawRow() {
            switch event {
            case .reject(let reject):
                return .reject(reject)
            case .row(let startLine):
                if rowIsBlank {
                    skippedBlankRows += 1
                    continue
                }
                let count = header.columns.count
                if fieldRanges.count == count || options.keepsRaggedRows { return .row(line: startLine) }
                if fieldRanges.count > count && fieldRanges.elements[count...].allSatisfy({ $0.isEmpty }) {
                    fieldRanges.truncate(to: count)
                    return .row(line: startLine)
                }
                let values = currentStrings()
                let names = header.columns + (count < values.count ? (count..<values.count).map { "column\($0 + 1)" } : [])
                return .reject(Reject(
                    reason: "csv.ragged_row",
                    message: "row has \(values.count) field\(values.count == 1 ? "" : "s"), the header has \(count)",
                    source: SourceLocation(file: fileName, line: startLine),
                    fields: zip(names, values).map { (key: $0, value: $1) }))
            }
        }
        return nil
    }

    /// Reads the next row at the byte level and reports only whether there was one (for benchmarks).
    package func nextRawForBenchmark() throws(ImportError) -> Bool? {
        try nextRaw() == nil ? nil : true
    }

    /// Whether every field of the current row is empty.
    private var rowIsBlank: Bool {
        fieldRanges.elements.allSatisfy { $0.isEmpty }
    }

    /// The current row's fields as strings.
    func currentStrings() -> [String] {
        let bytes = rowCopied ? rowBytes.bytes : buffer.bytes
        return fieldRanges.elements.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
    }

    private enum RawEvent {
        case row(startLine: Int)
        case reject(Reject)
    }

    /// Reads the next physical row, refilling the buffer as needed.
    private func readRawRow() throws(ImportError) -> RawEvent? {
        while true {
            if position >= buffer.count && atEnd { return nil }
            let step = tokenizer.readRow(buffer.bytes, from: position, atEnd: atEnd, fields: fields)
            switch step {
            case .row(let end, let lineBreaks):
                let startLine = line
                let event = decodeRow(startLine: startLine, rowStart: position)
                position = end
                line += lineBreaks
                return event
            case .needMoreData:
                if buffer.count - position > options.maxRowBytes {
                    let lineEnds = buffer.bytes[position...].contains { $0 == 0x0A || $0 == 0x0D }
                    let event = rejectRunawayLine(reason: "csv.row_too_long",
                                                  message: "row is longer than \(ZipArchive.describe(options.maxRowBytes)) (a quote that never closes? --max-line-bytes raises the limit)")
                    // A physical line longer than the limit is passed over to its end, unread: its rest is no row.
                    if !lineEnds && !atEnd { try skipToLineEnd() }
                    return event
                }
                try refill()
            case .unterminatedQuote(let quoteOffset):
                let column = fieldNumber(of: quoteOffset, in: buffer.bytes, lineStart: position)
                return rejectRunawayLine(reason: "csv.unterminated_quote",
                                         message: "a quote opened in field \(column) never closes; the line is skipped and reading goes on after it")
            case .textAfterQuote(let offset):
                let column = fieldNumber(of: offset, in: buffer.bytes, lineStart: position)
                return rejectRunawayLine(reason: "csv.text_after_quote",
                                         message: "text follows a closing quote in field \(column) (quotes inside a field must be doubled)")
            }
        }
    }

    /// Rejects the physical line that starts at `position` and resumes after it.
    private func rejectRunawayLine(reason: String, message: String) -> RawEvent {
        let (end, rawText) = { (bytes: UnsafeBufferPointer<UInt8>) -> (Int, String) in
            var i = position
            while i < bytes.count && bytes[i] != 0x0A && bytes[i] != 0x0D { i += 1 }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<min(i, position + 500)]), as: UTF8.self)
            if i < bytes.count && bytes[i] == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A { i += 2 } else if i < bytes.count { i += 1 }
            return (i, text)
        }(buffer.bytes)
        let reject = Reject(reason: reason, message: message, source: SourceLocation(file: fileName, line: line), raw: rawText)
        position = end
        line += 1
        return .reject(reject)
    }

    /// Passes over the bytes that follow, up to and including the next line end, without keeping them (the rest
    /// of a line longer than ``Options/maxRowBytes``).
    private func skipToLineEnd() throws(ImportError) {
        while true {
            buffer.removeFirst(position)
            position = 0
            if !(try stream.read(appendingTo: buffer)) {
                atEnd = true
                return
            }
            let bytes = buffer.bytes
            if let found = bytes.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) {
                position = found + (bytes[found] == 0x0D && found + 1 < bytes.count && bytes[found + 1] == 0x0A ? 2 : 1)
                return
            }
            position = bytes.count
        }
    }

    private func refill() throws(ImportError) {
        if position > 0 {
            buffer.removeFirst(position)
            position = 0
        }
        if !(try stream.read(appendingTo: buffer)) {
            atEnd = true
        }
    }

    /// Records where the row's fields are — in place, or copied into ``rowBytes`` with doubled quotes
    /// collapsed — and checks that each is valid UTF-8; a field that is not rejects the row.
    private func decodeRow(startLine: Int, rowStart: Int) -> RawEvent {
        fieldRanges.removeAll()
        rowCopied = fields.elements.contains { $0.hasEscapedQuotes }
        var badField: Int?
        if rowCopied {
            rowBytes.removeAll()
            let bytes = buffer.bytes
            for span in fields.elements {
                let slice = UnsafeBufferPointer(rebasing: bytes[span.start..<span.end])
                let start = rowBytes.count
                if span.hasEscapedQuotes {
                    var i = 0
                    while i < slice.count {
                        rowBytes.append(slice[i])
                        i += slice[i] == 0x22 ? 2 : 1
                    }
                } else {
                    rowBytes.append(slice)
                }
                fieldRanges.append(start..<rowBytes.count)
            }
        } else {
            for span in fields.elements { fieldRanges.append(span.start..<span.end) }
        }
        // One check over the whole row (delimiters and quotes are ASCII); field by field only to name a culprit.
        if let first = fieldRanges.elements.first, let last = fieldRanges.elements.last {
            let bytes = currentRow.bytes
            if UTF8Validation.firstInvalidOffset(UnsafeBufferPointer(rebasing: bytes[first.lowerBound..<last.upperBound])) != nil {
                badField = fieldRanges.elements.firstIndex { UTF8Validation.firstInvalidOffset(UnsafeBufferPointer(rebasing: bytes[$0])) != nil }
            }
        }
        if let badField {
            let column = badField < header.columns.count ? "\"\(header.columns[badField])\"" : "\(badField + 1)"
            let fieldsForReport = zip(header.columns, currentStrings()).map { (key: $0, value: $1) }
            return .reject(Reject(
                reason: "csv.undecodable",
                message: "column \(column) has bytes that are not valid \(encoding.encoding.rawValue)"
                    + (encoding.encoding == .utf8 ? " (use --encoding if the file is GBK or another encoding)" : ""),
                source: SourceLocation(file: fileName, line: startLine), fields: fieldsForReport))
        }
        return .row(startLine: startLine)
    }

    /// The 1-based field number that byte `offset` of the row starting at `lineStart` falls in.
    private func fieldNumber(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>, lineStart: Int) -> Int {
        var number = 1
        var inQuotes = false
        for byte in bytes[lineStart..<min(offset, bytes.count)] {
            if byte == 0x22 { inQuotes.toggle() } else if byte == delimiter && !inQuotes { number += 1 }
        }
        return number
    }

    static func describe(_ delimiter: UInt8) -> String {
        switch delimiter {
        case 0x09: return "tab"
        case 0x2C: return "comma"
        case 0x3B: return "semicolon"
        case 0x7C: return "pipe"
        default: return "'" + String(UnicodeScalar(delimiter)) + "'"
        }
    }

    /// Excel's delimiter line (`sep=;`, also quoted `"sep=;"`) at the start of `bytes`: the delimiter and the
    /// line's length with its line end.
    static func excelSeparatorLine(_ bytes: UnsafeBufferPointer<UInt8>) -> (delimiter: UInt8, length: Int)? {
        var i = 0
        let quoted = bytes.count > 0 && bytes[0] == 0x22
        if quoted { i = 1 }
        guard bytes.count >= i + 5 else { return nil }
        let word = bytes[i..<(i + 4)].map { $0 | 0x20 }
        guard word == Array("sep=".utf8) else { return nil }
        let delimiter = bytes[i + 4]
        guard delimiter != 0x0A && delimiter != 0x0D && delimiter != 0x22 && delimiter < 0x80 else { return nil }
        i += 5
        if quoted {
            guard i < bytes.count, bytes[i] == 0x22 else { return nil }
            i += 1
        }
        if i == bytes.count { return (delimiter, i) }
        if bytes[i] == 0x0D {
            return (delimiter, i + 1 < bytes.count && bytes[i + 1] == 0x0A ? i + 2 : i + 1)
        }
        if bytes[i] == 0x0A { return (delimiter, i + 1) }
        return nil
    }

    /// Picks the delimiter that splits the first line best (outside quotes): tab, comma, semicolon or pipe.
    static func detectDelimiter(_ bytes: UnsafeBufferPointer<UInt8>, fileName: String) -> (UInt8, String) {
        let lower = fileName.lowercased()
        if lower.hasSuffix(".tsv") || lower.hasSuffix(".tab") { return (0x09, "the .tsv extension") }
        let candidates: [UInt8] = [0x2C, 0x09, 0x3B, 0x7C]
        var counts = [Int](repeating: 0, count: candidates.count)
        var inQuotes = false
        for byte in bytes {
            if byte == 0x22 { inQuotes.toggle(); continue }
            if inQuotes { continue }
            if byte == 0x0A || byte == 0x0D { break }
            if let index = candidates.firstIndex(of: byte) { counts[index] += 1 }
        }
        guard let best = counts.indices.max(by: { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) }),
              counts[best] > 0 else {
            return (0x2C, "default (the header has a single column)")
        }
        return (candidates[best], "most frequent separator in the header line (\(counts[best]))")
    }
}
