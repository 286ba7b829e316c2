/// Function calling: user → assistant `tool_calls` → `tool` result → assistant, with top-level `tools`.
struct ToolsFormat: FormatLineRules {
    var format: OutputFormat { .tools }
    func fields(calls: Bool) -> [ColumnAliases.Field] { [.system, .user, .callName, .callArguments, .toolResult, .assistant, .category] }
    func required(calls: Bool) -> [ColumnAliases.Field] { [.user, .callName, .callArguments, .toolResult, .assistant] }
    func makesCalls(toolsGiven: Bool, callNameMapped: Bool) -> Bool { true }
    var detectionReason: String { "the first lines hold tools or tool calls" }
    var detectionRank: Int { 1 }
    var carriesReasoning: Bool { true }
    var carriesTools: Bool { true }
    var linksTools: Bool { true }
    /// The table and the function definitions it calls.
    var templateFiles: [String] { ["tools.csv", "tools.json"] }

    /// Function calls, unless they come with reasoning and a top-level `tools` array (deep thinking's variant).
    func claims(_ clues: LineClues) -> Bool {
        !clues.preference && clues.calls && !(clues.reasoning && clues.topLevelTools)
    }

    func buildExample(from row: MappedRow) -> MappedRow.Outcome {
        Self.callExchange(row, reasoning: nil)
    }

    /// Every line has its `tools` array, even an empty one.
    func writesTools(_ conversation: Conversation) -> Bool { true }

    /// The function-calling exchange of a row: user → assistant call (with `reasoning`, for deep thinking's
    /// variant) → tool result → assistant; the call must name one of the definitions and its arguments render
    /// to a JSON object.
    static func callExchange(_ row: MappedRow, reasoning: String?) -> MappedRow.Outcome {
        let tools = row.tools
        let name = row.value(.callName)
        guard tools.contains(where: { $0.name == name }) else {
            return .reject(reason: "map.unknown_function", message: "the call names \"\(name)\", which is not among the --tools definitions (\(tools.map(\.name).joined(separator: ", ")))")
        }
        let argumentsText = row.value(.callArguments)
        guard let parsed = try? JSONReader.parse(argumentsText), case .object = parsed.value else {
            return .reject(reason: "map.arguments_not_object", message: "the call arguments do not render to a JSON object: \(argumentsText.prefix(80))")
        }
        let arguments = parsed.value.compactText
        let id = TableMapper.callID(user: row.value(.user), name: name, arguments: arguments)
        return .example(.conversation(Conversation(system: row.system, tools: tools, messages: [
            Message(.user, row.value(.user)),
            Message(role: .assistant, parts: [], reasoning: reasoning, toolCalls: [ToolCall(id: id, name: name, arguments: arguments)]),
            Message(role: .tool, parts: [.text(row.value(.toolResult))], toolCallID: id),
            Message(.assistant, row.value(.assistant)),
        ])))
    }
}
