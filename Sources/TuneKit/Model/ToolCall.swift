/// A function call made by the assistant.
public struct ToolCall: Hashable, Sendable {
    /// The call id that a later `tool` message answers.
    public var id: String
    /// The called function's name.
    public var name: String
    /// The arguments as JSON text holding an object (the formats carry it as a JSON string).
    public var arguments: String

    /// Creates a tool call.
    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}
