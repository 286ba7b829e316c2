import Foundation

/// Turns a stream of chat-log messages into training conversations: splits sessions at silences, decides
/// roles, drops placeholders (`<Media omitted>`, `[图片]`, deleted messages), merges consecutive turns of one
/// role, trims a leading assistant turn (always: the platform requires the user to speak first) and a trailing
/// user turn (unless ``ChatLogOptions/trimEdges`` is off), and windows long sessions.
///
/// Every session ends as records or as one reject saying why; what was dropped inside sessions is counted.
package struct ChatSessionShaper {
    /// A session's outcome.
    package enum Outcome: Sendable {
        case record(Record)
        case reject(Reject)
    }

    package let options: ChatLogOptions
    package let fileName: String
    private var session: [ChatLogMessage] = []
    private var defaultRoles: [String: Role?] = [:]
    /// Sessions seen.
    package private(set) var sessions = 0
    /// Placeholder and empty messages left out.
    package private(set) var placeholdersDropped = 0
    /// Messages of speakers mapped to `skip`.
    package private(set) var skippedMessages = 0
    /// Leading assistant and trailing user turns trimmed (leading assistant turns also with `--keep-edges`).
    package private(set) var turnsTrimmed = 0

    /// Creates a shaper for one log file.
    package init(options: ChatLogOptions, fileName: String) {
        self.options = options
        self.fileName = fileName
    }

    /// Adds the next message; returns the outcomes of a session it closed.
    package mutating func add(_ message: ChatLogMessage) -> [Outcome] {
        var outcomes: [Outcome] = []
        if let gap = options.sessionGap, let last = session.last?.time, let time = message.time, time - last > gap {
            outcomes = closeSession()
        }
        session.append(message)
        return outcomes
    }

    /// Closes the current session: at the end of a log, or when another chat begins.
    package mutating func finish() -> [Outcome] {
        closeSession()
    }

    private mutating func closeSession() -> [Outcome] {
        guard let first = session.first else { return [] }
        defer { session.removeAll(keepingCapacity: true) }
        sessions += 1
        let location = first.location(in: fileName)
        // Roles.
        var roles: [String: Role?] = [:]
        var undecided: [String] = []
        for message in session where roles[message.speaker] == nil {
            let role = options.speakers[message.speaker] ?? cachedDefaultRole(of: message.speaker)
            if let role { roles[message.speaker] = .some(role) } else if !undecided.contains(message.speaker) { undecided.append(message.speaker) }
        }
        let hasAssistant = roles.values.contains { $0 == .assistant }
        if !hasAssistant && roles.count + undecided.count < 2 {
            return [.reject(Reject(reason: "chat.no_exchange",
                                   message: "the session (\(session.count) message\(session.count == 1 ? "" : "s")) has only one speaker, \(session[0].speaker)",
                                   source: location))]
        }
        if !hasAssistant {
            let names = (Array(roles.keys.sorted()) + undecided).joined(separator: ", ")
            return [.reject(Reject(reason: "chat.roles_undecided",
                                   message: "cannot tell who answers among \(names); name the assistant with --me NAME or --speaker NAME=assistant",
                                   source: location))]
        }
        // Messages in roles, placeholders out, consecutive turns merged.
        var messages: [Turn] = []
        for message in session {
            // Speakers without a role of their own ask, now that the session has an answering side.
            let role: Role? = roles[message.speaker] ?? .user
            guard let role else {
                skippedMessages += 1
                continue
            }
            let text = message.text.trimmingWhitespace
            if text.isEmpty || Self.isPlaceholder(text) {
                placeholdersDropped += 1
                continue
            }
            if let last = messages.last, last.role == role {
                messages[messages.count - 1].text += "\n" + text
            } else {
                messages.append(Turn(role: role, text: text, location: message.location(in: fileName)))
            }
        }
        // A leading assistant turn goes even with --keep-edges: the platform takes no conversation whose first
        // turn after the system prompt is the assistant's (role.first_turn), and a session is worth more than
        // its greeting. A trailing user turn is only a warning there, so --keep-edges keeps it.
        while messages.first?.role == .assistant { messages.removeFirst(); turnsTrimmed += 1 }
        if options.trimEdges && messages.last?.role == .user { messages.removeLast(); turnsTrimmed += 1 }
        guard messages.contains(where: { $0.role == .user }), messages.contains(where: { $0.role == .assistant }) else {
            return [.reject(Reject(reason: "chat.no_exchange",
                                   message: "the session (\(session.count) messages) has no user question answered by the assistant",
                                   source: location))]
        }
        // Windows of at most maxTurns exchanges, each starting with a user turn.
        var windows: [[Turn]] = [messages]
        if let maxTurns = options.maxTurns, maxTurns > 0 {
            windows = []
            var current: [Turn] = []
            var exchanges = 0
            for message in messages {
                if message.role == .user && exchanges == maxTurns {
                    windows.append(current)
                    current = []
                    exchanges = 0
                }
                current.append(message)
                if message.role == .assistant { exchanges += 1 }
            }
            if !current.isEmpty { windows.append(current) }
        }
        return windows.map { window in
            let conversation = Conversation(system: options.system, messages: window.map { Message($0.role, $0.text) })
            return .record(Record(source: window[0].location, example: .conversation(conversation)))
        }
    }

    /// One turn after merging: its role, text, and where its first message is.
    private struct Turn {
        var role: Role
        var text: String
        var location: SourceLocation
    }

    /// ``defaultRole(of:)``, remembered per name (a log has few speakers and many messages).
    private mutating func cachedDefaultRole(of speaker: String) -> Role? {
        if let known = defaultRoles[speaker] { return known }
        if defaultRoles.count > 100_000 { defaultRoles.removeAll() }
        let role = Self.defaultRole(of: speaker)
        defaultRoles[speaker] = .some(role)
        return role
    }

    /// The role a speaker's name suggests: customer-service names answer, customer names ask.
    package static func defaultRole(of speaker: String) -> Role? {
        let name = Array(speaker.lowercased().utf8)
        func holds(_ word: [UInt8]) -> Bool {
            guard word.count <= name.count else { return false }
            for start in 0...(name.count - word.count) where name[start] == word[0] {
                var offset = 1
                while offset < word.count && name[start + offset] == word[offset] { offset += 1 }
                if offset == word.count { return true }
            }
            return false
        }
        if answeringNames.contains(where: holds) { return .assistant }
        if askingNames.contains(where: holds) { return .user }
        return nil
    }

    private static let answeringNames: [[UInt8]] = [
        "客服", "坐席", "售后", "售前", "助手", "助理", "机器人", "店小二", "agent", "support", "service", "assistant", "bot",
        "helpdesk", "staff",
    ].map { Array($0.utf8) }
    private static let askingNames: [[UInt8]] = [
        "客户", "顾客", "用户", "买家", "访客", "游客", "customer", "user", "client", "visitor", "buyer",
    ].map { Array($0.utf8) }

    /// Media and deleted-message stand-ins of the common exports, which teach nothing.
    package static func isPlaceholder(_ text: String) -> Bool {
        // iOS: "<attached: 00000012-PHOTO-2023-12-31-21-41-05.jpg>".
        if text.utf8.first == UInt8(ascii: "<") && text.hasPrefix("<attached: ") && text.hasSuffix(">") && text.utf8.count < 120 { return true }
        guard text.utf8.count < 40 else { return false }
        if placeholders.contains(text) { return true }
        guard text.utf8.contains(0xE2) else { return endsWithOmitted(text) }
        // WhatsApp puts a left-to-right mark (U+200E) before its placeholders.
        let stripped = String(text.unicodeScalars.filter { $0 != "\u{200E}" })
        return placeholders.contains(stripped) || endsWithOmitted(stripped)
    }

    /// `image omitted`, `<attached: …> omitted` and the like (byte comparison: this runs per message).
    private static func endsWithOmitted(_ text: String) -> Bool {
        let suffix = " omitted".utf8
        return text.utf8.count < 24 && text.utf8.count > suffix.count && text.utf8.suffix(suffix.count).elementsEqual(suffix)
    }

    private static let placeholders: Set<String> = [
            "<Media omitted>", "<媒体文件已省略>", "<媒体已省略>", "<附件：图片>", "image omitted", "video omitted",
            "audio omitted", "sticker omitted", "GIF omitted", "document omitted", "This message was deleted",
            "You deleted this message", "此消息已删除", "你删除了此消息", "你撤回了一条消息", "对方撤回了一条消息",
            "[图片]", "[语音]", "[视频]", "[文件]", "[表情]", "[动画表情]", "[位置]", "[链接]", "[红包]", "[转账]",
            "[名片]", "[小程序]", "[聊天记录]", "[Photo]", "[Sticker]", "[Voice]", "[Video]", "[File]",
    ]
}
