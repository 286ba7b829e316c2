/// The stamp at the start of a WhatsApp message line, read from its UTF-8 bytes: the date's three fields as
/// written, the time, and where the sender starts.
///
/// ``scan(_:pattern:)`` reads any stamp shape when `pattern` is `nil` (to learn a file's pattern) and only
/// the given shape otherwise, stopping at the first byte that differs, so that a continuation line costs a
/// byte or two.
struct WhatsAppStamp {
    /// The shape this stamp has.
    var pattern: WhatsAppStampPattern
    /// The date's fields in the order written.
    var fields: (Int, Int, Int)
    var hour: Int
    var minute: Int
    var second: Int
    /// The clock marker read, for 12-hour clocks.
    var marker: WhatsAppPhrases.ClockMarker?
    /// Where the date starts and ends (for messages that quote it).
    var dateRange: Range<Int>
    /// The first byte after the stamp (the sender, or a system line's text).
    var end: Int

    /// The two fields that are not the year, in the order written.
    var dayAndMonthFields: (first: Int, second: Int) {
        switch pattern.yearPosition {
        case 0: (fields.1, fields.2)
        case 1: (fields.0, fields.2)
        default: (fields.0, fields.1)
        }
    }

    /// The year as a four-digit Gregorian number (a Thai Buddhist-era year, `2565 BE`, is 543 years ahead).
    var year: Int {
        let value = pattern.yearPosition == 0 ? fields.0 : pattern.yearPosition == 1 ? fields.1 : fields.2
        if pattern.buddhistEra { return value - 543 }
        return pattern.fourDigitYear ? value : 2000 + value
    }

    /// Seconds into the day, the 12-hour clock converted (12 AM is midnight, 12 PM noon).
    var secondsOfDay: Int {
        var hour = self.hour
        if let marker {
            if marker.pm { if hour < 12 { hour += 12 } } else if hour == 12 { hour = 0 }
        }
        return hour * 3600 + minute * 60 + second
    }

    /// The stamp at the start of `b`, of the given shape when `pattern` is not `nil`; `nil` when there is
    /// none or the line ends with it.
    static func scan(_ b: UnsafeBufferPointer<UInt8>, pattern expected: WhatsAppStampPattern?) -> WhatsAppStamp? {
        let n = b.count
        var i = 0
        guard n > 0 else { return nil }
        // Fast exit: the first byte of a stamp line is a digit, `[` or the start of a mark.
        let head = b[0]
        guard head &- 0x30 < 10 || head == UInt8(ascii: "[") || head == 0xE2 || head == 0xEF || head == 0xD9 || head == 0xDB
        else { return nil }
        WhatsAppBytes.skipMarks(b, &i)
        let bracketed = i < n && b[i] == UInt8(ascii: "[")
        if let expected, expected.bracketed != bracketed { return nil }
        if bracketed {
            i += 1
            WhatsAppBytes.skipMarks(b, &i)
        }
        // Time first (`[14:56:01, 3/18/22] `, Vietnamese iOS): hours and a colon before the date.
        var probe = i
        let timeFirst = number(b, &probe, max: 2) != nil && probe < n && b[probe] == UInt8(ascii: ":")
        if let expected, expected.timeFirst != timeFirst { return nil }
        var marker: WhatsAppPhrases.ClockMarker?
        var clock = WhatsAppStampPattern.Clock.twentyFourHour
        var connector: [UInt8] = []
        let time: Time
        let date: DateFields
        let comma: Bool
        if timeFirst {
            guard let read = readTime(b, &i, expected: expected, marker: &marker, clock: &clock) else { return nil }
            time = read
            comma = readComma(b, &i)
            if let expected, expected.comma != comma { return nil }
            guard WhatsAppBytes.skipSpaces(b, &i) > 0, let read = readDate(b, &i, expected: expected) else { return nil }
            date = read
        } else {
            guard let read = readDate(b, &i, expected: expected) else { return nil }
            date = read
            comma = readComma(b, &i)
            if let expected, expected.comma != comma { return nil }
            guard WhatsAppBytes.skipSpaces(b, &i) > 0 else { return nil }
            // A marker before the time (下午9:25), or a connector word (klo).
            var hasConnector = false
            if expected == nil || expected!.clock == .markerBeforeTime, let (found, length) = clockMarker(b, at: i) {
                marker = found
                clock = .markerBeforeTime
                i += length
                WhatsAppBytes.skipSpaces(b, &i)
            } else if i < n && !isDigit(b, i) {
                let wordStart = i
                while i < n, i - wordStart < 12, WhatsAppBytes.space(b, i) == 0, !isDigit(b, i),
                      b[i] != UInt8(ascii: ":"), b[i] != UInt8(ascii: "-"), b[i] != UInt8(ascii: "]") { i += 1 }
                let wordEnd = i
                guard wordEnd > wordStart, WhatsAppBytes.skipSpaces(b, &i) > 0 else { return nil }
                hasConnector = true
                if let expected {
                    guard wordEnd - wordStart == expected.connector.count,
                          WhatsAppBytes.match(expected.connector, in: b, at: wordStart) == expected.connector.count else { return nil }
                } else {
                    connector = b[wordStart..<wordEnd].map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
                }
            }
            if let expected, expected.connector.isEmpty == hasConnector { return nil }
            guard let read = readTime(b, &i, expected: expected, marker: &marker, clock: &clock) else { return nil }
            time = read
        }
        // The closer.
        let closer: WhatsAppStampPattern.Closer
        if bracketed {
            WhatsAppBytes.skipSpaces(b, &i)
            guard i < n, b[i] == UInt8(ascii: "]") else { return nil }
            i += 1
            // A dash after the bracket is the same closer.
            var j = i
            if WhatsAppBytes.skipSpaces(b, &j) > 0, j + 1 < n, b[j] == UInt8(ascii: "-"), WhatsAppBytes.space(b, j + 1) > 0 { i = j + 1 }
            closer = .bracket
        } else {
            let spaces = WhatsAppBytes.skipSpaces(b, &i)
            if spaces > 0, i < n, b[i] == UInt8(ascii: "-") || (i + 2 < n && b[i] == 0xE2 && b[i + 1] == 0x80 && b[i + 2] == 0x93),
               WhatsAppBytes.space(b, i + (b[i] == UInt8(ascii: "-") ? 1 : 3)) > 0 {
                i += b[i] == UInt8(ascii: "-") ? 1 : 3
                closer = .dash
            } else if spaces == 0, i < n, b[i] == UInt8(ascii: ":"), WhatsAppBytes.space(b, i + 1) > 0 {
                i += 1
                closer = .colon
            } else if spaces > 0 {
                closer = .space
            } else {
                return nil
            }
        }
        if let expected, expected.closer != closer { return nil }
        // One space after the closer belongs to it (the bracket's, the dash's); marks before the sender too.
        if closer != .space { i += WhatsAppBytes.space(b, i) }
        WhatsAppBytes.skipMarks(b, &i)
        guard i < n else { return nil }
        let shape = expected ?? WhatsAppStampPattern(
            bracketed: bracketed, dateSeparator: date.separator, spacedDate: date.spaced, trailingDot: date.trailingDot,
            yearPosition: date.yearPosition, fourDigitYear: date.fourDigitYear, comma: comma, connector: connector,
            timeSeparator: time.separator, seconds: time.seconds, clock: clock, closer: closer, timeFirst: timeFirst)
        return WhatsAppStamp(pattern: shape, fields: date.fields, hour: time.hour, minute: time.minute, second: time.second,
                             marker: marker, dateRange: date.range, end: i)
    }

    /// A date's three fields and their shape.
    struct DateFields {
        var fields: (Int, Int, Int)
        var separator: UInt8
        var spaced: Bool
        var trailingDot: Bool
        var yearPosition: Int
        var fourDigitYear: Bool
        var range: Range<Int>
    }

    /// A time and its shape.
    struct Time {
        var hour: Int
        var minute: Int
        var second: Int
        var seconds: Bool
        var separator: UInt8
    }

    /// `,` or Arabic `،` (D8 8C) at `i`, moved past.
    @inline(__always)
    static func readComma(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> Bool {
        if i < b.count && b[i] == UInt8(ascii: ",") { i += 1; return true }
        if i + 1 < b.count && b[i] == 0xD8 && b[i + 1] == 0x8C { i += 2; return true }
        return false
    }

    /// The date at `i`: three numbers with one separator (`/`, `.` or `-`, spaces allowed after it), the year
    /// the field with four digits, else the first when it cannot be a day, else the last.
    @inline(__always)
    static func readDate(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int, expected: WhatsAppStampPattern?) -> DateFields? {
        let n = b.count
        let dateStart = i
        guard let first = number(b, &i, max: 4), i < n else { return nil }
        let separator = b[i]
        guard separator == UInt8(ascii: "/") || separator == UInt8(ascii: ".") || separator == UInt8(ascii: "-") else { return nil }
        if let expected, expected.dateSeparator != separator { return nil }
        i += 1
        let spacedDate = WhatsAppBytes.skipSpaces(b, &i) > 0
        if let expected, expected.spacedDate != spacedDate { return nil }
        guard let second = number(b, &i, max: 4), i < n, b[i] == separator else { return nil }
        i += 1
        if spacedDate { guard WhatsAppBytes.skipSpaces(b, &i) > 0 else { return nil } }
        guard let third = number(b, &i, max: 4) else { return nil }
        let dateEnd = i
        let longFields = (first.digits >= 3 ? 1 : 0) + (second.digits >= 3 ? 1 : 0) + (third.digits >= 3 ? 1 : 0)
        let yearPosition: Int
        switch longFields {
        case 0: yearPosition = first.value > 31 ? 0 : 2
        case 1: yearPosition = first.digits >= 3 ? 0 : second.digits >= 3 ? 1 : 2
        default: return nil
        }
        let year = yearPosition == 0 ? first : yearPosition == 1 ? second : third
        let fourDigitYear = year.digits == 4
        guard fourDigitYear || year.digits == 2 else { return nil }
        if let expected, expected.yearPosition != yearPosition || expected.fourDigitYear != fourDigitYear { return nil }
        let (dayOrMonth1, dayOrMonth2) = yearPosition == 0 ? (second, third) : yearPosition == 1 ? (first, third) : (first, second)
        guard dayOrMonth1.digits <= 2, dayOrMonth2.digits <= 2, (1...31).contains(dayOrMonth1.value), (1...31).contains(dayOrMonth2.value)
        else { return nil }
        let trailingDot = separator == UInt8(ascii: ".") && i < n && b[i] == UInt8(ascii: ".")
        if trailingDot { i += 1 }
        if let expected, expected.trailingDot != trailingDot { return nil }
        return DateFields(fields: (first.value, second.value, third.value), separator: separator, spaced: spacedDate,
                          trailingDot: trailingDot, yearPosition: yearPosition, fourDigitYear: fourDigitYear, range: dateStart..<dateEnd)
    }

    /// The time at `i` (`21:25`, `21.25.15`), and a clock marker after it unless one came before.
    @inline(__always)
    static func readTime(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int, expected: WhatsAppStampPattern?,
                         marker: inout WhatsAppPhrases.ClockMarker?, clock: inout WhatsAppStampPattern.Clock) -> Time? {
        let n = b.count
        guard let hour = number(b, &i, max: 2), i < n else { return nil }
        let timeSeparator = b[i]
        guard timeSeparator == UInt8(ascii: ":") || timeSeparator == UInt8(ascii: ".") else { return nil }
        if let expected, expected.timeSeparator != timeSeparator { return nil }
        i += 1
        guard let minute = number(b, &i, max: 2), minute.digits == 2, minute.value < 60 else { return nil }
        var secondsValue = 0
        var seconds = false
        if i + 1 < n && b[i] == timeSeparator && isDigit(b, i + 1) {
            i += 1
            guard let value = number(b, &i, max: 2), value.digits == 2, value.value < 60 else { return nil }
            secondsValue = value.value
            seconds = true
        }
        if let expected, expected.seconds != seconds { return nil }
        if clock != .markerBeforeTime, expected == nil || expected!.clock == .markerAfterTime {
            var j = i
            WhatsAppBytes.skipSpaces(b, &j)
            if let (found, length) = clockMarker(b, at: j) {
                marker = found
                clock = .markerAfterTime
                i = j + length
            }
        }
        if let expected, expected.clock != clock { return nil }
        guard marker == nil ? hour.value < 24 : hour.value <= 12 else { return nil }
        return Time(hour: hour.value, minute: minute.value, second: secondsValue, seconds: seconds, separator: timeSeparator)
    }

    /// The clock marker at `i` and its length; an ASCII marker must not run on into a letter (`am` in `amigo`).
    static func clockMarker(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (WhatsAppPhrases.ClockMarker, Int)? {
        guard i < b.count else { return nil }
        let head = b[i] | 0x20
        // Only a, p (ASCII) and the first bytes of 上下午 (E4), 午 (E5), ص/م (D8/D9) can start a marker.
        guard head == UInt8(ascii: "a") || head == UInt8(ascii: "p") || b[i] == 0xE4 || b[i] == 0xE5 || b[i] == 0xD8 || b[i] == 0xD9
        else { return nil }
        for marker in WhatsAppPhrases.clockMarkers {
            let length = WhatsAppBytes.match(marker.bytes, in: b, at: i)
            guard length > 0 else { continue }
            let next = i + length
            if next < b.count {
                let after = b[next] | 0x20
                if after >= UInt8(ascii: "a") && after <= UInt8(ascii: "z") { continue }
                // Arabic letters run on too: م must stand alone.
                if marker.bytes.first! >= 0xD8 && (b[next] == 0xD8 || b[next] == 0xD9 || b[next] == 0xDA || b[next] == 0xDB) { continue }
            }
            return (marker, length)
        }
        return nil
    }

    /// Whether a digit (ASCII or Arabic-Indic) starts at `i`.
    @inline(__always)
    static func isDigit(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        guard i < b.count else { return false }
        if b[i] &- 0x30 < 10 { return true }
        guard i + 1 < b.count else { return false }
        return (b[i] == 0xD9 && (0xA0...0xA9).contains(b[i + 1])) || (b[i] == 0xDB && (0xB0...0xB9).contains(b[i + 1]))
    }

    /// A number of at most `max` digits at `i` (ASCII, Arabic-Indic U+0660… or Eastern Arabic-Indic U+06F0…),
    /// marks around it skipped; `nil` without a digit.
    @inline(__always)
    static func number(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int, max: Int) -> (value: Int, digits: Int)? {
        let n = b.count
        var value = 0
        var digits = 0
        while i < n, digits < max {
            let byte = b[i]
            if byte &- 0x30 < 10 {
                value = value * 10 + Int(byte &- 0x30)
                i += 1
            } else if (byte == 0xD9 || byte == 0xDB) && i + 1 < n {
                let low = b[i + 1]
                if byte == 0xD9 && low >= 0xA0 && low <= 0xA9 { value = value * 10 + Int(low - 0xA0) }
                else if byte == 0xDB && low >= 0xB0 && low <= 0xB9 { value = value * 10 + Int(low - 0xB0) }
                else { break }
                i += 2
            } else {
                break
            }
            digits += 1
        }
        guard digits > 0 else { return nil }
        WhatsAppBytes.skipMarks(b, &i)
        return (value, digits)
    }
}
