/// Reads plain chat transcripts: one message per line as `[timestamp] speaker: text` — the timestamp optional
/// and in many date styles (see `LogTimestamp`), brackets optional, the colon ASCII or full-width `：` —
/// with continuation lines (no speaker) joined to the message above exactly as they are.
///
/// In a transcript without timestamps an indented line is always a continuation line. Text is kept byte for byte
/// but for the line structure: the white space between the colon and the text, and
/// the line breaks (CR LF → LF). Blank lines followed by a continuation line belong to the message; blank lines
/// followed by a message line separate messages, and separate sessions when the file is written in blocks
/// (``BlankLineRule``, decided from its first 4,096 lines or 4 MiB): such a message is marked ``ChatLogMessage/startsBlock``.
///
/// ```text
/// [2024-03-05 10:01:02] 张三：我的快递三天没动了
/// [2024-03-05 10:01:40] 客服小美：您好，请提供订单号。
/// 我帮您查一下。
/// ```
///
/// When any of the first 64 lines is a timestamped message, every message line must carry a timestamp: a
/// header such as `导出时间：2024-03-06`, or a line such as `注意：先登录` inside a reply, then stays what it is
/// instead of becoming a speaker.
package final class TranscriptReader {
    package let fileName: String
    private let lines: TextLineReader
    private var pending: ChatLogMessage?
    private var lastDay: Int64?
    /// The last timestamp read: a bare time far before it is on the next day.
    private var lastTime: Int64?
    private var timestamped: Bool?
    /// Lines that were neither a message nor its continuation (text before the first message).
    package private(set) var strayLines = 0
    /// Whether blank lines separate sessions in this file, and why (decided before the first message is returned).
    package private(set) var blankLines = BlankLineRule.none
    /// Blank (or white-space) lines after the pending message, kept until the next line says whose they are.
    private var blanks: [String] = []

    /// Opens a transcript (`-` for standard input); `encoding` forces one instead of detecting it.
    package convenience init(path: String, encoding: TextEncoding? = nil) throws(ImportError) {
        try self.init(source: ByteSource(path: path), encoding: encoding)
    }

    /// Reads an opened source (which may replay a sample first).
    /// `maxLineBytes`: a longer line is refused (``InputLimits``).
    init(source: ByteSource, encoding: TextEncoding? = nil, maxLineBytes: Int = InputLimits.defaultMaxLineBytes) throws(ImportError) {
        fileName = source.name
        lines = try TextLineReader(source: source, encoding: encoding, maxLineBytes: maxLineBytes)
    }

    /// The encoding read, and why (for the report).
    package var encodingFact: String {
        lines.encoding.encoding.rawValue + (lines.encoding.bomLength > 0 ? " (byte-order mark)" : "")
    }

    /// Lines read ahead to decide whether messages carry timestamps and whether blank lines separate sessions.
    private var lookahead: [(text: String, number: Int)] = []
    private var lookaheadIndex = 0
    /// How many lines the decisions read ahead (and at most how many bytes): the first 64 decide timestamps,
    /// all of them blank lines.
    package static let lookaheadLines = 4096
    package static let lookaheadBytes = 4 << 20

    private func nextLine() throws(ImportError) -> (text: String, number: Int)? {
        if timestamped == nil {
            var bytes = 0
            while lookahead.count < Self.lookaheadLines, bytes < Self.lookaheadBytes, let line = try lines.next() {
                lookahead.append((line, lines.line))
                bytes += line.utf8.count
            }
            timestamped = lookahead.prefix(64).contains { line in
                parse(line.text, number: line.number, requireTime: nil)?.time != nil
            }
            lastDay = nil
            lastTime = nil
            blankLines = BlankLineRule(lines: lookahead.lazy.map(\.text)) { [self] text in
                parse(text, number: 0, requireTime: timestamped) != nil
            }
            lastDay = nil
            lastTime = nil
        }
        if lookaheadIndex < lookahead.count {
            defer { lookaheadIndex += 1 }
            return lookahead[lookaheadIndex]
        }
        if !lookahead.isEmpty {
            lookahead = []
            lookaheadIndex = 0
        }
        return try lines.next().map { ($0, lines.line) }
    }

    /// The next message, or `nil` at the end.
    package func next() throws(ImportError) -> ChatLogMessage? {
        while let (line, number) = try nextLine() {
            if var message = parse(line, number: number, requireTime: timestamped) {
                if !blanks.isEmpty {
                    if pending != nil && blankLines.separates(run: blanks.count) { message.startsBlock = true }
                    blanks.removeAll(keepingCapacity: true)
                }
                defer { pending = message }
                if let finished = pending { return finished }
                continue
            }
            if Self.isBlank(line) {
                if pending != nil { blanks.append(line) }
                continue
            }
            if pending != nil {
                for blank in blanks { pending!.text += "\n" + blank }
                blanks.removeAll(keepingCapacity: true)
                pending!.text += "\n" + line
            } else {
                strayLines += 1
            }
        }
        defer { pending = nil }
        return pending
    }

    /// Whether a line holds nothing but spaces, tabs, carriage returns and ideographic spaces.
    static func isBlank(_ line: String) -> Bool {
        guard let first = line.utf8.first else { return true }
        guard first == 0x20 || first == 0x09 || first == 0x0D || first == 0xE3 else { return false }
        return line.trimmingWhitespace.isEmpty
    }

    /// A message line, or `nil` for a continuation or blank line.
    func parse(_ line: String, number: Int, requireTime: Bool?) -> ChatLogMessage? {
        var line = line
        return line.withUTF8 { parse($0, number: number, requireTime: requireTime) }
    }

    private func parse(_ bytes: UnsafeBufferPointer<UInt8>, number: Int, requireTime: Bool?) -> ChatLogMessage? {
        Self.parse(bytes, number: number, requireTime: requireTime, lastDay: &lastDay, lastTime: &lastTime)
    }

    /// A message line of a transcript, read on its own (for recognition): `nil` for any other line.
    static func messageLine(_ line: Substring) -> ChatLogMessage? {
        var text = String(line)
        var lastDay: Int64?
        var lastTime: Int64?
        return text.withUTF8 { parse($0, number: 0, requireTime: nil, lastDay: &lastDay, lastTime: &lastTime) }
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>, number: Int, requireTime: Bool?,
                              lastDay: inout Int64?, lastTime: inout Int64?) -> ChatLogMessage? {
        var i = 0
        let n = bytes.count
        while i < n && (bytes[i] == 0x20 || bytes[i] == 0x09) { i += 1 }
        // Without timestamps, an indented line continues the message above (`    def f():` is code, not a speaker).
        if i > 0 && requireTime == false { return nil }
        if i + 3 <= n && bytes[i] == 0xEF && bytes[i + 1] == 0xBB && bytes[i + 2] == 0xBF { i += 3 }
        var time: Int64?
        // "[" or "【" (E3 80 90) … "]" or "】" (E3 80 91).
        var bracketed = false
        if i < n && bytes[i] == UInt8(ascii: "[") { bracketed = true; i += 1 }
        else if i + 3 <= n && bytes[i] == 0xE3 && bytes[i + 1] == 0x80 && bytes[i + 2] == 0x90 { bracketed = true; i += 3 }
        if let stamp = LogTimestamp.parse(UnsafeBufferPointer(rebasing: bytes[i...]), lastDay: lastDay, after: lastTime) {
            i += stamp.length
            if bracketed {
                if i < n && bytes[i] == UInt8(ascii: "]") { i += 1 }
                else if i + 3 <= n && bytes[i] == 0xE3 && bytes[i + 1] == 0x80 && bytes[i + 2] == 0x91 { i += 3 }
                else { return nil }
            }
            time = stamp.seconds
            lastDay = stamp.day
            lastTime = stamp.seconds
            while i < n && (bytes[i] == 0x20 || bytes[i] == 0x09) { i += 1 }
        } else if bracketed {
            return nil
        }
        if let requireTime, requireTime != (time != nil) { return nil }
        // The speaker ends at the first ":" or "：" (EF BC 9A), within 160 bytes (about 40 characters).
        let limit = min(n, i + 160)
        var colon = i
        var colonLength = 0
        while colon < limit {
            if bytes[colon] == UInt8(ascii: ":") { colonLength = 1; break }
            if bytes[colon] == 0xEF && colon + 2 < n && bytes[colon + 1] == 0xBC && bytes[colon + 2] == 0x9A { colonLength = 3; break }
            colon += 1
        }
        guard colonLength > 0 else { return nil }
        let speakerBytes = Self.trimmed(UnsafeBufferPointer(rebasing: bytes[i..<colon]))
        guard !speakerBytes.isEmpty else { return nil }
        // A name does not start with punctuation: `, 10` is the rest of a date stamp the timestamp reader did not
        // take whole (`2019-10-20, 10:16 - Alice: hi`), not a speaker.
        if [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/")].contains(speakerBytes[0]) { return nil }
        // "https://…" is not a speaker.
        if colonLength == 1 && colon + 2 < n && bytes[colon + 1] == UInt8(ascii: "/") && bytes[colon + 2] == UInt8(ascii: "/") { return nil }
        // The text as written, from its first character after the colon (the space after it is the export's).
        var start = colon + colonLength
        while true {
            if start < n && (bytes[start] == 0x20 || bytes[start] == 0x09) { start += 1; continue }
            if start + 3 <= n && bytes[start] == 0xE3 && bytes[start + 1] == 0x80 && bytes[start + 2] == 0x80 { start += 3; continue }
            break
        }
        let text = UnsafeBufferPointer(rebasing: bytes[start...])
        return ChatLogMessage(speaker: String(decoding: speakerBytes, as: UTF8.self), text: String(decoding: text, as: UTF8.self),
                              time: time, line: number)
    }

    /// Bytes without leading and trailing spaces, tabs, carriage returns and ideographic spaces (E3 80 80).
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var end = bytes.count
        while true {
            if start < end && (bytes[start] == 0x20 || bytes[start] == 0x09 || bytes[start] == 0x0D) { start += 1; continue }
            if start + 3 <= end && bytes[start] == 0xE3 && bytes[start + 1] == 0x80 && bytes[start + 2] == 0x80 { start += 3; continue }
            break
        }
        while true {
            if end > start && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0D) { end -= 1; continue }
            if end - 3 >= start && bytes[end - 3] == 0xE3 && bytes[end - 2] == 0x80 && bytes[end - 1] == 0x80 { end -= 3; continue }
            break
        }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs, carriage returns and ideographic spaces.
    var trimmingWhitespace: String {
        var text = String(self)
        return text.withUTF8 { String(decoding: TranscriptReader.trimmed($0), as: UTF8.self) }
    }
}
