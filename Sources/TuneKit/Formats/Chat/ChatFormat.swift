/// Chat SFT: `{"messages":[system?, user, assistant, …]}`.
struct ChatFormat: FormatLineRules {
    var format: OutputFormat { .chat }
    func fields(calls: Bool) -> [ColumnAliases.Field] { [.system, .user, .assistant, .category] }
    func required(calls: Bool) -> [ColumnAliases.Field] { [.user, .assistant] }
    var detectionReason: String { "the first lines hold plain messages" }
    var detectionRank: Int { 5 }

    /// Plain messages: nothing another format looks for.
    func claims(_ clues: LineClues) -> Bool {
        !clues.preference && !clues.calls && !clues.reasoning && clues.imageRole == nil
    }

    func buildExample(from row: MappedRow) -> MappedRow.Outcome {
        .example(.conversation(Conversation(system: row.system, messages: [
            Message(.user, row.value(.user)), Message(.assistant, row.value(.assistant))])))
    }

    /// The line from fixed pieces (``ChatLine``), the same bytes as the byte-level lane; content as a plain
    /// string, nothing else on the line (no ids, no weights).
    func write(_ record: Record, to writer: inout JSONWriter, profile: PlatformProfile) {
        guard case .conversation(let conversation) = record.example else { return }
        ChatLine.append(ChatLine.open, to: &writer.bytes)
        var first = true
        if var system = conversation.system {
            system.withUTF8 { ChatLine.appendMessage(role: .system, content: $0, first: true, to: &writer.bytes) }
            first = false
        }
        for message in conversation.messages {
            var text = message.text ?? ""
            text.withUTF8 { ChatLine.appendMessage(role: message.role, content: $0, first: first, to: &writer.bytes) }
            first = false
        }
        ChatLine.append(ChatLine.close, to: &writer.bytes)
    }
}
