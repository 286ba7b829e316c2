import Foundation

/// The pieces every format's line is written from, keys in the documented order (`formats/FORMATS.md`):
/// messages (role, reasoning, content as a string or image parts, tool calls, the call id of a result) and
/// tool definitions.
///
/// - a call turn is `{"role":"assistant","tool_calls":[{"id","type":"function","function":{"name","arguments":"<JSON text>"}}]}`
/// - a result is `{"role":"tool","content","tool_call_id"}`
/// - `reasoning_content` comes after `content`; before it when the line also has tools or the turn makes a call
/// - an image part is `{"type":"image_url","image_url":{"url":…}}`
struct MessageLines {
    /// Whether assistant turns keep their reasoning (the format carries it).
    let carriesReasoning: Bool
    let profile: PlatformProfile

    func writeMessages(_ conversation: Conversation, to writer: inout JSONWriter) {
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

    func writeMessage(_ message: Message, reasoningFirst: Bool, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("role")
        writer.string(message.role.rawValue)
        let reasoning = carriesReasoning ? message.reasoning : nil
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
                writer.string(RecordWriter.url(of: image, prefix: profile.imageDataPrefix))
                writer.endObject()
            }
            writer.endObject()
        }
        writer.endArray()
    }

    static func writeTools(_ tools: [ToolDefinition], to writer: inout JSONWriter) {
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
}
