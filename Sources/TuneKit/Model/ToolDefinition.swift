/// A function the model may call: name, description and a JSON Schema of its parameters.
public struct ToolDefinition: Hashable, Sendable {
    public var name: String
    public var description: String
    /// JSON Schema of the parameters (an object).
    public var parameters: JSONValue

    /// Creates a definition.
    public init(name: String, description: String, parameters: JSONValue) {
        self.name = name
        self.description = description
        self.parameters = parameters
    }
}
