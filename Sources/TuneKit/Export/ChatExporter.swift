/// Writes records as chat-format lines (`formats/FORMATS.md`, chat):
/// `{"messages":[{"role":"system","content":…},{"role":"user","content":…},{"role":"assistant","content":…}]}`.
///
/// Keys in the documented order, content as a plain string, nothing else on the line (no ids, no
/// weights); the chat unit (``ChatFormat``) writes it. Whether a record fits the format is
/// ``RecordWriter/problem(with:)``'s and ``LineGate``'s to say.
package struct ChatExporter: Sendable {
    /// Creates an exporter.
    package init() {}

    /// Appends the record's line (with its newline) to `writer`. Call ``RecordWriter/problem(with:)`` first.
    package func write(_ record: Record, to writer: inout JSONWriter) {
        ChatFormat().write(record, to: &writer, profile: .bigModel)
    }
}
