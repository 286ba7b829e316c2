/// Timestamps at the start of chat-log lines: `2024-03-05 10:01:02`, `2024/3/5 10:01`, `2024.03.05 10:01`,
/// `2024年3月5日 10:01`, `2024-03-05T10:01:02`, or a bare time `10:01(:02)` that keeps the last date seen.
/// Read from UTF-8 bytes: a log has millions of lines.
enum LogTimestamp {
    private static let year: [UInt8] = Array("年".utf8)
    private static let month: [UInt8] = Array("月".utf8)
    private static let day: [UInt8] = Array("日".utf8)
    private static let wideColon: [UInt8] = Array("：".utf8)

    /// The time at the start of `text` in seconds since 1970 (with `lastDay` for a bare time), and the
    /// number of UTF-8 bytes it took; `nil` when `text` does not start with a timestamp.
    static func parse(_ text: Substring, lastDay: Int64?) -> (seconds: Int64, day: Int64, length: Int)? {
        var copy = text
        return copy.withUTF8 { parse($0, lastDay: lastDay) }
    }

    /// The same over bytes. A bare time more than 12 hours before `previous` (the last timestamp read) is on the
    /// next day: a log of bare times that runs past midnight (`23:58`, then `00:03`) goes on, it does not go back.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, lastDay: Int64?, after previous: Int64? = nil)
        -> (seconds: Int64, day: Int64, length: Int)? {
        guard let head = bytes.first, head &- 0x30 < 10 else { return nil }
        let n = min(bytes.count, 48)
        var i = 0
        func number(maxDigits: Int) -> Int? { digits(bytes, at: &i, end: n, max: maxDigits) }
        func take(_ pattern: [UInt8]) -> Bool {
            guard i + pattern.count <= n else { return false }
            for (offset, byte) in pattern.enumerated() where bytes[i + offset] != byte { return false }
            i += pattern.count
            return true
        }
        func takeDateSeparator(_ word: [UInt8]) -> Bool {
            if i < n && (bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "/") || bytes[i] == UInt8(ascii: ".")) {
                i += 1
                return true
            }
            return take(word)
        }
        var resolvedDay = lastDay
        if let yearValue = number(maxDigits: 4), i == 4, takeDateSeparator(year) {
            guard let monthValue = number(maxDigits: 2), takeDateSeparator(month),
                  let dayValue = number(maxDigits: 2), (1...12).contains(monthValue), (1...31).contains(dayValue) else { return nil }
            _ = take(day)
            let date = daysFromCivil(year: yearValue, month: monthValue, day: dayValue)
            resolvedDay = date
            guard i < n, bytes[i] == 0x20 || bytes[i] == UInt8(ascii: "T") else { return (date * 86_400, date, i) }
            let afterDate = i
            i += 1
            while i < n && bytes[i] == 0x20 { i += 1 }
            let timeStart = i
            guard let time = clock(&i, bytes: bytes, n: n) else {
                // A date alone is a timestamp too.
                return (date * 86_400, date, bytes[afterDate] == 0x20 ? timeStart : afterDate)
            }
            return (date * 86_400 + time, date, i)
        }
        i = 0
        guard let time = clock(&i, bytes: bytes, n: n) else { return nil }
        var date = resolvedDay ?? 0
        if let previous, case let gap = previous - (date * 86_400 + time), gap > 12 * 3600 {
            date += (gap - 12 * 3600 + 86_399) / 86_400   // the fewest days that bring it within 12 hours
        }
        return (date * 86_400 + time, date, i)
    }

    /// `H:MM`, `H:MM:SS` or `H:MM:SS.fff` at `i` as seconds into the day.
    private static func clock(_ i: inout Int, bytes: UnsafeBufferPointer<UInt8>, n: Int) -> Int64? {
        func number(maxDigits: Int) -> Int? { digits(bytes, at: &i, end: n, max: maxDigits) }
        func colon() -> Bool {
            if i < n && bytes[i] == UInt8(ascii: ":") { i += 1; return true }
            if i + 3 <= n && bytes[i] == wideColon[0] && bytes[i + 1] == wideColon[1] && bytes[i + 2] == wideColon[2] { i += 3; return true }
            return false
        }
        let start = i
        guard let hour = number(maxDigits: 2), colon(), let minute = number(maxDigits: 2), hour < 24, minute < 60,
              i - start >= 4 else { return nil }
        var second = 0
        if i + 1 < n, bytes[i] == UInt8(ascii: ":"), bytes[i + 1] &- 0x30 < 10 {
            i += 1
            second = number(maxDigits: 2) ?? 0
            if i + 1 < n, bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: ","), bytes[i + 1] &- 0x30 < 10 {
                i += 1
                _ = number(maxDigits: 9)
            }
        }
        return Int64(hour * 3600 + minute * 60 + second)
    }

    /// The ASCII number of at most `max` digits at `i` (moved past it), or `nil` without a digit there.
    private static func digits(_ bytes: UnsafeBufferPointer<UInt8>, at i: inout Int, end n: Int, max: Int) -> Int? {
        var value = 0
        var count = 0
        while i < n, count < max, bytes[i] &- 0x30 < 10 {
            value = value * 10 + Int(bytes[i] - 0x30)
            count += 1
            i += 1
        }
        return count == 0 ? nil : value
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
