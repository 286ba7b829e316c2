/// ShareGPT turns (LLaMA-Factory's `sharegpt` formatting) as messages: a list of `{role_tag: …, content_tag: …}`
/// turns whose role values are the dialect's tags — user (`human`), assistant (`gpt`), `function_call`,
/// `observation` and `system`.
///
/// - A first `system` turn is the system prompt (it overrides the `system` column, as in LLaMA-Factory).
/// - A `function_call` turn holds `{"name", "arguments"}` JSON (or a list of them): it becomes an assistant turn
///   with `tool_calls`, each with a deterministic id made from the turn's position, the name and the arguments.
/// - An `observation` turn answers the call before it: a `tool` turn linked by `tool_call_id`. One observation for
///   several calls of one turn is refused (which result is whose cannot be told), as is one with no call before it.
enum ShareGPTDialect {
    /// The role a turn's role value names.
    enum TurnRole {
        case user, assistant, function, observation, system
    }

    /// The conversation of the turns under the dialect's `messages` column, and whether it makes calls.
    static func conversation(_ root: JSONObject, dialect: DatasetDialect) throws(DialectReject) -> (Conversation, calls: Bool) {
        let key = dialect.messages ?? "conversations"
        guard case .array(var items)? = root[key], !items.isEmpty else {
            throw .shape("\"\(key)\" is not a non-empty array")
        }
        var conversation = Conversation(system: nonEmpty(dialect.system.flatMap { root[$0]?.stringValue }), messages: [])
        if let first = items.first, case .string(let from)? = first[dialect.roleTag], role(from, dialect) == .system {
            guard case .string(let text)? = first[dialect.contentTag] else { throw .shape("turn 0 has no text \"\(dialect.contentTag)\"") }
            conversation.system = nonEmpty(text)
            items.removeFirst()
        }
        let offset = root[key]!.arrayValue!.count - items.count
        var pending: [ToolCall] = []
        var calls = false
        for (position, item) in items.enumerated() {
            let index = position + offset
            guard case .string(let from)? = item[dialect.roleTag] else {
                throw .shape("turn \(index) has no \"\(dialect.roleTag)\"")
            }
            guard case .string(let text)? = item[dialect.contentTag] else {
                throw .shape("turn \(index) has no text \"\(dialect.contentTag)\"")
            }
            switch role(from, dialect) {
            case .user?:
                conversation.messages.append(Message(.user, text))
            case .assistant?:
                conversation.messages.append(Message(.assistant, text))
            case .function?:
                pending = try toolCalls(text, turn: index)
                calls = true
                conversation.messages.append(Message(role: .assistant, parts: [], toolCalls: pending))
            case .observation?:
                guard let call = pending.first else {
                    throw DialectReject(DialectReject.toolsResultWithoutCall,
                                        "turn \(index) is a tool result (\"\(from)\") with no \"\(dialect.functionTag)\" turn before it")
                }
                guard pending.count == 1 else {
                    throw DialectReject(DialectReject.toolsParallelResults,
                                        "turn \(index) is one result for the \(pending.count) calls of the turn before it; which result belongs to which call cannot be told")
                }
                conversation.messages.append(Message(role: .tool, parts: [.text(text)], toolCallID: call.id))
                pending = []
            case .system?:
                throw .shape("turn \(index) is a second system prompt (\"\(from)\"); only the first turn may be one")
            case nil:
                if dialect.lenientRoles {
                    throw .shape("turn \(index) comes from \"\(from)\", which is neither human nor gpt")
                }
                throw .shape("turn \(index) comes from \"\(from)\", which none of the dataset's tags names (user \"\(dialect.userTag)\", assistant \"\(dialect.assistantTag)\", \"\(dialect.functionTag)\", \"\(dialect.observationTag)\", \"\(dialect.systemTag)\")")
            }
        }
        return (conversation, calls)
    }

    /// The role of a role value: the dialect's tags exactly, and with ``DatasetDialect/lenientRoles`` the common
    /// spellings in any case.
    static func role(_ value: String, _ dialect: DatasetDialect) -> TurnRole? {
        switch value {
        case dialect.userTag: return .user
        case dialect.assistantTag: return .assistant
        case dialect.functionTag: return .function
        case dialect.observationTag: return .observation
        case dialect.systemTag: return .system
        default: break
        }
        guard dialect.lenientRoles else { return nil }
        switch value.lowercased() {
        case "human", "user": return .user
        case "gpt", "chatgpt", "assistant", "model", "bing", "bard": return .assistant
        case "function_call": return .function
        case "observation", "tool": return .observation
        case "system": return .system
        default: return nil
        }
    }

    /// The calls of a `function_call` turn: `{"name", "arguments"}` JSON, or a list of them. Arguments given as
    /// an object are written as their JSON text; ids are deterministic in the turn, name and arguments.
    static func toolCalls(_ text: String, turn: Int) throws(DialectReject) -> [ToolCall] {
        let notJSON = DialectReject(DialectReject.toolsCallNotJSON,
                                    "turn \(turn) is a function call whose value is not {\"name\", \"arguments\"} JSON: \(text.prefix(80))")
        guard let parsed = try? JSONReader.parse(text).value else { throw notJSON }
        let items: [JSONValue]
        switch parsed {
        case .object: items = [parsed]
        case .array(let list) where !list.isEmpty: items = list
        default: throw notJSON
        }
        var calls: [ToolCall] = []
        for (number, item) in items.enumerated() {
            guard case .string(let name)? = item["name"] else { throw notJSON }
            let arguments: String
            switch item["arguments"] {
            case .string(let value)?: arguments = value
            case .object?: arguments = item["arguments"]!.compactText
            case nil, .null?: arguments = "{}"
            default: throw notJSON
            }
            let id = TableMapper.callID(user: "\(turn).\(number)", name: name, arguments: arguments)
            calls.append(ToolCall(id: id, name: name, arguments: arguments))
        }
        return calls
    }

    static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}
