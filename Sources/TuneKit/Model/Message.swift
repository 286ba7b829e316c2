/// One turn of a conversation.
///
/// Content is a list of parts so that a message can carry images; most messages hold one text part.
/// An assistant turn may also carry reasoning (the `reasoning_content` of the thinking format) and tool calls;
/// a `tool` turn names the call it answers.
public struct Message: Hashable, Sendable {
    /// Who speaks.
    public var role: Role
    /// The content: text and images, in order.
    public var parts: [ContentPart]
    /// The assistant's thinking, exported as `reasoning_content`.
    public var reasoning: String?
    /// The functions an assistant turn calls, exported as `tool_calls`.
    public var toolCalls: [ToolCall]
    /// For `tool` messages: the id of the call this result answers.
    public var toolCallID: String?

    /// Creates a message from parts.
    public init(role: Role, parts: [ContentPart], reasoning: String? = nil,
                toolCalls: [ToolCall] = [], toolCallID: String? = nil) {
        self.role = role
        self.parts = parts
        self.reasoning = reasoning
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
    }

    /// Creates a message holding one text part.
    public init(_ role: Role, _ text: String, reasoning: String? = nil) {
        self.init(role: role, parts: [.text(text)], reasoning: reasoning)
    }

    /// The message's text parts joined; `nil` when it has no text part.
    public var text: String? {
        let texts = parts.compactMap(\.text)
        if texts.isEmpty { return nil }
        return texts.count == 1 ? texts[0] : texts.joined(separator: "\n")
    }

    /// Whether the message carries an image part.
    public var hasImage: Bool {
        parts.contains { if case .image = $0 { return true } else { return false } }
    }
}
