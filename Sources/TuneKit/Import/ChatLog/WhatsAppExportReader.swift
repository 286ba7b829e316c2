#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads WhatsApp "Export chat" text files, Android and iOS, in every locale's stamp:
///
/// ```text
/// 12/31/23, 9:41 PM - Alice: Hello                (Android, US)
/// [31.12.23, 21:41:05] Alice: Hello               (iOS: brackets and seconds)
/// 2019-10-20, 10:16 - Alice: Hello                (year first)
/// 13.6.2018 klo 21.25.15 - Alice: Hello           (Finnish)
/// 13. 6. 2018. 21:25:15 Alice: Hello              (Czech/Slovak/Hungarian style, closed by a space)
/// 2018/6/13 下午9:25 - Alice: 你好                  (Chinese, marker before the time)
/// ```
///
/// One stamp pattern is learned per file from its first message lines (``WhatsAppStampPattern``); every line
/// is then matched against it on its bytes. A line that does not match is a continuation of the message above,
/// kept exactly as it is (blank lines, indentation, inner spaces); only the export's own structure — the stamp,
/// `sender: `, line ends and CR — is removed, plus blank lines at a message's end and the `<This message was
/// edited>` marker (counted). Lines without a `sender: ` and localised notices are system lines, counted.
///
/// Day/month order: a field over 12 settles it. The first ``dateOrderLookahead`` lines are read ahead (held in
/// memory, then replayed) for such a date; if none settles it the order is assumed (year first: month before day;
/// an English `AM`/`PM` clock: month first; otherwise day first) and every later date is checked against it: a
/// date that contradicts it stops the read with an error naming `--date-order`.
package final class WhatsAppExportReader {
    package let fileName: String
    private let stream: UTF8Stream
    private let buffer = ByteBuffer(capacity: 1 << 20)
    private var position = 0
    private var atEnd = false
    /// While deciding, every byte read is kept for the replay.
    private var holding = true
    private var lineNumber = 0

    /// The stamp pattern learned from the first message lines, or `nil` when none was found.
    private(set) var pattern: WhatsAppStampPattern?
    private var decision: WhatsAppDateDecision
    private let forcedOrder: WhatsAppDateOrder?
    private let lookahead: Int

    /// System lines passed over (encryption notices, "X added Y" …).
    package private(set) var systemLines = 0
    /// Lines before the first message that are not one.
    package private(set) var strayLines = 0
    /// `<This message was edited>` markers removed.
    package private(set) var editedMarkers = 0
    /// Continuation lines that start with a stamp of another shape (kept as text), and the first of them.
    package private(set) var otherStampLines = 0
    package private(set) var firstOtherStampLine = 0

    private let text = ByteBuffer(capacity: 1 << 12)
    private var pendingSpeaker: String?
    private var pendingTime: Int64 = 0
    private var pendingLine = 0
    private var inSystemMessage = false
    private var lastSpeakerBytes: [UInt8] = []
    private var lastSpeaker = ""

    private let maxLineBytes: Int

    /// The most lines read ahead to decide the date order when no date settles it.
    static let dateOrderLookahead = 100_000
    /// The most lines searched for the first message lines, and how many stamps the pattern is learned from.
    static let patternLookahead = 1_000
    static let patternSample = 20

    /// Opens an export (`-` for standard input).
    package convenience init(path: String, encoding: TextEncoding? = nil, dateOrder: WhatsAppDateOrder? = nil) throws(ImportError) {
        try self.init(source: ByteSource(path: path), encoding: encoding, dateOrder: dateOrder)
    }

    /// Reads an opened source in one pass: learns the stamp pattern, decides the date order (``dateOrder``)
    /// from the lines read ahead, then replays them.
    /// `lookahead` bounds the lines read ahead for a settling date (smaller in tests).
    /// `maxLineBytes`: a longer line is refused (``InputLimits``).
    init(source: ByteSource, encoding: TextEncoding? = nil, dateOrder: WhatsAppDateOrder? = nil,
         lookahead: Int = dateOrderLookahead, maxLineBytes: Int = InputLimits.defaultMaxLineBytes) throws(ImportError) {
        fileName = source.name
        self.maxLineBytes = maxLineBytes
        stream = try UTF8Stream(source: source, encoding: encoding)
        forcedOrder = dateOrder
        self.lookahead = lookahead
        decision = WhatsAppDateDecision(dayFirst: true, settled: false, reason: "")
        try learn()
    }

    /// The date order decided for the file (`day/month/year`, `month/day/year`, `year/month/day` …).
    package var dateOrder: String {
        WhatsAppDateDecision.spelled(yearPosition: pattern?.yearPosition ?? 2, dayFirst: decision.dayFirst)
    }

    /// How the date order was decided (a line's date, the flag, or an assumption and why).
    package var dateOrderDecidedBy: String { decision.reason }

    /// Whether no date in the whole file settled the order (it was assumed).
    package var dateOrderAssumed: Bool { !decision.settled && pattern != nil }

    /// The learned stamp pattern as a sketch (`[yyyy/n/n, hh:mm:ss] `), for the report.
    package var stampPattern: String? { pattern?.sketch }

    // MARK: Lines

    /// The next line's bytes in ``buffer`` (line break and CR excluded), or `nil` at the end.
    private func nextLine() throws(ImportError) -> Range<Int>? {
        while true {
            let count = buffer.count
            if position < count, let found = memchr(buffer.base + position, 0x0A, count - position) {
                let end = buffer.base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if end - position > maxLineBytes {
                    throw InputLimits.overLong("line", limit: maxLineBytes, at: SourceLocation(file: fileName, line: lineNumber + 1))
                }
                defer { position = end + 1 }
                lineNumber += 1
                return position..<(end > position && buffer.base[end - 1] == 0x0D ? end - 1 : end)
            }
            if atEnd {
                guard position < count else { return nil }
                defer { position = count }
                lineNumber += 1
                return position..<(count > position && buffer.base[count - 1] == 0x0D ? count - 1 : count)
            }
            if count - position > maxLineBytes {
                throw InputLimits.overLong("line", limit: maxLineBytes, at: SourceLocation(file: fileName, line: lineNumber + 1))
            }
            if !holding {
                buffer.removeFirst(position)
                position = 0
            }
            if try !stream.read(appendingTo: buffer) { atEnd = true }
        }
    }

    private func bytes(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: buffer.base + range.lowerBound, count: range.count)
    }

    // MARK: Learning

    /// Learns the pattern from the first stamps, then reads ahead for a date that settles the order, and
    /// rewinds to the first line.
    private func learn() throws(ImportError) {
        var stamps: [WhatsAppStamp] = []
        while stamps.count < Self.patternSample, lineNumber < Self.patternLookahead, let range = try nextLine() {
            if let stamp = WhatsAppStamp.scan(bytes(range), pattern: nil) { stamps.append(stamp) }
        }
        pattern = WhatsAppStampPattern.learn(from: stamps)
        // US English writes M/D/YY with an undotted AM/PM: the hint used when no date settles the order.
        let english = stamps.contains { $0.pattern == pattern && $0.marker?.english == true && $0.pattern.dateSeparator == UInt8(ascii: "/") }
        if let pattern {
            if let forcedOrder {
                decision = try forced(forcedOrder, pattern: pattern)
            } else {
                // Rewind, and read ahead for a settling date.
                position = 0
                lineNumber = 0
                var settled: WhatsAppDateDecision?
                while settled == nil, lineNumber < lookahead, let range = try nextLine() {
                    let line = bytes(range)
                    guard let stamp = WhatsAppStamp.scan(line, pattern: pattern) else { continue }
                    settled = try settling(stamp, line: line)
                }
                decision = settled ?? Self.assumed(pattern: pattern, english: english, linesRead: lineNumber, wholeFile: atEnd && position >= buffer.count)
            }
        }
        position = 0
        lineNumber = 0
        holding = false
    }

    private func forced(_ order: WhatsAppDateOrder, pattern: WhatsAppStampPattern) throws(ImportError) -> WhatsAppDateDecision {
        let yearFirst = pattern.yearPosition == 0
        if yearFirst != (order == .ymd) {
            throw ImportError(.unknownFormat, "--date-order \(order.rawValue) does not fit this export's dates, which put the year "
                              + (yearFirst ? "first" : "after the day and month") + " (\(pattern.sketch.trimmingWhitespace)); use --date-order "
                              + (yearFirst ? "ymd" : "dmy or mdy"), at: SourceLocation(file: fileName))
        }
        return WhatsAppDateDecision(dayFirst: order.dayFirst, settled: true, reason: "--date-order \(order.rawValue)")
    }

    /// The decision a stamp's date makes when one of its day/month fields is over 12; `nil` when it settles nothing.
    private func settling(_ stamp: WhatsAppStamp, line: UnsafeBufferPointer<UInt8>) throws(ImportError) -> WhatsAppDateDecision? {
        let (first, second) = stamp.dayAndMonthFields
        if first > 12 && second > 12 { throw contradiction(stamp, line: line, why: "neither of \(first) and \(second) can be a month") }
        guard first > 12 || second > 12 else { return nil }
        let dayFirst = first > 12
        let date = String(decoding: line[stamp.dateRange], as: UTF8.self)
        return WhatsAppDateDecision(dayFirst: dayFirst, settled: true,
                                    reason: "line \(lineNumber): \(date) (\(max(first, second)) can only be a day)")
    }

    private static func assumed(pattern: WhatsAppStampPattern, english: Bool, linesRead: Int, wholeFile: Bool) -> WhatsAppDateDecision {
        let scope = wholeFile ? "no date in the file" : "no date in the first \(linesRead) lines"
        let why: String
        let dayFirst: Bool
        if pattern.yearPosition == 0 {
            (dayFirst, why) = (false, "year-first dates put the month before the day")
        } else if english {
            (dayFirst, why) = (false, "slashed dates with an English AM/PM clock are US month-first dates")
        } else {
            (dayFirst, why) = (true, "day first, as in most locales")
        }
        return WhatsAppDateDecision(dayFirst: dayFirst, settled: false, reason: "assumed: \(scope) has a day over 12; \(why) (--date-order sets it)")
    }

    private func contradiction(_ stamp: WhatsAppStamp, line: UnsafeBufferPointer<UInt8>, why: String) -> ImportError {
        let date = String(decoding: line[stamp.dateRange], as: UTF8.self)
        let reading = decision.reason.isEmpty ? "" : "; the dates were read as \(dateOrder) (\(decision.reason))"
        return ImportError(.unknownFormat, "the date \(date) \(why)\(reading) — "
                           + "pass --date-order dmy, mdy or ymd to say how this export writes its dates",
                           at: SourceLocation(file: fileName, line: lineNumber))
    }

    /// Checks a stamp's date against the order in force: a month over 12 stops the read; an assumed order is
    /// settled by the first date that confirms it.
    @inline(__always)
    private func check(_ stamp: WhatsAppStamp, line: UnsafeBufferPointer<UInt8>) throws(ImportError) -> (day: Int, month: Int) {
        let (first, second) = stamp.dayAndMonthFields
        let (day, month) = decision.dayFirst ? (first, second) : (second, first)
        if month > 12 {
            throw contradiction(stamp, line: line, why: month > 12 && day > 12 ? "has no month" : "has \(month) where the month should be")
        }
        if !decision.settled && day > 12, let settled = try settling(stamp, line: line) {
            decision = WhatsAppDateDecision(dayFirst: settled.dayFirst, settled: true,
                                            reason: settled.reason + ", confirming the order assumed before it")
        }
        return (day, month)
    }

    // MARK: Messages

    /// The next message, or `nil` at the end.
    package func next() throws(ImportError) -> ChatLogMessage? {
        guard let pattern else {
            while let range = try nextLine() { if !WhatsAppBytes.isBlank(bytes(range)) { strayLines += 1 } }
            return nil
        }
        while let range = try nextLine() {
            let line = bytes(range)
            guard let stamp = WhatsAppStamp.scan(line, pattern: pattern) else {
                continuation(line)
                continue
            }
            let (day, month) = try check(stamp, line: line)
            let finished = finish()
            if let (speaker, start) = sender(line, from: stamp.end) {
                let days = LogTimestamp.daysFromCivil(year: stamp.year, month: month, day: day)
                pendingSpeaker = speaker
                pendingTime = days * 86_400 + Int64(stamp.secondsOfDay)
                pendingLine = lineNumber
                text.removeAll()
                text.append(UnsafeBufferPointer(rebasing: line[start...]))
                inSystemMessage = false
            } else {
                systemLines += 1
                inSystemMessage = true
            }
            if let finished { return finished }
        }
        return finish()
    }

    /// A line without the file's stamp: the message above goes on (exactly as written).
    @inline(__always)
    private func continuation(_ line: UnsafeBufferPointer<UInt8>) {
        if pendingSpeaker != nil {
            text.append(0x0A)
            text.append(line)
            if let first = line.first, first &- 0x30 < 10 || first == UInt8(ascii: "["),
               let other = WhatsAppStamp.scan(line, pattern: nil), sender(line, from: other.end) != nil {
                otherStampLines += 1
                if firstOtherStampLine == 0 { firstOtherStampLine = lineNumber }
            }
        } else if !inSystemMessage && !WhatsAppBytes.isBlank(line) {
            strayLines += 1
        }
    }

    /// The message being read, finished: blank lines at its end and the edit marker removed.
    private func finish() -> ChatLogMessage? {
        guard let speaker = pendingSpeaker else { return nil }
        pendingSpeaker = nil
        var all = UnsafeBufferPointer(start: text.base, count: text.count)
        // Blank lines at the end.
        while let newline = all.lastIndex(of: 0x0A), WhatsAppBytes.isBlank(UnsafeBufferPointer(rebasing: all[(newline + 1)...])) {
            all = UnsafeBufferPointer(rebasing: all[..<newline])
        }
        all = removingEditMarker(all)
        return ChatLogMessage(speaker: speaker, text: String(decoding: all, as: UTF8.self), time: pendingTime, line: pendingLine)
    }

    /// `text <This message was edited>` → `text` (the marker, a mark and a space before it removed; counted).
    private func removingEditMarker(_ all: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard all.last == UInt8(ascii: ">") else { return all }
        let searchStart = max(0, all.count - 96)
        guard let open = all[searchStart...].lastIndex(of: UInt8(ascii: "<")) else { return all }
        let inner = UnsafeBufferPointer(rebasing: all[(open + 1)..<(all.count - 1)])
        guard !inner.contains(0x0A), WhatsAppPhrases.editedMarkerWords.contains(where: { WhatsAppBytes.contains(inner, $0) }) else { return all }
        var end = open
        while end >= 3 && WhatsAppBytes.mark(all, end - 3) == 3 { end -= 3 }
        if end > 0 && all[end - 1] == 0x20 { end -= 1 }
        editedMarkers += 1
        return UnsafeBufferPointer(rebasing: all[..<end])
    }

    /// The sender of a message line and where its text starts, or `nil` for a system line.
    @inline(__always)
    private func sender(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> (String, Int)? {
        let n = line.count
        let limit = min(n, start + 256)
        var colon = start
        while colon < limit {
            if line[colon] == UInt8(ascii: ":") && (colon + 1 == n || WhatsAppBytes.space(line, colon + 1) > 0) { break }
            colon += 1
        }
        guard colon < limit else { return nil }
        var end = colon
        while end > start && line[end - 1] == 0x20 { end -= 1 }
        var nameStart = start
        WhatsAppBytes.skipMarks(line, &nameStart)
        guard end > nameStart else { return nil }
        let name = UnsafeBufferPointer(rebasing: line[nameStart..<end])
        // A name with quotes is a system line quoting a group's subject (`changed the subject to "Re: …"`).
        for byte in name where byte == UInt8(ascii: "\"") { return nil }
        if WhatsAppBytes.contains(name, Self.leftQuote) || WhatsAppBytes.contains(name, Self.cornerQuote) { return nil }
        var textStart = colon + 1
        textStart += WhatsAppBytes.space(line, textStart)
        let markStart = textStart
        WhatsAppBytes.skipMarks(line, &textStart)
        let body = UnsafeBufferPointer(rebasing: line[textStart...])
        if isEncryptionNotice(body) { return nil }
        if textStart > markStart, WhatsAppPhrases.groupEvents.contains(where: { WhatsAppBytes.contains(body, $0) }) { return nil }
        return (speakerString(name), textStart)
    }

    private static let leftQuote: [UInt8] = Array("“".utf8)
    private static let cornerQuote: [UInt8] = Array("「".utf8)
    /// Which bytes start a notice: one table lookup spares most messages the comparisons.
    private let noticeHeads: [Bool] = {
        var heads = [Bool](repeating: false, count: 256)
        for notice in WhatsAppPhrases.encryptionNotices { heads[Int(notice[0])] = true }
        return heads
    }()

    private func isEncryptionNotice(_ body: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let head = body.first, noticeHeads[Int(head)] else { return false }
        return WhatsAppPhrases.encryptionNotices.contains { WhatsAppBytes.hasPrefix(body, $0) }
    }

    /// The speaker's name as a string, reusing the last one when the bytes are the same.
    private func speakerString(_ name: UnsafeBufferPointer<UInt8>) -> String {
        if name.count == lastSpeakerBytes.count, lastSpeakerBytes.withUnsafeBufferPointer({ memcmp($0.baseAddress!, name.baseAddress!, name.count) == 0 }) {
            return lastSpeaker
        }
        lastSpeakerBytes = Array(name)
        lastSpeaker = String(decoding: name, as: UTF8.self)
        return lastSpeaker
    }

    // MARK: Recognition

    /// What the first lines of a sample say: the stamp pattern they share and how many message lines (with a
    /// sender) have it; `nil` when no line has a stamp.
    static func recognise(_ lines: [Substring]) -> (pattern: WhatsAppStampPattern, messages: Int, example: Substring)? {
        var stamps: [WhatsAppStamp] = []
        var stamped: [Substring] = []
        for line in lines.prefix(patternLookahead) where stamps.count < patternSample {
            var copy = String(line)
            if let stamp = copy.withUTF8({ WhatsAppStamp.scan($0, pattern: nil) }) {
                stamps.append(stamp)
                stamped.append(line)
            }
        }
        guard let pattern = WhatsAppStampPattern.learn(from: stamps) else { return nil }
        var messages = 0
        var example: Substring?
        // Messages are counted over every line given, not only the ones the pattern was learnt from: a group
        // export can open with dozens of joins and notices before its first message.
        for line in lines.prefix(patternLookahead) where messages < 2 {
            var copy = String(line)
            guard let stamp = copy.withUTF8({ WhatsAppStamp.scan($0, pattern: nil) }), stamp.pattern == pattern else { continue }
            let hasSender = copy.withUTF8 { bytes in
                var i = stamp.end
                while i < bytes.count && bytes[i] != UInt8(ascii: ":") { i += 1 }
                return i < bytes.count && i - stamp.end <= 256 && (i + 1 == bytes.count || WhatsAppBytes.space(bytes, i + 1) > 0)
            }
            if hasSender {
                messages += 1
                if example == nil { example = line }
            }
        }
        return (pattern, messages, example ?? stamped[0])
    }
}
