/// Replaces personal data in training text with placeholders: Chinese mobile numbers and E.164 phone
/// numbers, e-mail addresses, 18-digit Chinese resident ID numbers (checksum verified) and bank card
/// numbers (Luhn verified).
///
/// Placeholders are consistent within one record: the same number twice becomes the same `[PHONE_1]`,
/// a second number `[PHONE_2]`, so a conversation still reads naturally; each record starts afresh.
///
/// ```swift
/// var redactor = Redactor()
/// redactor.redact("请拨 138 1234 5678 或发邮件 li@example.com") // "请拨 [PHONE_1] 或发邮件 [EMAIL_1]"
/// ```
public struct Redactor: Sendable {
    /// What was found.
    public enum Kind: String, CaseIterable, Sendable {
        /// A Chinese mobile or E.164 phone number (`[PHONE_1]`).
        case phone = "PHONE"
        /// An e-mail address (`[EMAIL_1]`).
        case email = "EMAIL"
        /// An 18-digit Chinese resident ID number (`[ID_NUMBER_1]`).
        case idNumber = "ID_NUMBER"
        /// A bank card number (`[BANK_CARD_1]`).
        case bankCard = "BANK_CARD"
    }

    /// Replacements made so far, by kind (over every record).
    public private(set) var counts: [Kind: Int] = [:]
    /// Value → placeholder within the current record.
    private var placeholders: [String: String] = [:]
    private var numbered: [Kind: Int] = [:]

    /// Creates a redactor.
    public init() {}

    /// A record with personal data replaced in its texts (system prompt, messages, reasoning, preference
    /// replies); placeholders are numbered afresh per record. The record's id follows its new content.
    public mutating func redact(_ record: Record) -> Record {
        placeholders.removeAll(keepingCapacity: true)
        numbered.removeAll(keepingCapacity: true)
        var example = record.example
        switch example {
        case .conversation(var conversation):
            redact(&conversation)
            example = .conversation(conversation)
        case .preference(var preference):
            redact(&preference.context)
            redact(&preference.preferred)
            redact(&preference.nonPreferred)
            example = .preference(preference)
        }
        guard example != record.example else { return record }
        return Record(source: record.source, category: record.category, metadata: record.metadata, example: example)
    }

    private mutating func redact(_ conversation: inout Conversation) {
        if let system = conversation.system { conversation.system = redact(system) }
        for index in conversation.messages.indices { redact(&conversation.messages[index]) }
    }

    private mutating func redact(_ message: inout Message) {
        for index in message.parts.indices {
            if case .text(let text) = message.parts[index] { message.parts[index] = .text(redact(text)) }
        }
        if let reasoning = message.reasoning { message.reasoning = redact(reasoning) }
    }

    /// `text` with personal data replaced, placeholders shared with the rest of the current record.
    public mutating func redact(_ text: String) -> String {
        // Nothing to find without a digit or an @: the common case costs one pass and no copy.
        var text = text
        let candidate = text.withUTF8 { buffer in
            buffer.contains { byte in byte &- 0x30 < 10 || byte == UInt8(ascii: "@") }
        }
        guard candidate else { return text }
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var copied = 0
        Self.forEachMatch(in: bytes) { kind, range, value in
            output.append(contentsOf: bytes[copied..<range.lowerBound])
            output.append(contentsOf: placeholder(for: kind, value: value).utf8)
            copied = range.upperBound
            return true
        }
        guard copied > 0 else { return text }
        output.append(contentsOf: bytes[copied...])
        return String(decoding: output, as: UTF8.self)
    }

    /// The first personal datum in `bytes` the redactor would replace (the same detectors, in the same order),
    /// or nil: what the `lint.personal_data` screening looks for.
    package static func firstMatch(in bytes: [UInt8]) -> (kind: Kind, range: Range<Int>)? {
        var found: (kind: Kind, range: Range<Int>)?
        forEachMatch(in: bytes) { kind, range, _ in
            found = (kind, range)
            return false
        }
        return found
    }

    /// Calls `body` with each personal datum in `bytes`, in order (kind, byte range, the value's identifying
    /// bytes), until it returns false.
    private static func forEachMatch(in bytes: [UInt8], _ body: (Kind, Range<Int>, [UInt8]) -> Bool) {
        var i = 0
        var copied = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "@"), let (start, end) = Self.email(around: i, in: bytes), start >= copied {
                guard body(.email, start..<end, Array(bytes[start..<end])) else { return }
                copied = end
                i = end
                continue
            }
            let startsNumber = Self.isDigit(byte) || (byte == UInt8(ascii: "+") && i + 1 < bytes.count && Self.isDigit(bytes[i + 1]))
            if startsNumber && (i == 0 || !Self.isWordByte(bytes[i - 1])) {
                let matches = numbers(at: i, in: bytes)
                for match in matches {
                    guard body(match.kind, match.start..<match.end, match.digits) else { return }
                    copied = match.end
                }
                i = max(Self.tokenEnd(from: i, in: bytes), i + 1)
                continue
            }
            i += 1
        }
    }

    private mutating func placeholder(for kind: Kind, value: [UInt8]) -> String {
        counts[kind, default: 0] += 1
        let key = kind.rawValue + ":" + String(decoding: value, as: UTF8.self)
        if let known = placeholders[key] { return known }
        let number = numbered[kind, default: 0] + 1
        numbered[kind] = number
        let placeholder = "[\(kind.rawValue)_\(number)]"
        placeholders[key] = placeholder
        return placeholder
    }

    // MARK: Numbers

    private struct Match {
        var kind: Kind
        var start: Int
        var end: Int
        var digits: [UInt8]
    }

    /// A run of digit groups joined by single spaces or hyphens, with an optional leading `+` and a
    /// trailing `X` (the check character of an ID number).
    private struct Group {
        var start: Int
        var end: Int
    }

    /// The personal numbers in the token starting at `start`: the whole token when it is one
    /// (`138 1234 5678`, `6222 0202 0000 1234 567`), otherwise each of its groups on its own.
    private static func numbers(at start: Int, in bytes: [UInt8]) -> [Match] {
        var groups: [Group] = []
        var i = start
        if bytes[i] == UInt8(ascii: "+") { i += 1 }
        while true {
            let groupStart = groups.isEmpty ? start : i
            while i < bytes.count && Self.isDigit(bytes[i]) { i += 1 }
            if i < bytes.count && (bytes[i] == UInt8(ascii: "X") || bytes[i] == UInt8(ascii: "x")) {
                // Only an ID number ends in X: seventeen digits before it, nothing word-like after it.
                let digitsSoFar = bytes[groupStart..<i].filter(Self.isDigit).count
                if digitsSoFar == 17 && (i + 1 == bytes.count || !Self.isWordByte(bytes[i + 1])) { i += 1 }
            }
            groups.append(Group(start: groupStart, end: i))
            guard i + 1 < bytes.count, bytes[i] == 0x20 || bytes[i] == UInt8(ascii: "-"), Self.isDigit(bytes[i + 1]) else { break }
            i += 1
        }
        let end = groups.last!.end
        // Digits run into a word, or are the start of an address such as 12345678@qq.com.
        if end < bytes.count && (Self.isWordByte(bytes[end]) || bytes[end] == UInt8(ascii: "@")) { return [] }
        if let whole = classify(start: start, end: end, in: bytes) { return [whole] }
        guard groups.count > 1 else { return [] }
        var matches: [Match] = []
        for (index, group) in groups.enumerated() {
            // A group stands alone only when its neighbours are separated from it.
            let first = index == 0 ? start : group.start
            if let match = classify(start: first, end: group.end, in: bytes) { matches.append(match) }
        }
        return matches
    }

    /// What the bytes `start..<end` are, if they are personal data.
    private static func classify(start: Int, end: Int, in bytes: [UInt8]) -> Match? {
        let span = bytes[start..<end]
        let plus = span.first == UInt8(ascii: "+")
        let digits = span.filter { Self.isDigit($0) || $0 == UInt8(ascii: "X") || $0 == UInt8(ascii: "x") }
        let separated = span.contains(0x20) || span.contains(UInt8(ascii: "-"))
        if plus {
            guard digits.count >= 8 && digits.count <= 15, !digits.contains(where: { !Self.isDigit($0) }) else { return nil }
            return Match(kind: .phone, start: start, end: end, digits: digits)
        }
        if digits.count == 18, Self.isChineseIDNumber(digits), !separated {
            return Match(kind: .idNumber, start: start, end: end, digits: digits)
        }
        guard !digits.contains(where: { !Self.isDigit($0) }) else { return nil }
        if digits.count == 11 && digits[0] == UInt8(ascii: "1") && digits[1] >= UInt8(ascii: "3") && digits[1] <= UInt8(ascii: "9") {
            return Match(kind: .phone, start: start, end: end, digits: digits)
        }
        if digits.count >= 16 && digits.count <= 19 && Self.passesLuhn(digits) {
            return Match(kind: .bankCard, start: start, end: end, digits: digits)
        }
        return nil
    }

    /// Where the digit-and-separator token starting at `start` ends (used to move past it whole).
    private static func tokenEnd(from start: Int, in bytes: [UInt8]) -> Int {
        var i = start
        if bytes[i] == UInt8(ascii: "+") { i += 1 }
        while i < bytes.count {
            if isDigit(bytes[i]) || bytes[i] == UInt8(ascii: "X") || bytes[i] == UInt8(ascii: "x") { i += 1; continue }
            if (bytes[i] == 0x20 || bytes[i] == UInt8(ascii: "-")) && i + 1 < bytes.count && isDigit(bytes[i + 1]) { i += 1; continue }
            break
        }
        while i < bytes.count && isWordByte(bytes[i]) { i += 1 }
        return i
    }

    /// GB 11643: seventeen digits weighted 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, the sum mod 11 naming
    /// the check character `1 0 X 9 8 7 6 5 4 3 2`.
    static func isChineseIDNumber(_ digits: [UInt8]) -> Bool {
        guard digits.count == 18 else { return false }
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        var sum = 0
        for index in 0..<17 {
            guard isDigit(digits[index]) else { return false }
            sum += Int(digits[index] - 0x30) * weights[index]
        }
        let check: [UInt8] = Array("10X98765432".utf8)
        let last = digits[17] == UInt8(ascii: "x") ? UInt8(ascii: "X") : digits[17]
        return check[sum % 11] == last
    }

    /// The Luhn check of card numbers.
    static func passesLuhn(_ digits: [UInt8]) -> Bool {
        var sum = 0
        for (offset, byte) in digits.reversed().enumerated() {
            var value = Int(byte - 0x30)
            if offset % 2 == 1 {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
        }
        return sum % 10 == 0
    }

    // MARK: E-mail

    /// The address around the `@` at `at`: a local part of letters, digits and `._%+-`, and a domain of
    /// labels with a final label of at least two letters.
    private static func email(around at: Int, in bytes: [UInt8]) -> (Int, Int)? {
        var start = at
        while start > 0 && isLocalByte(bytes[start - 1]) { start -= 1 }
        while start < at && bytes[start] == UInt8(ascii: ".") { start += 1 }
        guard start < at else { return nil }
        var end = at + 1
        while end < bytes.count && (isAlphanumeric(bytes[end]) || bytes[end] == UInt8(ascii: "-") || bytes[end] == UInt8(ascii: ".")) {
            end += 1
        }
        while end > at + 1 && (bytes[end - 1] == UInt8(ascii: ".") || bytes[end - 1] == UInt8(ascii: "-")) { end -= 1 }
        let domain = bytes[(at + 1)..<end]
        guard let dot = domain.lastIndex(of: UInt8(ascii: ".")), dot > at + 1 else { return nil }
        let topLevel = bytes[(dot + 1)..<end]
        guard topLevel.count >= 2, topLevel.allSatisfy(isLetter) else { return nil }
        return (start, end)
    }

    // MARK: Bytes

    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    @inline(__always) static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
    @inline(__always) static func isAlphanumeric(_ byte: UInt8) -> Bool { isDigit(byte) || isLetter(byte) }
    /// ASCII letters, digits and `_`: what may not touch a number for it to count as one.
    @inline(__always) static func isWordByte(_ byte: UInt8) -> Bool { isAlphanumeric(byte) || byte == UInt8(ascii: "_") }
    @inline(__always) static func isLocalByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "%")
            || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
    }
}
