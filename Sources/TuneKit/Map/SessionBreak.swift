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

    /// The cause's place in ``allCases`` (the order the report lists them in).
    package var index: Int {
        switch self {
        case .silence: return 0
        case .timeBackwards: return 1
        case .blankLines: return 2
        case .customerChange: return 3
        case .chatBoundary: return 4
        case .endOfFile: return 5
        }
    }

    package static func < (lhs: SessionBreak, rhs: SessionBreak) -> Bool { lhs.index < rhs.index }
}
