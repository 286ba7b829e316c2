/// A number of a report document, read the same way whether it was written as a JSON number (`310`) or as a
/// numeric string (`"310"`, as reports before schema version 2 wrote options and facts).
struct ReportNumber: Equatable {
    /// The number's JSON text, as written.
    let text: String
    /// Its value.
    let value: Double

    /// The number in `json`, or nil when it is absent, not a number, or a string that is not a JSON number.
    init?(_ json: JSONValue?) {
        switch json {
        case .number(let text)?: self.init(text: text)
        case .string(let text)?: self.init(text: text)
        default: return nil
        }
    }

    /// The number `text` spells in JSON's grammar, or nil.
    init?(text: String) {
        guard Self.isJSONNumber(text), let value = Double(text), value.isFinite else { return nil }
        self.text = text
        self.value = value
    }

    /// Whether the text is a whole number (no fraction, no exponent).
    var isInteger: Bool { !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) }

    /// The value as an integer, when it is one.
    var integer: Int? { isInteger ? Int(text) : nil }

    /// How the page shows it: whole numbers with thousands separators (`12,345`), others as written.
    var display: String {
        guard isInteger else { return text }
        let negative = text.hasPrefix("-")
        let digits = Array(negative ? text.dropFirst() : Substring(text))
        var out = negative ? "-" : ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }

    /// A fraction shown as a percentage, exactly: `0.1129` → `11.29 %` (the decimal point moved two places, so
    /// the page never rounds what the report says).
    var percent: String {
        guard !text.contains(where: { $0 == "e" || $0 == "E" }), !text.hasPrefix("-") else { return text }
        let parts = text.split(separator: ".", maxSplits: 1)
        let whole = String(parts[0])
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        let padded = fraction.count < 2 ? fraction + String(repeating: "0", count: 2 - fraction.count) : fraction
        var integerPart = whole + padded.prefix(2)
        while integerPart.count > 1 && integerPart.hasPrefix("0") { integerPart.removeFirst() }
        var rest = String(padded.dropFirst(2))
        while rest.hasSuffix("0") { rest.removeLast() }
        return integerPart + (rest.isEmpty ? "" : "." + rest) + " %"
    }

    static func isJSONNumber(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        func digits() -> Int {
            let count = bytes.prefix { $0 >= 0x30 && $0 <= 0x39 }.count
            bytes = bytes.dropFirst(count)
            return count
        }
        let first = bytes.first
        let whole = digits()
        guard whole > 0, !(whole > 1 && first == UInt8(ascii: "0")) else { return false }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            guard digits() > 0 else { return false }
        }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }
}

/// The path of a value inside the report document, as the page's `data-key` attributes name it: object keys and
/// array indices joined by `.` (`counts.train`, `files.0.lines`, `categories.退款.records`); a `.` or `\` inside
/// a key is written `\.` or `\\`, so every path names exactly one value.
struct ReportKey: Hashable, CustomStringConvertible {
    private(set) var segments: [String] = []

    init(_ segments: String...) {
        self.segments = segments
    }

    /// This path extended by an object key.
    func key(_ name: String) -> ReportKey {
        var copy = self
        copy.segments.append(name)
        return copy
    }

    /// This path extended by an array index.
    func index(_ position: Int) -> ReportKey { key(String(position)) }

    var description: String {
        segments.map { segment in
            segment.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ".", with: "\\.")
        }.joined(separator: ".")
    }

    /// The segments of a written path (the inverse of ``description``).
    static func segments(of path: String) -> [String] {
        var segments: [String] = []
        var current = ""
        var escaped = false
        for character in path {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "." {
                segments.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        segments.append(current)
        return segments
    }

    /// The value at a written path in `document`, or nil.
    static func value(at path: String, in document: JSONValue) -> JSONValue? {
        var value: JSONValue? = document
        for segment in segments(of: path) {
            switch value {
            case .object(let object)?: value = object[segment]
            case .array(let array)?:
                guard let index = Int(segment), array.indices.contains(index) else { return nil }
                value = array[index]
            default: return nil
            }
        }
        return value
    }
}
