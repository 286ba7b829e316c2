/// Timestamps at the start of chat-log lines: `2024-03-05 10:01:02`, `2024/3/5 10:01`, `2024.03.05 10:01`,
/// `2024年3月5日 10:01`, `2024-03-05T10:01:02`, or a bare time `10:01(:02)` that keeps the last date seen.
enum LogTimestamp {
    /// The time read at the start of `text` in seconds since 1970 (with `lastDay` for a bare time), and the
    /// number of characters it took; `nil` when `text` does not start with a timestamp.
    static func parse(_ text: Substring, lastDay: Int64?) -> (seconds: Int64, day: Int64, length: Int)? {
        let characters = Array(text.prefix(32))
        var i = 0
        func number(maxDigits: Int) -> Int? {
            var value = 0
            var digits = 0
            while i < characters.count, digits < maxDigits, let digit = characters[i].wholeNumberValue, characters[i].isASCII {
                value = value * 10 + digit
                digits += 1
                i += 1
            }
            return digits == 0 ? nil : value
        }
        var day = lastDay
        let dateStart = i
        if let year = number(maxDigits: 4), i - dateStart == 4, i < characters.count, "-/.年".contains(characters[i]) {
            i += 1
            guard let month = number(maxDigits: 2), i < characters.count, "-/.月".contains(characters[i]) else { return nil }
            i += 1
            guard let dayOfMonth = number(maxDigits: 2), (1...12).contains(month), (1...31).contains(dayOfMonth) else { return nil }
            if i < characters.count && characters[i] == "日" { i += 1 }
            day = daysFromCivil(year: year, month: month, day: dayOfMonth)
            guard i < characters.count, characters[i] == " " || characters[i] == "T" else {
                return (day! * 86_400, day!, i)
            }
            i += 1
            while i < characters.count && characters[i] == " " { i += 1 }
        } else {
            i = dateStart
        }
        let timeStart = i
        guard let hour = number(maxDigits: 2), i < characters.count, characters[i] == ":" || characters[i] == "：" else {
            // A date alone is a timestamp; digits alone are not.
            guard timeStart > dateStart, let day else { return nil }
            return (day * 86_400, day, timeStart)
        }
        i += 1
        guard let minute = number(maxDigits: 2), hour < 24, minute < 60 else { return nil }
        var second = 0
        if i + 1 < characters.count, characters[i] == ":", characters[i + 1].isASCII, characters[i + 1].isNumber {
            i += 1
            second = number(maxDigits: 2) ?? 0
            // Fractions of a second are read past.
            if i < characters.count && (characters[i] == "." || characters[i] == ",") {
                i += 1
                _ = number(maxDigits: 9)
            }
        }
        let resolvedDay = day ?? 0
        return (resolvedDay * 86_400 + Int64(hour * 3600 + minute * 60 + second), resolvedDay, i)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
