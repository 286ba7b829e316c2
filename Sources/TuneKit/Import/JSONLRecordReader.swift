#if canImport(Glibc)
import Glibc
#endif

/// Reads records already in the platform's (OpenAI-compatible) shapes from a JSONL file — chat, thinking,
/// tools, vision, image-gen lines and DPO lines — so that existing files can be validated, de-duplicated,
/// split and written again. Common legacy spellings are accepted and rewritten, and every rewrite is
/// counted: `functions` → `tools`, `function_call` → `tool_calls`, role `function` → `tool`, arguments given
/// as an object → a JSON string, `chosen`/`rejected` (TRL, Bailian) → preferred / non-preferred.
///
/// A line that is not JSON, or not a record in any of these shapes, becomes a ``Reject`` naming its line.
package final class JSONLRecordReader {
    /// One input line's outcome.
    package enum Event: Sendable {
        case record(Record)
        case reject(Reject)
    }

    package let fileName: String
    /// Rewrites of legacy spellings, and keys left out, by description.
    package private(set) var rewrites: [String: Int] = [:]
    /// Blank lines skipped.
    package private(set) var skippedBlankLines = 0

    private let source: ByteSource
    private let buffer = ByteBuffer(capacity: 1 << 20)
    private var start = 0
    private var atEnd = false
    private var line = 0
    private var first = true
    private var currentLine = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    /// Decodes each parsed line (``RecordDecoder``); records it holds (KTO pairs) come after the last line.
    private var decoder: RecordDecoder
    private var held: [Event]?

    /// Opens a file (`-` for standard input).
    package convenience init(path: String) throws(ImportError) {
        try self.init(source: ByteSource(path: path))
    }

    /// Reads an opened source (which may replay a sample first).
    init(source: ByteSource, decoding: RecordDecoder.Context = RecordDecoder.Context()) throws(ImportError) {
        fileName = source.name
        self.source = source
        decoder = RecordDecoder(context: decoding)
    }

    /// Records read per dataset dialect (``RecordDecoder/dialects``), and KTO pairs made and left unpaired.
    var dialects: [String: Int] { decoder.dialects }
    var ktoPairing: KTOPairing.Counts { KTOPairing.Counts(pairs: decoder.ktoPairs, records: decoder.ktoPairedRecords,
                                                          unpaired: decoder.ktoUnpaired) }

    /// The next record or reject; `nil` at the end.
    package func next() throws(ImportError) -> Event? {
        while true {
            guard let bytes = try nextLine() else { return nextHeld() }
            line += 1
            var text = bytes
            if let last = text.last, last == 0x0D { text = UnsafeBufferPointer(rebasing: text[..<(text.count - 1)]) }
            if text.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                skippedBlankLines += 1
                continue
            }
            currentLine = text
            let location = SourceLocation(file: fileName, line: line)
            let value: JSONValue
            do {
                value = try JSONReader.parse(text).value
            } catch {
                return .reject(Reject(reason: "jsonl.parse", message: "not JSON: \(error.message)", source: location,
                                      raw: String(decoding: text.prefix(500), as: UTF8.self)))
            }
            switch decoder.decode(value, source: location) {
            case .decoded(let decoded):
                for note in decoded.rewrites { rewrites[note, default: 0] += 1 }
                return .record(decoded.record)
            case .reject(let reject):
                return .reject(reject)
            case .held(let notes):
                for note in notes { rewrites[note, default: 0] += 1 }
            }
        }
    }

    /// After the last line: the records the decoder held, one per call.
    private func nextHeld() -> Event? {
        if held == nil { held = decoder.finish().reversed().map(Event.init) }
        return held!.popLast()
    }

    /// Runs `body` on the bytes of the line the last ``next()`` returned (without its line end), e.g. to
    /// estimate its tokens.
    package func withCurrentLine<T, Failure: Error>(_ body: (UnsafeBufferPointer<UInt8>) throws(Failure) -> T) throws(Failure) -> T {
        try body(currentLine)
    }

    /// Copies the line the last ``next()`` returned to `file`, with a line feed: byte for byte, no copy in between.
    package func copyCurrentLine(to file: OutputFile) throws(OutputError) {
        try file.write(currentLine)
        try file.write(Self.lineFeed)
    }

    private static let lineFeed: [UInt8] = [0x0A]

    /// The next line's bytes (without the newline), valid until the next call.
    private func nextLine() throws(ImportError) -> UnsafeBufferPointer<UInt8>? {
        while true {
            let bytes = buffer.bytes
            if start < bytes.count {
                let base = bytes.baseAddress! + start
                if let found = memchr(base, 0x0A, bytes.count - start) {
                    let end = bytes.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    let lineBytes = UnsafeBufferPointer(rebasing: bytes[start..<end])
                    start = end + 1
                    return lineBytes
                }
            }
            if atEnd {
                guard start < bytes.count else { return nil }
                let lineBytes = UnsafeBufferPointer(rebasing: bytes[start...])
                start = bytes.count
                return lineBytes
            }
            buffer.removeFirst(start)
            start = 0
            buffer.reserve(1 << 20)
            let spare = buffer.spare
            let count = try source.read(into: spare.baseAddress!, count: min(1 << 20, spare.count))
            if count == 0 {
                atEnd = true
            } else {
                buffer.commit(count)
                if first {
                    first = false
                    if buffer.bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
                        start = 3
                        rewrites["UTF-8 byte-order mark removed", default: 0] += 1
                    }
                }
            }
        }
    }
}
