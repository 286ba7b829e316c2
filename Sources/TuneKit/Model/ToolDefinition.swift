/// A function the model may call: name, description and a JSON Schema of its parameters.
public struct ToolDefinition: Hashable, Sendable {
    /// The function's name, as calls name it.
    public var name: String
    /// What the function does, for the model.
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
