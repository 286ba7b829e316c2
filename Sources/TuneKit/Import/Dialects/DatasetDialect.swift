/// How one record of an open-source dataset is laid out, in LLaMA-Factory's terms (its `data/README.md` and
/// `DatasetAttr`): the formatting (Alpaca or ShareGPT), whether it is preference data (`ranking`), which key holds
/// each column, and — for ShareGPT — which key and values name a turn's role.
///
/// A `dataset_info.json` entry gives one (``DatasetInfo``); without it, ``recognise(_:)`` reads it from the
/// record's keys where that is unambiguous, and spellings of roles are then taken leniently (``lenientRoles``).
package struct DatasetDialect: Sendable, Equatable {
    /// The record layouts LLaMA-Factory reads.
    package enum Formatting: String, Sendable, CaseIterable {
        /// `instruction` / `input` / `output` (+ `history`, `system`).
        case alpaca
        /// A list of turns with a role and a content key (`from` / `value` by default).
        case sharegpt
        /// The platform's own (OpenAI) messages, read by ``RecordDecoder``.
        case openai
        /// LLaMA-Factory v1's samples: turns of `{"type", "value"}` content blocks (``LlamaFactoryV1Dialect``).
        case llamaFactoryV1 = "llamafactory-v1"
    }

    package var formatting: Formatting = .alpaca
    /// Preference data: `chosen` / `rejected` beside the prompt.
    package var ranking = false

    // Columns (the keys of the record), LLaMA-Factory's defaults.
    package var prompt: String? = "instruction"
    package var query: String? = "input"
    package var response: String? = "output"
    package var history: String?
    package var messages: String? = "conversations"
    package var system: String?
    package var tools: String?
    package var images: String?
    package var videos: String?
    package var audios: String?
    package var chosen: String?
    package var rejected: String?
    package var ktoTag: String?

    // ShareGPT tags.
    package var roleTag = "from"
    package var contentTag = "value"
    package var userTag = "human"
    package var assistantTag = "gpt"
    package var observationTag = "observation"
    package var functionTag = "function_call"
    package var systemTag = "system"
    /// Whether role values are also taken in their common spellings (human/user, gpt/assistant/model …): true
    /// for a recognised record, false for a `dataset_info.json` entry, whose tags are exact.
    package var lenientRoles = false

    package init() {}

    /// The column names LLaMA-Factory's `columns` object may set.
    static let columnNames = ["prompt", "query", "response", "history", "messages", "system", "tools", "images",
                              "videos", "audios", "chosen", "rejected", "kto_tag"]
    /// The tag names its `tags` object may set.
    static let tagNames = ["role_tag", "content_tag", "user_tag", "assistant_tag", "observation_tag", "function_tag",
                           "system_tag"]

    /// Sets a column by its `dataset_info.json` name.
    mutating func setColumn(_ name: String, _ key: String?) {
        switch name {
        case "prompt": prompt = key
        case "query": query = key
        case "response": response = key
        case "history": history = key
        case "messages": messages = key
        case "system": system = key
        case "tools": tools = key
        case "images": images = key
        case "videos": videos = key
        case "audios": audios = key
        case "chosen": chosen = key
        case "rejected": rejected = key
        case "kto_tag": ktoTag = key
        default: break
        }
    }

    /// Sets a tag by its `dataset_info.json` name.
    mutating func setTag(_ name: String, _ value: String) {
        switch name {
        case "role_tag": roleTag = value
        case "content_tag": contentTag = value
        case "user_tag": userTag = value
        case "assistant_tag": assistantTag = value
        case "observation_tag": observationTag = value
        case "function_tag": functionTag = value
        case "system_tag": systemTag = value
        default: break
        }
    }

    /// The keys this dialect reads from a record (the others are left out, and counted).
    var usedKeys: Set<String> {
        let shared = [system, tools, images, videos, audios, chosen, rejected, ktoTag]
        let own = formatting == .alpaca ? [prompt, query, response, history] : [messages]
        return Set((shared + own).compactMap { $0 })
    }

    // MARK: Recognition

    /// The dialect a record's keys show, or `nil` for the platform's own shapes (and anything unknown):
    /// - Alpaca: a string `instruction` (with `input`, `output`, `chosen`/`rejected`, a boolean KTO label …);
    /// - ShareGPT: a `conversations` list (turns keyed `from`/`value`, or `role`/`content`);
    /// - ShareGPT in OpenAI spelling (LLaMA-Factory's KTO and multimodal demos): a `messages` list beside a
    ///   boolean `label`/`kto_tag`, an `images` list or a `tools` string;
    /// - LLaMA-Factory v1 (``LlamaFactoryV1Dialect/recognises(_:)``): turns of `{"type", "value"}` blocks, or
    ///   `chosen_messages` and `rejected_messages`.
    ///
    /// With `expecting` `.sharegpt` (`--from sharegpt`), any `messages` list is taken as ShareGPT in the OpenAI
    /// spelling, which LLaMA-Factory's README calls a special case of it.
    package static func recognise(_ root: JSONObject, expecting: Formatting? = nil) -> DatasetDialect? {
        if LlamaFactoryV1Dialect.recognises(root) {
            return root["chosen_messages"] != nil ? LlamaFactoryV1Dialect.rankingDialect : LlamaFactoryV1Dialect.dialect
        }
        var dialect = DatasetDialect()
        dialect.lenientRoles = true
        let kto = ["kto_tag", "label"].first { if case .bool? = root[$0] { return true } else { return false } }
        dialect.ktoTag = kto
        if case .string? = root["instruction"], root["messages"] == nil, root["conversations"] == nil {
            dialect.formatting = .alpaca
            dialect.system = "system"
            dialect.history = "history"
            dialect.tools = "tools"
            dialect.images = "images"
            dialect.videos = "videos"
            dialect.audios = "audios"
            if root["chosen"] != nil || root["rejected"] != nil {
                dialect.ranking = true
                dialect.chosen = "chosen"
                dialect.rejected = "rejected"
            }
            return dialect
        }
        let turnsKey: String
        if case .array? = root["conversations"], root["messages"] == nil {
            turnsKey = "conversations"
        } else if case .array(let turns)? = root["messages"],
                  expecting == .sharegpt || kto != nil || root["images"]?.arrayValue != nil || root["tools"]?.stringValue != nil
                    || root["videos"] != nil || root["audios"] != nil,
                  turns.allSatisfy({ $0["role"]?.stringValue != nil && $0["tool_calls"] == nil }) {
            turnsKey = "messages"
        } else {
            return nil
        }
        dialect.formatting = .sharegpt
        dialect.messages = turnsKey
        dialect.system = "system"
        dialect.tools = "tools"
        dialect.images = "images"
        dialect.videos = "videos"
        dialect.audios = "audios"
        if case .array(let turns)? = root[turnsKey], let first = turns.first, first["from"] == nil, first["role"] != nil {
            dialect.useOpenAITags()
        }
        if root["chosen"] != nil || root["rejected"] != nil {
            dialect.ranking = true
            dialect.chosen = "chosen"
            dialect.rejected = "rejected"
        }
        return dialect
    }

    /// `role` / `content` with user / assistant (LLaMA-Factory's documented OpenAI spelling of ShareGPT).
    mutating func useOpenAITags() {
        roleTag = "role"
        contentTag = "content"
        userTag = "user"
        assistantTag = "assistant"
        observationTag = "observation"
        functionTag = "function_call"
        systemTag = "system"
    }

    /// The dialect's name for the report (`dialect` fact).
    func name(kto: Bool, calls: Bool, images: Bool) -> String {
        var name = formatting == .alpaca ? "alpaca" : "sharegpt"
        if ranking { name += " dpo" }
        if kto { name += " kto" }
        if calls { name += " tool calls" }
        if images { name += " images" }
        return name
    }
}
