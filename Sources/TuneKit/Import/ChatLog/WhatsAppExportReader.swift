/// Reads WhatsApp "Export chat" text files, Android and iOS, in their locale variants:
///
/// ```text
/// 12/31/23, 9:41 PM - Alice: Hello                (Android, US: M/D/YY, 12-hour clock)
/// 31/12/2023, 21:41 - Alice: Hello                (Android, D/M/YYYY, 24-hour clock)
/// [31.12.23, 21:41:05] Alice: Hello               (iOS: brackets and seconds)
/// ‎[12/31/23, 9:41:05 PM] Alice: ‎image omitted    (iOS media, with U+200E marks)
/// 5/3/24, 9:41 p. m. - Alice: Hola                (Spanish a. m./p. m.)
/// ```
///
/// Whether dates are month- or day-first is decided by the first date that settles it (a first field over 12
/// means day-first, a second over 12 month-first; otherwise an undotted AM/PM clock means month-first), in one pass. U+202F, U+00A0
/// and U+200E inside dates are read as spaces or ignored. Lines without a `sender: ` (encryption notices,
/// "X added Y") are system lines, skipped and counted; other lines continue the message above.
package final class WhatsAppExportReader {
    package let fileName: String
    private var lines: TextLineReader
    private let dayFirst: Bool
    private var pending: ChatLogMessage?
    /// System lines passed over.
    package private(set) var systemLines = 0
    /// Lines before the first message that are not one.
    package private(set) var strayLines = 0

    /// Opens an export (`-` for standard input).
    package convenience init(path: String, encoding: TextEncoding? = nil) throws(ImportError) {
        try self.init(source: ByteSource(path: path), encoding: encoding)
    }

    /// The most lines read ahead to decide the date order when no date settles it.
    static let dateOrderLookahead = 100_000

    /// Reads an opened source in one pass. The date order is decided by the first message line whose date
    /// settles it (a first field over 12: day-first; a second over 12: month-first); the lines up to it
    /// are held and replayed. When none of the first ``dateOrderLookahead`` lines settles it, an undotted
    /// AM/PM clock among them means month-first, otherwise day-first.
    init(source: ByteSource, encoding: TextEncoding? = nil) throws(ImportError) {
        fileName = source.name
        lines = try TextLineReader(source: source, encoding: encoding)
        var twelveHour = false
        var decided: Bool?
        while decided == nil, held.count < Self.dateOrderLookahead, let line = try lines.next() {
            held.append((line, lines.line))
            guard let header = Self.header(line) else { continue }
            if header.first > 12 { decided = true } else if header.second > 12 { decided = false }
            if header.twelveHour { twelveHour = true }
        }
        dayFirst = decided ?? !twelveHour
    }

    /// Lines read ahead to decide the date order, replayed first.
    private var held: [(text: String, number: Int)] = []
    private var heldIndex = 0

    private func nextLine() throws(ImportError) -> (text: String, number: Int)? {
        if heldIndex < held.count {
            defer {
                heldIndex += 1
                if heldIndex == held.count {
                    held = []
                    heldIndex = 0
                }
            }
            return held[heldIndex]
        }
        return try lines.next().map { ($0, lines.line) }
    }

    /// The date order decided for the file.
    package var dateOrder: String { dayFirst ? "day/month/year" : "month/day/year" }

    /// The next message, or `nil` at the end.
    package func next() throws(ImportError) -> ChatLogMessage? {
        while let (line, number) = try nextLine() {
            if let header = Self.header(line) {
                let finished = pending
                pending = nil
                if let sender = header.sender {
                    pending = ChatLogMessage(speaker: sender, text: header.text, time: seconds(header), line: number)
                } else {
                    systemLines += 1
                }
                if let finished { return finished }
                continue
            }
            let text = line.trimmingWhitespace
            if text.isEmpty { continue }
            if pending != nil { pending!.text += "\n" + text } else { strayLines += 1 }
        }
        defer { pending = nil }
        return pending
    }

    private func seconds(_ header: Header) -> Int64 {
        let (day, month) = dayFirst ? (header.first, header.second) : (header.second, header.first)
        let year = header.year < 100 ? 2000 + header.year : header.year
        let days = LogTimestamp.daysFromCivil(year: year, month: max(1, min(month, 12)), day: max(1, min(day, 31)))
        return days * 86_400 + Int64(header.secondsOfDay)
    }

    /// The parts of a message line's start.
    struct Header {
        var first: Int
        var second: Int
        var year: Int
        var secondsOfDay: Int
        var twelveHour: Bool
        var sender: String?
        var text: String
    }

    private static let systemNotices = [
        "Messages and calls are end-to-end encrypted", "消息和通话已进行端到端加密", "Los mensajes y las llamadas están cifrados",
    ]

    /// Parses the start of a line: `[`? date `,`? time (am/pm)? (`]` or ` - `) then `sender: text`.
    static func header(_ line: String) -> Header? {
        // Marks and odd spaces are normalised first: U+200E/U+200F/U+202A-U+202E dropped, U+00A0/U+202F → space.
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(48)
        var rest = Substring(line).unicodeScalars[...]
        var taken = 0
        while let scalar = rest.first, taken < 64 {
            rest = rest.dropFirst()
            taken += 1
            switch scalar.value {
            case 0x200E, 0x200F, 0x202A...0x202E, 0xFEFF: continue
            case 0x00A0, 0x202F: scalars.append(" ")
            default: scalars.append(scalar)
            }
        }
        var i = 0
        let n = scalars.count
        func number() -> Int? {
            var value = 0
            var digits = 0
            while i < n, digits < 4, scalars[i].value >= 0x30 && scalars[i].value <= 0x39 {
                value = value * 10 + Int(scalars[i].value - 0x30)
                digits += 1
                i += 1
            }
            return digits == 0 ? nil : value
        }
        func skipSpaces() { while i < n && scalars[i] == " " { i += 1 } }
        let bracketed = i < n && scalars[i] == "["
        if bracketed { i += 1 }
        guard let first = number(), i < n, ["/", ".", "-"].contains(scalars[i]) else { return nil }
        let separator = scalars[i]
        i += 1
        guard let second = number(), i < n, scalars[i] == separator else { return nil }
        i += 1
        guard let year = number(), (1...31).contains(first), (1...31).contains(second) else { return nil }
        if i < n && scalars[i] == "." { i += 1 }
        if i < n && scalars[i] == "," { i += 1 }
        skipSpaces()
        guard var hour = number(), i < n, scalars[i] == ":" else { return nil }
        i += 1
        guard let minute = number(), hour < 24, minute < 60 else { return nil }
        var second60 = 0
        if i + 1 < n && scalars[i] == ":" { i += 1; second60 = number() ?? 0 }
        skipSpaces()
        // a.m./p.m. in their spellings: AM, am, a.m., a. m., PM … Only the undotted AM/PM of US English
        // counts as a hint of month-first dates; Spanish "p. m." goes with day-first ones.
        var twelveHour = false
        if i < n, "aApP".unicodeScalars.contains(scalars[i]) {
            var j = i + 1
            let dotted = j < n && scalars[j] == "."
            if dotted { j += 1 }
            if j < n && scalars[j] == " " { j += 1 }
            if j < n && (scalars[j] == "m" || scalars[j] == "M") {
                j += 1
                if j < n && scalars[j] == "." { j += 1 }
                twelveHour = !dotted
                let pm = scalars[i] == "p" || scalars[i] == "P"
                if hour == 12 { hour = pm ? 12 : 0 } else if pm { hour += 12 }
                i = j
            }
        }
        if bracketed {
            guard i < n, scalars[i] == "]" else { return nil }
            i += 1
            skipSpaces()
        } else {
            skipSpaces()
            guard i < n, scalars[i] == "-" || scalars[i] == "–" else { return nil }
            i += 1
            skipSpaces()
        }
        // Everything after the header, marks dropped.
        let remainder = String(String.UnicodeScalarView(scalars[i...])) + String(String.UnicodeScalarView(rest.filter {
            !(0x200E...0x200F).contains($0.value) && !(0x202A...0x202E).contains($0.value)
        }))
        let header = Header(first: first, second: second, year: year, secondsOfDay: hour * 3600 + minute * 60 + second60,
                            twelveHour: twelveHour, sender: nil, text: remainder)
        guard let colon = remainder.range(of: ": ") else {
            return header
        }
        var message = header
        let sender = remainder[..<colon.lowerBound].trimmingWhitespace
        guard !sender.isEmpty, sender.count <= 64 else { return header }
        var text = remainder[colon.upperBound...].trimmingWhitespace
        // The end-to-end notice comes with the chat's name as its sender on iOS.
        if systemNotices.contains(where: { text.hasPrefix($0) }) { return header }
        for marker in ["<This message was edited>", "<已编辑的消息>"] where text.hasSuffix(marker) {
            text = String(text.dropLast(marker.count)).trimmingWhitespace
        }
        message.sender = sender
        message.text = text
        return message
    }
}
