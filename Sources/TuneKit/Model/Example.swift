/// What a record teaches: a conversation (supervised formats) or a preference pair (DPO).
public enum Example: Hashable, Sendable {
    /// A conversation, for the supervised formats (chat, thinking, tools, vision, image-gen).
    case conversation(Conversation)
    /// A preference pair, for DPO.
    case preference(Preference)
}
