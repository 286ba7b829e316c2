/// Deep thinking: assistant turns carry `reasoning_content`; with calls, the function-calling variant (the tools
/// exchange, the reasoning on the turn that makes the call, top-level `tools`).
struct ThinkingFormat: FormatLineRules {
    var format: OutputFormat { .thinking }

    func fields(calls: Bool) -> [ColumnAliases.Field] {
        calls ? [.system, .user, .reasoning, .callName, .callArguments, .toolResult, .assistant, .category]
            : [.system, .user, .reasoning, .assistant, .category]
    }

    func required(calls: Bool) -> [ColumnAliases.Field] {
        calls ? [.user, .reasoning, .callName, .callArguments, .toolResult, .assistant] : [.user, .reasoning, .assistant]
    }

    /// The function-calling variant when definitions or a call-name template are given.
    func makesCalls(toolsGiven: Bool, callNameMapped: Bool) -> Bool { toolsGiven || callNameMapped }
    var callsName: String { "--to thinking with a call (--call-name)" }

    func otherReaders(of field: ColumnAliases.Field) -> String {
        [.callName, .callArguments, .toolResult].contains(field) ? ", or of --to thinking with --tools FILE" : ""
    }

    var detectionReason: String { "the first lines hold reasoning_content" }
    var detectionRank: Int { 2 }
    var carriesReasoning: Bool { true }
    var requiresReasoning: Bool { true }
    var carriesTools: Bool { true }
    var toolsVariantKeys: OutputFormat? { .tools }
    var callsElsewhereHint: String { ", or a deep-thinking line with a top-level \"tools\" array" }

    /// Reasoning without calls, or with calls beside a top-level `tools` array (the function-calling variant).
    func claims(_ clues: LineClues) -> Bool {
        !clues.preference && clues.reasoning && (!clues.calls || clues.topLevelTools)
    }

    func buildExample(from row: MappedRow) -> MappedRow.Outcome {
        if row.makesCalls { return ToolsFormat.callExchange(row, reasoning: row.value(.reasoning)) }
        return .example(.conversation(Conversation(system: row.system, messages: [
            Message(.user, row.value(.user)), Message(.assistant, row.value(.assistant), reasoning: row.value(.reasoning))])))
    }
}
