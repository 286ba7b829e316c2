/// Reads records already in the platform's (OpenAI-compatible) shapes from a JSONL file — chat, thinking,
/// tools, vision, image-gen lines and DPO lines — so that existing files can be validated, de-duplicated,
/// split and written again. Common legacy spellings are accepted and rewritten, and every rewrite is
/// counted: `functions` → `tools`, `function_call` → `tool_calls`, role `function` → `tool`, arguments given
/// as an object → a JSON string, `chosen`/`rejected` (TRL, Bailian) → preferred / non-preferred.
///
/// A line that is not JSON, or not a record in any of these shapes, becomes a ``Reject`` naming its line.
///
/// When repairing (`convert`), lines go through ``UnitAssembler`` and ``LineRepairer`` first: a pretty-printed
/// object is one record (located at its first line), trailing commas, NaN, role aliases and legacy function
/// calling are fixed and counted in ``repairs``, and the current line is the repaired line.
package final class JSONLRecordReader {
    /// One input line's outcome.
    package enum Event: Sendable {
        case record(Record)
        case reject(Reject)
    }

    package let fileName: String
    /// The input's size when it is a regular file (for progress).
    package let totalBytes: Int?
    /// Bytes of input read so far (at chunk granularity; for progress).
    package var bytesRead: Int { lines.bytesRead }
    /// How far the reading has come, with `records` read so far.
    package func progress(records: Int) -> JobProgress {
        JobProgress(done: bytesRead, total: totalBytes, unit: .bytes, records: records)
    }
    /// Rewrites of legacy spellings, and keys left out, by description.
    package private(set) var rewrites: [String: Int] = [:]
    /// Blank lines skipped.
    package private(set) var skippedBlankLines = 0
    /// Repairs made (when repairing), by kind with lines.
    package private(set) var repairs = RepairTally()
    private let repairing: Bool
    private var assembler = UnitAssembler()
    private var queue: [UnitAssembler.Output] = []
    private var queued = 0
    private let lineRepairer = LineRepairer(images: nil)
    /// The repaired line the last ``next()`` returned, when repairing.
    private var repairedLine: [UInt8] = []
    /// Whether the current line is ``repairedLine`` (else the line as read, ``currentLine``).
    private var lineIsRepaired = false

    /// The input's lines (``JSONLLines``: the same splitting `tunekit repair` reads with).
    private let lines: JSONLLines
    private var byteOrderMarkCounted = false
    private var line = 0
    private var currentLine = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    /// Decodes each parsed line (``RecordDecoder``); records it holds (KTO pairs) come after the last line.
    private var decoder: RecordDecoder
    private var held: [Event]?

    /// Opens a file (`-` for standard input).
    package convenience init(path: String) throws(ImportError) {
        try self.init(source: ByteSource(path: path))
    }

    /// Reads an opened source (which may replay a sample first); `repairing` fixes what can be fixed without
    /// guessing (see ``RepairKind``) before decoding with `decoding`.
    init(source: ByteSource, decoding: RecordDecoder.Context = RecordDecoder.Context(), repairing: Bool = false,
         maxLineBytes: Int = InputLimits.defaultMaxLineBytes) throws(ImportError) {
        fileName = source.name
        totalBytes = source.size
        lines = JSONLLines(source: source, detectsUTF16: false, maxLineBytes: maxLineBytes)
        self.repairing = repairing
        decoder = RecordDecoder(context: decoding)
    }

    /// Records read per dataset dialect (``RecordDecoder/dialects``), and KTO pairs made and left unpaired.
    var dialects: [String: Int] { decoder.dialects }
    var ktoPairing: KTOPairing.Counts { KTOPairing.Counts(pairs: decoder.ktoPairs, records: decoder.ktoPairedRecords,
                                                          unpaired: decoder.ktoUnpaired) }

    /// After the last line: the records the decoder held, one per call.
    private func nextHeld() -> Event? {
        if held == nil { held = decoder.finish().reversed().map(Event.init) }
        return held!.popLast()
    }

    /// The next record or reject; `nil` at the end.
    package func next() throws(ImportError) -> Event? {
        if repairing { return try nextRepaired() }
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
                let parsed = try JSONReader.parse(text)
                if let refusal = Self.refusal(parsed.notes, text, at: location) { return .reject(refusal) }
                value = parsed.value
            } catch {
                return .reject(Reject(reason: "jsonl.parse", message: "not JSON: \(error.message)", source: location,
                                      raw: String(decoding: text.prefix(500), as: UTF8.self)))
            }
            if let event = decode(value, source: location) { return event }
        }
    }

    /// The record or reject a parsed unit decodes to; `nil` when the decoder holds it (a KTO reply waiting for
    /// its pair, handed out after the last line).
    private func decode(_ value: JSONValue, source location: SourceLocation) -> Event? {
        decoder.event(for: value, source: location, rewrites: &rewrites)
    }

    private func nextRepaired() throws(ImportError) -> Event? {
        while true {
            if queued < queue.count {
                queued += 1
                switch queue[queued - 1] {
                case .blank:
                    skippedBlankLines += 1
                case .failure(let failure):
                    return .reject(reject(failure))
                case .unit(let unit):
                    switch lineRepairer.repair(unit) {
                    case .failure(let failure):
                        return .reject(reject(failure))
                    case .success(let repaired):
                        repairedLine = repaired.bytes
                        lineIsRepaired = true
                        repairs.add(repaired.repairs, line: unit.firstLine)
                        if let event = decode(repaired.value, source: SourceLocation(file: fileName, line: unit.firstLine)) {
                            return event
                        }
                    }
                }
                continue
            }
            guard let bytes = try nextLine() else {
                queue = assembler.finish()
                queued = 0
                guard !queue.isEmpty else { return nextHeld() }
                continue
            }
            line += 1
            var text = bytes
            if let last = text.last, last == 0x0D { text = UnsafeBufferPointer(rebasing: text[..<(text.count - 1)]) }
            // The common case first: a whole line that parses and needs no repair is decoded from the bytes read,
            // with no copy (what the assembler and the repairer would do with it, without their cost).
            if !assembler.isCollecting, let parsed = try? JSONReader.parse(text), RecordRepairer.needsNoRepair(parsed.value) {
                currentLine = text
                lineIsRepaired = false
                let location = SourceLocation(file: fileName, line: line)
                // A lone surrogate escape would be read as U+FFFD, and of a key given twice only one value would be
                // written: the text would change, so the line is refused.
                if let refusal = Self.refusal(parsed.notes, text, at: location) { return .reject(refusal) }
                if let event = decode(parsed.value, source: location) { return event }
                continue
            }
            queue = assembler.feed(text, number: line)
            queued = 0
        }
    }

    /// The reject for a line whose decoding would change its text, or nil: a lone UTF-16 surrogate escape
    /// (`\ud800`) decodes to U+FFFD, and of a key given twice in one object only one value would be carried
    /// (`validate` warns about such lines; converting them would drop a value silently).
    private static func refusal(_ notes: [JSONReader.Note], _ text: UnsafeBufferPointer<UInt8>,
                                at location: SourceLocation) -> Reject? {
        guard let note = notes.first else { return nil }
        let message: String
        switch note {
        case .loneSurrogate:
            message = "not JSON [enc.control_chars]: a lone UTF-16 surrogate escape (\\ud800–\\udfff) cannot be decoded, so the text cannot be carried unchanged; fix the escape in the source"
        case .duplicateKey(let key, let pointer):
            message = "not JSON [json.duplicate_key]: the key \"\(key)\" appears twice in one object (\(pointer.isEmpty ? "/" : pointer)), and only one value could be written; keep the one that is meant"
        }
        return Reject(reason: "jsonl.parse", message: message, source: location, raw: String(decoding: text.prefix(500), as: UTF8.self))
    }

    /// A unit that is not JSON (or cannot be written again) as a `jsonl.parse` reject naming the validator's code
    /// (the current line is then empty: such a unit has no line to copy).
    private func reject(_ failure: UnitAssembler.Failure) -> Reject {
        repairedLine = []
        lineIsRepaired = true
        let lines = failure.lastLine > failure.firstLine ? " (lines \(failure.firstLine)–\(failure.lastLine))" : ""
        return Reject(reason: "jsonl.parse", message: "not JSON [\(failure.code.code)]: \(failure.message)\(lines)",
                      source: SourceLocation(file: fileName, line: failure.firstLine), raw: failure.raw)
    }

    /// Runs `body` on the bytes of the line the last ``next()`` returned (without its line end), e.g. to
    /// estimate its tokens; when repairing, the repaired line.
    package func withCurrentLine<T, Failure: Error>(_ body: (UnsafeBufferPointer<UInt8>) throws(Failure) -> T) throws(Failure) -> T {
        if repairing && lineIsRepaired {
            let outcome: Result<T, Failure> = repairedLine.withUnsafeBufferPointer { bytes in
                do throws(Failure) { return .success(try body(bytes)) } catch { return .failure(error) }
            }
            return try outcome.get()
        }
        return try body(currentLine)
    }

    /// Copies the line the last ``next()`` returned to `file`, with a line feed: byte for byte, no copy in
    /// between (when repairing, the repaired line).
    package func copyCurrentLine(to file: OutputFile) throws(OutputError) {
        if repairing && lineIsRepaired {
            try file.write(repairedLine)
        } else {
            try file.write(currentLine)
        }
        try file.write(Self.lineFeed)
    }

    private static let lineFeed: [UInt8] = [0x0A]

    /// The next line's bytes (without its line end), valid until the next call; a leading byte-order mark is
    /// taken off by ``JSONLLines`` and counted here.
    private func nextLine() throws(ImportError) -> UnsafeBufferPointer<UInt8>? {
        let next = try lines.next()
        if lines.hadByteOrderMark && !byteOrderMarkCounted {
            byteOrderMarkCounted = true
            if repairing {
                repairs.add(.bom, line: 1)
            } else {
                rewrites["UTF-8 byte-order mark removed", default: 0] += 1
            }
        }
        return next
    }
}
