/// Deep thinking: assistant turns carry `reasoning_content`; with calls, the function-calling variant (the tools
/// exchange, the reasoning on the turn that makes the call, top-level `tools`).
struct ThinkingFormat: FormatUnit {
    var format: OutputFormat { .thinking }

    func fields(calls: Bool) -> [ColumnAliases.Field] {
        calls ? [.system, .user, .reasoning, .callName, .callArguments, .toolResult, .assistant, .category]
            : [.system, .user, .reasoning, .assistant, .category]
    }

    func required(calls: Bool) -> [ColumnAliases.Field] {
        calls ? [.user, .reasoning, .callName, .callArguments, .toolResult, .assistant] : [.user, .reasoning, .assistant]
    }

    var detectionReason: String { "the first lines hold reasoning_content" }
    var carriesReasoning: Bool { true }
    var requiresReasoning: Bool { true }
    var carriesTools: Bool { true }
}
