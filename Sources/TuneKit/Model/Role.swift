/// The speaker of a message, as the training formats spell it.
public enum Role: String, Hashable, Sendable, CaseIterable {
    case system
    case user
    case assistant
    case tool
}
