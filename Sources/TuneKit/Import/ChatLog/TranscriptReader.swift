/// Reads plain chat transcripts: one message per line as `[timestamp] speaker: text` — the timestamp optional
/// and in many date styles (see ``LogTimestamp``), brackets optional, the colon ASCII or full-width `：` —
/// with continuation lines (no speaker) joined to the message above and blank lines passed over.
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
public final class TranscriptReader {
    public let fileName: String
    private let lines: TextLineReader
    private var pending: ChatLogMessage?
    private var lastDay: Int64?
    private var timestamped: Bool?
    /// Lines that were neither a message nor its continuation (text before the first message).
    public private(set) var strayLines = 0

    /// Opens a transcript (`-` for standard input); `encoding` forces one instead of detecting it.
    public init(path: String, encoding: TextEncoding? = nil) throws(ImportError) {
        fileName = path
        lines = try TextLineReader(path: path, encoding: encoding)
    }

    /// The encoding read, and why (for the report).
    public var encodingFact: String {
        lines.encoding.encoding.rawValue + (lines.encoding.bomLength > 0 ? " (byte-order mark)" : "")
    }

    /// Lines read ahead to decide whether messages carry timestamps.
    private var lookahead: [(text: String, number: Int)] = []
    private var lookaheadIndex = 0

    private func nextLine() throws(ImportError) -> (text: String, number: Int)? {
        if timestamped == nil {
            while lookahead.count < 64, let line = try lines.next() { lookahead.append((line, lines.line)) }
            timestamped = lookahead.contains { line in
                parse(line.text, number: line.number, requireTime: nil)?.time != nil
            }
            lastDay = nil
        }
        if lookaheadIndex < lookahead.count {
            defer { lookaheadIndex += 1 }
            return lookahead[lookaheadIndex]
        }
        lookahead = []
        lookaheadIndex = 0
        return try lines.next().map { ($0, lines.line) }
    }

    /// The next message, or `nil` at the end.
    public func next() throws(ImportError) -> ChatLogMessage? {
        while let (line, number) = try nextLine() {
            if let message = parse(line, number: number, requireTime: timestamped) {
                defer { pending = message }
                if let finished = pending { return finished }
                continue
            }
            let trimmed = line.trimmingWhitespace
            if trimmed.isEmpty { continue }
            if pending != nil {
                pending!.text += "\n" + trimmed
            } else {
                strayLines += 1
            }
        }
        defer { pending = nil }
        return pending
    }

    /// A message line, or `nil` for a continuation or blank line.
    func parse(_ line: String, number: Int, requireTime: Bool?) -> ChatLogMessage? {
        var rest = Substring(line).drop { $0 == " " || $0 == "\t" || $0 == "\u{FEFF}" }
        var time: Int64?
        let bracketed = rest.first == "[" || rest.first == "【"
        if bracketed { rest = rest.dropFirst() }
        if let stamp = LogTimestamp.parse(rest, lastDay: lastDay) {
            var after = rest.dropFirst(stamp.length)
            if bracketed {
                guard after.first == "]" || after.first == "】" else { return nil }
                after = after.dropFirst()
            }
            time = stamp.seconds
            rest = after.drop { $0 == " " || $0 == "\t" }
            lastDay = stamp.day
        } else if bracketed {
            return nil
        }
        if let requireTime, requireTime != (time != nil) { return nil }
        guard let colon = rest.prefix(41).firstIndex(where: { $0 == ":" || $0 == "：" }) else { return nil }
        let speaker = rest[..<colon].trimmingWhitespace
        guard !speaker.isEmpty, speaker.count <= 40, !speaker.contains("://"), !speaker.hasPrefix("http") else { return nil }
        let text = rest[rest.index(after: colon)...].trimmingWhitespace
        return ChatLogMessage(speaker: speaker, text: text, time: time, line: number)
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and ideographic spaces.
    var trimmingWhitespace: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\u{3000}" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
