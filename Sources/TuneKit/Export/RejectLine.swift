extension Reject {
    /// Writes the `rejects.jsonl` line of this reject (source, reason, message, the fields or raw text it
    /// held) into `writer`, which is reset first.
    func writeLine(to writer: inout JSONWriter) {
        writer.reset()
        writer.beginObject()
        writer.key("source")
        writer.string(source.description)
        writer.key("reason")
        writer.string(reason)
        writer.key("message")
        writer.string(message)
        if !fields.isEmpty {
            writer.key("fields")
            writer.beginObject()
            for field in fields {
                writer.key(field.key)
                writer.string(field.value)
            }
            writer.endObject()
        }
        if let raw {
            writer.key("raw")
            writer.string(raw)
        }
        writer.endObject()
        writer.newline()
    }
}
