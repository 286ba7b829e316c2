/// The speaker of a message, as the training formats spell it.
public enum Role: String, Hashable, Sendable, CaseIterable {
    /// The system prompt.
    case system
    /// The user.
    case user
    /// The model's reply.
    case assistant
    /// A function's result, answering an assistant's call.
    case tool
}
