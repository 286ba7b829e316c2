/// One reason rejects were made for: its code, how many, where the first was and what it said, and what to
/// do about it (``RejectFix``). The report lists them by count, most first, then by code.
public struct RejectReason: Sendable, Equatable {
    /// The reject code (`map.local_image`, `csv.ragged_row` …).
    public var code: String
    /// Rejects with this code.
    public var count: Int
    /// Where the first reject with this code came from (`faq.csv:17`).
    public var first: SourceLocation
    /// The first reject's message.
    public var message: String

    /// One sentence saying what to do: the flag to pass or the data to change.
    public var fix: String { RejectFix.sentence(for: code) }

    /// Creates a reason.
    public init(code: String, count: Int, first: SourceLocation, message: String) {
        self.code = code
        self.count = count
        self.first = first
        self.message = message
    }

    /// The reason as report JSON.
    var json: JSONValue {
        .object(["code": .string(code), "count": .int(count), "first": .string(first.description),
                 "message": .string(message), "fix": .string(fix)])
    }
}

/// Counts rejects by code and keeps the first location and message of each (a handful of codes per run).
struct RejectTally: Sendable {
    private var reasons: [String: RejectReason] = [:]

    /// Counts one reject.
    mutating func add(_ reject: Reject) {
        if reasons[reject.reason] == nil {
            reasons[reject.reason] = RejectReason(code: reject.reason, count: 1, first: reject.source, message: reject.message)
        } else {
            reasons[reject.reason]!.count += 1
        }
    }

    /// The reasons, most frequent first, then by code.
    var sorted: [RejectReason] {
        reasons.values.sorted { $0.count != $1.count ? $0.count > $1.count : $0.code < $1.code }
    }
}
