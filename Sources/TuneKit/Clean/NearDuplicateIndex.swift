import Foundation

/// Near-duplicate detection for streams of records: a MinHash signature (128 hash functions) over the
/// script-aware shingles of each record's normalised text (``ScriptShingler``: character bigrams for Han, Kana and
/// Hangul, words for other text), and locality-sensitive hashing in bands, so that a record is compared only with
/// earlier records that share a band; each candidate is then verified against the stored signature, and is a
/// match only when the estimated similarity reaches the threshold (as a `MinHashLSH` query followed by
/// `MinHash.jaccard` does). The band layout is the one that minimises false positives plus false negatives around
/// the threshold (as datasketch's `MinHashLSH` chooses it).
///
/// Texts with too few shingles for the estimate (fewer than ``ScriptShingler/minimumShingles``) get a signature
/// made from their normalised text alone, so they match equal texts only.
///
/// Memory, per kept record (no text is kept): its signature as 4-bit MinHash, 64 bytes (``PackedSignatures``),
/// and one 5-byte slot per band at a load of 0.583–0.875 (``BandTable``), at most 8.6 bytes per band: at the
/// default 0.8 (9 bands) at most 142 bytes (with the filter's 4-byte kept ordinal, 146), once past the first pages;
/// ``bytesPerRecord`` measures it.
package struct NearDuplicateIndex: Sendable {
    /// 128 minima, one per hash function.
    package typealias Signature = [UInt32]

    package static let permutations = 128

    /// The estimated Jaccard similarity above which two records are duplicates.
    package let threshold: Double
    /// Bands and rows per band (bands × rows ≤ 128).
    package let bands: Int
    package let rows: Int
    private var tables: BandTable
    private var signatures = PackedSignatures()
    /// Records inserted (the next ordinal).
    package var count: Int { signatures.count }

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
        tables = BandTable(bands: bands)
    }

    // MARK: Signatures

    /// The signature of a record's text (`document(of:on:)`).
    package static func signature(of record: Record, on key: DedupOn = .conversation) -> Signature {
        var shingler = ScriptShingler()
        for part in document(of: record, on: key) { shingler.add(part) }
        return signature(shingler)
    }

    /// The parts (turns) of the text near-duplicate detection compares: every user and assistant turn (and
    /// reasoning, tool calls and results), without the system prompt, which records often share; with `.user`
    /// the user turns only.
    static func document(of record: Record, on key: DedupOn = .conversation) -> [String] {
        var parts: [String] = []
        func add(_ message: Message) {
            if key == .user && message.role != .user { return }
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
        return parts
    }

    /// The signature of text, after ``TextNormalizer`` and ASCII lower-casing.
    package static func signature(of text: String) -> Signature {
        var shingler = ScriptShingler()
        shingler.add(text)
        return signature(shingler)
    }

    /// The signature of valid UTF-8 text (the byte lane's turns), equal to ``signature(of:)`` of the same text.
    package static func signature(utf8: UnsafeBufferPointer<UInt8>) -> Signature {
        var shingler = ScriptShingler()
        shingler.add(utf8: utf8)
        return signature(shingler)
    }

    /// The signature of the parts added to `shingler`: MinHash over its shingles, or, with fewer than
    /// ``ScriptShingler/minimumShingles`` distinct ones, 128 values drawn from its normalised text's hash (equal
    /// texts agree everywhere, others nowhere but by chance).
    static func signature(_ shingler: ScriptShingler) -> Signature {
        guard shingler.hasEnoughShingles else {
            let key = shingler.exactKey
            return (0..<permutations).map { UInt32(truncatingIfNeeded: mix(key &+ UInt64($0) &* 0xD6E8_FEB8_6659_FD93) >> 32) }
        }
        var signature = Signature(repeating: 0, count: permutations)
        let (a, b) = coefficients
        shingler.shingles.withUnsafeBufferPointer { values in
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

    // MARK: Look-up

    /// The ordinal of a stored record whose estimated similarity to `signature` reaches the threshold, and that
    /// estimate (from the 4-bit signatures), or nil; nothing is stored.
    package func match(_ signature: Signature) -> (ordinal: Int, similarity: Double)? {
        let packed = PackedSignatures.pack(signature)
        return packed.withUnsafeBufferPointer { words in match(packed: words) }
    }

    /// The ordinal of a stored record similar to `signature` at the threshold, without inserting it.
    package func query(_ signature: Signature) -> Int? {
        match(signature)?.ordinal
    }

    private func match(packed words: UnsafeBufferPointer<UInt64>) -> (ordinal: Int, similarity: Double)? {
        var found: (ordinal: Int, similarity: Double)?
        for band in 0..<bands {
            let key = PackedSignatures.bandKey(words, band: band, rows: rows)
            let hit = tables.forEachCandidate(band: band, key: key) { candidate in
                let similarity = signatures.similarity(words, to: candidate)
                guard similarity >= threshold else { return false }
                found = (candidate, similarity)
                return true
            }
            if hit { return found }
        }
        return nil
    }

    /// The ordinal of a stored record similar to `signature` at the threshold, or nil; in that case the record
    /// is stored under the next ordinal.
    package mutating func insert(_ signature: Signature) -> Int? {
        insertMatching(signature)?.ordinal
    }

    /// As ``insert(_:)``, with the estimated similarity of the match.
    package mutating func insertMatching(_ signature: Signature) -> (ordinal: Int, similarity: Double)? {
        let packed = PackedSignatures.pack(signature)
        var keys: [UInt64] = []
        let found = packed.withUnsafeBufferPointer { words -> (ordinal: Int, similarity: Double)? in
            if let found = match(packed: words) { return found }
            keys = (0..<bands).map { PackedSignatures.bandKey(words, band: $0, rows: rows) }
            return nil
        }
        if let found { return found }
        if tables.isFull {
            let signatures = self.signatures
            let rows = self.rows
            tables.grow { band, ordinal in
                signatures.withWords(of: ordinal) { PackedSignatures.bandKey($0, band: band, rows: rows) }
            }
        }
        tables.insert(keys: keys)
        signatures.append(packed)
        return nil
    }

    /// Bytes held by the band tables and the stored signatures (allocated capacity).
    package var storageBytes: Int { tables.bytes + signatures.bytes }

    /// ``storageBytes`` per stored record.
    package var bytesPerRecord: Double { count == 0 ? 0 : Double(storageBytes) / Double(count) }

    /// The estimated Jaccard similarity of two signatures: the share of hash functions whose minima agree.
    package static func similarity(_ a: Signature, _ b: Signature) -> Double {
        Double(zip(a, b).filter { $0 == $1 }.count) / Double(min(a.count, b.count))
    }

    package static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Bands and rows minimising the false-positive probability below the threshold plus the false-negative
    /// probability above it, with equal weights.
    package static func bandLayout(threshold: Double, permutations: Int) -> (bands: Int, rows: Int) {
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
}
