/// A preference pair for DPO: a context, the preferred reply and the non-preferred one.
public struct Preference: Hashable, Sendable {
    /// The conversation up to (not including) the compared reply.
    public var context: Conversation
    /// The better reply.
    public var preferred: Message
    /// The worse reply.
    public var nonPreferred: Message

    /// Creates a preference pair.
    public init(context: Conversation, preferred: Message, nonPreferred: Message) {
        self.context = context
        self.preferred = preferred
        self.nonPreferred = nonPreferred
    }
}
