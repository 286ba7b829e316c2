/// An input that did not become a training record, with where it came from and why.
public struct Reject: Error, Sendable, Hashable {
    /// A stable reason code, for counting and filtering (`csv.ragged_row`, `map.empty_assistant` …).
    public var reason: String
    /// A sentence for people.
    public var message: String
    /// Where the input was.
    public var source: SourceLocation
    /// What the input held, as far as it could be read: column → value for tables.
    public var fields: [(key: String, value: String)]
    /// The raw text of an unreadable input (truncated), when there are no fields.
    public var raw: String?

    /// Creates a reject.
    public init(reason: String, message: String, source: SourceLocation,
                fields: [(key: String, value: String)] = [], raw: String? = nil) {
        self.reason = reason
        self.message = message
        self.source = source
        self.fields = fields
        self.raw = raw
    }

    /// Rejects are equal when reason, message, source, fields and raw text are.
    public static func == (lhs: Reject, rhs: Reject) -> Bool {
        lhs.reason == rhs.reason && lhs.message == rhs.message && lhs.source == rhs.source
            && lhs.raw == rhs.raw && lhs.fields.map(\.key) == rhs.fields.map(\.key)
            && lhs.fields.map(\.value) == rhs.fields.map(\.value)
    }

    /// Hashes the reason and source.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(reason)
        hasher.combine(source)
    }
}
