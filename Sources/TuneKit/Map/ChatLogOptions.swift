/// How chat logs become training conversations: who is the assistant, where sessions split, how long an
/// example may be.
public struct ChatLogOptions: Sendable {
    /// Speaker name → role (`user` or `assistant`), or `nil` to leave the speaker's messages out.
    public var speakers: [String: Role?] = [:]
    /// A silence longer than this many seconds starts a new session; `nil` keeps one session per log.
    public var sessionGap: Int64? = 30 * 60
    /// The most user → assistant exchanges in one example; longer sessions are cut into several.
    public var maxTurns: Int?
    /// Drop a session's leading assistant turns and trailing user turn (they teach nothing).
    public var trimEdges = true
    /// A system prompt put before every conversation.
    public var system: String?
    /// Keep placeholder messages (`<Media omitted>`, `[图片]` …) instead of dropping and counting them.
    public var keepPlaceholders = false
    /// The log is a group chat: a change of the asking speaker does not start a new session (in transcripts it
    /// does by default, since customer-service tools write several customers' chats into one file).
    public var groupChat = false

    /// Creates the defaults: 30-minute sessions, edges trimmed, roles from the speakers' names.
    public init() {}

    /// Parses `30m`, `2h`, `90s`, `45` (seconds) or `0`/`none` (never split).
    package static func parseGap(_ text: String) -> Int64?? {
        let trimmed = text.trimmingWhitespace.lowercased()
        if trimmed == "none" || trimmed == "0" { return .some(nil) }
        let units: [(String, Int64)] = [("h", 3600), ("m", 60), ("s", 1)]
        for (suffix, factor) in units where trimmed.hasSuffix(suffix) {
            guard let value = Int64(trimmed.dropLast()), value > 0 else { return nil }
            return .some(value * factor)
        }
        guard let value = Int64(trimmed), value > 0 else { return nil }
        return .some(value)
    }

    /// Parses `NAME=ROLE` (`user`, `assistant`, or `skip`).
    package static func parseSpeaker(_ text: String) -> (name: String, role: Role?)? {
        guard let equals = text.lastIndex(of: "=") else { return nil }
        let name = text[..<equals].trimmingWhitespace
        let role = text[text.index(after: equals)...].trimmingWhitespace.lowercased()
        guard !name.isEmpty else { return nil }
        switch role {
        case "user": return (name, .user)
        case "assistant": return (name, .assistant)
        case "skip", "none": return (name, nil)
        default: return nil
        }
    }
}
