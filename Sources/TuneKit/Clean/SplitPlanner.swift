import Foundation

/// Decides which records go to validation: deterministic in the seed, stratified by category, never separating
/// records that are the same or similar, and stable when rows are appended.
///
/// **Groups.** Records stay on one side with every record that has the same id, the same normalised user text,
/// the same `--group-by` value, or user text or whole-record text similar at the threshold (`SplitSketch`;
/// `SplitGroups`). A group goes where its first record goes; later members follow it.
///
/// **Sides, in input order.** Per category, with `k` records of the category seen before and `v` of them in
/// validation, the deficit is `d = f·(k+1) − v`; a record that opens a group sends it to validation when
/// `u < clamp(d, 0, 1)`, `u` a seeded hash of the group's first record's id (or its `--group-by` value) in
/// [0, 1). The rule keeps `f·k − 1 < v < f·k + 1` at every prefix of every category when groups are single
/// records, so each category ends within one record of its share (exactly on it when `f·n` is whole).
/// A per-record rule (`u < f`, as a hash-only split would do) gives binomial counts instead (±√(f·n)).
///
/// **Appending.** A decision depends only on the records before it, so rows added at the end never move an
/// earlier record — for a fraction. The one exception is a new row that is similar to two earlier groups on
/// different sides: it joins them, and the later group follows the earlier one (a leak is worse than a move).
/// A count (`--validation 50`) becomes per-category shares `q_c / n_c` (largest remainders, so the total is
/// exact without groups); those depend on the number of records, so a count is not append-stable.
///
/// A fraction under 1 never puts every record in validation (one record, or one group holding all): they stay in
/// train. The deficit is kept in integers (`f` as a ratio), so the same input and seed give the same split on every
/// machine. Library users choose the size with ``Amount`` (``ConvertOptions/validation``, ``SplitJob``); the
/// planning itself runs inside those jobs.
///
/// **The audit closes the loop.** The grouping compares a record with a window of each shared band's groups
/// (`SplitGroups`), so its work stays linear; the leakage audit then looks for similar train × validation
/// pairs, and the pairs it finds are joined and the sides decided again, until it finds none.
///
/// Memory: 292 bytes a record while reading (two 128-byte sketches, the id, the user-text key, the category and
/// the source line), 4 more and one band's sort keys (8 a record) while planning.
/// - Complexity: O(b · n log n) for the `b` bands of the sketches, plus at most 32 sketch comparisons a record
///   and band.
public struct SplitPlanner: Sendable {
    /// How much goes to validation.
    public enum Amount: Sendable, Equatable, CustomStringConvertible {
        /// A fraction of the records, in 0…1.
        case fraction(Double)
        /// A number of records.
        case count(Int)

        /// Parses a fraction (`0.1`, `10%`) or a whole count (`50`).
        public init?(_ text: String) {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.hasSuffix("%") {
                guard let percent = Double(trimmed.dropLast()), (0...100).contains(percent) else { return nil }
                self = .fraction(percent / 100)
            } else if trimmed.contains(".") || trimmed.contains("e") {
                guard let fraction = Double(trimmed), (0...1).contains(fraction) else { return nil }
                self = .fraction(fraction)
            } else {
                guard let count = Int(trimmed), count >= 0 else { return nil }
                self = .count(count)
            }
        }

        /// The spelling ``init(_:)`` parses: `0.1` for a fraction, `50` for a count.
        public var description: String {
            switch self {
            case .fraction(let value): return String(value)
            case .count(let value): return String(value)
            }
        }
    }

    package let amount: Amount
    package let seed: UInt64
    package let sketch: SplitSketch
    private var ids: [UInt64] = []
    /// A hash of the normalised user text; 0 for none.
    private var userKeys: [UInt64] = []
    /// A hash of the `--group-by` value; empty until a record has one, 0 for none.
    private var groupKeys: [UInt64] = []
    private var userSketches: [UInt8] = []
    private var wholeSketches: [UInt8] = []
    private var categoryIndex: [UInt16] = []
    private var categories: [String] = []
    private var categoryLookup: [String: UInt16] = [:]
    /// Where each record came from: an interned file (and sheet) and a line.
    private var places: [UInt32] = []
    private var lines: [Int32] = []
    private var placeNames: [SourceLocation] = []
    private var placeLookup: [SourceLocation: UInt32] = [:]

    /// Creates a planner that keeps together texts similar at `threshold`.
    package init(amount: Amount, seed: UInt64, threshold: Double = 0.8) {
        self.amount = amount
        self.seed = seed
        sketch = SplitSketch(threshold: threshold)
    }

    /// Records added so far.
    package var count: Int { ids.count }

    /// Adds the next record (ordinals are assigned in order from 0).
    package mutating func add(id: RecordID, category: String?, source: SourceLocation, text: SplitText) {
        add(id: id, category: category, source: source, fingerprint: SplitFingerprint(text))
    }

    /// Adds the next record from the fingerprint of its texts.
    package mutating func add(id: RecordID, category: String?, source: SourceLocation, fingerprint: SplitFingerprint) {
        let ordinal = ids.count
        ids.append(id.rawValue == 0 ? 1 : id.rawValue)
        userKeys.append(fingerprint.userKey)
        if fingerprint.groupKey != 0 {
            if groupKeys.isEmpty { groupKeys = [UInt64](repeating: 0, count: ordinal) }
            groupKeys.append(fingerprint.groupKey)
        } else if !groupKeys.isEmpty {
            groupKeys.append(0)
        }
        userSketches += fingerprint.user
        wholeSketches += fingerprint.whole
        let name = category ?? ""
        if let index = categoryLookup[name] {
            categoryIndex.append(index)
        } else {
            let index = UInt16(truncatingIfNeeded: categories.count)
            categories.append(name)
            categoryLookup[name] = index
            categoryIndex.append(index)
        }
        let place = SourceLocation(file: source.file, sheet: source.sheet)
        if let index = placeLookup[place] {
            places.append(index)
        } else {
            let index = UInt32(placeNames.count)
            placeNames.append(place)
            placeLookup[place] = index
            places.append(index)
        }
        lines.append(Int32(clamping: source.line ?? 0))
    }

    /// The category of the record with this ordinal ("" for none).
    package func category(of ordinal: Int) -> String {
        categories[Int(categoryIndex[ordinal])]
    }

    /// Where the record with this ordinal came from (file, sheet and line).
    package func source(of ordinal: Int) -> SourceLocation {
        var location = placeNames[Int(places[ordinal])]
        if lines[ordinal] > 0 { location.line = Int(lines[ordinal]) }
        return location
    }

    /// The validation set as a bit set over ordinals, and the audit of the sides it makes.
    package func plan() -> SplitPlan {
        let n = ids.count
        var groups = SplitGroups(count: n)
        groups.join(equal: ids)
        groups.join(equal: userKeys)
        if !groupKeys.isEmpty { groups.join(equal: groupKeys) }
        let keys = userKeys
        groups.join(similar: userSketches, count: n, layout: sketch, skip: { keys[$0] == 0 })
        groups.join(similar: wholeSketches, count: n, layout: sketch, skip: { _ in false })
        let audit = LeakageAudit(sketch: sketch)
        var set = decide(groups: &groups)
        var outcome = audit.audit(validation: set, userKeys: userKeys, sketches: userSketches, source: source(of:))
        // The grouping compares a record with a window of each bucket's groups; a similar pair it missed is found
        // here, joined, and the sides decided again (a later group follows the earlier one), until none is left.
        var joined = 0
        var rounds = 0
        while !outcome.pairs.isEmpty && rounds < 8 {
            for pair in outcome.pairs { groups.union(Int(pair.train), Int(pair.validation)) }
            joined += outcome.pairs.count
            rounds += 1
            set = decide(groups: &groups)
            outcome = audit.audit(validation: set, userKeys: userKeys, sketches: userSketches, source: source(of:))
        }
        var leakage = outcome.report
        leakage.joined = joined
        return SplitPlan(validation: set, leakage: leakage, grouped: groupKeys.lazy.filter { $0 != 0 }.count)
    }

    /// The sides of the groups, in input order (see the type's documentation).
    private func decide(groups: inout SplitGroups) -> ValidationSet {
        let n = ids.count
        var set = ValidationSet(count: n)
        let (numerators, denominator) = rates()
        var deficits = [Int64](repeating: 0, count: categories.count)
        // By group representative (its first record): 0 not yet decided, 1 train, 2 validation.
        var sides = [UInt8](repeating: 0, count: n)
        for ordinal in 0..<n {
            let root = groups.find(ordinal)
            let category = Int(categoryIndex[ordinal])
            let den = denominator(category)
            deficits[category] += numerators[category]
            if sides[root] == 0 {
                let deficit = deficits[category]
                var key = !groupKeys.isEmpty && groupKeys[ordinal] != 0 ? groupKeys[ordinal] : ids[ordinal]
                let u = withUnsafeBytes(of: &key) { WyHash.hash($0, seed: seed) }
                let below = Int64(u.multipliedFullWidth(by: UInt64(den)).high)
                sides[root] = deficit >= den || (deficit > 0 && below < deficit) ? 2 : 1
            }
            if sides[root] == 2 {
                set.insert(ordinal)
                deficits[category] -= den
            }
        }
        // A fraction under 1 never takes every record: with one kept record (or one group holding them all) the
        // rule may pick it, and train would be empty; it stays in train instead (validation empty, as the old
        // rounding gave), which the conversion reports.
        if case .fraction(let fraction) = amount, fraction < 1, n > 0, set.count == n { set = ValidationSet(count: n) }
        return set
    }

    /// Each category's share of validation as a ratio `numerator / denominator(category)`.
    private func rates() -> (numerators: [Int64], denominator: (Int) -> Int64) {
        let n = ids.count
        switch amount {
        case .fraction(let fraction):
            let scale: Int64 = 1_000_000_000
            let numerator = Int64((min(max(fraction, 0), 1) * Double(scale)).rounded())
            return ([Int64](repeating: numerator, count: categories.count), { _ in scale })
        case .count(let count):
            var sizes = [Int](repeating: 0, count: categories.count)
            for index in categoryIndex { sizes[Int(index)] += 1 }
            let total = min(n, count)
            guard n > 0 else { return ([], { _ in 1 }) }
            // Per-category quotas by largest remainder.
            let exact = sizes.map { Double($0) * Double(total) / Double(n) }
            var quotas = exact.map { Int($0.rounded(.down)) }
            var remaining = total - quotas.reduce(0, +)
            let order = quotas.indices.sorted {
                let a = exact[$0] - Double(quotas[$0]), b = exact[$1] - Double(quotas[$1])
                return a != b ? a > b : categories[$0] < categories[$1]
            }
            for index in order where remaining > 0 {
                quotas[index] += 1
                remaining -= 1
            }
            let denominators = sizes.map { Int64(max($0, 1)) }
            return (quotas.map { Int64($0) }, { denominators[$0] })
        }
    }
}

/// What ``SplitPlanner/plan()`` decided.
package struct SplitPlan: Sendable {
    /// The records that go to validation.
    package var validation: ValidationSet
    /// Similar user texts found on both sides (none, unless something is wrong).
    package var leakage: LeakageReport
    /// Records that had a `--group-by` value.
    package var grouped = 0
}

/// A set of record ordinals, one bit each.
package struct ValidationSet: Sendable {
    private var words: [UInt64]
    /// Members.
    package private(set) var count = 0

    init(count: Int) {
        words = [UInt64](repeating: 0, count: (count + 63) / 64)
    }

    mutating func insert(_ ordinal: Int) {
        let bit = UInt64(1) << UInt64(ordinal & 63)
        if words[ordinal >> 6] & bit == 0 {
            words[ordinal >> 6] |= bit
            count += 1
        }
    }

    /// Whether the record with this ordinal goes to validation.
    package func contains(_ ordinal: Int) -> Bool {
        ordinal >> 6 < words.count && words[ordinal >> 6] & (UInt64(1) << UInt64(ordinal & 63)) != 0
    }
}

/// What the split keeps of a record's texts: a hash of its normalised user text (0 for none), of its group
/// value (0 for none), and the 128-byte sketches (``SplitSketch``) of its user and whole text.
package struct SplitFingerprint: Sendable {
    package var userKey: UInt64
    package var groupKey: UInt64
    package var user: [UInt8]
    package var whole: [UInt8]

    package init(_ text: SplitText) {
        var normalized: [UInt8] = []
        TextNormalizer().append(text.user, to: &normalized)
        userKey = normalized.isEmpty ? 0 : Self.nonZero(WyHash.hash(normalized, seed: 0x7573_6572))
        groupKey = text.group.map { $0.isEmpty ? 0 : Self.nonZero(WyHash.hash($0, seed: 0x6772_6F75_70)) } ?? 0
        user = []
        user.reserveCapacity(SplitSketch.width)
        SplitSketch.append(NearDuplicateIndex.signature(of: text.user), to: &user)
        whole = []
        whole.reserveCapacity(SplitSketch.width)
        SplitSketch.append(NearDuplicateIndex.signature(of: text.whole), to: &whole)
    }

    private static func nonZero(_ value: UInt64) -> UInt64 { value == 0 ? 1 : value }
}
