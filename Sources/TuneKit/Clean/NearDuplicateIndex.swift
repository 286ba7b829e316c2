import Foundation

/// Near-duplicate detection for streams of records: a MinHash signature (128 hash functions) over the
/// character 5-shingles of each record's normalised text, and locality-sensitive hashing in bands, so that a
/// record is compared only with earlier records that share a band. The band layout is the one that minimises
/// false positives plus false negatives around the threshold (as datasketch's `MinHashLSH` chooses it).
///
/// Memory: per kept record one 64-bit key and one ordinal per band (about 100–200 bytes); no text is kept.
package struct NearDuplicateIndex: Sendable {
    /// 128 minima, one per hash function.
    package typealias Signature = [UInt32]

    package static let permutations = 128
    package static let shingleLength = 5

    /// The estimated Jaccard similarity above which two records are duplicates.
    package let threshold: Double
    /// Bands and rows per band (bands × rows ≤ 128).
    package let bands: Int
    package let rows: Int
    private var tables: [[UInt64: Int32]]
    /// Records inserted (the next ordinal).
    package private(set) var count = 0

    /// Hash function i maps a shingle hash x to `a[i] &* x &+ b[i]`; odd multipliers, fixed seeds, so the
    /// same text has the same signature in every run.
    private static let coefficients: (a: [SIMD8<UInt32>], b: [SIMD8<UInt32>]) = {
        var state: UInt64 = 0x6E65_6172_6475_7031
        func next() -> UInt32 {
            state = state &+ 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return UInt32(truncatingIfNeeded: z ^ (z >> 31))
        }
        var a: [SIMD8<UInt32>] = []
        var b: [SIMD8<UInt32>] = []
        for _ in 0..<(permutations / 8) {
            var va = SIMD8<UInt32>()
            var vb = SIMD8<UInt32>()
            for lane in 0..<8 {
                va[lane] = next() | 1
                vb[lane] = next()
            }
            a.append(va)
            b.append(vb)
        }
        return (a, b)
    }()

    /// An index for `threshold` (0 < threshold < 1).
    package init(threshold: Double = 0.8) {
        self.threshold = threshold
        (bands, rows) = Self.bandLayout(threshold: threshold, permutations: Self.permutations)
        tables = Array(repeating: [:], count: bands)
    }

    /// The signature of a record's text (`document(of:)`).
    package static func signature(of record: Record) -> Signature {
        signature(of: document(of: record))
    }

    /// The text near-duplicate detection compares: every user and assistant turn (and reasoning, tool calls and
    /// results), without the system prompt, which records often share.
    static func document(of record: Record) -> String {
        var parts: [String] = []
        func add(_ message: Message) {
            if let text = message.text { parts.append(text) }
            if let reasoning = message.reasoning { parts.append(reasoning) }
            for call in message.toolCalls { parts.append(call.name + " " + call.arguments) }
        }
        switch record.example {
        case .conversation(let conversation):
            for message in conversation.messages where message.role != .system { add(message) }
        case .preference(let preference):
            for message in preference.context.messages where message.role != .system { add(message) }
            add(preference.preferred)
        }
        return parts.joined(separator: "\n")
    }

    /// The signature of text, after ``TextNormalizer`` and ASCII lower-casing.
    package static func signature(of text: String) -> Signature {
        var normalized: [UInt8] = []
        TextNormalizer().append(text, to: &normalized)
        var scalars: [UInt32] = []
        scalars.reserveCapacity(normalized.count)
        for scalar in String(decoding: normalized, as: UTF8.self).unicodeScalars {
            let value = scalar.value
            scalars.append(value >= 0x41 && value <= 0x5A ? value | 0x20 : value)
        }
        return signature(scalars: scalars)
    }

    /// The signature of a sequence of Unicode scalar values.
    static func signature(scalars: [UInt32]) -> Signature {
        // Each 5-scalar window packs exactly into 105 bits; mixed down to 32.
        var shingles: [UInt32] = []
        let windows = max(1, scalars.count - shingleLength + 1)
        shingles.reserveCapacity(windows)
        for start in 0..<windows {
            var low: UInt64 = 0
            var high: UInt64 = 0
            for offset in 0..<shingleLength where start + offset < scalars.count {
                let value = UInt64(scalars[start + offset]) &+ 1
                if offset < 3 { low |= value << (21 * UInt64(offset)) } else { high |= value << (21 * UInt64(offset - 3)) }
            }
            shingles.append(UInt32(truncatingIfNeeded: mix(low ^ mix(high &+ 0x632B_E59B_D9B4_E019)) >> 16))
        }
        var signature = Signature(repeating: 0, count: permutations)
        let (a, b) = coefficients
        shingles.withUnsafeBufferPointer { values in
            for vector in 0..<(permutations / 8) {
                var minimum = SIMD8<UInt32>(repeating: .max)
                let multiplier = a[vector]
                let addend = b[vector]
                for value in values {
                    minimum = pointwiseMin(minimum, multiplier &* SIMD8(repeating: value) &+ addend)
                }
                for lane in 0..<8 { signature[vector * 8 + lane] = minimum[lane] }
            }
        }
        return signature
    }

    /// The ordinal of an earlier record sharing a band with `signature` whose estimated similarity reaches the
    /// threshold, or nil; in that case the record is added under the next ordinal. `signatureOf` gives the
    /// signature of an earlier ordinal when the caller keeps them, to confirm a candidate; without it a shared
    /// band is taken as a match (as `MinHashLSH.query` does).
    package mutating func insert(_ signature: Signature, signatureOf: ((Int) -> Signature?)? = nil) -> Int? {
        var keys = [UInt64](repeating: 0, count: bands)
        for band in 0..<bands {
            var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(band + 1)
            for row in 0..<rows { hash = Self.mix(hash ^ UInt64(signature[band * rows + row])) }
            keys[band] = hash
            if let earlier = tables[band][hash] {
                let candidate = Int(earlier)
                guard let signatureOf, let other = signatureOf(candidate) else { return candidate }
                if Self.similarity(signature, other) >= threshold { return candidate }
            }
        }
        for band in 0..<bands { tables[band][keys[band]] = Int32(truncatingIfNeeded: count) }
        count += 1
        return nil
    }

    /// The estimated Jaccard similarity of two signatures: the share of hash functions whose minima agree.
    package static func similarity(_ a: Signature, _ b: Signature) -> Double {
        Double(zip(a, b).filter { $0 == $1 }.count) / Double(min(a.count, b.count))
    }

    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Bands and rows minimising the false-positive probability below the threshold plus the false-negative
    /// probability above it, with equal weights.
    static func bandLayout(threshold: Double, permutations: Int) -> (bands: Int, rows: Int) {
        func integrate(_ f: (Double) -> Double, _ from: Double, _ to: Double) -> Double {
            let steps = 200
            let width = (to - from) / Double(steps)
            var sum = f(from) + f(to)
            for step in 1..<steps { sum += f(from + Double(step) * width) * (step % 2 == 1 ? 4 : 2) }
            return sum * width / 3
        }
        var best = (bands: 1, rows: permutations, error: Double.infinity)
        for bands in 1...permutations {
            for rows in 1...(permutations / bands) {
                let b = Double(bands)
                let r = Double(rows)
                let falsePositive = integrate({ 1 - pow(1 - pow($0, r), b) }, 0, threshold)
                let falseNegative = integrate({ 1 - (1 - pow(1 - pow($0, r), b)) }, threshold, 1)
                let error = 0.5 * falsePositive + 0.5 * falseNegative
                if error < best.error { best = (bands, rows, error) }
            }
        }
        return (best.bands, best.rows)
    }

    /// The ordinal of a stored record sharing a band with `signature` (a similar one, as `MinHashLSH.query`
    /// finds it), without storing anything; nil when there is none.
    package func query(_ signature: Signature) -> Int? {
        for band in 0..<bands {
            var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(band + 1)
            for row in 0..<rows { hash = Self.mix(hash ^ UInt64(signature[band * rows + row])) }
            if let earlier = tables[band][hash] { return Int(earlier) }
        }
        return nil
    }
}
