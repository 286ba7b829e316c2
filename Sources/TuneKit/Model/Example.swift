/// What a record teaches: a conversation (supervised formats) or a preference pair (DPO).
public enum Example: Hashable, Sendable {
    case conversation(Conversation)
    case preference(Preference)
}
