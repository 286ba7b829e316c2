/// LLaMA-Factory v1's own samples (its v1 data engine, `utils/types.py`): `messages` — or `chosen_messages` and
/// `rejected_messages` for preference data — as turns `{"role", "content": [{"type", "value"}], "loss_weight"}`,
/// with `tools` as a JSON string. A turn's blocks, in order:
///
/// - `text`: the turn's text; several text blocks are one text, joined as LLaMA-Factory's renderer joins them
///   (with nothing between);
/// - `reasoning`: the assistant's thinking (`reasoning_content`, so the record calls for `--to thinking`);
/// - `tool_call`: `{"name", "arguments"}` JSON, a call of an assistant turn (ids made as for ShareGPT calls); a
///   `tool` turn answers the one call before it;
/// - `image_url`: a picture of a user turn (a path or URL, resolved as the `images` of the other dialects); the
///   user turn is cut into consecutive user messages around it, white space beside a picture trimmed;
/// - `video_url` and `audio_url`: refused, as no platform format carries them.
///
/// The platform trains every assistant turn and has no weights, so an assistant turn whose `loss_weight` is not 1
/// (one the data says not to learn) is refused rather than trained on; the weights of the other turns are what the
/// platform does anyway. A preference pair's two conversations must agree on every turn but the last, which is the
/// assistant's reply in each. A record whose `extra_info` is set is refused: LLaMA-Factory keeps labels such as
/// KTO's there, and what it says cannot be told.
enum LlamaFactoryV1Dialect {
    /// Whether a record is in this shape: its first turn's content is a list of `{"type", "value"}` blocks (the
    /// platform's own content parts say `text` or `image_url`, never `value`), or it has both `chosen_messages`
    /// and `rejected_messages` lists.
    static func recognises(_ root: JSONObject) -> Bool {
        if case .array? = root["chosen_messages"], case .array? = root["rejected_messages"] { return true }
        guard case .array(let turns)? = root["messages"], case .array(let blocks)? = turns.first?["content"],
              let block = blocks.first else { return false }
        return block["type"]?.stringValue != nil && block["value"] != nil && block["text"] == nil
    }

    /// The dialect of a recognised record.
    static var dialect: DatasetDialect {
        var dialect = DatasetDialect()
        dialect.formatting = .llamaFactoryV1
        dialect.prompt = nil
        dialect.query = nil
        dialect.response = nil
        dialect.messages = "messages"
        dialect.tools = "tools"
        dialect.lenientRoles = true
        return dialect
    }

    /// The dialect of a recognised preference record.
    static var rankingDialect: DatasetDialect {
        var dialect = dialect
        dialect.ranking = true
        dialect.messages = nil
        dialect.chosen = "chosen_messages"
        dialect.rejected = "rejected_messages"
        return dialect
    }

    /// Reads a record: a conversation, or a preference pair when `dialect.ranking`.
    static func read(_ root: JSONObject, dialect: DatasetDialect, localImages: Bool) throws(DialectReject) -> DialectRecord.Read {
        switch root["extra_info"] {
        case nil, .null?: break
        case .string(let text)? where text.isEmpty: break
        default:
            throw .shape("\"extra_info\" is set; LLaMA-Factory keeps labels such as KTO's there, and what it says cannot be told (remove it to train on the record as it is)")
        }
        var rewrites = ["LLaMA-Factory v1 turns (content blocks) rewritten as messages"]
        let tools = try DialectRecord.tools(root, dialect: dialect, rewrites: &rewrites)
        var shape = Shape()
        let reading: DialectRecord.Reading
        if dialect.ranking {
            let chosenKey = dialect.chosen ?? "chosen_messages", rejectedKey = dialect.rejected ?? "rejected_messages"
            var chosen = try conversation(root, key: chosenKey, localImages: localImages, shape: &shape)
            var rejected = try conversation(root, key: rejectedKey, localImages: localImages, shape: &shape)
            guard chosen.system == rejected.system, chosen.messages.dropLast() == rejected.messages.dropLast() else {
                throw .shape("\"\(chosenKey)\" and \"\(rejectedKey)\" differ before their last turn; a preference pair compares two replies to one conversation")
            }
            let preferred = try reply(chosen.messages.popLast(), key: chosenKey)
            let nonPreferred = try reply(rejected.messages.popLast(), key: rejectedKey)
            guard !chosen.messages.isEmpty else {
                throw .shape("\"\(chosenKey)\" holds only the reply; a preference pair needs the prompt before it")
            }
            chosen.tools = tools
            rewrites.append("\"\(chosenKey)\"/\"\(rejectedKey)\" rewritten as preferred_output/non_preferred_output")
            reading = .example(.preference(Preference(context: chosen, preferred: preferred, nonPreferred: nonPreferred)))
        } else {
            var conversation = try conversation(root, key: dialect.messages ?? "messages", localImages: localImages, shape: &shape)
            conversation.tools = tools
            reading = .example(.conversation(conversation))
        }
        if shape.calls { rewrites.append("tool_call blocks and tool turns rewritten as tool_calls/tool (call ids generated)") }
        if shape.pictures { rewrites.append("image_url blocks rewritten as image messages") }
        var name = "llamafactory v1"
        if dialect.ranking { name += " dpo" }
        if shape.reasoning { name += " reasoning" }
        if shape.calls { name += " tool calls" }
        if shape.pictures { name += " images" }
        return DialectRecord.Read(reading: reading, name: name, rewrites: rewrites)
    }

    /// What the turns held, for the report's dialect name.
    struct Shape {
        var calls = false
        var reasoning = false
        var pictures = false
    }

    /// Whether a `loss_weight` says to learn the turn fully (1, or absent as null: LLaMA-Factory's default).
    private static func isOne(_ weight: JSONValue) -> Bool {
        switch weight {
        case .null: return true
        case .number(let text): return Double(text) == 1
        default: return false
        }
    }

    /// A preference reply: the last turn, the assistant's, text only.
    private static func reply(_ message: Message?, key: String) throws(DialectReject) -> Message {
        guard let message, message.role == .assistant, message.toolCalls.isEmpty, message.text != nil else {
            throw .shape("the last turn of \"\(key)\" is not an assistant reply with text")
        }
        guard message.reasoning == nil else {
            throw .shape("the last turn of \"\(key)\" holds reasoning, which a preference pair cannot carry")
        }
        return message
    }

    /// The turns under `key` as a conversation.
    static func conversation(_ root: JSONObject, key: String, localImages: Bool,
                             shape: inout Shape) throws(DialectReject) -> Conversation {
        guard case .array(let turns)? = root[key], !turns.isEmpty else {
            throw .shape("\"\(key)\" is not a non-empty array")
        }
        var conversation = Conversation(messages: [])
        var pending: [ToolCall] = []
        for (index, turn) in turns.enumerated() {
            let place = "\(key) turn \(index)"
            guard case .string(let role)? = turn["role"] else { throw .shape("\(place) has no \"role\"") }
            guard case .array(let blocks)? = turn["content"] else {
                throw .shape("\(place) has no \"content\" list of {\"type\", \"value\"} blocks")
            }
            var text = "", reasoning = "", calls: [ToolCall] = [], parts: [ContentPart] = []
            var hasText = false, hasReasoning = false
            for (number, block) in blocks.enumerated() {
                guard case .string(let type)? = block["type"], case .string(let value)? = block["value"] else {
                    throw .shape("\(place) block \(number) is not {\"type\", \"value\"} with a string value")
                }
                switch type {
                case "text":
                    text += value
                    hasText = true
                case "reasoning":
                    reasoning += value
                    hasReasoning = true
                case "tool_call":
                    guard role == "assistant" else {
                        throw .shape("\(place) (\(role)) holds a tool_call block; calls are the assistant's")
                    }
                    calls += try ShareGPTDialect.toolCalls(value, turn: index)
                case "image_url":
                    guard role == "user" else {
                        throw DialectReject(DialectReject.imageMarkerInReply, "\(place) (\(role)) holds a picture; pictures go in user turns")
                    }
                    if hasText { parts.append(.text(text)) }
                    text = ""
                    hasText = false
                    parts.append(.image(try DialectImages.reference(value, localImages: localImages)))
                case "video_url", "audio_url":
                    throw DialectReject(DialectReject.mediaUnsupported,
                                        "\(place) holds a \(type) block; the platform's formats take text and images only")
                default:
                    throw .shape("\(place) block \(number) is of type \"\(type)\", which LLaMA-Factory v1 does not define")
                }
            }
            if hasReasoning && role != "assistant" {
                throw .shape("\(place) (\(role)) holds a reasoning block; reasoning is the assistant's")
            }
            if role == "assistant", let weight = turn["loss_weight"], !isOne(weight) {
                throw DialectReject(DialectReject.lossWeight,
                                    "\(place) has loss_weight \(weight.compactText): the data says not to learn this reply, and the platform trains every assistant turn")
            }
            switch role {
            case "system":
                guard index == 0 else { throw .shape("\(place) is a second system prompt; only the first turn may be one") }
                guard parts.isEmpty else { throw .shape("\(place) (system) holds a picture; pictures go in user turns") }
                conversation.system = text.isEmpty ? nil : text
            case "user":
                if hasText { parts.append(.text(text)) }
                conversation.messages += try userMessages(parts, place: place)
                shape.pictures = shape.pictures || parts.contains { if case .image = $0 { return true } else { return false } }
            case "assistant":
                if !calls.isEmpty { pending = calls }
                shape.calls = shape.calls || !calls.isEmpty
                shape.reasoning = shape.reasoning || hasReasoning
                conversation.messages.append(Message(role: .assistant, parts: hasText || calls.isEmpty ? [.text(text)] : [],
                                                     reasoning: hasReasoning ? reasoning : nil, toolCalls: calls))
            case "tool":
                guard let call = pending.first else {
                    throw DialectReject(DialectReject.toolsResultWithoutCall, "\(place) is a tool result with no tool_call before it")
                }
                guard pending.count == 1 else {
                    throw DialectReject(DialectReject.toolsParallelResults,
                                        "\(place) is a result for one of the \(pending.count) calls of the turn before it; which result belongs to which call cannot be told")
                }
                conversation.messages.append(Message(role: .tool, parts: [.text(text)], toolCallID: call.id))
                pending = []
                shape.calls = true
            default:
                throw .shape("\(place) has role \"\(role)\"; LLaMA-Factory v1 defines system, user, assistant and tool")
            }
        }
        return conversation
    }

    /// A user turn's blocks as consecutive user messages: each picture its own message, the text between pictures
    /// trimmed of the white space beside them (and left out when nothing is left), as ``DialectImages`` cuts a turn
    /// at its `<image>` markers.
    private static func userMessages(_ parts: [ContentPart], place: String) throws(DialectReject) -> [Message] {
        guard parts.contains(where: { if case .image = $0 { return true } else { return false } }) else {
            return [Message(role: .user, parts: parts.isEmpty ? [.text("")] : parts)]
        }
        var messages: [Message] = []
        for (index, part) in parts.enumerated() {
            switch part {
            case .text(let text):
                var piece = Substring(text)
                if index > 0 { piece = piece.drop { $0.isWhitespace } }
                if index < parts.count - 1 { while piece.last?.isWhitespace == true { piece = piece.dropLast() } }
                if !piece.isEmpty { messages.append(Message(.user, String(piece))) }
            default:
                messages.append(Message(role: .user, parts: [part]))
            }
        }
        return messages
    }
}
