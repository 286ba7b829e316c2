import Foundation

/// A plain number format code (the first section of Excel's `00000`, `"ID"00000`, `000\-0000`, `0.00`,
/// `#,##0.00`, `0.0%`), applied to a stored number as Excel shows it: zero placeholders pad, literals stay
/// where they are, decimals round half away from zero, `%` multiplies by 100.
///
/// Codes with anything else (dates, fractions, exponents, `?` padding, text `@`, conditions, scaling commas,
/// `General`) are not patterns: the stored value is read as it is.
struct NumberPattern: Equatable, Sendable {
    /// What the integer part of the code holds, left to right.
    enum Part: Equatable, Sendable {
        case literal(String)
        /// A digit placeholder: `0` (always shown) or `#` (shown when the number has the digit).
        case digit(zero: Bool)
    }

    private(set) var integer: [Part] = []
    /// Literals after the decimals (and the `%`).
    private(set) var tail = ""
    private(set) var grouping = false
    private(set) var hasPoint = false
    private(set) var minDecimals = 0
    private(set) var maxDecimals = 0
    private(set) var percent = false
    /// The code has more than one section (`0;-0;"zero"`): only non-negative numbers take the first.
    private(set) var sectioned = false

    /// `0` placeholders of the integer part: the digits always shown.
    private(set) var minIntegerDigits = 0

    /// Whether the code only pads an integer with zeros (and literals): `00000`, `"ID"00000`, `000-0000`.
    /// Such a code carries meaning the stored value lacks (postcodes, staff numbers), so it is applied by default.
    private(set) var isLeadingZeroInteger = false

    /// Parses a format code; `nil` when it is not a plain number pattern.
    init?(code: String) {
        var section = ""
        var inQuote = false
        var escaped = false
        for character in code {
            if escaped { escaped = false; section.append(character); continue }
            if character == "\\" && !inQuote { escaped = true; section.append(character); continue }
            if character == "\"" { inQuote.toggle() }
            if character == ";" && !inQuote { sectioned = true; break }
            section.append(character)
        }
        let characters = Array(section)
        var index = 0
        var afterPoint = false
        var sawDigit = false
        var literal = ""
        func flush() {
            guard !literal.isEmpty else { return }
            if afterPoint || (sawDigit && percent) { tail += literal } else { integer.append(.literal(literal)) }
            literal = ""
        }
        while index < characters.count {
            let character = characters[index]
            index += 1
            switch character {
            case "\"":
                while index < characters.count && characters[index] != "\"" {
                    literal.append(characters[index])
                    index += 1
                }
                index += 1
            case "\\":
                if index < characters.count { literal.append(characters[index]); index += 1 }
            case "_", "*":
                index += 1  // padding and fill: nothing a reader of the text needs
            case "0", "#":
                if afterPoint {
                    guard literal.isEmpty else { return nil }
                    if character == "0" {
                        guard maxDecimals == minDecimals else { return nil }
                        minDecimals += 1
                    }
                    maxDecimals += 1
                } else {
                    guard !percent else { return nil }
                    flush()
                    integer.append(.digit(zero: character == "0"))
                }
                sawDigit = true
            case ",":
                // A comma between placeholders groups thousands; after the last one it scales by 1000.
                guard !afterPoint, sawDigit, index < characters.count, characters[index] == "#" || characters[index] == "0"
                else { return nil }
                grouping = true
            case ".":
                guard !afterPoint, !percent else { return nil }
                flush()
                afterPoint = true
                hasPoint = true
            case "%":
                guard !percent else { return nil }
                flush()
                percent = true
                tail += "%"
            case "[":
                guard let end = characters[index...].firstIndex(of: "]") else { return nil }
                let content = String(characters[index..<end])
                index = end + 1
                if content.hasPrefix("$") {
                    // `[$¥-804]`: a currency symbol (and locale) shown as the symbol.
                    literal += content.dropFirst().prefix { $0 != "-" }
                } else if !Self.colours.contains(content.lowercased()) && !content.lowercased().hasPrefix("color") {
                    return nil  // conditions, elapsed times, locales, calendars
                }
            case "-", "+", " ", "(", ")", ":", "^", "'", "{", "}", "<", ">", "=", "!", "&", "~", "$":
                literal.append(character)
            default:
                guard !character.isASCII else { return nil }  // letters (dates, E+, General), ?, /, @
                literal.append(character)
            }
        }
        flush()
        guard sawDigit, !integer.isEmpty || hasPoint else { return nil }
        minIntegerDigits = integer.filter { $0 == .digit(zero: true) }.count
        isLeadingZeroInteger = !percent && maxDecimals == 0 && !grouping && minIntegerDigits >= 2
        // Grouping with literals between placeholders is not a plain pattern.
        if grouping {
            let placeholders = integer.indices.filter { if case .digit = integer[$0] { return true } else { return false } }
            if let first = placeholders.first, let last = placeholders.last,
               integer[first...last].contains(where: { if case .literal = $0 { return true } else { return false } }) {
                return nil
            }
        }
    }

    /// What a cell with this code reads: with `displayText`, the number as shown; otherwise only an integer
    /// under a leading-zero code (`1` under `00000` is `00001`), else `nil` (the stored value stands).
    func apply(to stored: String, displayText: Bool) -> String? {
        if displayText { return text(for: stored) }
        guard isLeadingZeroInteger, !stored.contains(".") else { return nil }
        return text(for: stored)
    }

    private static let colours: Set<String> = ["black", "blue", "cyan", "green", "magenta", "red", "white", "yellow"]

    /// A stored number (`1`, `0.125`, `-2.5`, as written in the file) as this code shows it; `nil` when the
    /// text is not a plain decimal number, or the code has sections and the number is negative.
    func text(for stored: String) -> String? {
        guard !stored.isEmpty, !stored.contains(where: { $0 == "e" || $0 == "E" }),
              var value = Decimal(string: stored, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
        let negative = value < 0
        if negative && sectioned { return nil }
        if negative { value = -value }
        if percent { value *= 100 }
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, maxDecimals, .plain)
        let plain = NSDecimalNumber(decimal: rounded).stringValue
        guard plain.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) else { return nil }
        let pieces = plain.split(separator: ".", omittingEmptySubsequences: false)
        var whole = String(pieces[0])
        var fraction = pieces.count > 1 ? String(pieces[1]) : ""
        if whole == "0" && minIntegerDigits == 0 { whole = "" }
        while whole.count < minIntegerDigits { whole = "0" + whole }
        while fraction.count < minDecimals { fraction += "0" }
        if grouping { whole = Self.grouped(whole) }
        // Digits fill the placeholders from the right; the leftmost placeholder takes what is left over.
        var digits = Array(whole)
        var parts: [String] = []
        let firstDigit = grouping ? nil : integer.firstIndex { if case .digit = $0 { return true } else { return false } }
        for (offset, part) in integer.enumerated().reversed() {
            switch part {
            case .literal(let text):
                parts.append(text)
            case .digit:
                if grouping {
                    // Grouped digits go where the placeholders are, as one run.
                    if integer[..<offset].contains(where: { if case .digit = $0 { return true } else { return false } }) { continue }
                    parts.append(String(digits))
                    digits = []
                } else if offset == firstDigit {
                    parts.append(String(digits))
                    digits = []
                } else if let last = digits.popLast() {
                    parts.append(String(last))
                }
            }
        }
        let isZero = rounded == 0
        var text = (negative && !isZero ? "-" : "") + parts.reversed().joined()
        if hasPoint && (!fraction.isEmpty || maxDecimals > 0) { text += "." + fraction } else if hasPoint { text += "." }
        return text + tail
    }

    private static func grouped(_ digits: String) -> String {
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return result
    }
}
