/// Chat SFT: `{"messages":[system?, user, assistant, …]}`.
struct ChatFormat: FormatUnit {
    var format: OutputFormat { .chat }
    func fields(calls: Bool) -> [ColumnAliases.Field] { [.system, .user, .assistant, .category] }
    func required(calls: Bool) -> [ColumnAliases.Field] { [.user, .assistant] }
    var detectionReason: String { "the first lines hold plain messages" }
}
