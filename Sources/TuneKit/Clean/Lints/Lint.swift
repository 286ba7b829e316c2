import CKernels

/// One screening rule over the text of a kept record, in the manner of swift-format's lint rules: a stable
/// code, a check and a message. A lint looks either at each turn's text on its own (``flags(text:)``: blocked
/// words, personal data) or at a question and the answer to it (``flags(question:answer:)``: refusals, cut
/// answers, a change of language, answers far shorter than their question).
///
/// Checks run on every kept record of a conversion, on the bytes of the byte lane as on the general path's
/// strings, so they take ``LintText`` — a turn's UTF-8 and what one pass over it counted — and return a
/// `Bool`; the message, which costs a string, is asked for only for a finding the report keeps.
package protocol Lint: Sendable {
    /// The lint's code (`lint.refusal`), registered in ``ValidationCode``.
    static var code: ValidationCode { get }
    /// Whether `text` alone breaks the rule (any turn, the system prompt too). Default: false.
    func flags(text: LintText) -> Bool
    /// Whether `answer` breaks the rule as the reply to `question`. Default: false.
    func flags(question: LintText, answer: LintText) -> Bool
    /// What is wrong with `text` (called after ``flags(text:)`` said true).
    func message(text: LintText) -> String
    /// What is wrong with the answer (called after ``flags(question:answer:)`` said true).
    func message(question: LintText, answer: LintText) -> String
}

extension Lint {
    package func flags(text: LintText) -> Bool { false }
    package func flags(question: LintText, answer: LintText) -> Bool { false }
    package func message(text: LintText) -> String { Self.code.meaning }
    package func message(question: LintText, answer: LintText) -> String { Self.code.meaning }
}

/// A turn's text as the lints see it: its UTF-8 (valid only while the record is being checked) and the counts of
/// one pass over it (characters, letters by script, digits, `@`).
package struct LintText {
    /// The text's UTF-8.
    package let bytes: UnsafeBufferPointer<UInt8>
    /// What one pass over ``bytes`` counted.
    package let counts: tk_text_counts

    /// Counts `bytes` once.
    package init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        var counts = tk_text_counts()
        if let base = bytes.baseAddress, bytes.count > 0 { tk_text_scan(base, bytes.count, &counts) }
        self.counts = counts
    }

    /// Characters (Unicode scalars).
    package var characters: Int { counts.characters }

    /// The text shortened to `limit` characters for a message (`…` when cut), line breaks shown as `⏎`.
    package func excerpt(_ limit: Int = 40) -> String {
        var text = String(decoding: bytes, as: UTF8.self)
        if text.unicodeScalars.count > limit {
            text = String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit))) + "…"
        }
        return text.replacingOccurrences(of: "\r\n", with: "⏎").replacingOccurrences(of: "\n", with: "⏎")
    }

    /// The last Unicode scalar before index `end` of the bytes, and where it starts.
    package func scalar(before end: Int) -> (scalar: Unicode.Scalar, start: Int)? {
        guard end > 0 else { return nil }
        var start = end - 1
        while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
        var value = UInt32(bytes[start])
        let length = end - start
        switch length {
        case 1: break
        case 2: value &= 0x1F
        case 3: value &= 0x0F
        default: value &= 0x07
        }
        for index in (start + 1)..<end { value = value << 6 | UInt32(bytes[index] & 0x3F) }
        return Unicode.Scalar(value).map { ($0, start) }
    }

    /// Where the text ends once trailing white space is left off.
    package var trimmedEnd: Int {
        var end = bytes.count
        while end > 0 {
            let byte = bytes[end - 1]
            if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) { end -= 1; continue }
            // U+3000 ideographic space (E3 80 80).
            if end >= 3 && byte == 0x80 && bytes[end - 2] == 0x80 && bytes[end - 3] == 0xE3 { end -= 3; continue }
            break
        }
        return end
    }

    /// Whether `phrase` (UTF-8, ASCII letters lower-case) occurs in the bytes `range`, ASCII letters compared
    /// case-insensitively.
    package func contains(_ phrase: [UInt8], in range: Range<Int>) -> Bool {
        guard let first = phrase.first, range.count >= phrase.count else { return false }
        var index = range.lowerBound
        let last = range.upperBound - phrase.count
        while index <= last {
            if Self.folded(bytes[index]) == first && matches(phrase, at: index) { return true }
            index += 1
        }
        return false
    }

    /// Whether `phrase` (ASCII letters lower-case) starts at byte `index`, ASCII letters compared case-insensitively.
    package func matches(_ phrase: [UInt8], at index: Int) -> Bool {
        guard index + phrase.count <= bytes.count else { return false }
        for offset in phrase.indices where Self.folded(bytes[index + offset]) != phrase[offset] { return false }
        return true
    }

    @inline(__always) static func folded(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}
