/// Preference pairs: `input` / `preferred_output` / `non_preferred_output`.
struct DPOFormat: FormatUnit {
    var format: OutputFormat { .dpo }
    func fields(calls: Bool) -> [ColumnAliases.Field] { [.system, .user, .chosen, .rejected, .category] }
    func required(calls: Bool) -> [ColumnAliases.Field] { [.user, .chosen, .rejected] }
    var detectionReason: String { "the first lines hold input / preferred_output" }
}
