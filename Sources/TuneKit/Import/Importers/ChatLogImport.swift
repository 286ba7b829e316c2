/// What the chat-log importers share: the format check, the message → session loop and the shaping facts.
enum ChatLogImport {
    /// Chat logs convert to chat only.
    static func requireChat(_ options: ConvertOptions, input: String, what: String) throws(ConvertError) {
        guard options.format == .chat else {
            throw ConvertError(message: "\(input): \(what) converts to --to chat, not \(options.format.rawValue)")
        }
    }

    /// Adds `message` to the shaper and hands the sessions it closes to the sink.
    static func add(_ message: ChatLogMessage, to shaper: inout ChatSessionShaper, sink: inout some RecordSink) throws(OutputError) {
        for outcome in shaper.add(message) { try outcome.send(to: &sink) }
    }

    /// Closes the shaper's session (at the end of the file, or of a chat) and hands its outcomes to the sink.
    static func finish(_ shaper: inout ChatSessionShaper, sink: inout some RecordSink,
                       cause: SessionBreak = .endOfFile) throws(OutputError) {
        for outcome in shaper.finish(cause) { try outcome.send(to: &sink) }
    }

    /// Reads every message `next` yields into the shaper, handing each session it closes to the sink, and
    /// returns how many messages there were.
    static func readMessages(_ next: () throws(ImportError) -> ChatLogMessage?, shaper: inout ChatSessionShaper,
                             into sink: inout some RecordSink, input: String) throws(ConvertError) -> Int {
        var messages = 0
        do {
            while let message = try next() {
                messages += 1
                try add(message, to: &shaper, sink: &sink)
            }
            try finish(&shaper, sink: &sink)
        } catch {
            throw ConvertError(error, input: input)
        }
        return messages
    }

    /// Reads the chats of an export: a chat with a problem (empty, no current node …) is one reject; every other
    /// chat's messages become sessions of their own (a chat never runs on into the next). Returns how many
    /// messages there were.
    static func readChats(_ chats: [some ExportChat], shaper: inout ChatSessionShaper, into sink: inout some RecordSink,
                          input: String) throws(ConvertError) -> Int {
        var messages = 0
        do {
            for chat in chats {
                if let problem = chat.problem {
                    try sink.reject(problem)
                    continue
                }
                for message in chat.messages {
                    messages += 1
                    try add(message, to: &shaper, sink: &sink)
                }
                try finish(&shaper, sink: &sink, cause: .chatBoundary)
            }
        } catch {
            throw ConvertError(error, input: input)
        }
        return messages
    }

    /// A chat or conversation of an export with no message to read: one reject, so that it is counted.
    static func emptyChat(_ what: String, name: String, reference: String, file: String, reason: String = "chat.empty_conversation",
                          why: String = "has no text message") -> Reject {
        Reject(reason: reason, message: "\(what) \"\(name)\" \(why)", source: SourceLocation(file: file, cell: reference))
    }

    /// What the session shaping of a chat log reports: sessions, the gap, how each session ended
    /// (`session_breaks`: `silence=3 time_backwards=1 end_of_file=1`), and what it dropped (`placeholders_dropped`:
    /// `media=3 deleted=1`) or trimmed.
    static func shapingFacts(_ shaper: ChatSessionShaper) -> [(key: String, value: String)] {
        var facts: [(key: String, value: String)] = [
            ("sessions", String(shaper.sessions)), ("session_gap", shaper.options.sessionGap.map { "\($0)s" } ?? "none"),
        ]
        if !shaper.breaks.isEmpty {
            facts.append(("session_breaks", shaper.breaks.sorted { $0.key < $1.key }.map { "\($0.key.rawValue)=\($0.value)" }.joined(separator: " ")))
        }
        if shaper.placeholdersDropped > 0 { facts.append(("placeholders_dropped", placeholderText(shaper))) }
        if !shaper.placeholderLineCounts.isEmpty {
            facts.append(("placeholder_lines_removed", countText(shaper.placeholderLineCounts)))
        }
        if shaper.options.keepPlaceholders { facts.append(("placeholders", "kept (--keep-placeholders)")) }
        if shaper.emptyMessages > 0 { facts.append(("empty_messages_dropped", String(shaper.emptyMessages))) }
        if shaper.skippedMessages > 0 { facts.append(("skipped_speaker_messages", String(shaper.skippedMessages))) }
        if shaper.turnsTrimmed > 0 { facts.append(("edge_turns_trimmed", String(shaper.turnsTrimmed))) }
        return facts
    }

    /// What the session shaping left out, by kind.
    static func shapingChanges(_ shaper: ChatSessionShaper) -> [InputChange] {
        let placeholders = shaper.placeholderCounts.sorted { $0.key < $1.key }.map { kind, count in
            InputChange(.dropped, kind: "placeholder.\(kind.rawValue)",
                        what: "\(kind.rawValue) placeholder messages (--keep-placeholders keeps them)", count: count)
        }
        let firstLines = shaper.placeholderLineCounts.sorted { $0.key < $1.key }.map { kind, count in
            InputChange(.dropped, kind: "placeholder_line.\(kind.rawValue)",
                        what: "\(kind.rawValue) placeholder first lines before a caption (--keep-placeholders keeps them)",
                        count: count)
        }
        return placeholders + firstLines + [
            InputChange(.dropped, kind: "chat.empty_message", what: "empty messages", count: shaper.emptyMessages),
            InputChange(.dropped, kind: "chat.skipped_speaker", what: "messages of speakers mapped to skip",
                        count: shaper.skippedMessages),
            InputChange(.dropped, kind: "chat.edge_turn", what: "leading assistant or trailing user turns of sessions",
                        count: shaper.turnsTrimmed),
        ]
    }

    /// Lines before the first message, as a change.
    static func strayLineChange(_ count: Int, file: String) -> InputChange {
        InputChange(.dropped, kind: "chat.stray_line", what: "lines before the first message", count: count,
                    first: SourceLocation(file: file, line: 1))
    }

    /// `deleted=1 media=3`, kinds in alphabetical order.
    static func placeholderText(_ shaper: ChatSessionShaper) -> String { countText(shaper.placeholderCounts) }

    static func countText(_ counts: [PlaceholderKind: Int]) -> String {
        counts.sorted { $0.key < $1.key }.map { "\($0.key.rawValue)=\($0.value)" }.joined(separator: " ")
    }

    /// What the console warns of in the shaping: time going backwards and a change of customer (each started a
    /// session, and the first place is named). Placeholders dropped are named among the input's changes.
    static func shapingDiagnostics(_ shaper: ChatSessionShaper) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        if let first = shaper.firstBackwards, let count = shaper.breaks[.timeBackwards] {
            diagnostics.append(Diagnostic(.warning, "chat.time_backwards",
                                          "time went backwards \(count) time(s), first from \(first.before) to \(first.after) here; each started a new session",
                                          at: first.location))
        }
        if let first = shaper.firstCustomerChange, let count = shaper.breaks[.customerChange] {
            diagnostics.append(Diagnostic(.warning, "chat.customer_change",
                                          "the customer changed \(count) time(s) without a silence, first from \(first.before) to \(first.after) here; each started a new session (--group-chat keeps them together)",
                                          at: first.location))
        }
        return diagnostics
    }

    /// The warning for lines before the first message, and its fact.
    static func strayLines(_ count: Int, file: String) -> (fact: (key: String, value: String), diagnostic: Diagnostic)? {
        guard count > 0 else { return nil }
        return (("lines_before_first_message", String(count)),
                Diagnostic(.warning, "transcript.stray_lines", "\(count) line(s) before the first message were not read",
                           at: SourceLocation(file: file)))
    }
}

/// One chat of a whole-document export (Telegram, ChatGPT): its messages, or why it has none to read.
protocol ExportChat {
    var messages: [ChatLogMessage] { get }
    var problem: Reject? { get }
}

extension ChatGPTExportReader.Chat: ExportChat {}
extension TelegramExportReader.Chat: ExportChat {}
