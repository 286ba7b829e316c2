/// `lint.cut_off`: an answer that stops mid-sentence — the cell cut at a length limit, the export truncated, the
/// generation stopped at its token limit.
///
/// An answer ending in terminal punctuation, a closing bracket or quote, a digit or a symbol is never flagged, nor
/// is a short one ("好的"). Otherwise it looks cut when it
/// - ends with a comma or an enumeration comma (`，` `、` `,`), or
/// - its last line opens a bracket or quote it does not close (`（` `(` `[` `【` `《` `“` `「`, an odd `"`), or
/// - it is long (at least ``longAnswer`` characters) and ends in a letter or a Chinese, Japanese or Korean
///   character, with a last clause of at least ``longClause`` characters on a last line that is not a list
///   item, a `label: value` field, a title or a hashtag (tuned on LLaMA-Factory's alpaca_zh_demo.json, alpaca_en_demo.json and dpo_*_demo.json, where it
///   finds the answers cut off at a token limit and none of the lists that end without a full stop).
package struct CutOffLint: Lint {
    package static let code = ValidationCode.lintCutOff

    /// Characters from which an answer ending in a letter counts as long.
    static let longAnswer = 100
    /// Characters of the last clause (after the last sentence end or line break) of a long answer ending in a letter.
    static let longClause = 24

    package init() {}

    package func flags(question: LintText, answer: LintText) -> Bool {
        reason(answer) != nil
    }

    package func message(question: LintText, answer: LintText) -> String {
        let tail = String(decoding: answer.bytes[max(0, tailStart(answer))..<answer.trimmedEnd], as: UTF8.self)
            .replacingOccurrences(of: "\n", with: "⏎")
        return "the answer stops mid-sentence (\(reason(answer) ?? "cut")): …\(tail)"
    }

    /// Where the message's excerpt starts: about the last 24 characters.
    private func tailStart(_ answer: LintText) -> Int {
        var start = answer.trimmedEnd
        var characters = 0
        while start > 0 && characters < 24 {
            start -= 1
            if answer.bytes[start] & 0xC0 != 0x80 { characters += 1 }
        }
        return start
    }

    /// Why `answer` looks cut, or nil. Only the last character is read unless it is a letter or a comma.
    func reason(_ answer: LintText) -> String? {
        let end = answer.trimmedEnd
        guard let (last, lastStart) = answer.scalar(before: end) else { return nil }
        // Most answers end in punctuation: decided by the last scalar's value alone, no hashing.
        switch last.value {
        case 0xFF0C, 0x3001, 0x2C: return "ends with “\(last)”"  // ， 、 ,
        default: break
        }
        guard Self.isLetter(last) else { return nil }
        let bytes = answer.bytes
        // The last line, at most 1,000 bytes of it.
        var lineStart = lastStart
        while lineStart > 0 && bytes[lineStart - 1] != 0x0A && lastStart - lineStart < 1_000 { lineStart -= 1 }
        if let open = unclosed(answer, from: lineStart, to: end) { return "“\(open)” is not closed" }
        guard answer.characters >= Self.longAnswer, !isListItem(answer, from: lineStart, to: end) else { return nil }
        // A field or a labelled list ("Family-friendly rides: carousel, bumper cars, Ferris wheel").
        if bytes[lineStart..<end].contains(UInt8(ascii: ":")) || answer.contains(Array("：".utf8), in: lineStart..<end) { return nil }
        // The last clause: back to the last sentence end on the line.
        var clauseStart = lastStart
        var clauseCharacters = 0
        while clauseStart > lineStart {
            guard let (scalar, start) = answer.scalar(before: clauseStart) else { break }
            if Self.sentenceEnds.contains(scalar) { break }
            clauseStart = start
            clauseCharacters += 1
        }
        guard clauseCharacters + 1 >= Self.longClause else { return nil }
        let clause = String(decoding: bytes[clauseStart..<end], as: UTF8.self)
        let words = clause.split(separator: " ")
        if let lastWord = words.last, lastWord.contains(where: { "#@/_=".contains($0) }) { return nil }
        // A title: most words capitalised ("A Parallel Universe Love Story").
        if words.count >= 3 {
            let capitalised = words.filter { $0.first.map { $0.isUppercase } ?? false }.count
            if capitalised * 3 >= words.count * 2 { return nil }
        }
        return "a long answer ends without punctuation"
    }

    /// The last opening bracket or quote of `from..<to` left open, if any.
    private func unclosed(_ answer: LintText, from: Int, to: Int) -> Unicode.Scalar? {
        var depth = 0
        var quotes = 0
        var lastOpen: Unicode.Scalar?
        var index = to
        // Backwards: a closer seen before (after, in the text) its opener balances it.
        while index > from {
            guard let (scalar, start) = answer.scalar(before: index) else { break }
            index = start
            if scalar == "\"" { quotes += 1; if quotes % 2 == 1 { lastOpen = scalar }; continue }
            if Self.closers.contains(scalar) { depth -= 1; continue }
            if Self.openers.contains(scalar) {
                depth += 1
                if depth > 0 { return scalar }
            }
        }
        return quotes % 2 == 1 ? lastOpen : nil
    }

    /// Whether the line `from..<to` is a list item, heading or table row (`3. `, `- `, `* `, `• `, `# `, `|`).
    private func isListItem(_ answer: LintText, from: Int, to: Int) -> Bool {
        let bytes = answer.bytes
        var index = from
        while index < to && (bytes[index] == 0x20 || bytes[index] == 0x09) { index += 1 }
        guard index < to else { return false }
        let first = bytes[index]
        if "-*#>|+".utf8.contains(first) { return true }
        if first == 0xE2 && index + 2 < to && bytes[index + 1] == 0x80 && bytes[index + 2] == 0xA2 { return true }  // •
        var digits = index
        while digits < to && (bytes[digits] &- 0x30) < 10 { digits += 1 }
        if digits > index && digits < to {
            let next = bytes[digits]
            if next == UInt8(ascii: ".") || next == UInt8(ascii: ")") || next == UInt8(ascii: ":") { return true }
            if next == 0xE3 && digits + 2 < to && bytes[digits + 1] == 0x80 && bytes[digits + 2] == 0x81 { return true }  // 、
        }
        // (a) or a) items.
        if (first | 0x20) >= 0x61 && (first | 0x20) <= 0x7A && index + 1 < to && bytes[index + 1] == UInt8(ascii: ")") { return true }
        return false
    }

    static let sentenceEnds: Set<Unicode.Scalar> = ["。", "！", "？", ".", "!", "?", "；", ";", "：", ":"]
    static let openers: Set<Unicode.Scalar> = ["（", "(", "[", "【", "《", "“", "「", "『", "〈", "{"]
    static let closers: Set<Unicode.Scalar> = ["）", ")", "]", "】", "》", "”", "」", "』", "〉", "}"]

    /// Latin letters and the letters of Chinese, Japanese and Korean (not digits, punctuation or symbols).
    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return (value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A }
        switch value {
        case 0x3040...0x30FF, 0x3400...0x9FFF, 0xAC00...0xD7A3, 0x00C0...0x024F, 0x0400...0x04FF: return true
        default: return false
        }
    }
}
