#if canImport(Glibc)
import Glibc
#endif

/// The rules every line `convert` writes must pass: the line-level rules of `tunekit validate` for one format
/// and platform (``LineRules``, the same code as the validator), answering with the first error — the code and
/// message `tunekit validate` would print first for that line. Warnings and infos never stop a line, and
/// file-level rules (`limit.examples_min`, `file.too_large` …) stay with the validator.
///
/// Chat lines take a byte scan first (``ChatLineScan``) that proves most lines pass without parsing them: it
/// matches the exact shape TuneKit's chat writer produces, the order of the roles and that no content is blank,
/// and looks for the only text a content rule can flag (`<` and `MASK]`, which every control token and `<think>`
/// tag holds). Any line the scan cannot prove goes through the full rules.
package struct LineGate {
    /// A line's first error.
    package struct Failure: Sendable, Equatable {
        /// The validator's code (``ValidationCode/code``: `content.special_tokens` …).
        package var code: String
        /// The validator's message.
        package var message: String
    }

    package let format: OutputFormat
    package let profile: PlatformProfile
    private var rules: LineRules
    /// Lines settled by the byte scan, and lines that took the full rules (for tests and tuning).
    package private(set) var scanned = 0
    package private(set) var parsed = 0

    /// A gate for lines of `format` on the platform `profile`. `decodesImages` false spares decoding the coded
    /// data of JPEG data URIs when the caller decoded every picture itself (convert preparing pictures: each was
    /// re-encoded, or decoded at 1/8 scale before being kept); their headers are still read and measured.
    package init(format: OutputFormat, profile: PlatformProfile, decodesImages: Bool = true) {
        self.format = format
        self.profile = profile
        rules = LineRules(format: format, profile: profile, decodesImages: decodesImages)
    }

    /// The first error `tunekit validate --format <format>` would report for `line`, or `nil` when it would report
    /// none. `line` is one serialized line, with or without its final `\n` (and `\r`). `validUTF8` says the caller
    /// knows the bytes are valid UTF-8 — true of every line TuneKit's writers produce (strings are Swift strings; the
    /// CSV reader rejects a row whose fields are not valid UTF-8) — and spares the byte scan checking it again.
    /// `escaped` says the line comes from ``JSONWriter``, which escapes every control character, and spares the
    /// scan looking for raw ones.
    package mutating func firstError(in line: UnsafeBufferPointer<UInt8>, validUTF8: Bool = false,
                                     escaped: Bool = false) -> Failure? {
        var line = line
        if line.last == 0x0A { line = UnsafeBufferPointer(rebasing: line[..<(line.count - 1)]) }
        if line.last == 0x0D { line = UnsafeBufferPointer(rebasing: line[..<(line.count - 1)]) }
        if format == .chat && ChatLineScan.passes(line, validUTF8: validUTF8, escaped: escaped) {
            scanned += 1
            return nil
        }
        parsed += 1
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
            return Failure(code: ValidationCode.jsonBlankLine.code, message: "blank line (every line must hold one JSON object)")
        }
        var first: Failure?
        let profile = profile
        let failure = rules.check(line) { code, message, _ in
            if first == nil && profile.severity(of: code) == .error { first = Failure(code: code.code, message: message) }
        }
        if let failure {
            let diagnostic = JSONLValidator.diagnostic(for: failure, in: line)
            return Failure(code: diagnostic.code.code, message: diagnostic.message)
        }
        return first
    }

    /// ``firstError(in:validUTF8:)`` for a chat line whose shape the caller guarantees, as the byte lane's are:
    /// written by ``ChatLine`` from valid UTF-8, a system turn only first, then the user's turn, then the
    /// assistant's, every content non-blank (trimmed, and never starting or ending with white space). On such a line
    /// only the content rules can fail (`content.special_tokens`, `reason.dialect_tags`), and every token and tag
    /// they look for holds `<` or `MASK]`: two byte searches prove most lines clean, and the rest take the full rules.
    package mutating func firstError(inLaneLine bytes: [UInt8], from start: Int) -> Failure? {
        let clean = bytes.withUnsafeBufferPointer { buffer in
            let line = UnsafeBufferPointer(rebasing: buffer[start...])
            return memchr(line.baseAddress!, Int32(UInt8(ascii: "<")), line.count) == nil
                && !LineChecker.containsMask(line.baseAddress!, line.count)
        }
        if format == .chat && clean {
            scanned += 1
            return nil
        }
        return firstError(in: bytes, from: start, validUTF8: true)
    }

    /// ``firstError(in:validUTF8:)`` of the bytes of `bytes` from `start` to the end.
    package mutating func firstError(in bytes: [UInt8], from start: Int, validUTF8: Bool = false,
                                     escaped: Bool = false) -> Failure? {
        bytes.withUnsafeBufferPointer {
            firstError(in: UnsafeBufferPointer(rebasing: $0[start...]), validUTF8: validUTF8, escaped: escaped)
        }
    }
}

/// Proves, from the bytes alone, that a chat line passes every line-level error rule of the chat format.
///
/// It accepts exactly the lines TuneKit's chat writer (``ChatLine``) produces —
/// `{"messages":[{"role":R,"content":S},…]}` with R one of system, user, assistant — where the system turn can
/// only be first, the first other turn is the user's, some turn is the assistant's, every content starts with a
/// character that is not white space (so it is not blank), the line holds no `<` and no `MASK]` (every control
/// token and `<think>` tag holds one of them) and no byte below 0x20 (raw control characters are a syntax error).
/// Anything else answers `false` and is left to the full rules: the scan never accepts a line the validator would
/// reject. It checks that the line is valid UTF-8 unless the caller vouches for it (`validUTF8`).
enum ChatLineScan {
    private static let open = Array(#"{"messages":["#.utf8)
    private static let rolePrefix = Array(#"{"role":""#.utf8)
    private static let contentKey = Array(#"","content":""#.utf8)

    static func passes(_ line: UnsafeBufferPointer<UInt8>, validUTF8: Bool = false, escaped: Bool = false) -> Bool {
        guard let base = line.baseAddress else { return false }
        let n = line.count
        guard n > open.count + 2, memcmp(base, open, open.count) == 0,
              line[n - 2] == UInt8(ascii: "]"), line[n - 1] == UInt8(ascii: "}") else { return false }
        // Content rules: `<` starts every control token but the MASK ones, and every <think> tag.
        if memchr(base, Int32(UInt8(ascii: "<")), n) != nil || LineChecker.containsMask(base, n) { return false }
        if !escaped && hasControlBytes(line) { return false }
        if !validUTF8 && UTF8Validation.firstInvalidOffset(line) != nil { return false }
        var at = open.count
        var index = 0
        var sawOther = false
        var sawAssistant = false
        while true {
            guard at + rolePrefix.count < n, memcmp(base + at, rolePrefix, rolePrefix.count) == 0 else { return false }
            at += rolePrefix.count
            let role: Role
            if matches(line, at, "user") {
                role = .user
                at += 4
            } else if matches(line, at, "assistant") {
                role = .assistant
                at += 9
            } else if matches(line, at, "system") {
                role = .system
                at += 6
            } else {
                return false
            }
            switch role {
            case .system: if index != 0 { return false }
            case .user: sawOther = true
            case .assistant:
                if !sawOther { return false }  // the first turn after the system prompt must be the user's
                sawAssistant = true
            case .tool: return false
            }
            guard at + contentKey.count < n, memcmp(base + at, contentKey, contentKey.count) == 0 else { return false }
            at += contentKey.count
            guard startsNonBlank(line, at), let close = closingQuote(line, from: at) else { return false }
            at = close + 1
            guard at < n, line[at] == UInt8(ascii: "}") else { return false }
            at += 1
            index += 1
            guard at < n else { return false }
            if line[at] == UInt8(ascii: ",") {
                at += 1
                continue
            }
            // `]}` and nothing after it.
            return at == n - 2 && sawAssistant
        }
    }

    @inline(__always)
    private static func matches(_ line: UnsafeBufferPointer<UInt8>, _ at: Int, _ name: StaticString) -> Bool {
        let count = name.utf8CodeUnitCount
        return at + count < line.count && memcmp(line.baseAddress! + at, name.utf8Start, count) == 0
            && line[at + count] == UInt8(ascii: "\"")
    }

    /// Whether the string starting at `at` begins with a character that is not white space (nor an escape, nor
    /// its closing quote).
    @inline(__always)
    private static func startsNonBlank(_ line: UnsafeBufferPointer<UInt8>, _ at: Int) -> Bool {
        guard at < line.count else { return false }
        let byte = line[at]
        if byte < 0x80 { return byte > 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") }
        guard let (scalar, _) = TextNormalizer.decode(line, at: at) else { return false }
        return !TextNormalizer.isWhitespace(scalar)
    }

    /// The position of the quote that ends the string whose content starts at `from`; `nil` when the string
    /// does not end or holds an escape JSON does not have.
    @inline(__always)
    private static func closingQuote(_ line: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        let base = line.baseAddress!
        let n = line.count
        var at = from
        while at < n, let found = memchr(base + at, Int32(UInt8(ascii: "\"")), n - at) {
            let quote = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            guard let slash = memchr(base + at, Int32(UInt8(ascii: "\\")), quote - at) else { return quote }
            // An escape before the quote: check it and go on after it.
            let escape = base.distance(to: slash.assumingMemoryBound(to: UInt8.self))
            guard escape + 1 < n else { return nil }
            switch line[escape + 1] {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                 UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                at = escape + 2
            case UInt8(ascii: "u"):
                guard escape + 6 <= n, line[(escape + 2)..<(escape + 6)].allSatisfy({ $0.isHexDigit }) else { return nil }
                at = escape + 6
            default:
                return nil
            }
        }
        return nil
    }

    /// Whether a byte below 0x20 occurs (eight bytes at a time).
    private static func hasControlBytes(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = line.count
        let base = UnsafeRawPointer(line.baseAddress!)
        var i = 0
        while i + 8 <= n {
            let word = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            // A byte below 0x20: (b - 0x20) borrows into the high bit while b's own high bit is clear.
            if (word &- 0x2020_2020_2020_2020) & ~word & 0x8080_8080_8080_8080 != 0 { return true }
            i += 8
        }
        while i < n {
            if line[i] < 0x20 { return true }
            i += 1
        }
        return false
    }
}

private extension UInt8 {
    var isHexDigit: Bool {
        (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self)
    }
}
