/// One message of a chat log, before roles are decided: who said it, what, when, and where it is.
public struct ChatLogMessage: Hashable, Sendable {
    /// The speaker's name as the log writes it.
    public var speaker: String
    public var text: String
    /// Seconds since 1970-01-01 in the log's own (unknown) time zone; `nil` when the log gives no time.
    public var time: Int64?
    /// The 1-based line the message starts on (0 when the log has no lines).
    public var line: Int
    /// Where the message is when a line does not say it (`chat 3, message 1207` in a JSON export).
    public var reference: String?

    /// Creates a message.
    public init(speaker: String, text: String, time: Int64? = nil, line: Int, reference: String? = nil) {
        self.speaker = speaker
        self.text = text
        self.time = time
        self.line = line
        self.reference = reference
    }

    /// The message's place in `file`.
    func location(in file: String) -> SourceLocation {
        if let reference { return SourceLocation(file: file, cell: reference) }
        return SourceLocation(file: file, line: line)
    }
}
