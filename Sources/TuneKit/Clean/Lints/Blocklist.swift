import Foundation

/// The entries of a `--blocklist FILE`: words and phrases the user wants kept out of the training data, and
/// regular expressions.
///
/// One entry a line, UTF-8; blank lines and lines starting with `#` are skipped. A plain entry is compared after
/// the exact-dedup normalisation (``TextNormalizer``: NFKC, full-width punctuation folded, white space collapsed)
/// with ASCII letters lower-cased, on both sides, so `ＡＢＣ` in the file finds `abc` in the text; an entry that
/// starts or ends with an ASCII letter or digit matches only at a word boundary there (`ass` does not find
/// `class`). `re:PATTERN` is an ICU regular expression (`NSRegularExpression`) matched against the text as it is
/// (`(?i)` for case-insensitive).
package struct Blocklist: Sendable, Equatable {
    /// A plain entry: its normalised bytes, and whether each end needs a word boundary.
    package struct Word: Sendable, Equatable {
        package var bytes: [UInt8]
        package var text: String
        var boundaryBefore: Bool
        var boundaryAfter: Bool
    }

    /// A `re:` entry.
    package struct Pattern: @unchecked Sendable, Equatable {
        // NSRegularExpression is immutable once made and safe to use from several threads.
        package var expression: NSRegularExpression
        package var text: String
        package var line: Int

        package static func == (a: Pattern, b: Pattern) -> Bool { a.text == b.text && a.line == b.line }
    }

    /// Why a blocklist file was refused.
    package struct Failure: Error, Sendable, CustomStringConvertible {
        package var line: Int?
        package var message: String
        package var description: String { line.map { "line \($0): \(message)" } ?? message }
    }

    package var words: [Word] = []
    package var patterns: [Pattern] = []
    /// The file the entries came from, for messages.
    package var path: String

    /// Reads the file at `path`.
    package init(path: String) throws(Failure) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(line: nil, message: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw Failure(line: nil, message: "the file is not UTF-8") }
        try self.init(text: text, path: path)
    }

    /// Reads entries from `text`.
    package init(text: String, path: String = "-") throws(Failure) {
        self.path = path
        let normalizer = TextNormalizer()
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = String(rawLine)
            if index == 0 && line.hasPrefix("\u{FEFF}") { line.removeFirst() }
            if line.hasSuffix("\r") { line.removeLast() }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if trimmed.hasPrefix("re:") {
                let pattern = String(trimmed.dropFirst(3))
                guard !pattern.isEmpty else { throw Failure(line: index + 1, message: "'re:' without a pattern") }
                do {
                    let expression = try NSRegularExpression(pattern: pattern)
                    patterns.append(Pattern(expression: expression, text: pattern, line: index + 1))
                } catch {
                    throw Failure(line: index + 1, message: "'\(pattern)' is not a valid regular expression")
                }
                continue
            }
            var bytes: [UInt8] = []
            normalizer.append(trimmed, to: &bytes)
            Self.lowercaseASCII(&bytes)
            guard let first = bytes.first, let last = bytes.last else { continue }
            words.append(Word(bytes: bytes, text: trimmed, boundaryBefore: Self.isWordByte(first),
                              boundaryAfter: Self.isWordByte(last)))
        }
        if words.isEmpty && patterns.isEmpty { throw Failure(line: nil, message: "the file has no entries") }
    }

    /// The first entry found in `text` (UTF-8), as the file spells it.
    package func firstEntry(in text: UnsafeBufferPointer<UInt8>) -> String? {
        if !words.isEmpty {
            var normalized: [UInt8] = []
            normalized.reserveCapacity(text.count)
            TextNormalizer().append(utf8: text, to: &normalized)
            Self.lowercaseASCII(&normalized)
            for word in words where contains(word, in: normalized) { return word.text }
        }
        if !patterns.isEmpty {
            let string = String(decoding: text, as: UTF8.self)
            let range = NSRange(string.startIndex..., in: string)
            for pattern in patterns where pattern.expression.firstMatch(in: string, range: range) != nil { return "re:" + pattern.text }
        }
        return nil
    }

    private func contains(_ word: Word, in text: [UInt8]) -> Bool {
        let needle = word.bytes
        guard text.count >= needle.count else { return false }
        var index = 0
        let last = text.count - needle.count
        while index <= last {
            if text[index] == needle[0] && text[index..<(index + needle.count)].elementsEqual(needle) {
                let before = index == 0 || !word.boundaryBefore || !Self.isWordByte(text[index - 1])
                let end = index + needle.count
                let after = end == text.count || !word.boundaryAfter || !Self.isWordByte(text[end])
                if before && after { return true }
            }
            index += 1
        }
        return false
    }

    static func lowercaseASCII(_ bytes: inout [UInt8]) {
        for index in bytes.indices where bytes[index] >= 0x41 && bytes[index] <= 0x5A { bytes[index] |= 0x20 }
    }

    static func isWordByte(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "_")
    }
}

/// `lint.blocklist`: a turn (the system prompt too) holding an entry of the user's `--blocklist FILE`
/// (``Blocklist``). Off without the flag; each text is normalised once more for it, which costs about as much as
/// the duplicate fingerprint.
package struct BlocklistLint: Lint {
    package static let code = ValidationCode.lintBlocklist
    package let blocklist: Blocklist

    package init(_ blocklist: Blocklist) {
        self.blocklist = blocklist
    }

    package func flags(text: LintText) -> Bool {
        blocklist.firstEntry(in: text.bytes) != nil
    }

    package func message(text: LintText) -> String {
        "blocked entry “\(blocklist.firstEntry(in: text.bytes) ?? "")” in: \(text.excerpt())"
    }
}
