import Foundation

/// Writes records as training lines in any of the six formats (`formats/FORMATS.md`), keys in the
/// documented order, and says why a record cannot be written in a format.
///
/// - chat: `{"messages":[{"role","content"}…]}` (the bytes of ``ChatExporter``)
/// - thinking: assistant turns add `reasoning_content` (after `content`; before it when the line also has tools)
/// - tools: `{"messages":[…],"tools":[…]}`; a call turn is `{"role":"assistant","tool_calls":[{"id","type":"function",
///   "function":{"name","arguments":"<JSON text>"}}]}`; a result is `{"role":"tool","content","tool_call_id"}`
/// - dpo: `{"input":{"messages","tools":[],"parallel_tool_calls":false},"preferred_output":[…],"non_preferred_output":[…]}`
/// - image-gen / vision: image parts `{"type":"image_url","image_url":{"url":…}}`
package struct RecordWriter: Sendable {
    package let format: OutputFormat
    package let profile: PlatformProfile

    /// Creates a writer.
    package init(format: OutputFormat, profile: PlatformProfile = .bigModel) {
        self.format = format
        self.profile = profile
    }

    /// Why the record cannot be written in this format at all, or `nil`: a preference pair outside DPO (or the
    /// reverse), or content the format has no place for (tool calls, reasoning, pictures), which the line would
    /// silently lose. Everything else about the line — roles, images, tools, empty turns, control tokens — is
    /// judged on the written line by the validator's own rules (``LineGate``), so convert and validate share one
    /// rulebook.
    package func problem(with record: Record) -> (reason: String, message: String)? {
        switch (format, record.example) {
        case (.dpo, .conversation):
            return ("export.not_preference", "a DPO line needs a preference pair (chosen and rejected replies)")
        case (.dpo, .preference(let preference)):
            let messages = preference.context.messages + [preference.preferred, preference.nonPreferred]
            if messages.contains(where: { $0.reasoning != nil }) {
                return ("export.reasoning_in_dpo", "the record has reasoning, which a DPO line cannot carry")
            }
            return nil
        case (_, .preference):
            return ("export.not_conversation", "a preference pair can only be written with --to dpo")
        case (_, .conversation(let conversation)):
            let hasCalls = conversation.messages.contains { !$0.toolCalls.isEmpty || $0.role == .tool }
            if !format.unit.carriesTools && (hasCalls || !conversation.tools.isEmpty) {
                return ("export.tools_in_\(format.rawValue)", "the record has tool definitions or calls; use --to tools")
            }
            if !format.unit.carriesReasoning && conversation.messages.contains(where: { $0.reasoning != nil }) {
                return ("export.reasoning_in_\(format.rawValue)", "the record has reasoning; use --to thinking")
            }
            if format.unit.imageRole == nil && conversation.messages.contains(where: \.hasImage) {
                return ("export.image_in_\(format.rawValue)", "the record has an image; use --to vision or image-gen")
            }
            return nil
        }
    }

    /// Appends the record's line (with its newline). Call ``problem(with:)`` first.
    package func write(_ record: Record, to writer: inout JSONWriter) {
        switch record.example {
        case .conversation(let conversation):
            if format == .chat {
                ChatExporter().write(record, to: &writer)
                return
            }
            writer.beginObject()
            writer.key("messages")
            writeMessages(conversation, to: &writer)
            if format == .tools || (format.unit.carriesTools && !conversation.tools.isEmpty) {
                writer.key("tools")
                writeTools(conversation.tools, to: &writer)
            }
            writer.endObject()
        case .preference(let preference):
            writer.beginObject()
            writer.key("input")
            writer.beginObject()
            writer.key("messages")
            writeMessages(preference.context, to: &writer)
            writer.key("tools")
            writeTools(preference.context.tools, to: &writer)
            writer.key("parallel_tool_calls")
            writer.bool(false)
            writer.endObject()
            writer.key("preferred_output")
            writer.beginArray()
            writeMessage(preference.preferred, reasoningFirst: false, to: &writer)
            writer.endArray()
            writer.key("non_preferred_output")
            writer.beginArray()
            writeMessage(preference.nonPreferred, reasoningFirst: false, to: &writer)
            writer.endArray()
            writer.endObject()
        }
        writer.newline()
    }

    private func writeMessages(_ conversation: Conversation, to writer: inout JSONWriter) {
        writer.beginArray()
        if let system = conversation.system {
            writer.beginObject()
            writer.key("role")
            writer.string("system")
            writer.key("content")
            writer.string(system)
            writer.endObject()
        }
        let reasoningFirst = !conversation.tools.isEmpty
        for message in conversation.messages {
            writeMessage(message, reasoningFirst: reasoningFirst, to: &writer)
        }
        writer.endArray()
    }

    private func writeMessage(_ message: Message, reasoningFirst: Bool, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("role")
        writer.string(message.role.rawValue)
        let reasoning = format.unit.carriesReasoning ? message.reasoning : nil
        if let reasoning, reasoningFirst || !message.toolCalls.isEmpty {
            writer.key("reasoning_content")
            writer.string(reasoning)
        }
        if !message.toolCalls.isEmpty {
            if let text = message.text, !text.isEmpty {
                writer.key("content")
                writer.string(text)
            }
            writer.key("tool_calls")
            writer.beginArray()
            for call in message.toolCalls {
                writer.beginObject()
                writer.key("id")
                writer.string(call.id)
                writer.key("type")
                writer.string("function")
                writer.key("function")
                writer.beginObject()
                writer.key("name")
                writer.string(call.name)
                writer.key("arguments")
                writer.string(call.arguments)
                writer.endObject()
                writer.endObject()
            }
            writer.endArray()
        } else {
            writer.key("content")
            writeContent(message.parts, to: &writer)
            if let reasoning, !reasoningFirst {
                writer.key("reasoning_content")
                writer.string(reasoning)
            }
        }
        if let id = message.toolCallID {
            writer.key("tool_call_id")
            writer.string(id)
        }
        writer.endObject()
    }

    /// A string when the content is text only; parts when it holds an image.
    private func writeContent(_ parts: [ContentPart], to writer: inout JSONWriter) {
        guard parts.contains(where: { $0.text == nil }) else {
            writer.string(parts.compactMap(\.text).joined(separator: "\n"))
            return
        }
        writer.beginArray()
        for part in parts {
            writer.beginObject()
            switch part {
            case .text(let text):
                writer.key("type")
                writer.string("text")
                writer.key("text")
                writer.string(text)
            case .image(let image):
                writer.key("type")
                writer.string("image_url")
                writer.key("image_url")
                writer.beginObject()
                writer.key("url")
                writer.string(Self.url(of: image, prefix: profile.imageDataPrefix))
                writer.endObject()
            }
            writer.endObject()
        }
        writer.endArray()
    }

    private func writeTools(_ tools: [ToolDefinition], to writer: inout JSONWriter) {
        writer.beginArray()
        for tool in tools {
            writer.beginObject()
            writer.key("type")
            writer.string("function")
            writer.key("function")
            writer.beginObject()
            writer.key("name")
            writer.string(tool.name)
            writer.key("description")
            writer.string(tool.description)
            writer.key("parameters")
            writer.value(tool.parameters)
            writer.endObject()
            writer.endObject()
        }
        writer.endArray()
    }

    /// The URL written for an image: as given, or a base64 data URI.
    static func url(of image: ImageRef, prefix: String) -> String {
        switch image {
        case .url(let url): return url
        case .path(let path): return path
        case .data(let bytes, _): return prefix + Data(bytes).base64EncodedString()
        }
    }
}
