import Foundation

/// Turns a stream of chat-log messages into training conversations: splits sessions (``SessionBreak``: a silence,
/// time going backwards, blank-line blocks, another customer, the end of a chat), decides roles, drops
/// placeholders (``PlaceholderTable``: `<Media omitted>`, `[图片]`, deleted messages), merges consecutive turns of
/// one role with a line break, trims a leading assistant turn (always: the platform requires the user to speak
/// first) and a trailing user turn (unless ``ChatLogOptions/trimEdges`` is off), and windows long sessions.
///
/// A message's text is kept exactly — blank lines, indentation, inner white space — but for the white space and
/// line breaks around the whole message, and a first line that is a placeholder before a caption (counted). Every session ends as records or as one reject saying why; what was
/// dropped inside sessions is counted.
package struct ChatSessionShaper {
    /// A session's outcome.
    package enum Outcome: Sendable {
        case record(Record)
        case reject(Reject)
    }

    /// Where a session break worth a warning happened first, and between what.
    package struct Sighting: Sendable, Equatable {
        package var location: SourceLocation
        package var before: String
        package var after: String
    }

    package let options: ChatLogOptions
    package let fileName: String
    package let export: ChatExportKind
    private let placeholders: PlaceholderMatcher
    /// Transcripts split at a change of customer unless ``ChatLogOptions/groupChat``.
    private let splitsOnCustomer: Bool
    /// Every export but ChatGPT's (one person's conversation, one example) splits where time goes backwards.
    private let splitsOnBackwards: Bool
    private var session: [ChatLogMessage] = []
    private var lastTime: Int64?
    private var customer: String?
    /// Whether the session has a speaker named or given as the answering side yet.
    private var sessionHasAssistant = false
    /// The last two speakers' sides before the session is read whole (a session alternates between two).
    private var recentSide: (speaker: String, side: Role?)?
    private var olderSide: (speaker: String, side: Role?)?
    private var breakCounts = [Int](repeating: 0, count: SessionBreak.allCases.count)
    private var defaultRoles: [String: Role?] = [:]
    /// Sessions seen.
    package private(set) var sessions = 0
    /// How many sessions ended for each cause (causes that ended none left out).
    package var breaks: [SessionBreak: Int] {
        var breaks: [SessionBreak: Int] = [:]
        for (index, cause) in SessionBreak.allCases.enumerated() where breakCounts[index] > 0 { breaks[cause] = breakCounts[index] }
        return breaks
    }
    /// The first time going backwards, and the first change of customer.
    package private(set) var firstBackwards: Sighting?
    package private(set) var firstCustomerChange: Sighting?
    /// Placeholder messages left out, by kind.
    package private(set) var placeholderCounts: [PlaceholderKind: Int] = [:]
    /// Placeholder first lines taken off messages that go on with a caption
    /// (`IMG-….jpg (file attached)` then the caption on the next line), by kind.
    package private(set) var placeholderLineCounts: [PlaceholderKind: Int] = [:]
    /// Messages with no text left out.
    package private(set) var emptyMessages = 0
    /// Messages of speakers mapped to `skip`.
    package private(set) var skippedMessages = 0
    /// Leading assistant and trailing user turns trimmed (leading assistant turns also with `--keep-edges`).
    package private(set) var turnsTrimmed = 0

    /// Placeholder messages left out, all kinds.
    package var placeholdersDropped: Int { placeholderCounts.values.reduce(0, +) }

    /// Creates a shaper for one log file written by `export`.
    package init(options: ChatLogOptions, fileName: String, export: ChatExportKind = .any) {
        self.options = options
        self.fileName = fileName
        self.export = export
        placeholders = PlaceholderTable.builtIn.matcher(for: export)
        splitsOnCustomer = export == .transcript && !options.groupChat
        splitsOnBackwards = export != .chatgpt
    }

    /// Adds the next message; returns the outcomes of a session it closed.
    package mutating func add(_ message: ChatLogMessage) -> [Outcome] {
        var outcomes: [Outcome] = []
        let side = splitsOnCustomer ? side(of: message.speaker) : nil
        if !session.isEmpty {
            var cause: SessionBreak?
            if message.startsBlock {
                cause = .blankLines
            } else if let last = lastTime, let time = message.time {
                if time < last && splitsOnBackwards {
                    cause = .timeBackwards
                    if firstBackwards == nil {
                        firstBackwards = Sighting(location: message.location(in: fileName), before: Self.timeText(last),
                                                  after: Self.timeText(time))
                    }
                } else if let gap = options.sessionGap, time > last, time - last > gap {
                    cause = .silence
                }
            }
            if cause == nil, side == .user, sessionHasAssistant, let customer, !Self.sameName(customer, message.speaker) {
                cause = .customerChange
                if firstCustomerChange == nil {
                    firstCustomerChange = Sighting(location: message.location(in: fileName), before: customer, after: message.speaker)
                }
            }
            if let cause { outcomes = closeSession(cause) }
        }
        session.append(message)
        if let time = message.time { lastTime = time }
        if side == .user && customer == nil { customer = message.speaker }
        if side == .assistant { sessionHasAssistant = true }
        return outcomes
    }

    /// Closes the current session: at the end of a log (``SessionBreak/endOfFile``), or when another chat begins
    /// (``SessionBreak/chatBoundary``).
    package mutating func finish(_ cause: SessionBreak = .endOfFile) -> [Outcome] {
        closeSession(cause)
    }

    /// The side a speaker is on before the session is read whole: `assistant`, `user` (named so, or not named:
    /// customers are), or `nil` for a skipped speaker.
    private mutating func side(of speaker: String) -> Role? {
        // The last two speakers' sides: a byte comparison, no hashing.
        if let recentSide, Self.sameName(recentSide.speaker, speaker) { return recentSide.side }
        if let olderSide, Self.sameName(olderSide.speaker, speaker) {
            swap(&recentSide, &self.olderSide)
            return olderSide.side
        }
        let side: Role?
        if !options.speakers.isEmpty, let given = options.speakers[speaker] { side = given } else { side = cachedDefaultRole(of: speaker) ?? .user }
        olderSide = recentSide
        recentSide = (speaker, side)
        return side
    }

    private mutating func closeSession(_ cause: SessionBreak) -> [Outcome] {
        guard let first = session.first else { return [] }
        defer {
            session.removeAll(keepingCapacity: true)
            lastTime = nil
            customer = nil
            sessionHasAssistant = false
        }
        sessions += 1
        breakCounts[cause.index] += 1
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
            var text = Self.trimmedAround(message.text)
            if !options.keepPlaceholders, let newline = Self.firstLineBreak(in: text) {
                let firstLine = String(decoding: text.utf8.prefix(newline), as: UTF8.self)
                if let kind = placeholders.kind(of: Self.trimmedAround(firstLine)) {
                    placeholderLineCounts[kind, default: 0] += 1
                    text = Self.trimmedAround(String(decoding: text.utf8.dropFirst(newline + 1), as: UTF8.self))
                }
            }
            if text.isEmpty {
                emptyMessages += 1
                continue
            }
            if !options.keepPlaceholders, let kind = placeholders.kind(of: text) {
                placeholderCounts[kind, default: 0] += 1
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

    /// Whether `text` (white space around it aside) is a placeholder of any export in ``PlaceholderTable``.
    package static func isPlaceholder(_ text: String) -> Bool {
        anyExport.kind(of: trimmedAround(text)) != nil
    }

    private static let anyExport = PlaceholderMatcher(rows: PlaceholderTable.builtIn.rows)

    /// The text without the white space and line breaks around it (spaces, tabs, CR, LF, U+3000); the same string
    /// when there are none.
    package static func trimmedAround(_ text: String) -> String {
        guard let first = text.utf8.first, let last = text.utf8.last else { return text }
        guard isSpace(first) || isSpace(last) || first == 0xE3 || last == 0x80 else { return text }
        var text = text
        return text.withUTF8 { bytes in
            var start = 0
            var end = bytes.count
            while true {
                if start < end && isSpace(bytes[start]) { start += 1; continue }
                if start + 3 <= end && bytes[start] == 0xE3 && bytes[start + 1] == 0x80 && bytes[start + 2] == 0x80 { start += 3; continue }
                break
            }
            while true {
                if end > start && isSpace(bytes[end - 1]) { end -= 1; continue }
                if end - 3 >= start && bytes[end - 3] == 0xE3 && bytes[end - 2] == 0x80 && bytes[end - 1] == 0x80 { end -= 3; continue }
                break
            }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
    }

    /// `2024-03-28 10:00:00` for seconds since 1970 (the log's own clock).
    package static func timeText(_ seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let clock = seconds - days * 86_400
        // Days to a civil date (H. Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day)) \(two(clock / 3600)):\(two(clock / 60 % 60)):\(two(clock % 60))"
    }

    /// Whether two speaker names are the same bytes (names are compared as the export writes them, without the
    /// Unicode normalisation `==` does, which costs much for non-ASCII names and runs per message).
    static func sameName(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        let same = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in
                x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0
            }
        }
        if let same, let same { return same }
        return a.utf8.elementsEqual(b.utf8)
    }

    /// The byte offset of the first line break of `text`, if it has one (memchr: this runs per message).
    private static func firstLineBreak(in text: String) -> Int? {
        let found = text.utf8.withContiguousStorageIfAvailable { bytes -> Int? in
            guard let base = bytes.baseAddress, let hit = memchr(base, 0x0A, bytes.count) else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
        if let found { return found }
        return text.utf8.firstIndex(of: 0x0A).map { text.utf8.distance(from: text.utf8.startIndex, to: $0) }
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
}
