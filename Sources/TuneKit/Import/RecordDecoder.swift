/// Turns one JSON line in a platform shape into a ``Record`` (see ``JSONLRecordReader``).
enum RecordDecoder {
    struct Decoded {
        var record: Record
        var rewrites: [String]
    }

    static let knownTopKeys: Set<String> = ["messages", "tools", "functions", "input", "preferred_output",
                                            "non_preferred_output", "chosen", "rejected", "prompt", "category"]
    /// Keys that ShareGPT and Alpaca lines add.
    static let shareGPTKeys: Set<String> = ["conversations", "system", "category"]
    static let alpacaKeys: Set<String> = ["instruction", "input", "output", "system", "history", "category"]

    static func decode(_ value: JSONValue, source: SourceLocation) -> Result<Decoded, Reject> {
        func reject(_ reason: String, _ message: String) -> Result<Decoded, Reject> {
            .failure(Reject(reason: reason, message: message, source: source, raw: String(value.compactText.prefix(500))))
        }
        guard case .object(let root) = value else {
            return reject("jsonl.not_object", "the line is \(value.kindDescription), not a JSON object")
        }
        var rewrites: [String] = []
        let isAlpaca = root["instruction"] != nil && root["output"] != nil
        let isShareGPT = !isAlpaca && root["conversations"] != nil && root["messages"] == nil
        let known = isAlpaca ? alpacaKeys : isShareGPT ? shareGPTKeys : knownTopKeys
        for key in root.keys where !known.contains(key) {
            rewrites.append("key \"\(key)\" left out")
        }
        let category = root["category"]?.stringValue
        do {
            let example: Example
            if isAlpaca {
                example = .conversation(try alpaca(root))
                rewrites.append("Alpaca instruction/input/output rewritten as messages")
            } else if isShareGPT, let turns = root["conversations"] {
                example = .conversation(try shareGPT(turns, system: root["system"]?.stringValue))
                rewrites.append("ShareGPT conversations (from/value) rewritten as messages")
            } else if let input = root["input"] {
                example = try preference(input: input, root: root, rewrites: &rewrites)
            } else if root["chosen"] != nil || root["rejected"] != nil {
                example = try legacyPreference(root, rewrites: &rewrites)
            } else if let messages = root["messages"] {
                example = .conversation(try conversation(messages, tools: root["tools"] ?? root["functions"],
                                                         legacyFunctions: root["tools"] == nil && root["functions"] != nil,
                                                         rewrites: &rewrites))
            } else {
                return reject("jsonl.shape", "no \"messages\" and no DPO keys: not a record of a known format")
            }
            return .success(Decoded(record: Record(source: source, category: category, example: example), rewrites: rewrites))
        } catch {
            return reject("jsonl.shape", error.message)
        }
    }

    struct ShapeError: Error {
        var message: String
    }

    /// ShareGPT: `conversations` of `{"from", "value"}`, roles spelled human/user, gpt/chatgpt/assistant/model,
    /// system; an optional top-level `system`.
    static func shareGPT(_ value: JSONValue, system: String?) throws(ShapeError) -> Conversation {
        guard case .array(let items) = value, !items.isEmpty else {
            throw ShapeError(message: "\"conversations\" is not a non-empty array")
        }
        var conversation = Conversation(system: system.flatMap { $0.isEmpty ? nil : $0 }, messages: [])
        for (index, item) in items.enumerated() {
            guard case .string(let from)? = item["from"] ?? item["role"] else {
                throw ShapeError(message: "turn \(index) has no \"from\"")
            }
            guard case .string(let text)? = item["value"] ?? item["content"] else {
                throw ShapeError(message: "turn \(index) has no text \"value\"")
            }
            switch from.lowercased() {
            case "human", "user": conversation.messages.append(Message(.user, text))
            case "gpt", "chatgpt", "assistant", "model", "bing", "bard": conversation.messages.append(Message(.assistant, text))
            case "system" where conversation.messages.isEmpty && conversation.system == nil: conversation.system = text
            default: throw ShapeError(message: "turn \(index) comes from \"\(from)\", which is neither human nor gpt")
            }
        }
        return conversation
    }

    /// Alpaca: `instruction` (+ `input` on a new paragraph) → user, `output` → assistant; `history` holds
    /// earlier `[question, answer]` pairs; an optional `system`.
    static func alpaca(_ root: JSONObject) throws(ShapeError) -> Conversation {
        guard case .string(let instruction)? = root["instruction"], case .string(let output)? = root["output"] else {
            throw ShapeError(message: "\"instruction\" and \"output\" must be strings")
        }
        var conversation = Conversation(system: root["system"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }, messages: [])
        if case .array(let pairs)? = root["history"] {
            for (index, pair) in pairs.enumerated() {
                guard case .array(let turn) = pair, turn.count == 2, case .string(let question) = turn[0],
                      case .string(let answer) = turn[1] else {
                    throw ShapeError(message: "history item \(index) is not a [question, answer] pair")
                }
                conversation.messages += [Message(.user, question), Message(.assistant, answer)]
            }
        }
        var user = instruction
        if case .string(let input)? = root["input"], !input.isEmpty { user += "\n\n" + input }
        conversation.messages += [Message(.user, user), Message(.assistant, output)]
        return conversation
    }

    static func conversation(_ value: JSONValue, tools toolsValue: JSONValue?, legacyFunctions: Bool,
                             rewrites: inout [String]) throws(ShapeError) -> Conversation {
        guard case .array(let items) = value, !items.isEmpty else { throw ShapeError(message: "\"messages\" is not a non-empty array") }
        var conversation = Conversation(messages: [])
        if let toolsValue {
            if legacyFunctions { rewrites.append("\"functions\" rewritten as \"tools\"") }
            conversation.tools = try tools(toolsValue)
        }
        var lastCallID: String?
        for (index, item) in items.enumerated() {
            guard case .object(let object) = item, case .string(let roleName)? = object["role"] else {
                throw ShapeError(message: "message \(index) has no role")
            }
            if roleName == "system" && index == 0 && conversation.messages.isEmpty {
                conversation.system = object["content"]?.stringValue ?? ""
                continue
            }
            var message: Message
            switch roleName {
            case "user", "assistant", "system", "tool":
                message = Message(role: Role(rawValue: roleName)!, parts: try parts(object["content"]))
            case "function":
                rewrites.append("role \"function\" rewritten as \"tool\"")
                message = Message(role: .tool, parts: try parts(object["content"]), toolCallID: lastCallID)
            default:
                throw ShapeError(message: "message \(index) has the unknown role \"\(roleName)\"")
            }
            message.reasoning = object["reasoning_content"]?.stringValue
            if case .array(let calls)? = object["tool_calls"] {
                for call in calls {
                    guard let function = call["function"], case .string(let name)? = function["name"] else {
                        throw ShapeError(message: "message \(index) has a tool call without a function name")
                    }
                    let arguments = try argumentsText(function["arguments"], rewrites: &rewrites)
                    let id = call["id"]?.stringValue ?? TableMapper.callID(user: String(index), name: name, arguments: arguments)
                    message.toolCalls.append(ToolCall(id: id, name: name, arguments: arguments))
                    lastCallID = id
                }
            } else if case .object(let call)? = object["function_call"], case .string(let name)? = call["name"] {
                rewrites.append("\"function_call\" rewritten as \"tool_calls\"")
                let arguments = try argumentsText(call["arguments"], rewrites: &rewrites)
                let id = TableMapper.callID(user: String(index), name: name, arguments: arguments)
                message.toolCalls.append(ToolCall(id: id, name: name, arguments: arguments))
                lastCallID = id
            }
            if let id = object["tool_call_id"]?.stringValue { message.toolCallID = id }
            conversation.messages.append(message)
        }
        return conversation
    }

    static func argumentsText(_ value: JSONValue?, rewrites: inout [String]) throws(ShapeError) -> String {
        switch value {
        case .string(let text)?: return text
        case .object?:
            rewrites.append("arguments object rewritten as a JSON string")
            return value!.compactText
        case nil: return "{}"
        default: throw ShapeError(message: "tool call arguments are \(value!.kindDescription)")
        }
    }

    static func parts(_ value: JSONValue?) throws(ShapeError) -> [ContentPart] {
        switch value {
        case nil, .null?: return []
        case .string(let text)?: return [.text(text)]
        case .array(let items)?:
            return try items.map { (item) throws(ShapeError) -> ContentPart in
                if case .string(let text)? = item["text"] { return .text(text) }
                if case .string(let url)? = item["image_url"]?["url"] ?? item["image_url"] { return .image(.url(url)) }
                throw ShapeError(message: "a content part is neither text nor image_url")
            }
        default:
            throw ShapeError(message: "content is \(value!.kindDescription)")
        }
    }

    static func tools(_ value: JSONValue) throws(ShapeError) -> [ToolDefinition] {
        guard case .array(let items) = value else { throw ShapeError(message: "\"tools\" is not an array") }
        return try items.map { (item) throws(ShapeError) -> ToolDefinition in
            let function = item["function"] ?? item
            guard case .string(let name)? = function["name"] else { throw ShapeError(message: "a tool has no name") }
            return ToolDefinition(name: name, description: function["description"]?.stringValue ?? "",
                                  parameters: function["parameters"] ?? .object([:]))
        }
    }

    static func preference(input: JSONValue, root: JSONObject, rewrites: inout [String]) throws(ShapeError) -> Example {
        guard let messages = input["messages"] else { throw ShapeError(message: "\"input\" has no \"messages\"") }
        let context = try conversation(messages, tools: input["tools"], legacyFunctions: false, rewrites: &rewrites)
        return .preference(Preference(context: context, preferred: try reply(root["preferred_output"], "preferred_output"),
                                      nonPreferred: try reply(root["non_preferred_output"], "non_preferred_output")))
    }

    /// The first assistant message of an output array (or a bare message, or a string).
    static func reply(_ value: JSONValue?, _ key: String) throws(ShapeError) -> Message {
        switch value {
        case .string(let text)?: return Message(.assistant, text)
        case .array(let items)? where !items.isEmpty: return try reply(items[items.count - 1], key)
        case .object(let object)?:
            return Message(role: .assistant, parts: try parts(object["content"]))
        default: throw ShapeError(message: "\"\(key)\" holds no reply")
        }
    }

    /// TRL (`prompt`, `chosen`, `rejected`) and Bailian (`messages`, `chosen{}`, `rejected{}`) preference lines.
    static func legacyPreference(_ root: JSONObject, rewrites: inout [String]) throws(ShapeError) -> Example {
        rewrites.append("\"chosen\"/\"rejected\" rewritten as preferred_output/non_preferred_output")
        let context: Conversation
        if let messages = root["messages"] {
            context = try conversation(messages, tools: nil, legacyFunctions: false, rewrites: &rewrites)
        } else if case .string(let prompt)? = root["prompt"] {
            context = Conversation(messages: [Message(.user, prompt)])
        } else if case .array? = root["prompt"] {
            context = try conversation(root["prompt"]!, tools: nil, legacyFunctions: false, rewrites: &rewrites)
        } else {
            throw ShapeError(message: "a chosen/rejected line without \"prompt\" or \"messages\"")
        }
        return .preference(Preference(context: context, preferred: try reply(root["chosen"], "chosen"),
                                      nonPreferred: try reply(root["rejected"], "rejected")))
    }
}
