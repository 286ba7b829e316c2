/// An ordered exchange of messages, with an optional system prompt and the tools the model may call.
public struct Conversation: Hashable, Sendable {
    /// The system prompt, exported as the first message when present.
    public var system: String?
    /// Function definitions, exported as the top-level `tools` array.
    public var tools: [ToolDefinition]
    /// The turns after the system prompt.
    public var messages: [Message]

    /// Creates a conversation.
    public init(system: String? = nil, tools: [ToolDefinition] = [], messages: [Message]) {
        self.system = system
        self.tools = tools
        self.messages = messages
    }
}
