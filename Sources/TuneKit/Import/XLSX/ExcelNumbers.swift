import Foundation

/// Excel's stored numbers as a person sees them: date serials as ISO 8601 (1900 and 1904 date systems),
/// and plain numbers without binary float noise (15 significant digits, as Excel displays).
enum ExcelNumbers {
    /// What a number format displays.
    enum Kind: Equatable {
        case number, date, time, dateTime
        /// Elapsed time (`[h]:mm:ss`): hours, minutes or seconds counted past a day, by the largest unit
        /// bracketed, with the seconds shown or not.
        case duration(Elapsed, seconds: Bool)
    }

    /// The largest unit of an elapsed-time format: `[h]`, `[m]` or `[s]`.
    enum Elapsed: Equatable {
        case hours, minutes, seconds
    }

    /// The kind of a built-in number format id.
    static func builtin(_ id: Int) -> Kind {
        switch id {
        case 14...17, 27...31, 34...36, 50...58: return .date
        case 46: return .duration(.hours, seconds: true)  // [h]:mm:ss
        case 18...21, 32, 33, 45, 47: return .time
        case 22: return .dateTime
        default: return .number
        }
    }

    /// The code of a built-in plain number format id (`2` is `0.00`, `10` is `0.00%`), `nil` for the others.
    static func builtinCode(_ id: Int) -> String? {
        switch id {
        case 1: return "0"
        case 2: return "0.00"
        case 3: return "#,##0"
        case 4: return "#,##0.00"
        case 9: return "0%"
        case 10: return "0.00%"
        default: return nil
        }
    }

    /// The kind of a custom format code: date and time tokens outside quotes, escapes and brackets.
    static func kind(ofFormat code: String) -> Kind {
        var hasDate = false
        var hasTime = false
        var inQuote = false
        var inBracket = false
        var previous: Character = " "
        for character in code.lowercased() {
            if previous == "\\" || previous == "_" || previous == "*" {
                previous = " "
                continue
            }
            switch character {
            case "\"": inQuote.toggle()
            case "[": if !inQuote { inBracket = true }
            case "]": inBracket = false
            case "y", "d": if !inQuote && !inBracket { hasDate = true }
            case "h", "s": if !inQuote && !inBracket { hasTime = true }
            default: break
            }
            previous = character
        }
        if code.lowercased().contains("[h") || code.lowercased().contains("[m") { hasTime = true }
        switch (hasDate, hasTime) {
        case (true, true): return .dateTime
        case (true, false): return .date
        case (false, true): return .time
        default: return .number
        }
    }

    /// The elapsed-time kind of a custom format code (`[h]:mm:ss`, `[mm]:ss`, `[h]:mm`), or `nil` when its
    /// first section has no bracketed `[h]`, `[m]` or `[s]` outside quotes.
    static func elapsed(ofFormat code: String) -> Kind? {
        var largest: Elapsed?
        var seconds = false
        var inQuote = false
        var bracket: String?
        var previous: Character = " "
        for character in code.lowercased() {
            if previous == "\\" || previous == "_" || previous == "*" {
                previous = " "
                continue
            }
            previous = character
            if character == ";" && !inQuote && bracket == nil { break }
            if character == "\"" { inQuote.toggle(); continue }
            if inQuote { continue }
            if character == "[" { bracket = ""; continue }
            if character == "]", let content = bracket {
                bracket = nil
                if let unit = content.first, !content.isEmpty, content.allSatisfy({ $0 == unit }), largest == nil {
                    switch unit {
                    case "h": largest = .hours
                    case "m": largest = .minutes
                    case "s": largest = .seconds
                    default: break
                    }
                }
                if content.first == "s" && content.allSatisfy({ $0 == "s" }) { seconds = true }
                continue
            }
            if bracket != nil { bracket!.append(character); continue }
            if character == "s" { seconds = true }
        }
        return largest.map { .duration($0, seconds: seconds || $0 == .seconds) }
    }

    /// A serial count of days as elapsed time: `10.632060185185` with `[h]:mm:ss` is `255:10:10` (hours past
    /// 24 kept, rounded to the second, negative with a minus sign).
    static func duration(serial text: String, largest: Elapsed, seconds: Bool) -> String {
        guard let serial = Double(text), serial.isFinite, abs(serial) < 1e9 else { return text }
        let total = Int((abs(serial) * 86_400).rounded())
        let sign = serial < 0 && total > 0 ? "-" : ""
        let pad = { (value: Int) in value < 10 ? "0\(value)" : String(value) }
        switch largest {
        case .hours:
            return sign + String(total / 3600) + ":" + pad(total / 60 % 60) + (seconds ? ":" + pad(total % 60) : "")
        case .minutes:
            return sign + String(total / 60) + (seconds ? ":" + pad(total % 60) : "")
        case .seconds:
            return sign + String(total)
        }
    }

    /// A serial date as ISO 8601.
    static func iso(serial text: String, kind: Kind, date1904: Bool) -> String {
        guard let serial = Double(text) else { return text }
        var days = serial.rounded(.down)
        var seconds = Int(((serial - days) * 86_400).rounded())
        if seconds >= 86_400 {
            days += 1
            seconds -= 86_400
        }
        let time = String(format: "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
        if kind == .time && days == 0 { return time }
        // 1900 system: serial 1 is 1900-01-01, and Excel counts a 29 February 1900 that never was (60).
        var base = DateComponents(year: 1899, month: 12, day: 30)
        if date1904 {
            base = DateComponents(year: 1904, month: 1, day: 1)
        } else if days < 60 {
            base = DateComponents(year: 1899, month: 12, day: 31)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let start = calendar.date(from: base),
              let date = calendar.date(byAdding: .day, value: Int(days), to: start) else { return text }
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let day = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
        return kind == .date ? day : day + "T" + time
    }

    /// A stored number without float noise: at most 15 significant digits, no trailing zeros.
    static func plain(_ text: String) -> String {
        // Fifteen characters cannot hold more than fifteen significant digits.
        if text.utf8.count <= 15 { return text }
        let digits = text.filter(\.isNumber).drop { $0 == "0" }
        guard digits.count > 15, let value = Double(text) else { return text }
        var formatted = String(format: "%.15g", value)
        if formatted.contains("e") { return formatted }
        if formatted.contains(".") {
            while formatted.hasSuffix("0") { formatted.removeLast() }
            if formatted.hasSuffix(".") { formatted.removeLast() }
        }
        return formatted
    }
}
