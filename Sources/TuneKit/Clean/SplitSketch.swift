import Foundation

/// The compact form of a MinHash signature a split keeps for every record, and the rules it is compared by.
///
/// A split must never put two records whose text is similar on different sides, so it errs towards grouping,
/// within bounds that keep templated data (many questions alike but below the threshold) splittable:
/// - **Storage.** One byte per minimum (a mix of the 32-bit minimum, cut to 8 bits: "b-bit MinHash", Li & König
///   2010), 128 bytes a text. Two minima that agree give equal bytes; two that differ collide with probability
///   1/256, so the share of equal bytes estimates `J + (1 − J) / 256`.
/// - **Candidates.** Bands of `rows` bytes, with the most rows for which a pair at exactly the threshold shares
///   no band with probability at most 10⁻⁴ (`(1 − p^rows)^bands`); at 0.8 that is 25 bands of 5 rows
///   (5·10⁻⁵; 2·10⁻¹⁰ at 0.9), where the duplicate filter's layout, tuned for equal false positives and
///   negatives, misses about one pair in twenty. More rows make buckets tighter: unrelated texts of a small
///   vocabulary share a 4-row band far more often than a 5-row one.
/// - **Verification.** A candidate pair is grouped when at least ``verifyMatches`` bytes agree: the count a pair
///   at the threshold falls below with probability at most 10⁻³ (binomial tail; about 0.69 estimated at 0.8).
///   Pairs somewhat under the threshold are grouped too; that only makes groups larger. A wider margin (10⁻⁹,
///   about 0.57) chained templated questions (one product name apart) into one group and left no validation set.
/// - **Audit.** A pair counts as a leak when its estimated similarity, corrected for collisions, reaches the
///   threshold (``auditMatches`` equal bytes), well above the verification line.
package struct SplitSketch: Sendable, Equatable {
    /// Bytes a text.
    package static let width = 128

    /// The similarity the split keeps together.
    package let threshold: Double
    package let bands: Int
    package let rows: Int
    /// Equal bytes at which a candidate pair is grouped.
    package let verifyMatches: Int
    /// Equal bytes at which a pair's estimated similarity reaches the threshold.
    package let auditMatches: Int

    /// The layout for `threshold` (0 < threshold < 1).
    package init(threshold: Double) {
        self.threshold = threshold
        let p = threshold + (1 - threshold) / 256
        var chosen = (bands: Self.width, rows: 1)
        for rows in stride(from: 16, through: 1, by: -1) {
            let bands = Self.width / rows
            if pow(1 - pow(p, Double(rows)), Double(bands)) <= 1e-4 {
                chosen = (bands, rows)
                break
            }
        }
        (bands, rows) = chosen
        // The largest m with P(Binomial(128, p) < m) ≤ 1e-3.
        var below = 0.0
        var m = 0
        while m < Self.width {
            let next = below + Self.binomial(Self.width, m, p)
            if next > 1e-3 { break }
            below = next
            m += 1
        }
        verifyMatches = max(1, m)
        auditMatches = Int((Double(Self.width) * (threshold * 255 / 256 + 1.0 / 256) - 1e-9).rounded(.up))
    }

    private static func binomial(_ n: Int, _ k: Int, _ p: Double) -> Double {
        let logChoose = lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
        return exp(logChoose + Double(k) * log(p) + Double(n - k) * log(1 - p))
    }

    /// Appends the 128 bytes of `signature` (128 minima) to `storage`.
    package static func append(_ signature: [UInt32], to storage: inout [UInt8]) {
        for minimum in signature {
            storage.append(UInt8(truncatingIfNeeded: (UInt64(minimum) &* 0x9E37_79B9_7F4A_7C15) >> 56))
        }
    }

    /// How many of the 128 bytes of records `a` and `b` agree.
    @inline(__always)
    package static func matches(_ storage: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int) -> Int {
        let base = UnsafeRawPointer(storage.baseAddress!)
        let left = base + a * width
        let right = base + b * width
        var equal = SIMD16<UInt8>()
        let one = SIMD16<UInt8>(repeating: 1)
        for offset in stride(from: 0, to: width, by: 16) {
            let x = left.loadUnaligned(fromByteOffset: offset, as: SIMD16<UInt8>.self)
            let y = right.loadUnaligned(fromByteOffset: offset, as: SIMD16<UInt8>.self)
            equal &+= SIMD16<UInt8>().replacing(with: one, where: x .== y)
        }
        return Int(equal.wrappedSum())
    }

    /// The key of `band` of record `ordinal`: its rows' bytes, packed (hashed down to 32 bits past 4 rows).
    @inline(__always)
    package func bandKey(_ storage: UnsafeBufferPointer<UInt8>, _ ordinal: Int, band: Int) -> UInt32 {
        let start = ordinal * Self.width + band * rows
        var key: UInt64 = 0
        for row in 0..<rows { key = key << 8 | UInt64(storage[start + row]) }
        if rows <= 4 { return UInt32(truncatingIfNeeded: key) }
        return UInt32(truncatingIfNeeded: NearDuplicateIndex.mix(key) >> 32)
    }
}
