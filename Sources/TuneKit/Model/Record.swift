/// The canonical training record: every importer produces it and every exporter consumes it.
///
/// ```swift
/// let record = Record(
///     source: SourceLocation(file: "faq.csv", line: 2),
///     example: .conversation(Conversation(messages: [.init(.user, "退货要多久？"), .init(.assistant, "7 个工作日内。")]))
/// )
/// ```
public struct Record: Hashable, Sendable {
    /// A stable id derived from the record's normalised content (Unicode NFKC, CJK punctuation folded, white
    /// space collapsed): roles, turns, reasoning, tool calls and images count; the category does not.
    public var id: RecordID
    /// Where the record came from.
    public var source: SourceLocation
    /// An optional label, used for the category report and stratified splits.
    public var category: String?
    /// Free-form fields kept beside the example (never exported into a training line).
    public var metadata: [String: String]
    /// What the record teaches: a conversation or a preference pair.
    public var example: Example
    /// The hashes of the record's prompt and answer (nil without an assistant reply), taken from the same
    /// canonical form as ``id``, for the conflicting-answers check.
    package var promptKey: PromptKey?

    /// Creates a record; the id is computed from the content.
    public init(source: SourceLocation, category: String? = nil, metadata: [String: String] = [:], example: Example) {
        self.source = source
        self.category = category
        self.metadata = metadata
        self.example = example
        let (fingerprint, key) = ContentFingerprint.keyed(example)
        self.id = fingerprint.id
        self.promptKey = key
    }
}
