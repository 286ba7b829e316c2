/// `lint.repeated_rejected`: in preference (DPO) pairs, the same rejected answer for many different prompts —
/// a generic "I don't know" or one canned reply as the negative of every pair teaches the model little about
/// the prompts. Answers are compared after the exact-dedup normalisation (``TextNormalizer``); a rejected answer
/// given in at least ``minimumRepeats`` pairs flags every one of them.
///
/// It needs the whole run, so it reports only: `--drop-flagged` does not drop these pairs (each is a fine pair
/// on its own; which to keep is the user's choice).
package struct RepeatedRejectedLint: Lint {
    package static let code = ValidationCode.lintRepeatedRejected

    /// Pairs sharing a rejected answer from which they are flagged.
    package static let minimumRepeats = 5

    /// One distinct rejected answer: how many pairs gave it, where the first was, and (once repeated) where the
    /// first few were and what it said.
    private struct Group {
        var count: Int32
        var first: SourceLocation
        var examples: [SourceLocation] = []
        var excerpt: String?
    }

    private var groupByHash: [UInt64: Int32] = [:]
    private var groups: [Group] = []
    private var scratch: [UInt8] = []

    package init() {}

    /// Counts the rejected answer of one kept pair.
    package mutating func add(rejected: LintText, source: SourceLocation) {
        scratch.removeAll(keepingCapacity: true)
        TextNormalizer().append(utf8: rejected.bytes, to: &scratch)
        let hash = WyHash.hash(scratch)
        if let index = groupByHash[hash] {
            let slot = Int(index)
            groups[slot].count += 1
            if groups[slot].excerpt == nil { groups[slot].excerpt = rejected.excerpt(30) }
            if groups[slot].examples.count < 5 { groups[slot].examples.append(source) }
        } else {
            groupByHash[hash] = Int32(groups.count)
            groups.append(Group(count: 1, first: source))
        }
    }

    /// The run's finding, if any answer repeats often enough: every pair of those answers counted, the first of
    /// them, the first few locations and a message naming the most repeated answer.
    package func summary() -> LintSummary? {
        let repeated = groups.filter { Int($0.count) >= Self.minimumRepeats }
        guard let first = repeated.first else { return nil }
        let most = repeated.max { $0.count < $1.count }!
        var examples: [SourceLocation] = []
        for group in repeated where examples.count < LintSummary.exampleLimit {
            examples.append(group.first)
            examples += group.examples.prefix(LintSummary.exampleLimit - examples.count)
        }
        let total = repeated.reduce(0) { $0 + Int($1.count) }
        let message = "the rejected answer “\(most.excerpt ?? "")” is given in \(most.count) pairs"
            + (repeated.count > 1 ? " (\(repeated.count) answers repeat \(Self.minimumRepeats) times or more)" : "")
        return LintSummary(code: Self.code.code, count: total, dropped: 0, first: first.first,
                           examples: Array(examples.prefix(LintSummary.exampleLimit)), message: message)
    }
}
