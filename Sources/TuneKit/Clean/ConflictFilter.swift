/// Finds records whose prompt an earlier record answered differently (``PromptKey``): one entry per distinct
/// prompt — its hash, the first answer's hash and the first record's location — and no text.
///
/// Exact duplicates (same prompt, same answer after normalisation) are not conflicts; a later record is compared
/// with the first answer of its prompt only.
struct ConflictFilter {
    private struct Entry {
        var answer: UInt64
        var first: SourceLocation
        var conflicted = false
    }

    /// At most this many examples are kept for the report.
    static let exampleLimit = 20

    private var seen: [UInt64: Entry] = [:]
    /// Prompts answered in more than one way.
    private(set) var prompts = 0
    /// Records that disagree with the first answer of their prompt.
    private(set) var records = 0
    /// The first conflicts, as (first record, the conflicting one), one per prompt.
    private(set) var examples: [ConflictExample] = []
    /// Prompts to reject every record of (`--conflicts drop`, found by a first pass); empty otherwise.
    private let dropped: Set<UInt64>

    init(dropping dropped: Set<UInt64> = []) {
        self.dropped = dropped
    }

    /// Whether every record of this prompt is to be rejected (`--conflicts drop`).
    func drops(_ key: PromptKey) -> Bool { dropped.contains(key.prompt) }

    /// The prompt hashes answered in more than one way (for the first pass of `--conflicts drop`).
    var conflictingPrompts: Set<UInt64> {
        Set(seen.lazy.filter(\.value.conflicted).map(\.key))
    }

    /// Notes a record; returns the location of the first record of its prompt when its answer differs.
    mutating func check(_ key: PromptKey, source: SourceLocation) -> SourceLocation? {
        guard let entry = seen[key.prompt] else {
            seen[key.prompt] = Entry(answer: key.answer, first: source)
            return nil
        }
        guard entry.answer != key.answer else { return nil }
        records += 1
        if !entry.conflicted {
            seen[key.prompt]!.conflicted = true
            prompts += 1
            if examples.count < Self.exampleLimit { examples.append(ConflictExample(first: entry.first, other: source)) }
        }
        return entry.first
    }
}

/// Two records with the same prompt and different answers: the first of its prompt and a later one.
public struct ConflictExample: Sendable, Hashable {
    /// The first record of the prompt.
    public var first: SourceLocation
    /// A later record with another answer.
    public var other: SourceLocation
}
