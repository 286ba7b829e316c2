/// Preference pairs: `input` / `preferred_output` / `non_preferred_output`.
struct DPOFormat: FormatLineRules {
    var format: OutputFormat { .dpo }
    func fields(calls: Bool) -> [ColumnAliases.Field] { [.system, .user, .chosen, .rejected, .category] }
    func required(calls: Bool) -> [ColumnAliases.Field] { [.user, .chosen, .rejected] }
    var detectionReason: String { "the first lines hold input / preferred_output" }
    var detectionRank: Int { 0 }
    var detectedByMajority: Bool { true }

    func claims(_ clues: LineClues) -> Bool { clues.preference }

    func buildExample(from row: MappedRow) -> MappedRow.Outcome {
        let chosen = row.value(.chosen)
        let rejected = row.value(.rejected)
        if TextNormalizer().normalize(chosen) == TextNormalizer().normalize(rejected) {
            return .reject(reason: "map.identical_preference", message: "the chosen and rejected replies are the same")
        }
        return .example(.preference(Preference(context: Conversation(system: row.system, messages: [Message(.user, row.value(.user))]),
                                               preferred: Message(.assistant, chosen), nonPreferred: Message(.assistant, rejected))))
    }

    /// A DPO line needs a preference pair, without reasoning.
    func problem(with record: Record) -> (reason: String, message: String)? {
        switch record.example {
        case .conversation:
            return ("export.not_preference", "a DPO line needs a preference pair (chosen and rejected replies)")
        case .preference(let preference):
            let messages = preference.context.messages + [preference.preferred, preference.nonPreferred]
            if messages.contains(where: { $0.reasoning != nil }) {
                return ("export.reasoning_in_dpo", "the record has reasoning, which a DPO line cannot carry")
            }
            return nil
        }
    }

    /// `{"input":{"messages","tools":[],"parallel_tool_calls":false},"preferred_output":[…],"non_preferred_output":[…]}`
    /// (without the newline).
    static func writePreference(_ preference: Preference, lines: MessageLines, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("input")
        writer.beginObject()
        writer.key("messages")
        lines.writeMessages(preference.context, to: &writer)
        writer.key("tools")
        MessageLines.writeTools(preference.context.tools, to: &writer)
        writer.key("parallel_tool_calls")
        writer.bool(false)
        writer.endObject()
        writer.key("preferred_output")
        writer.beginArray()
        lines.writeMessage(preference.preferred, reasoningFirst: false, to: &writer)
        writer.endArray()
        writer.key("non_preferred_output")
        writer.beginArray()
        lines.writeMessage(preference.nonPreferred, reasoningFirst: false, to: &writer)
        writer.endArray()
        writer.endObject()
    }
}
