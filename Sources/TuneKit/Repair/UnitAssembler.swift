/// Turns the lines of a JSONL file into input units: one JSON value per line, or one object pretty-printed
/// over several lines (collected until it parses, and counted as one unit with its line range), after the
/// syntax repairs of ``JSONSyntaxRepair``. A value that never completes — cut short, or at the end of the
/// file — is a failure carrying the validator's code (`json.parse`, `json.multiline_object` …) and its lines,
/// never a hang: collection stops after ``maxPendingLines`` lines or ``maxPendingBytes`` bytes.
///
/// Lines are fed one at a time (without their line end); the assembler copies what it keeps.
struct UnitAssembler {
    /// One input unit that parsed.
    struct Unit {
        var value: JSONValue
        /// The line as read when it is a single line that needed no syntax repair; nil when the unit must be
        /// written again from ``value``.
        var original: [UInt8]?
        var firstLine: Int
        var lastLine: Int
        /// Syntax repairs made (trailing commas, NaN, the multi-line join).
        var repairs: [RepairKind: Int]
        /// The text held an escaped lone surrogate, which ``value`` holds as U+FFFD: writing it again would
        /// change the text, so such a unit is only kept as it was read.
        var loneSurrogate: Bool
    }

    /// Lines that are not a JSON value, with the validator's code.
    struct Failure: Error {
        var code: ValidationCode
        var message: String
        var firstLine: Int
        var lastLine: Int
        /// The start of the text (at most 500 bytes).
        var raw: String
    }

    enum Output {
        case unit(Unit)
        case failure(Failure)
        /// A blank line (outside a multi-line object).
        case blank(line: Int)
    }

    static let maxPendingLines = 10_000
    static let maxPendingBytes = 64 << 20

    /// The text collected so far (lines joined by line feeds).
    private var pending: [UInt8] = []
    /// The lines collected, blank ones included, to read again when the value turns out to be cut short.
    private var parts: [(number: Int, bytes: [UInt8])] = []
    /// Non-blank lines collected.
    private var pendingLines = 0
    /// The collected text's bracket depth (``BracketDepth``): the value can have ended only where it is back to 0
    /// (or a line left a string open), and only there is the whole text parsed again.
    private var depth = 0
    /// The collected bytes at the last attempt made at a line opening the next record (``startsRecord(_:)``)
    /// before the depth closed: such attempts are made again only once the text has doubled, so that they cost
    /// no more than parsing the text twice.
    private var lastAttempt = 0
    /// Times collected text was parsed (what keeps collection linear: about once per value).
    private(set) var joinAttempts = 0

    /// Whether an object pretty-printed over several lines is being collected (the next line may continue it).
    var isCollecting: Bool { pendingLines > 0 }

    /// Feeds the next line; returns what it completes (nothing while an object is being collected; a failure
    /// for the collected lines and then the outcome of the lines read again when the line cannot continue them).
    mutating func feed(_ line: UnsafeBufferPointer<UInt8>, number: Int) -> [Output] {
        if pendingLines > 0 {
            let previousCount = pending.count
            pending.append(0x0A)
            pending.append(contentsOf: line)
            parts.append((number, Array(line)))
            if line.allSatisfy(Self.isSpace) { return [] }
            pendingLines += 1
            let change = BracketDepth.change(line)
            depth += change ?? 0
            let overLimit = pendingLines >= Self.maxPendingLines || pending.count >= Self.maxPendingBytes
            // A top-level value can only end on a line whose last visible byte closes it.
            guard let last = line.last(where: { !Self.isSpace($0) }), last == UInt8(ascii: "}") || last == UInt8(ascii: "]") else {
                return overLimit ? giveUp(atEnd: false) : []
            }
            // … and where its brackets close (or a string breaks, which no more text mends); a line that looks
            // like the next record is tried too (the value before it was cut short), at most as often as the
            // text doubles.
            let mayClose = change == nil || depth <= 0
            let nextRecord = Self.startsRecord(line) && pending.count >= 2 * lastAttempt
            guard mayClose || nextRecord else { return overLimit ? giveUp(atEnd: false) : [] }
            if !mayClose { lastAttempt = pending.count }
            joinAttempts += 1
            switch pending.withUnsafeBufferPointer({ Self.attempt($0) }) {
            case .parsed(let value, var repairs, let surrogate):
                repairs[.multilineObject] = 1
                let unit = Unit(value: value, original: nil, firstLine: parts[0].number, lastLine: number, repairs: repairs,
                                loneSurrogate: surrogate)
                reset()
                return [.unit(unit)]
            case .incomplete:
                return overLimit ? giveUp(atEnd: false) : []
            case .failed:
                // The line does not continue what came before: give that up, then read the line on its own.
                pending.removeSubrange(previousCount...)
                parts.removeLast()
                pendingLines -= 1
                return giveUp(atEnd: false) + feed(line, number: number)
            }
        }
        if line.allSatisfy(Self.isSpace) { return [.blank(line: number)] }
        switch Self.attempt(line) {
        case .parsed(let value, let repairs, let surrogate):
            return [.unit(Unit(value: value, original: repairs.isEmpty ? Array(line) : nil, firstLine: number, lastLine: number,
                               repairs: repairs, loneSurrogate: surrogate))]
        case .incomplete(let error):
            if let first = line.first(where: { !Self.isSpace($0) }), first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
                pending = Array(line)
                parts = [(number, pending)]
                pendingLines = 1
                depth = BracketDepth.change(line) ?? 0
                lastAttempt = 0
                return []
            }
            return [.failure(Self.failure(error, in: line, first: number, last: number))]
        case .failed(let error):
            return [.failure(Self.failure(error, in: line, first: number, last: number))]
        }
    }

    /// The end of the input: the value being collected, if any, was cut short.
    mutating func finish() -> [Output] {
        guard pendingLines > 0 else { return [] }
        // Lines read again may start another value that the end cuts short too.
        return giveUp(atEnd: true) + finish()
    }

    /// Gives up the value being collected. When a later collected line opens an object in the first column
    /// with content after the brace — the next record, not the inside of a pretty-printed object, whose lines
    /// are indented or a lone brace — only the lines before it are the failure, and the rest are read again:
    /// a line cut short never swallows the whole records after it. Otherwise all the lines are one failure.
    private mutating func giveUp(atEnd: Bool) -> [Output] {
        let collected = parts
        let split = collected.indices.dropFirst().first { index in
            collected[index].bytes.withUnsafeBufferPointer { Self.startsRecord($0) }
        }
        let failed = collected[..<(split ?? collected.count)]
        let lines = failed.filter { !$0.bytes.allSatisfy(Self.isSpace) }
        let first = failed.first!.number
        let last = lines.last?.number ?? first
        var text: [UInt8] = []
        for part in failed.prefix(64) where text.count < 500 { text += part.bytes + [0x0A] }
        let raw = String(decoding: text.prefix(500), as: UTF8.self)
        let failure: Failure
        if lines.count > 1 {
            let place = atEnd && split == nil ? "at the end of the file" : "after \(lines.count) lines"
            failure = Failure(code: .jsonMultilineObject,
                              message: "a JSON value starts on line \(first) and is not complete \(place) (lines \(first)–\(last); cut off?)",
                              firstLine: first, lastLine: last, raw: raw)
        } else {
            failure = Failure(code: .jsonParse, message: "the line ends before the JSON value is complete",
                              firstLine: first, lastLine: last, raw: raw)
        }
        reset()
        var outputs: [Output] = [.failure(failure)]
        if let split {
            for part in collected[split...] {
                outputs += part.bytes.withUnsafeBufferPointer { feed($0, number: part.number) }
            }
        }
        return outputs
    }

    private mutating func reset() {
        pending = []
        parts = []
        pendingLines = 0
        depth = 0
        lastAttempt = 0
    }

    private enum Attempt {
        case parsed(JSONValue, [RepairKind: Int], loneSurrogate: Bool)
        case incomplete(JSONReader.Failure)
        case failed(JSONReader.Failure)
    }

    /// Parses strictly; on a trailing comma or a NaN, parses the repaired text.
    private static func attempt(_ bytes: UnsafeBufferPointer<UInt8>) -> Attempt {
        let error: JSONReader.Failure
        do {
            let result = try JSONReader.parse(bytes)
            return .parsed(result.value, [:], loneSurrogate: hasLoneSurrogate(result.notes))
        } catch let failure {
            error = failure
        }
        guard error.kind == .trailingComma || error.kind == .nonFinite else {
            return error.kind == .truncated ? .incomplete(error) : .failed(error)
        }
        let repaired = JSONSyntaxRepair.repair(bytes)
        do {
            let result = try JSONReader.parse(repaired.bytes)
            var repairs: [RepairKind: Int] = [:]
            if repaired.trailingCommas > 0 { repairs[.trailingComma] = repaired.trailingCommas }
            if repaired.nonFinite > 0 { repairs[.nonfiniteNull] = repaired.nonFinite }
            return .parsed(result.value, repairs, loneSurrogate: hasLoneSurrogate(result.notes))
        } catch let second {
            // Report the first fault as the validator would when the repair did not make the text whole.
            return second.kind == .truncated ? .incomplete(second) : .failed(second.kind == .syntax ? second : error)
        }
    }

    private static func hasLoneSurrogate(_ notes: [JSONReader.Note]) -> Bool {
        notes.contains { if case .loneSurrogate = $0 { true } else { false } }
    }

    private static func failure(_ error: JSONReader.Failure, in line: UnsafeBufferPointer<UInt8>, first: Int, last: Int) -> Failure {
        let diagnostic = JSONLValidator.diagnostic(for: error, in: line)
        return Failure(code: diagnostic.code, message: diagnostic.message, firstLine: first, lastLine: last,
                       raw: String(decoding: line.prefix(500), as: UTF8.self))
    }

    /// `{` in the first column followed by more than white space on the same line.
    static func startsRecord(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard line.first == UInt8(ascii: "{") else { return false }
        return line.dropFirst().contains { !isSpace($0) }
    }

    /// How many JSON objects the lines hold, read as JSONL with pretty-printed objects assembled; an object
    /// still open at the end is not counted (for recognising an input from a sample).
    static func countObjects<S: Sequence>(in lines: S) -> Int where S.Element: StringProtocol {
        var assembler = UnitAssembler()
        var objects = 0
        for (index, line) in lines.enumerated() {
            var text = String(line)
            let outputs = text.withUTF8 { assembler.feed($0, number: index + 1) }
            for case .unit(let unit) in outputs {
                if case .object = unit.value { objects += 1 }
            }
        }
        return objects
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D
    }
}
