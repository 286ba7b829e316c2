/// A record's prompt and answer, each as a 64-bit hash of its part of the normalised canonical form of
/// ``ContentFingerprint`` (so text that differs only in white space, width or CJK punctuation hashes alike).
///
/// The prompt is everything before the last assistant reply (system prompt, tools, earlier turns); the answer is
/// that reply. For a preference pair the prompt is its context and the answer its preferred reply. Both come
/// from the pass that fingerprints the record (``ContentFingerprint/keyed(_:)``, the byte lane's
/// `ChatFastLane.keyedFingerprint`): a snapshot of the canonical bytes after the prompt pieces. Two records
/// with the same prompt and different answers conflict (``ConflictFilter``).
package struct PromptKey: Hashable, Sendable {
    package var prompt: UInt64
    package var answer: UInt64

    static let promptSeed: UInt64 = 0x7072_6f6d_7074_6b31
    static let answerSeed: UInt64 = 0x616e_7377_6572_6b31

    package init(prompt: UInt64, answer: UInt64) {
        self.prompt = prompt
        self.answer = answer
    }

    /// The key of an example, or `nil` when it has no assistant reply to compare.
    package init?(of example: Example) {
        guard let key = ContentFingerprint.keyed(example).1 else { return nil }
        self = key
    }
}
