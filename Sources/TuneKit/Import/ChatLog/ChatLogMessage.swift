/// One message of a chat log, before roles are decided: who said it, what, when, and where it is.
package struct ChatLogMessage: Hashable, Sendable {
    /// The speaker's name as the log writes it.
    package var speaker: String
    package var text: String
    /// Seconds since 1970-01-01 in the log's own (unknown) time zone; `nil` when the log gives no time.
    package var time: Int64?
    /// The 1-based line the message starts on (0 when the log has no lines).
    package var line: Int
    /// Where the message is when a line does not say it (`chat 3, message 1207` in a JSON export).
    package var reference: String?
    /// Blank lines that separate blocks of messages come before this message (a transcript that uses them so).
    package var startsBlock = false

    /// Creates a message.
    package init(speaker: String, text: String, time: Int64? = nil, line: Int, reference: String? = nil) {
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
