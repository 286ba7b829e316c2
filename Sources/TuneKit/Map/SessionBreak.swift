/// Why a chat-log session ended: each session ends for exactly one of these, and the report counts them
/// (`session_breaks`).
package enum SessionBreak: String, Sendable, CaseIterable, Comparable {
    /// A silence longer than the session gap.
    case silence
    /// A timestamp earlier than the previous message's (another chat's messages follow).
    case timeBackwards = "time_backwards"
    /// Blank lines between blocks of messages, in a transcript that separates its sessions so.
    case blankLines = "blank_lines"
    /// Another customer began to speak (transcripts, unless it is a group chat).
    case customerChange = "customer_change"
    /// The chat or conversation of an export ended (WeChat talker, Telegram chat, ChatGPT conversation).
    case chatBoundary = "chat_boundary"
    /// The file ended.
    case endOfFile = "end_of_file"

    package static func < (lhs: SessionBreak, rhs: SessionBreak) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
