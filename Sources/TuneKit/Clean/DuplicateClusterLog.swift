/// Every duplicate a run found, collected as it is found, compactly (about 10 bytes each: the distinct record it
/// repeats, its kind and similarity, its line): the report's largest clusters and the `--clusters` file are made
/// from it at the end, without reading `duplicates.jsonl` back.
struct DuplicateClusterLog: Sendable {
    /// The first-seen ordinal (``Deduplicator``) of the record each duplicate repeats or resembles.
    private var originals: [UInt32] = []
    /// Bit 15: near; bits 0–14: similarity × 10,000.
    private var facts: [UInt16] = []
    private var members = LocationColumn()
    /// Records dropped as near duplicates, by their own first-seen ordinal: the kept record they resemble and how
    /// much (a later exact repeat of one belongs to that record's cluster).
    private var nearDropped: [UInt32: (kept: UInt32, facts: UInt16)] = [:]

    var count: Int { originals.count }

    /// Notes a duplicate at `source` of the distinct record `original` (near: with `similarity`); `ownOrdinal` is
    /// its own first-seen ordinal when it was new to the exact table (a near duplicate).
    mutating func add(source: SourceLocation, original: Int, near: Bool, similarity: Double, ownOrdinal: Int?) {
        let fact = UInt16(near ? 0x8000 : 0) | UInt16(max(0, min(10_000, (similarity * 10_000).rounded())))
        originals.append(UInt32(truncatingIfNeeded: original))
        facts.append(fact)
        members.append(source)
        if near, let ownOrdinal { nearDropped[UInt32(truncatingIfNeeded: ownOrdinal)] = (UInt32(truncatingIfNeeded: original), fact) }
    }

    /// The report's largest clusters, as ``DuplicateCluster/largest(inDuplicatesFile:limit:)`` made them from
    /// `duplicates.jsonl`: grouped by the record each line names (exact and near apart), largest first, then in
    /// the order of their first duplicate; at most ``DuplicateCluster/shownDuplicates`` locations each.
    func largest(origin: (Int) -> SourceLocation, limit: Int = DuplicateCluster.shownClusters) -> [DuplicateCluster] {
        var groups: [UInt64: (count: Int, order: Int)] = [:]
        for index in 0..<originals.count {
            let key = UInt64(originals[index]) << 1 | UInt64(facts[index] >> 15)
            let order = groups.count
            groups[key, default: (0, order)].count += 1
        }
        let top = groups.sorted { $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.value.order < $1.value.order }
            .prefix(limit)
        var clusters = top.map { DuplicateCluster(kept: origin(Int($0.key >> 1)).description, duplicates: [], count: $0.value.count, near: $0.key & 1 == 1) }
        var slots = Dictionary(uniqueKeysWithValues: top.enumerated().map { ($0.element.key, $0.offset) })
        for index in 0..<originals.count where !slots.isEmpty {
            let key = UInt64(originals[index]) << 1 | UInt64(facts[index] >> 15)
            guard let at = slots[key] else { continue }
            clusters[at].duplicates.append(members[index].description)
            if clusters[at].duplicates.count == DuplicateCluster.shownDuplicates { slots[key] = nil }
        }
        return clusters
    }

    /// The `--clusters` file: one JSON line per kept record that has duplicates, in the order the kept records
    /// were first seen, `{"kept": "file:line", "members": [{"source": …, "kind": "exact"|"near", "similarity": …}]}`
    /// with members in input order. A repeat of a near duplicate belongs to the record that one resembles (kind
    /// near, its similarity).
    func lines(origin: (Int) -> SourceLocation) -> [UInt8] {
        var byKept: [UInt32: [Int]] = [:]
        for index in 0..<originals.count {
            var kept = originals[index]
            if facts[index] & 0x8000 == 0, let root = nearDropped[kept] { kept = root.kept }
            byKept[kept, default: []].append(index)
        }
        var writer = JSONWriter(capacity: 1 << 16)
        var out: [UInt8] = []
        for kept in byKept.keys.sorted() {
            writer.reset()
            writer.beginObject()
            writer.key("kept")
            writer.string(origin(Int(kept)).description)
            writer.key("members")
            writer.beginArray()
            for index in byKept[kept]! {
                var fact = facts[index]
                if fact & 0x8000 == 0, let root = nearDropped[originals[index]] { fact = root.facts }
                writer.beginObject()
                writer.key("source")
                writer.string(members[index].description)
                writer.key("kind")
                writer.string(fact & 0x8000 != 0 ? "near" : "exact")
                writer.key("similarity")
                writer.number(Self.similarityText(fact & 0x7FFF))
                writer.endObject()
            }
            writer.endArray()
            writer.endObject()
            writer.newline()
            out += writer.bytes
        }
        return out
    }

    /// Two decimals, without trailing zeros (`1`, `0.9`, `0.93`).
    static func similarityText(_ tenThousandths: UInt16) -> String {
        let hundredths = (Int(tenThousandths) + 50) / 100
        if hundredths >= 100 { return "1" }
        let text = hundredths < 10 ? "0.0\(hundredths)" : "0.\(hundredths)"
        return text.hasSuffix("0") ? String(text.dropLast()) : text
    }
}
