/// Writes records as chat-format lines (`formats/FORMATS.md`, chat):
/// `{"messages":[{"role":"system","content":…},{"role":"user","content":…},{"role":"assistant","content":…}]}`.
///
/// Keys in the documented order, content as a plain string, nothing else on the line (no ids, no
/// weights). Whether a record fits the format is ``RecordWriter/problem(with:)``'s and ``LineGate``'s to say.
package struct ChatExporter: Sendable {
    /// Creates an exporter.
    package init() {}

    /// Appends the record's line (with its newline) to `writer`. Call ``RecordWriter/problem(with:)`` first.
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
