/// Turns one JSON value (a JSONL line, an item of a `.json` array) into a ``Record``: the platform's own shapes
/// (see ``JSONLRecordReader``), or an open-source dataset dialect (``DatasetDialect``: LLaMA-Factory's Alpaca and
/// ShareGPT, with tool calls, preference pairs, KTO labels and pictures), recognised from the record's keys or
/// given by a `dataset_info.json` entry.
///
/// KTO records depend on the output format: a reply labelled `false` is never a training target
/// (`kto.undesired`); with `--to dpo` every KTO record is held until ``finish()`` pairs them (``KTOPairing``).
package struct RecordDecoder {
    /// What decoding depends on beyond the value.
    package struct Context: Sendable {
        /// The dataset's mapping (`--dataset-info`); `nil` recognises each record from its keys.
        package var dialect: DatasetDialect?
        /// The output format; KTO records are paired for `dpo`.
        package var target: OutputFormat?
        /// Whether local picture paths may be kept (inlined later, `--image-mode base64`).
        package var localImages: Bool
        /// The one formatting every record must have (`--from sharegpt`, `--from alpaca`); others are rejected.
        package var formatting: DatasetDialect.Formatting?

        package init(dialect: DatasetDialect? = nil, target: OutputFormat? = nil, localImages: Bool = false) {
            self.dialect = dialect
            self.target = target
            self.localImages = localImages
        }
    }

    struct Decoded {
        var record: Record
        var rewrites: [String]
    }

    /// One value's outcome: a record, a reject, or a KTO record held for pairing (with the rewrites made).
    enum Outcome {
        case decoded(Decoded)
        case reject(Reject)
        case held(rewrites: [String])
    }

    let context: Context
    /// Records read per dialect (`sharegpt tool calls`, `alpaca dpo` …), for the report.
    private(set) var dialects: [String: Int] = [:]
    private var pairing = KTOPairing()
    /// KTO pairs made, the records they were made from, and KTO records left unpaired, after ``finish()``.
    var ktoPairs: Int { pairing.pairs }
    var ktoPairedRecords: Int { pairing.pairedRecords }
    var ktoUnpaired: Int { pairing.unpaired }

    init(context: Context = Context()) {
        self.context = context
    }

    static let knownTopKeys: Set<String> = ["messages", "tools", "functions", "input", "preferred_output",
                                            "non_preferred_output", "chosen", "rejected", "prompt", "category"]

    /// The record or reject `value` decodes to, its rewrites added to `rewrites`; nil when a KTO record is held
    /// for pairing (handed out by ``finish()``). What the record readers (JSONL lines, JSON array items) share.
    mutating func event(for value: JSONValue, source: SourceLocation, rewrites: inout [String: Int]) -> JSONLRecordReader.Event? {
        switch decode(value, source: source) {
        case .decoded(let decoded):
            for note in decoded.rewrites { rewrites[note, default: 0] += 1 }
            return .record(decoded.record)
        case .reject(let reject):
            return .reject(reject)
        case .held(let notes):
            for note in notes { rewrites[note, default: 0] += 1 }
            return nil
        }
    }

    mutating func decode(_ value: JSONValue, source: SourceLocation) -> Outcome {
        func reject(_ reason: String, _ message: String) -> Outcome {
            .reject(Reject(reason: reason, message: message, source: source, raw: String(value.compactText.prefix(500))))
        }
        guard case .object(let root) = value else {
            return reject("jsonl.not_object", "the line is \(value.kindDescription), not a JSON object")
        }
        let category = root["category"]?.stringValue
        let dialect = context.dialect ?? DatasetDialect.recognise(root, expecting: context.formatting)
        if let expected = context.formatting, dialect?.formatting != expected {
            let found = dialect.map { "a \($0.formatting.rawValue) record" } ?? "a record in the platform's own shape, or none known"
            return reject("jsonl.shape", "\(found), not \(expected.rawValue) (--from \(expected.rawValue))")
        }
        guard let dialect, dialect.formatting != .openai else {
            var root = root
            // LLaMA-Factory's `openai` formatting may keep its messages under another column.
            if let key = dialect?.messages, key != "messages", let messages = root[key] {
                root[key] = nil
                root["messages"] = messages
            }
            return Self.decodePlatform(root, source: source, category: category, reject: reject)
        }
        let read: DialectRecord.Read
        do {
            read = try DialectRecord.read(root, dialect: dialect, localImages: context.localImages)
        } catch {
            return reject(error.code, error.message)
        }
        var rewrites = read.rewrites
        let known = dialect.usedKeys.union(["category"])
        for key in root.keys where !known.contains(key) {
            rewrites.append("key \"\(key)\" left out")
        }
        dialects[read.name, default: 0] += 1
        switch read.reading {
        case .example(let example):
            return .decoded(Decoded(record: Record(source: source, category: category, example: example), rewrites: rewrites))
        case .kto(let item):
            if context.target == .dpo {
                pairing.add(item, source: source, category: category)
                return .held(rewrites: rewrites)
            }
            guard item.desirable else {
                return reject(DialectReject.ktoUndesired,
                              "a reply labelled false (\"\(dialect.ktoTag ?? "kto_tag")\") shows what not to say; it never becomes a training target (--to dpo pairs it with a reply labelled true to the same prompt)")
            }
            var conversation = item.context
            conversation.messages.append(item.reply)
            return .decoded(Decoded(record: Record(source: source, category: category, example: .conversation(conversation)),
                                    rewrites: rewrites + ["KTO replies labelled true kept as conversations"]))
        }
    }

    /// The pairs of the KTO records held (``KTOPairing``), and their rejects; call once, after the last value.
    mutating func finish() -> [Result<Record, Reject>] {
        pairing.isEmpty ? [] : pairing.finish()
    }

    /// The platform's own shapes (OpenAI messages, DPO, TRL and Bailian preference lines).
    static func decodePlatform(_ root: JSONObject, source: SourceLocation, category: String?,
                               reject: (String, String) -> Outcome) -> Outcome {
        var rewrites: [String] = []
        for key in root.keys where !knownTopKeys.contains(key) {
            rewrites.append("key \"\(key)\" left out")
        }
        do {
            let example: Example
            if let input = root["input"] {
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
            return .decoded(Decoded(record: Record(source: source, category: category, example: example), rewrites: rewrites))
        } catch {
            return reject("jsonl.shape", error.message)
        }
    }

    struct ShapeError: Error {
        var message: String
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

extension JSONLRecordReader.Event {
    /// A record, or a reject.
    init(_ outcome: Result<Record, Reject>) {
        switch outcome {
        case .success(let record): self = .record(record)
        case .failure(let reject): self = .reject(reject)
        }
    }
}
