import CKernels

/// Finds records whose prompt an earlier record answered differently (``PromptKey``), in bounded memory: an
/// open-addressing table of 16-byte slots (prompt hash, first answer's hash folded to 32 bits, first-seen ordinal;
/// load ≤ 0.7) and the first records' locations as ``Deduplicator`` keeps them (4 bytes of line per distinct prompt,
/// the file once per run): about 27 bytes per distinct prompt, no text and no Swift dictionary. (Two different
/// answers to one prompt pass for the same one with a chance of 2⁻³² per pair.)
///
/// Exact duplicates (same prompt, same answer after normalisation) are not conflicts; a later record is compared
/// with the first answer of its prompt only.
struct ConflictFilter {
    /// One slot: 0 in `prompt` marks it empty (a prompt hash of 0 is stored as 1). The top bit of `ordinal`
    /// marks a prompt already counted as conflicting.
    private struct Slot {
        var prompt: UInt64
        var answer: UInt32
        var ordinal: UInt32
    }

    /// At most this many examples are kept for the report.
    static let exampleLimit = 20
    private static let conflicted: UInt32 = 1 << 31

    private var slots: [Slot]
    private var capacity: Int
    /// Distinct prompts seen.
    private(set) var distinct = 0
    private var origins = OriginLog()
    /// Prompts answered in more than one way.
    private(set) var prompts = 0
    /// Records that disagree with the first answer of their prompt.
    private(set) var records = 0
    /// The first conflicts, as (first record, the conflicting one), one per prompt.
    private(set) var examples: [ConflictExample] = []
    /// Prompts to reject every record of (`--conflicts drop`, found by a first pass); nil otherwise.
    private let dropped: ConflictFilter.PromptSet?

    init(expectedCount: Int = 1 << 12, dropping dropped: PromptSet? = nil) {
        capacity = Self.capacity(for: expectedCount)
        slots = [Slot](repeating: Slot(prompt: 0, answer: 0, ordinal: 0), count: capacity)
        self.dropped = dropped
    }

    private static func capacity(for count: Int) -> Int {
        max(1024, count * 10 / 7 + 1)
    }

    /// Sizes the table for about `count` distinct prompts now, so that it does not rehash while the input streams.
    mutating func reserve(expectedCount count: Int) {
        guard Self.capacity(for: count) > capacity else { return }
        rehash(to: Self.capacity(for: count))
        origins.reserve(count)
    }

    @inline(__always)
    private func slot(for key: UInt64) -> Int {
        Int(truncatingIfNeeded: key.multipliedFullWidth(by: UInt64(capacity)).high)
    }

    /// Asks the processor to start loading the slot of `key`'s prompt (the table is larger than the caches).
    @inline(__always)
    func prefetch(_ key: PromptKey) {
        let prompt = key.prompt == 0 ? 1 : key.prompt
        slots.withUnsafeBufferPointer { tk_prefetch($0.baseAddress! + slot(for: prompt)) }
    }

    /// Whether every record of this prompt is to be rejected (`--conflicts drop`).
    func drops(_ key: PromptKey) -> Bool { dropped?.contains(key.prompt) ?? false }

    /// The prompts answered in more than one way (for the first pass of `--conflicts drop`).
    var conflictingPrompts: PromptSet {
        var set = PromptSet(expectedCount: prompts)
        for slot in slots where slot.prompt != 0 && slot.ordinal & Self.conflicted != 0 { set.insert(slot.prompt) }
        return set
    }

    /// Notes a record; returns the location of the first record of its prompt when its answer differs.
    mutating func check(_ key: PromptKey, source: SourceLocation) -> SourceLocation? {
        let prompt = key.prompt == 0 ? 1 : key.prompt
        var index = slot(for: prompt)
        let capacity = self.capacity
        let found: Int? = slots.withUnsafeBufferPointer { slots in
            while true {
                let stored = slots[index].prompt
                if stored == 0 { return nil }
                if stored == prompt { return index }
                index += 1
                if index == capacity { index = 0 }
            }
        }
        guard let found else {
            slots[index] = Slot(prompt: prompt, answer: Self.fold(key.answer), ordinal: UInt32(truncatingIfNeeded: distinct))
            origins.append(source, ordinal: distinct)
            distinct += 1
            if distinct * 10 > capacity * 7 { rehash(to: capacity * 2) }
            return nil
        }
        let entry = slots[found]
        guard entry.answer != Self.fold(key.answer) else { return nil }
        return noteConflict(at: found, entry: entry, source: source)
    }

    @inline(__always)
    private static func fold(_ answer: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: answer ^ (answer >> 32))
    }

    @inline(never)
    private mutating func noteConflict(at index: Int, entry: Slot, source: SourceLocation) -> SourceLocation {
        records += 1
        let first = origins.location(Int(entry.ordinal & ~Self.conflicted))
        if entry.ordinal & Self.conflicted == 0 {
            slots[index].ordinal |= Self.conflicted
            prompts += 1
            if examples.count < Self.exampleLimit { examples.append(ConflictExample(first: first, other: source)) }
        }
        return first
    }

    private mutating func rehash(to newCapacity: Int) {
        let old = slots
        capacity = newCapacity
        slots = [Slot](repeating: Slot(prompt: 0, answer: 0, ordinal: 0), count: newCapacity)
        for entry in old where entry.prompt != 0 {
            var index = slot(for: entry.prompt)
            while slots[index].prompt != 0 {
                index += 1
                if index == newCapacity { index = 0 }
            }
            slots[index] = entry
        }
    }

    /// A set of prompt hashes in open addressing (the prompts `--conflicts drop` rejects).
    struct PromptSet: Sendable {
        private var keys: [UInt64]
        private var count = 0

        init(expectedCount: Int) {
            keys = [UInt64](repeating: 0, count: max(16, expectedCount * 2))
        }

        mutating func insert(_ prompt: UInt64) {
            let key = prompt == 0 ? 1 : prompt
            var index = Int(truncatingIfNeeded: key.multipliedFullWidth(by: UInt64(keys.count)).high)
            while keys[index] != 0 {
                if keys[index] == key { return }
                index = (index + 1) % keys.count
            }
            keys[index] = key
            count += 1
        }

        func contains(_ prompt: UInt64) -> Bool {
            guard count > 0 else { return false }
            let key = prompt == 0 ? 1 : prompt
            var index = Int(truncatingIfNeeded: key.multipliedFullWidth(by: UInt64(keys.count)).high)
            while keys[index] != 0 {
                if keys[index] == key { return true }
                index = (index + 1) % keys.count
            }
            return false
        }
    }
}

/// Two records with the same prompt and different answers: the first of its prompt and a later one.
public struct ConflictExample: Sendable, Hashable {
    /// The first record of the prompt.
    public var first: SourceLocation
    /// A later record with another answer.
    public var other: SourceLocation
}

extension ConflictFilter {
    /// Checks a record about to be kept: the `clean.conflict` failure it gets under `mode` (`first`: it answers
    /// its prompt otherwise than the first record did; `drop`: its prompt has more than one answer in the
    /// inputs), or nil to keep it.
    mutating func screen(_ key: PromptKey, source: SourceLocation, mode: ConvertOptions.ConflictMode) -> LineGate.Failure? {
        let first = check(key, source: source)
        if mode == .drop && drops(key) {
            return LineGate.Failure(code: ValidationCode.cleanConflict.code,
                                    message: "this prompt has more than one answer in the inputs; --conflicts drop rejects every record of it")
        }
        if let first, mode == .first {
            return LineGate.Failure(code: ValidationCode.cleanConflict.code,
                                    message: "the same prompt as \(first) with a different answer; --conflicts first keeps the first answer")
        }
        return nil
    }

    /// Puts the conflicts found in the report, with a warning naming the first pair's two locations.
    func note(in report: inout ConversionReport, mode: ConvertOptions.ConflictMode) {
        guard prompts > 0, let example = examples.first else { return }
        report.conflicts = ConflictFacts(count: prompts, records: records, examples: examples)
        let what: String
        switch mode {
        case .keep: what = "both were written (--conflicts first keeps the first answer, drop rejects them all)"
        case .first: what = "the later answers were rejected as clean.conflict (--conflicts first)"
        case .drop: what = "their records were rejected as clean.conflict (--conflicts drop)"
        }
        report.warnings.append(Diagnostic(.warning, "content.conflicting_answers",
            "\(prompts) prompt\(prompts == 1 ? "" : "s") with different answers, first at \(example.first) and \(example.other); \(what)"))
    }
}
