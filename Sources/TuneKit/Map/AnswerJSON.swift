/// The check of `--answer-json` (recipe key `answer_json`): extraction data teaches a model to answer with JSON,
/// so a record whose answer does not parse as JSON (RFC 8259, one value, white space around it allowed) is
/// rejected with `map.answer_not_json` rather than written. Nothing is repaired: a ```` ```json ```` fence, a
/// trailing comma or single quotes reject the record, naming what is wrong and where.
package enum AnswerJSON {
    /// Why `record`'s answer is not JSON, or `nil` when it is: the last assistant reply of a conversation (its
    /// text; a reply that only calls tools has none to check), both replies of a preference pair.
    package static func problem(in record: Record) -> String? {
        switch record.example {
        case .conversation(let conversation):
            guard let reply = conversation.messages.last(where: { $0.role == .assistant }), let text = reply.text else {
                return nil
            }
            return problem(text, what: "the answer")
        case .preference(let preference):
            return problem(preference.preferred.text ?? "", what: "the chosen answer")
                ?? problem(preference.nonPreferred.text ?? "", what: "the rejected answer")
        }
    }

    /// Why `text` is not one JSON value, or `nil`.
    package static func problem(_ text: String, what: String) -> String? {
        do {
            _ = try JSONReader.parse(text)
            return nil
        } catch {
            let start = text.trimmingPrefix(while: \.isWhitespace)
            let hint = start.hasPrefix("```") ? " (a ``` fence around it is not removed: the model would learn to write it)" : ""
            let shown = text.count > 60 ? String(text.prefix(60)) + "…" : text
            return "\(what) is not valid JSON (--answer-json): \(error.message) at byte \(error.offset)\(hint): \(shown)"
        }
    }
}
