import Foundation

/// Decides which records go to validation: deterministic in the seed, exact in size, stratified by
/// category, and never separating identical records.
///
/// Each record gets a key `wyhash(seed, id)`. Every category gives up its share of the validation
/// size (largest remainders, so the total is exact), taking the records with the smallest keys.
/// Records with equal ids share a key and are taken or left together.
///
/// Library users choose the size with ``Amount`` (``ConvertOptions/validation``, ``SplitJob``); the planning
/// itself runs inside those jobs.
///
/// Memory: 10 bytes per record (key + category index).
/// - Complexity: O(n log n) when the plan is made.
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
    private var keys: [UInt64] = []
    private var categoryIndex: [UInt16] = []
    private var categories: [String] = []
    private var categoryLookup: [String: UInt16] = [:]

    /// Creates a planner.
    package init(amount: Amount, seed: UInt64) {
        self.amount = amount
        self.seed = seed
    }

    /// Records added so far.
    package var count: Int { keys.count }

    /// Adds the next record (ordinals are assigned in order from 0).
    package mutating func add(id: RecordID, category: String?) {
        var raw = id.rawValue.littleEndian
        let key = withUnsafeBytes(of: &raw) { WyHash.hash($0, seed: seed) }
        keys.append(key)
        let name = category ?? ""
        if let index = categoryLookup[name] {
            categoryIndex.append(index)
        } else {
            let index = UInt16(truncatingIfNeeded: categories.count)
            categories.append(name)
            categoryLookup[name] = index
            categoryIndex.append(index)
        }
    }

    /// The category of the record with this ordinal ("" for none).
    package func category(of ordinal: Int) -> String {
        categories[Int(categoryIndex[ordinal])]
    }

    /// The validation set as a bit set over ordinals.
    package func plan() -> ValidationSet {
        let n = keys.count
        var set = ValidationSet(count: n)
        let total: Int
        switch amount {
        case .fraction(let fraction): total = min(n, Int((fraction * Double(n)).rounded()))
        case .count(let count): total = min(n, count)
        }
        guard total > 0 else { return set }
        // Per-category quotas by largest remainder.
        var sizes = [Int](repeating: 0, count: categories.count)
        for index in categoryIndex { sizes[Int(index)] += 1 }
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
        // Within each category, smallest keys first; equal keys (identical records) stay together.
        let ordinals = (0..<n).sorted {
            let ca = categoryIndex[$0], cb = categoryIndex[$1]
            if ca != cb { return ca < cb }
            return keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1
        }
        var start = 0
        while start < n {
            let category = Int(categoryIndex[ordinals[start]])
            var end = start
            while end < n && Int(categoryIndex[ordinals[end]]) == category { end += 1 }
            var taken = 0
            var i = start
            while i < end && taken < quotas[category] {
                var j = i
                while j < end && keys[ordinals[j]] == keys[ordinals[i]] { j += 1 }
                for k in i..<j { set.insert(ordinals[k]) }
                taken += j - i
                i = j
            }
            start = end
        }
        return set
    }
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
