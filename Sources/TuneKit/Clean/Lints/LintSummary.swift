/// What one lint found over a run: how many records it flagged (and of them how many `--drop-flagged`
/// rejected), where the first and the first few were, and the first finding's message. The report's `lints`.
public struct LintSummary: Sendable, Equatable {
    /// Locations kept as examples.
    public static let exampleLimit = 5

    /// The lint's code (`lint.refusal`).
    public var code: String
    /// Records flagged.
    public var count: Int
    /// Of them, records rejected for it (`--drop-flagged`).
    public var dropped: Int
    /// The first flagged record.
    public var first: SourceLocation
    /// The first flagged records (at most ``exampleLimit``, the first among them).
    public var examples: [SourceLocation]
    /// The first finding's message.
    public var message: String

    /// Creates a summary.
    public init(code: String, count: Int, dropped: Int, first: SourceLocation, examples: [SourceLocation], message: String) {
        self.code = code
        self.count = count
        self.dropped = dropped
        self.first = first
        self.examples = examples
        self.message = message
    }

    /// One sentence saying what to do (``RejectFix``).
    public var fix: String { RejectFix.sentence(for: code) }

    /// The summary as report JSON.
    var json: JSONValue {
        .object(["code": .string(code), "count": .int(count), "dropped": .int(dropped), "first": .string(first.description),
                 "examples": .array(examples.map { .string($0.description) }), "message": .string(message),
                 "fix": .string(fix)])
    }
}

/// One lint's findings as they come: the count, the first few locations and the first message.
struct LintTally: Sendable {
    var count = 0
    var dropped = 0
    var examples: [SourceLocation] = []
    var message = ""

    /// Counts a finding at `source`; `message` is asked for the first one only.
    mutating func add(_ source: SourceLocation, message: () -> String) {
        if count == 0 { self.message = message() }
        count += 1
        if examples.count < LintSummary.exampleLimit { examples.append(source) }
    }

    func summary(code: String) -> LintSummary? {
        guard count > 0, let first = examples.first else { return nil }
        return LintSummary(code: code, count: count, dropped: dropped, first: first, examples: examples, message: message)
    }
}
