/// Sorts band entries (`key << 32 | ordinal`, appended in ascending ordinal order) by key, keeping the ordinal
/// order within a key: a stable least-significant-digit radix sort on the key's two 16-bit halves, two passes
/// over the entries where a comparison sort made about twenty (the split sorts every record once per band).
struct BandSort {
    private var scratch: [UInt64] = []
    private var counts = [Int](repeating: 0, count: 1 << 16)

    /// Sorts `entries` in place; the result equals `entries.sort()` when the ordinals were appended in order.
    mutating func sort(_ entries: inout [UInt64]) {
        let n = entries.count
        guard n > 1 else { return }
        if scratch.count < n { scratch = [UInt64](repeating: 0, count: n) }
        Self.pass(entries, into: &scratch, count: n, shift: 32, counts: &counts)
        Self.pass(scratch, into: &entries, count: n, shift: 48, counts: &counts)
    }

    private static func pass(_ source: [UInt64], into target: inout [UInt64], count n: Int, shift: UInt64,
                             counts: inout [Int]) {
        counts.withUnsafeMutableBufferPointer { counts in
            for i in 0..<counts.count { counts[i] = 0 }
            source.withUnsafeBufferPointer { source in
                for i in 0..<n { counts[Int(truncatingIfNeeded: (source[i] >> shift) & 0xFFFF)] += 1 }
                var total = 0
                for i in 0..<counts.count {
                    let c = counts[i]
                    counts[i] = total
                    total += c
                }
                target.withUnsafeMutableBufferPointer { target in
                    for i in 0..<n {
                        let value = source[i]
                        let digit = Int(truncatingIfNeeded: (value >> shift) & 0xFFFF)
                        target[counts[digit]] = value
                        counts[digit] += 1
                    }
                }
            }
        }
    }
}
