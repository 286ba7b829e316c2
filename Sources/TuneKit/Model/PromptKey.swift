/// A record's prompt and answer, each as a 64-bit hash of its normalised canonical form (the form of
/// ``ContentFingerprint``, so text that differs only in white space, width or CJK punctuation hashes alike).
///
/// The prompt is everything before the last assistant reply (system prompt, tools, earlier turns); the answer is
/// that reply. For a preference pair the prompt is its context and the answer its preferred reply. Two records
/// with the same prompt and different answers conflict (``ConflictFilter``).
package struct PromptKey: Hashable, Sendable {
    package var prompt: UInt64
    package var answer: UInt64

    package init(prompt: UInt64, answer: UInt64) {
        self.prompt = prompt
        self.answer = answer
    }

    /// The key of an example, or `nil` when it has no assistant reply to compare.
    package init?(of example: Example, builder: inout ContentFingerprint.Builder) {
        builder.reset()
        let answer: Message
        switch example {
        case .conversation(let conversation):
            guard let last = conversation.messages.lastIndex(where: { $0.role == .assistant }) else { return nil }
            Self.context(conversation, upTo: last, into: &builder)
            answer = conversation.messages[last]
        case .preference(let preference):
            Self.context(preference.context, upTo: preference.context.messages.count, into: &builder)
            answer = preference.preferred
        }
        let end = builder.count
        ContentFingerprint.message(answer, into: &builder)
        self.init(prompt: builder.hash(0..<end), answer: builder.hash(end..<builder.count))
    }

    /// The canonical form of the system prompt, the tools and the first `upTo` messages.
    private static func context(_ conversation: Conversation, upTo end: Int, into builder: inout ContentFingerprint.Builder) {
        typealias Tag = ContentFingerprint.Tag
        if let system = conversation.system { builder.piece(Tag.system, system) }
        for tool in conversation.tools {
            builder.piece(Tag.toolName, tool.name)
            builder.piece(Tag.toolDescription, tool.description)
            builder.piece(Tag.toolParameters, tool.parameters.compactText)
        }
        for message in conversation.messages[..<end] { ContentFingerprint.message(message, into: &builder) }
    }
}
