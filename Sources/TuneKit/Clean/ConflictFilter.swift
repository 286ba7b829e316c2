/// Finds records whose prompt an earlier record answered differently (``PromptKey``): one entry per distinct
/// prompt — its hash, the first answer's hash and the first record's location — and no text.
///
/// Exact duplicates (same prompt, same answer after normalisation) are not conflicts; a later record is compared
/// with the first answer of its prompt only.
struct ConflictFilter {
    /// 16 bytes: the first answer's hash, and the first record's location as its line and its place (the location
    /// without the line, interned); the top bit of `place` marks a prompt already counted as conflicting.
    private struct Entry {
        var answer: UInt64
        var line: Int32
        var place: UInt32
    }

    /// At most this many examples are kept for the report.
    static let exampleLimit = 20
    private static let conflicted: UInt32 = 1 << 31
    /// `line` of a location without one, or with one too large to hold (then its place keeps it).
    private static let noLine = Int32.min

    private var seen: [UInt64: Entry] = [:]
    /// Locations without their line (a file, or a sheet and cell), each once in a row of equal ones.
    private var places: [SourceLocation] = []
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

    /// Sizes the table for `count` distinct prompts.
    mutating func reserve(_ count: Int) {
        if count > seen.capacity { seen.reserveCapacity(count) }
    }

    /// Whether every record of this prompt is to be rejected (`--conflicts drop`).
    func drops(_ key: PromptKey) -> Bool { dropped.contains(key.prompt) }

    /// The prompt hashes answered in more than one way (for the first pass of `--conflicts drop`).
    var conflictingPrompts: Set<UInt64> {
        Set(seen.lazy.filter { $0.value.place & Self.conflicted != 0 }.map(\.key))
    }

    /// Notes a record; returns the location of the first record of its prompt when its answer differs.
    mutating func check(_ key: PromptKey, source: SourceLocation) -> SourceLocation? {
        guard let entry = seen[key.prompt] else {
            seen[key.prompt] = entry(answer: key.answer, source: source)
            return nil
        }
        guard entry.answer != key.answer else { return nil }
        records += 1
        let first = location(of: entry)
        if entry.place & Self.conflicted == 0 {
            seen[key.prompt]!.place |= Self.conflicted
            prompts += 1
            if examples.count < Self.exampleLimit { examples.append(ConflictExample(first: first, other: source)) }
        }
        return first
    }

    private mutating func entry(answer: UInt64, source: SourceLocation) -> Entry {
        var place = source
        var line = Self.noLine
        if let value = source.line, let narrow = Int32(exactly: value), narrow != Self.noLine {
            line = narrow
            place.line = nil
        }
        if places.last != place { places.append(place) }
        return Entry(answer: answer, line: line, place: UInt32(places.count - 1))
    }

    private func location(of entry: Entry) -> SourceLocation {
        var location = places[Int(entry.place & ~Self.conflicted)]
        if entry.line != Self.noLine { location.line = Int(entry.line) }
        return location
    }
}

/// Two records with the same prompt and different answers: the first of its prompt and a later one.
public struct ConflictExample: Sendable, Hashable {
    /// The first record of the prompt.
    public var first: SourceLocation
    /// A later record with another answer.
    public var other: SourceLocation
}
