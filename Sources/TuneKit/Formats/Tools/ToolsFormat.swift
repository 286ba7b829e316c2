/// Function calling: user → assistant `tool_calls` → `tool` result → assistant, with top-level `tools`.
struct ToolsFormat: FormatUnit {
    var format: OutputFormat { .tools }
    func fields(calls: Bool) -> [ColumnAliases.Field] { [.system, .user, .callName, .callArguments, .toolResult, .assistant, .category] }
    func required(calls: Bool) -> [ColumnAliases.Field] { [.user, .callName, .callArguments, .toolResult, .assistant] }
    var detectionReason: String { "the first lines hold tools or tool calls" }
    var carriesReasoning: Bool { true }
    var carriesTools: Bool { true }
}
