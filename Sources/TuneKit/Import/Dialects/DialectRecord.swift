/// One record of an open-source dataset dialect read whole: the turns (``AlpacaDialect``, ``ShareGPTDialect``),
/// the record's tool definitions, its pictures (``DialectImages``), then what it teaches — a conversation, a
/// preference pair (`ranking`: `chosen` / `rejected`) or a KTO-labelled reply (``KTOItem``), as LLaMA-Factory's
/// converter tells them apart.
enum DialectRecord {
    /// What a record teaches.
    enum Reading {
        case example(Example)
        case kto(KTOItem)
    }

    /// The record read, the dialect's name for the report, and the rewrites made.
    struct Read {
        var reading: Reading
        var name: String
        var rewrites: [String]
    }

    static func read(_ root: JSONObject, dialect: DatasetDialect, localImages: Bool) throws(DialectReject) -> Read {
        if dialect.formatting == .llamaFactoryV1 {
            return try LlamaFactoryV1Dialect.read(root, dialect: dialect, localImages: localImages)
        }
        try DialectImages.refuseOtherMedia(root, dialect: dialect)
        var rewrites: [String] = []
        var conversation: Conversation
        var calls = false
        if dialect.formatting == .alpaca {
            conversation = try AlpacaDialect.prompt(root, dialect: dialect)
            rewrites.append("Alpaca instruction/input/output rewritten as messages")
        } else {
            (conversation, calls) = try ShareGPTDialect.conversation(root, dialect: dialect)
            rewrites.append("ShareGPT conversations (\(dialect.roleTag)/\(dialect.contentTag)) rewritten as messages")
            if calls { rewrites.append("ShareGPT function_call/observation turns rewritten as tool_calls/tool (call ids generated)") }
        }
        conversation.tools = try tools(root, dialect: dialect, rewrites: &rewrites)
        let pictures = try DialectImages.apply(root, dialect: dialect, to: &conversation, localImages: localImages)
        if pictures > 0 { rewrites.append("<image> markers rewritten as image messages") }

        let reading: Reading
        var kto = false
        if let key = dialect.ktoTag, case .bool(let desirable)? = root[key] {
            kto = true
            let reply: Message
            if dialect.formatting == .alpaca {
                reply = try AlpacaDialect.response(root, dialect: dialect)
            } else {
                guard let last = conversation.messages.last, last.role == .assistant, last.toolCalls.isEmpty else {
                    throw .shape("a KTO record (\"\(key)\") whose last turn is not an assistant reply")
                }
                reply = conversation.messages.removeLast()
            }
            reading = .kto(KTOItem(context: conversation, reply: reply, desirable: desirable))
        } else if dialect.ranking {
            let chosen = try preferenceReply(root, key: dialect.chosen ?? "chosen", dialect: dialect)
            let rejected = try preferenceReply(root, key: dialect.rejected ?? "rejected", dialect: dialect)
            rewrites.append("\"chosen\"/\"rejected\" rewritten as preferred_output/non_preferred_output")
            reading = .example(.preference(Preference(context: conversation, preferred: chosen, nonPreferred: rejected)))
        } else {
            if dialect.formatting == .alpaca { conversation.messages.append(try AlpacaDialect.response(root, dialect: dialect)) }
            reading = .example(.conversation(conversation))
        }
        return Read(reading: reading, name: dialect.name(kto: kto, calls: calls, images: pictures > 0), rewrites: rewrites)
    }

    /// The record's function definitions: a JSON array, or (as LLaMA-Factory stores them) a string holding one;
    /// an empty string or list is none.
    static func tools(_ root: JSONObject, dialect: DatasetDialect, rewrites: inout [String]) throws(DialectReject) -> [ToolDefinition] {
        guard let key = dialect.tools, let value = root[key] else { return [] }
        let list: JSONValue
        switch value {
        case .null: return []
        case .string(let text):
            if text.allSatisfy(\.isWhitespace) { return [] }
            guard let parsed = try? JSONReader.parse(text).value, case .array = parsed else {
                throw DialectReject(DialectReject.toolsNotJSON, "\"\(key)\" is not a JSON array of function definitions: \(text.prefix(80))")
            }
            list = parsed
        case .array: list = value
        default:
            throw DialectReject(DialectReject.toolsNotJSON, "\"\(key)\" is \(value.kindDescription), not a JSON array of function definitions")
        }
        do {
            let tools = try RecordDecoder.tools(list)
            if !tools.isEmpty, case .string = value { rewrites.append("\"\(key)\" string read as tool definitions") }
            return tools
        } catch {
            throw DialectReject(DialectReject.toolsNotJSON, "\"\(key)\": \(error.message)")
        }
    }

    /// A chosen or rejected reply: a turn object whose role is the assistant's (ShareGPT), or a string (Alpaca).
    static func preferenceReply(_ root: JSONObject, key: String, dialect: DatasetDialect) throws(DialectReject) -> Message {
        switch root[key] {
        case .string(let text)?:
            return Message(.assistant, text)
        case .object(let turn)?:
            guard case .string(let text)? = turn[dialect.contentTag] else {
                throw .shape("\"\(key)\" has no text \"\(dialect.contentTag)\"")
            }
            if case .string(let from)? = turn[dialect.roleTag], ShareGPTDialect.role(from, dialect) != .assistant {
                throw .shape("\"\(key)\" comes from \"\(from)\"; a preference reply is the assistant's (\"\(dialect.assistantTag)\")")
            }
            return Message(.assistant, text)
        case nil, .null?:
            throw DialectReject(DialectReject.dpoMissingReply, "preference data without a \"\(key)\" reply")
        case let value?:
            throw .shape("\"\(key)\" is \(value.kindDescription), not a reply")
        }
    }
}
