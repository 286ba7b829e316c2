#if canImport(Glibc)
import Glibc
#endif

/// Checks JSONL training files line by line, streaming, and reports every problem (not only the first)
/// with its line, a stable code and a JSON pointer.
///
/// File-level checks: a UTF-8 byte-order mark, blank lines, pretty-printed objects spread over several
/// lines, the 100 MB upload limit, an empty file. Line-level checks: JSON syntax (trailing commas,
/// NaN, invalid UTF-8 named as such), a non-object line, then the format's own rules (``ChatRules``).
public struct JSONLValidator: Sendable {
    /// The largest file the platform accepts, in bytes (BigModel: 100 MB).
    public var maxFileBytes: Int
    /// Fewer records than this draws a warning (BigModel advises "a few hundred").
    public var minimumRecords: Int
    private let chat = ChatRules()

    /// Creates a validator with the BigModel limits.
    public init(maxFileBytes: Int = 100 * 1_000_000, minimumRecords: Int = 300) {
        self.maxFileBytes = maxFileBytes
        self.minimumRecords = minimumRecords
    }

    /// Validates a file (`-` for standard input) as chat JSONL.
    public func validate(path: String) -> ValidationResult {
        var result = ValidationResult(file: path)
        let source: ByteSource
        do {
            source = try ByteSource(path: path)
        } catch {
            result.unreadable = error.description
            return result
        }
        var state = LineState()
        var buffer: [UInt8] = []
        buffer.reserveCapacity(2 << 20)
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var start = 0
        var first = true
        while true {
            let count: Int
            do {
                count = try source.readChunk(into: &chunk)
            } catch {
                result.unreadable = error.description
                return result
            }
            if count == 0 { break }
            if start > 0 {
                buffer.removeSubrange(0..<start)
                start = 0
            }
            buffer.append(contentsOf: chunk[0..<count])
            if first {
                first = false
                if buffer.starts(with: [0xEF, 0xBB, 0xBF]) {
                    result.diagnostics.append(Diagnostic(.warning, "enc.bom",
                        "the file starts with a UTF-8 byte-order mark; many validators fail on it (\"Expecting value: line 1 column 1\")",
                        at: SourceLocation(file: path, line: 1)))
                    start = 3
                } else if buffer.starts(with: [0xFF, 0xFE]) || buffer.starts(with: [0xFE, 0xFF]) {
                    result.diagnostics.append(Diagnostic(.error, "enc.utf16",
                        "the file is UTF-16; training files must be UTF-8", at: SourceLocation(file: path, line: 1)))
                    result.unreadable = nil
                    return result
                }
            }
            buffer.withUnsafeBufferPointer { bytes in
                while let newline = Self.find(0x0A, in: bytes, from: start) {
                    processLine(UnsafeBufferPointer(rebasing: bytes[start..<newline]), state: &state, result: &result)
                    start = newline + 1
                }
            }
        }
        if start < buffer.count {
            buffer.withUnsafeBufferPointer { bytes in
                processLine(UnsafeBufferPointer(rebasing: bytes[start...]), state: &state, result: &result)
            }
        }
        flushPending(state: &state, result: &result)
        let size = source.offset
        if size == 0 || result.records == 0 && result.diagnostics.allSatisfy({ $0.code == "json.blank_line" }) {
            result.diagnostics.append(Diagnostic(.error, "file.empty", "the file holds no records", at: SourceLocation(file: path)))
        } else if result.records > 0 && result.records < minimumRecords {
            result.diagnostics.append(Diagnostic(.warning, "limit.examples_min",
                "\(result.records) records; the platform advises at least a few hundred", at: SourceLocation(file: path)))
        }
        if size > maxFileBytes {
            result.diagnostics.append(Diagnostic(.error, "file.too_large",
                "the file is \(size / 1_000_000) MB; the platform accepts at most \(maxFileBytes / 1_000_000) MB per file (split it)",
                at: SourceLocation(file: path)))
        }
        return result
    }

    /// Lines of a possibly pretty-printed object being collected.
    struct LineState {
        var pending: [UInt8] = []
        var pendingStart = 0
        var pendingLines = 0
    }

    private static func find(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard from < bytes.count else { return nil }
        guard let found = memchr(bytes.baseAddress! + from, Int32(byte), bytes.count - from) else { return nil }
        return bytes.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    private func processLine(_ rawLine: UnsafeBufferPointer<UInt8>, state: inout LineState, result: inout ValidationResult) {
        result.lines += 1
        let lineNumber = result.lines
        var line = rawLine
        if let last = line.last, last == 0x0D { line = UnsafeBufferPointer(rebasing: line[..<(line.count - 1)]) }
        let location = SourceLocation(file: result.file, line: lineNumber)
        let blank = line.allSatisfy { $0 == 0x20 || $0 == 0x09 }
        if state.pendingLines > 0 {
            // Inside what looks like a pretty-printed object: collect until it parses.
            state.pending.append(0x0A)
            state.pending.append(contentsOf: line)
            state.pendingLines += 1
            if (try? JSONReader.parse(state.pending)) != nil {
                result.records += 1
                result.diagnostics.append(Diagnostic(.error, "json.multiline_object",
                    "one JSON object is spread over lines \(state.pendingStart)–\(lineNumber) (pretty-printed); JSONL needs one object per line",
                    at: SourceLocation(file: result.file, line: state.pendingStart)))
                state = LineState()
            } else if state.pendingLines >= 10_000 {
                flushPending(state: &state, result: &result)
            }
            return
        }
        if blank {
            result.diagnostics.append(Diagnostic(.error, "json.blank_line", "blank line (every line must hold one JSON object)", at: location))
            return
        }
        do {
            let parsed = try JSONReader.parse(line)
            result.records += 1
            for note in parsed.notes {
                switch note {
                case .duplicateKey(let key, let pointer):
                    result.diagnostics.append(Diagnostic(.warning, "json.duplicate_key", "the key \"\(key)\" appears twice in one object", at: location, pointer: pointer))
                case .loneSurrogate(let pointer):
                    result.diagnostics.append(Diagnostic(.warning, "enc.control_chars", "a lone UTF-16 surrogate escape (\\ud800–\\udfff) cannot be decoded", at: location, pointer: pointer))
                }
            }
            guard case .object = parsed.value else {
                result.diagnostics.append(Diagnostic(.error, "json.not_object", "the line is \(parsed.value.kindDescription), not a JSON object", at: location))
                return
            }
            chat.check(parsed.value) { severity, code, message, pointer in
                result.diagnostics.append(Diagnostic(severity, code, message, at: location, pointer: pointer))
            }
        } catch {
            if error.kind == .truncated, let first = line.first(where: { $0 != 0x20 && $0 != 0x09 }),
               first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
                state.pending = Array(line)
                state.pendingStart = lineNumber
                state.pendingLines = 1
                return
            }
            result.diagnostics.append(Self.diagnostic(for: error, in: line, at: location))
        }
    }

    /// Reports a collected multi-line fragment that never became valid JSON.
    private func flushPending(state: inout LineState, result: inout ValidationResult) {
        guard state.pendingLines > 0 else { return }
        let message = state.pendingLines > 1
            ? "a JSON value starts here and is not complete after \(state.pendingLines) lines (pretty-printed or cut off?)"
            : "the line ends before the JSON value is complete"
        result.diagnostics.append(Diagnostic(.error, state.pendingLines > 1 ? "json.multiline_object" : "json.parse", message,
                                             at: SourceLocation(file: result.file, line: state.pendingStart)))
        state = LineState()
    }

    static func diagnostic(for error: JSONReader.Failure, in line: UnsafeBufferPointer<UInt8>,
                           at location: SourceLocation) -> Diagnostic {
        // Columns count characters, as editors do, not bytes.
        let characters = line[..<min(error.offset, line.count)].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        let column = " (column \(characters + 1))"
        switch error.kind {
        case .trailingComma:
            return Diagnostic(.error, "json.trailing_comma", error.message + column, at: location, pointer: error.pointer)
        case .missingComma:
            return Diagnostic(.error, "json.trailing_comma", error.message + column, at: location, pointer: error.pointer)
        case .nonFinite:
            return Diagnostic(.error, "json.nonfinite", error.message + column, at: location, pointer: error.pointer)
        case .invalidUTF8:
            return Diagnostic(.error, "enc.not_utf8", "invalid UTF-8" + column + "; re-save the file as UTF-8", at: location, pointer: error.pointer)
        case .syntax, .truncated:
            return Diagnostic(.error, "json.parse", error.message + column, at: location, pointer: error.pointer)
        }
    }
}
