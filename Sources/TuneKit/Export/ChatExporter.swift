/// Writes records as chat-format lines (`formats/FORMATS.md`, chat):
/// `{"messages":[{"role":"system","content":…},{"role":"user","content":…},{"role":"assistant","content":…}]}`.
///
/// Keys in the documented order, content as a plain string, nothing else on the line (no ids, no
/// weights). A record that does not fit the format is refused with a reason.
public struct ChatExporter: Sendable {
    /// Creates an exporter.
    public init() {}

    /// Why a record cannot be a chat line, or `nil` when it can.
    public func problem(with record: Record) -> (reason: String, message: String)? {
        guard case .conversation(let conversation) = record.example else {
            return ("export.not_conversation", "a preference pair cannot be written as a chat line")
        }
        guard conversation.tools.isEmpty else {
            return ("export.tools_in_chat", "the record defines tools; use --to tools")
        }
        for message in conversation.messages {
            if message.role == .tool || !message.toolCalls.isEmpty {
                return ("export.tools_in_chat", "the record has tool calls; use --to tools")
            }
            if message.hasImage {
                return ("export.image_in_chat", "the record has an image; use --to vision or image-gen")
            }
        }
        guard conversation.messages.contains(where: { $0.role == .assistant }) else {
            return ("export.no_assistant", "the record has no assistant turn")
        }
        return nil
    }

    /// Appends the record's line (with its newline) to `writer`. Call ``problem(with:)`` first.
    package func write(_ record: Record, to writer: inout JSONWriter) {
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
