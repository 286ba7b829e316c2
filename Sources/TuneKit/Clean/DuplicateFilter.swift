/// Duplicate detection over a stream of records, as `convert` and `dedup` both use it: exact duplicates by
/// normalised content (``Deduplicator``), then, when asked, near duplicates by similar text
/// (``NearDuplicateIndex``), which are looked for only among records that are not exact repeats.
struct DuplicateFilter: Sendable {
    /// The earlier record a new one repeats.
    struct Match: Sendable {
        /// Where the earlier record came from.
        var source: SourceLocation
        /// Its id, for an exact repeat; nil for a near duplicate.
        var id: RecordID?

        /// Appends the duplicates-file line of `record` (its JSON line) repeating this match.
        func writeLine(source recordSource: SourceLocation, id recordID: RecordID, record: UnsafeBufferPointer<UInt8>,
                       to writer: inout JSONWriter) {
            writer.reset()
            writer.beginObject()
            writer.key("source")
            writer.string(recordSource.description)
            writer.key("id")
            writer.string(recordID.description)
            if let id {
                writer.key("duplicate_of")
                writer.string(id.description)
                writer.key("duplicate_of_source")
            } else {
                writer.key("similar_to_source")
            }
            writer.string(source.description)
            writer.key("record")
            writer.bytes.append(contentsOf: record)
            writer.endObject()
            writer.newline()
        }
    }

    var exact = Deduplicator()
    private var near: NearDuplicateIndex?
    /// Where each record the near index kept came from, by its ordinal there.
    private var nearSources: [SourceLocation] = []
    /// Records found similar rather than equal.
    private(set) var nearCount = 0

    /// Exact duplicates only, or also near ones at `nearThreshold`.
    init(nearThreshold: Double? = nil) {
        near = nearThreshold.map { NearDuplicateIndex(threshold: $0) }
    }

    var findsNear: Bool { near != nil }

    /// The earlier record that `id` (and, for near duplicates, `record`'s text) repeats; nil for a new record,
    /// which is remembered.
    mutating func check(_ id: RecordID, source: SourceLocation, record: Record?) -> Match? {
        if let original = exact.insert(id, source: source) { return Match(source: original.source, id: original.id) }
        guard near != nil, let record else { return nil }
        if let ordinal = near!.insert(NearDuplicateIndex.signature(of: record)) {
            nearCount += 1
            return Match(source: nearSources[ordinal], id: nil)
        }
        nearSources.append(source)
        return nil
    }
}
