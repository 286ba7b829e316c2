#if canImport(Glibc)
import Glibc
#endif

/// Checks JSONL training files line by line, streaming, against one format's rules, and reports every
/// problem (not only the first) with its line, a stable code (`formats/RULES.md` §2) and a JSON pointer.
///
/// File-level checks: a UTF-8 byte-order mark, UTF-16, blank lines, pretty-printed objects spread over
/// several lines, the platform's file-size cap, an empty file, too few records. Line-level checks: JSON
/// syntax (trailing commas, NaN, invalid UTF-8 named as such), a non-object line, then the format's rules
/// (the same rules `convert` applies to every line it writes; ``ValidationCode`` lists them all). Severities come from the ``PlatformProfile``: warnings never fail a file.
public struct JSONLValidator: Sendable {
    /// The platform whose limits, roles and severities apply.
    public var profile: PlatformProfile
    /// Base64 images are decoded and measured.
    public var checkImages = true
    /// The longest line read (`--max-line-bytes`): a longer one makes the file unreadable, named by its line,
    /// instead of being gathered whole into memory.
    public var maxLineBytes = InputLimits.defaultMaxLineBytes
    /// How many lines format detection looks at.
    static let detectionLines = 64

    /// Creates a validator for a platform.
    public init(profile: PlatformProfile = .bigModel) {
        self.profile = profile
    }

    /// Creates a validator with the BigModel profile but other file limits (for tests and tools).
    public init(maxFileBytes: Int = 100 * 1_000_000, minimumRecords: Int = 300) {
        var profile = PlatformProfile.bigModel
        profile.maxFileBytes = maxFileBytes
        profile.minimumExamples = minimumRecords
        self.profile = profile
    }

    /// Validates a file (`-` for standard input) and keeps every diagnostic in the result.
    public func validate(path: String, format: OutputFormat? = nil) -> ValidationResult {
        var kept: [Diagnostic] = []
        var result = validate(path: path, format: format) { kept.append($0) }
        result.diagnostics = kept
        return result
    }

    /// Validates a file, handing each diagnostic to `report` as it is found (memory stays flat however many
    /// problems a file has).
    /// `progress` is told the bytes read after each chunk (1 MiB).
    public func validate(path: String, format: OutputFormat?, progress: ((JobProgress) -> Void)? = nil,
                         report: (Diagnostic) -> Void) -> ValidationResult {
        withoutActuallyEscaping(report) { report in validate(path: path, format: format, progress: progress, escapingReport: report) }
    }

    private func validate(path: String, format: OutputFormat?, progress: ((JobProgress) -> Void)?,
                          escapingReport report: @escaping (Diagnostic) -> Void) -> ValidationResult {
        var result = ValidationResult(file: path)
        let source: ByteSource
        do {
            source = try ByteSource(path: path)
        } catch {
            result.unreadable = error.description
            return result
        }
        var run = Run(validator: self, file: path, format: format, report: report)
        let size = progress == nil ? nil : source.size
        let buffer = ByteBuffer(capacity: 4 << 20)
        var start = 0
        var first = true
        do {
            while true {
                buffer.reserve(1 << 20)
                let spare = buffer.spare
                let count = try source.read(into: spare.baseAddress!, count: min(1 << 20, spare.count))
                if count == 0 { break }
                buffer.commit(count)
                if first {
                    first = false
                    let bytes = buffer.bytes
                    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
                        run.emit(.encBom, "the file starts with a UTF-8 byte-order mark; many validators fail on it (\"Expecting value: line 1 column 1\")", line: 1)
                        start = 3
                    } else if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
                        run.emit(.encUtf16, "the file is UTF-16; training files must be UTF-8", line: 1)
                        run.result.bytes = source.offset
                        return run.result
                    }
                    if run.format == nil { run.detect(UnsafeBufferPointer(rebasing: bytes[start...])) }
                }
                let bytes = buffer.bytes
                while let newline = Self.find(0x0A, in: bytes, from: start) {
                    if newline - start > maxLineBytes { break }
                    run.line(UnsafeBufferPointer(rebasing: bytes[start..<newline]))
                    start = newline + 1
                }
                buffer.removeFirst(start)
                start = 0
                if buffer.count > maxLineBytes {
                    result.unreadable = InputLimits.overLong("line", limit: maxLineBytes,
                                                             at: SourceLocation(file: path, line: run.result.lines + 1)).description
                    result.bytes = source.offset
                    return result
                }
                progress?(JobProgress(done: source.offset, total: size, unit: .bytes))
            }
        } catch {
            result.unreadable = error.description
            return result
        }
        if buffer.count > start {
            if run.format == nil { run.detect(UnsafeBufferPointer(rebasing: buffer.bytes[start...])) }
            run.line(UnsafeBufferPointer(rebasing: buffer.bytes[start...]))
        }
        run.finish(size: source.offset)
        return run.result
    }

    private static func find(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard from < bytes.count else { return nil }
        guard let found = memchr(bytes.baseAddress! + from, Int32(byte), bytes.count - from) else { return nil }
        return bytes.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// The state of one file's validation.
    private struct Run {
        let validator: JSONLValidator
        let report: (Diagnostic) -> Void
        var result: ValidationResult
        var format: OutputFormat?
        var rules: LineRules?
        var pending: [UInt8] = []
        var pendingStart = 0
        var pendingLines = 0
        var pendingDepth = 0
        var nonBlankLines = 0

        init(validator: JSONLValidator, file: String, format: OutputFormat?, report: @escaping (Diagnostic) -> Void) {
            self.validator = validator
            self.report = report
            result = ValidationResult(file: file)
            self.format = format
            if let format {
                result.format = format
                result.formatReason = "given"
                rules = LineRules(format: format, profile: validator.profile, checkImages: validator.checkImages)
            }
        }

        mutating func emit(_ code: ValidationCode, _ message: String, line: Int?, pointer: String? = nil) {
            let severity = validator.profile.severity(of: code)
            switch severity {
            case .error: result.errorCount += 1
            case .warning: result.warningCount += 1
            case .info: break
            }
            report(Diagnostic(severity, code.code, message, at: SourceLocation(file: result.file, line: line), pointer: pointer))
        }

        /// Decides the format from the first complete lines of the file.
        mutating func detect(_ bytes: UnsafeBufferPointer<UInt8>) {
            var kinds: [OutputFormat] = []
            var scan = JSONTape()
            var start = 0
            while kinds.count < JSONLValidator.detectionLines && start < bytes.count {
                let end = JSONLValidator.find(0x0A, in: bytes, from: start) ?? bytes.count
                if (try? scan.parse(UnsafeBufferPointer(rebasing: bytes[start..<end]))) != nil,
                   let kind = FormatDetector.classify(scan) {
                    kinds.append(kind)
                }
                start = end + 1
            }
            let (decided, reason) = FormatDetector.decide(kinds)
            format = decided
            result.format = decided
            result.formatReason = reason
            rules = LineRules(format: decided, profile: validator.profile, checkImages: validator.checkImages)
        }

        mutating func line(_ rawLine: UnsafeBufferPointer<UInt8>) {
            result.lines += 1
            let lineNumber = result.lines
            var line = rawLine
            if let last = line.last, last == 0x0D { line = UnsafeBufferPointer(rebasing: line[..<(line.count - 1)]) }
            if pendingLines > 0 {
                // Inside what looks like a pretty-printed object: collect until it parses.
                pending.append(0x0A)
                pending.append(contentsOf: line)
                pendingLines += 1
                // Parsed again only where its brackets close (``BracketDepth``): once per value, not per line.
                let change = BracketDepth.change(line)
                pendingDepth += change ?? 0
                guard change == nil || pendingDepth <= 0 else {
                    if pendingLines >= 10_000 || pending.count >= UnitAssembler.maxPendingBytes { flushPending() }
                    return
                }
                if (try? JSONReader.parse(pending)) != nil {
                    result.records += 1
                    emit(.jsonMultilineObject, "one JSON object is spread over lines \(pendingStart)–\(lineNumber) (pretty-printed); JSONL needs one object per line", line: pendingStart)
                    resetPending()
                } else {
                    // The top-level value has closed (or a string broke): no line after it can make it parse.
                    flushPending()
                }
                return
            }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                emit(.jsonBlankLine, "blank line (every line must hold one JSON object)", line: lineNumber)
                return
            }
            nonBlankLines += 1
            var found: [(ValidationCode, String, String?)] = []
            if let error = rules!.check(line, emit: { found.append(($0, $1, $2)) }) {
                if error.kind == .truncated, let first = line.first(where: { $0 != 0x20 && $0 != 0x09 }),
                   first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
                    pending = Array(line)
                    pendingStart = lineNumber
                    pendingLines = 1
                    pendingDepth = BracketDepth.change(line) ?? 0
                    return
                }
                let diagnostic = JSONLValidator.diagnostic(for: error, in: line)
                emit(diagnostic.code, diagnostic.message, line: lineNumber, pointer: diagnostic.pointer)
                return
            }
            result.records += 1
            for (code, message, pointer) in found {
                emit(code, message, line: lineNumber, pointer: pointer)
            }
        }

        mutating func resetPending() {
            pending = []
            pendingStart = 0
            pendingLines = 0
        }

        /// Reports a collected multi-line fragment that never became valid JSON.
        mutating func flushPending() {
            guard pendingLines > 0 else { return }
            if pendingLines > 1 {
                emit(.jsonMultilineObject, "a JSON value starts here and is not complete after \(pendingLines) lines (pretty-printed or cut off?)", line: pendingStart)
            } else {
                emit(.jsonParse, "the line ends before the JSON value is complete", line: pendingStart)
            }
            resetPending()
        }

        mutating func finish(size: Int) {
            flushPending()
            result.bytes = size
            let profile = validator.profile
            if nonBlankLines == 0 {
                emit(.fileEmpty, "the file holds no records", line: nil)
            } else if result.records > 0 && result.records < profile.minimumExamples && !JSONLValidator.isValidationFile(result.file) {
                emit(.limitExamplesMin, "\(result.records) record\(result.records == 1 ? "" : "s"); the platform advises at least a few hundred", line: nil)
            }
            if size > profile.maxFileBytes {
                emit(.fileTooLarge, "the file is \(size / 1_000_000) MB; the platform accepts at most \(profile.maxFileBytes / 1_000_000) MB per file (tunekit convert splits its output into parts)", line: nil)
            }
        }
    }

    /// Whether `path` names a validation file as `convert` writes them (`validation.jsonl`, `validation-002.jsonl`):
    /// the platform's "at least a few hundred records" is advice about training data, not checked there.
    package static func isValidationFile(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard name.hasPrefix("validation"), name.hasSuffix(".jsonl") else { return false }
        let middle = name.dropFirst("validation".count).dropLast(".jsonl".count)
        return middle.isEmpty || (middle.first == "-" && middle.dropFirst().allSatisfy(\.isNumber) && middle.count > 1)
    }

    static func diagnostic(for error: JSONReader.Failure, in line: UnsafeBufferPointer<UInt8>) -> (code: ValidationCode, message: String, pointer: String) {
        // Columns count characters, as editors do, not bytes.
        let characters = line[..<min(error.offset, line.count)].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        let column = " (column \(characters + 1))"
        switch error.kind {
        case .trailingComma:
            return (.jsonTrailingComma, error.message + column, error.pointer)
        case .missingComma:
            return (.jsonTrailingComma, error.message + column, error.pointer)
        case .nonFinite:
            return (.jsonNonfinite, error.message + column, error.pointer)
        case .invalidUTF8:
            return (.encNotUtf8, "invalid UTF-8" + column + "; re-save the file as UTF-8", error.pointer)
        case .syntax, .truncated:
            return (.jsonParse, error.message + column, error.pointer)
        }
    }
}
