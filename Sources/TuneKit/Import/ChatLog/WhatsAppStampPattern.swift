/// The shape of the stamps that start the messages of one WhatsApp export, learned from its first message
/// lines (``learn(from:)``) and then required of every line (``WhatsAppStamp/scan(_:pattern:)``): a line
/// whose start does not have this shape is a continuation of the message above.
///
/// ```text
/// 12/31/23, 9:41 PM - Alice: …           slash, comma, 12-hour clock after the time, " - "
/// [2018/06/13, 21:25:15] Alice: …        bracketed, year first, seconds
/// 13.6.2018 klo 21.25.15 - Alice: …      connector word, dotted time
/// 13. 6. 2018. 21:25:15 Alice: …         spaced fields, trailing dot, closed by a space
/// 2018/6/13 下午9:25 - Alice: …           marker before the time
/// ```
struct WhatsAppStampPattern: Hashable, Sendable {
    /// What a 12-hour clock's marker looks like, if the clock has one.
    enum Clock: Hashable, Sendable {
        case twentyFourHour
        case markerAfterTime
        case markerBeforeTime
    }

    /// What ends the stamp before the sender.
    enum Closer: String, Hashable, Sendable {
        case bracket = "] "
        case dash = " - "
        case colon = ": "
        case space = " "
    }

    /// `[` … `]` around the stamp (iOS).
    var bracketed: Bool
    /// `/`, `.` or `-` between the date's fields.
    var dateSeparator: UInt8
    /// Spaces after each separator (`13. 6. 2018`).
    var spacedDate: Bool
    /// A `.` after the last field (`13. 6. 2018.`).
    var trailingDot: Bool
    /// Which of the three date fields is the year (0, 1 or 2).
    var yearPosition: Int
    /// Four-digit years (otherwise two).
    var fourDigitYear: Bool
    /// A comma after the date.
    var comma: Bool
    /// A word between date and time (`klo`), lower case; empty when there is none.
    var connector: [UInt8]
    /// `:` or `.` between hours, minutes and seconds.
    var timeSeparator: UInt8
    /// Seconds in the time.
    var seconds: Bool
    var clock: Clock
    var closer: Closer
    /// The time before the date (`[14:56:01, 3/18/22] `, Vietnamese iOS).
    var timeFirst = false

    /// A Buddhist-era year (`3/18/2565 BE, 14:56:01`, Thai iOS): the connector is `be`.
    var buddhistEra: Bool {
        guard connector.count == 2 || connector.count == 3 else { return false }
        return connector[0] == UInt8(ascii: "b") && connector[1] == UInt8(ascii: "e") && (connector.count == 2 || connector[2] == UInt8(ascii: ","))
    }

    /// Whether the transcript reader reads this stamp as its own timestamp (`[2024-03-05 10:01:02] Name: …`):
    /// such a file is as much a transcript as a WhatsApp export, and recognition leaves it to the transcript.
    var isTranscriptTimestamp: Bool {
        !timeFirst && yearPosition == 0 && fourDigitYear && !comma && !spacedDate && !trailingDot && connector.isEmpty
            && timeSeparator == UInt8(ascii: ":") && clock == .twentyFourHour && (closer == .bracket || closer == .space)
    }

    /// Whether the closer is weak evidence (a space or a colon could close other things too).
    var hasWeakCloser: Bool { closer == .space || closer == .colon }

    /// A readable sketch (`[dd/mm/yyyy, hh:mm:ss] `) for the report; `d` and `m` stand for the two fields
    /// whose order is decided separately.
    var sketch: String {
        let separator = String(UnicodeScalar(dateSeparator)) + (spacedDate ? " " : "")
        var fields = ["n", "n", "n"]
        fields[yearPosition] = fourDigitYear ? "yyyy" : "yy"
        let date = fields.joined(separator: separator) + (trailingDot ? "." : "")
        var time = "hh" + String(UnicodeScalar(timeSeparator)) + "mm" + (seconds ? String(UnicodeScalar(timeSeparator)) + "ss" : "")
        switch clock {
        case .twentyFourHour: break
        case .markerAfterTime: time += " am/pm"
        case .markerBeforeTime: time = "am/pm" + time
        }
        let word = connector.isEmpty ? "" : String(decoding: connector, as: UTF8.self) + " "
        let text = timeFirst ? time + (comma ? ", " : " ") + date : date + (comma ? ", " : " ") + word + time
        return (bracketed ? "[" : "") + text + (bracketed ? "] " : closer.rawValue)
    }

    /// The pattern most of the first stamps have (the earliest on a tie), or `nil` without any.
    static func learn(from stamps: [WhatsAppStamp]) -> WhatsAppStampPattern? {
        var counts: [WhatsAppStampPattern: Int] = [:]
        var best: WhatsAppStampPattern?
        for stamp in stamps {
            counts[stamp.pattern, default: 0] += 1
            if best == nil || counts[stamp.pattern]! > counts[best!]! { best = stamp.pattern }
        }
        return best
    }
}
