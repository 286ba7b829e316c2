/// Duplicate detection over a stream of records, as `convert` and `dedup` both use it: exact duplicates by
/// normalised content (``Deduplicator``), then, when asked, near duplicates by similar text
/// (``NearDuplicateIndex``), which are looked for only among records that are not exact repeats. With
/// `--dedup-on user` both keys are computed on the user turns only.
struct DuplicateFilter: Sendable {
    /// The earlier record a new one repeats.
    struct Match: Sendable {
        /// Where the earlier record came from.
        var source: SourceLocation
        /// Its id, for an exact repeat of the whole content; nil for a near duplicate or a repeat of the user
        /// text only (the earlier record's id is not kept then).
        var id: RecordID?
        /// Similar rather than equal.
        var near: Bool
        /// The estimated similarity (1 for an exact repeat).
        var similarity: Double

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
            }
            writer.key(near ? "similar_to_source" : "duplicate_of_source")
            writer.string(source.description)
            writer.key("record")
            writer.bytes.append(contentsOf: record)
            writer.endObject()
            writer.newline()
        }
    }

    var exact = Deduplicator()
    /// Which text the keys are computed on.
    let on: DedupOn
    private var near: NearDuplicateIndex?
    /// The first-seen ordinal (in ``exact``) of each record the near index kept, by its ordinal there.
    private var nearKept = PagedUInt32()
    /// Records found similar rather than equal.
    private(set) var nearCount = 0
    /// Every duplicate found, when collected.
    private(set) var log: DuplicateClusterLog?
    private var shingler = ScriptShingler()
    private var userKey = ContentFingerprint.Builder()

    /// Exact duplicates only, or also near ones at `nearThreshold`, keyed on `on`; `collectsClusters` keeps every
    /// duplicate's location for ``largestClusters`` and ``clusterLines``.
    init(nearThreshold: Double? = nil, on: DedupOn = .conversation, collectsClusters: Bool = false) {
        near = nearThreshold.map { NearDuplicateIndex(threshold: $0) }
        self.on = on
        if collectsClusters { log = DuplicateClusterLog() }
    }

    var findsNear: Bool { near != nil }

    /// The earlier record that `id` (with `--dedup-on user`, the user text; for near duplicates, the text) of
    /// `record`, or of the byte lane's `laneTurns`, repeats; nil for a new record, which is remembered.
    mutating func check(_ id: RecordID, source: SourceLocation, record: Record?, laneTurns: ChatTurnTexts? = nil) -> Match? {
        let key = on == .user ? userID(record: record, laneTurns: laneTurns) ?? id : id
        if let original = exact.insert(key, source: source) {
            let match = Match(source: original.source, id: on == .user ? nil : original.id, near: false, similarity: 1)
            if log != nil { log!.add(source: source, original: exact.ordinal(of: key)!, near: false, similarity: 1, ownOrdinal: nil) }
            return match
        }
        guard near != nil else { return nil }
        let ownOrdinal = exact.count - 1
        shingler.reset()
        if let record {
            for part in NearDuplicateIndex.document(of: record, on: on) { shingler.add(part) }
        } else if let laneTurns {
            shingler.add(utf8: laneTurns.user)
            if on == .conversation { shingler.add(utf8: laneTurns.assistant) }
        } else {
            return nil
        }
        if let found = near!.insertMatching(NearDuplicateIndex.signature(shingler)) {
            nearCount += 1
            let kept = Int(nearKept[found.ordinal])
            if log != nil { log!.add(source: source, original: kept, near: true, similarity: found.similarity, ownOrdinal: ownOrdinal) }
            return Match(source: exact.origin(kept), id: nil, near: true, similarity: found.similarity)
        }
        nearKept.append(UInt32(truncatingIfNeeded: ownOrdinal))
        return nil
    }

    /// The fingerprint of the user turns only (`--dedup-on user`), the same from a record and from the lane.
    private mutating func userID(record: Record?, laneTurns: ChatTurnTexts?) -> RecordID? {
        userKey.reset()
        if let laneTurns {
            userKey.piece(ContentFingerprint.Tag.role(.user), utf8: UnsafeBufferPointer(start: nil, count: 0))
            userKey.piece(ContentFingerprint.Tag.text, utf8: laneTurns.user)
            return userKey.fingerprint.id
        }
        guard let record else { return nil }
        var messages: [Message]
        switch record.example {
        case .conversation(let conversation): messages = conversation.messages
        case .preference(let preference): messages = preference.context.messages
        }
        for message in messages where message.role == .user {
            userKey.piece(ContentFingerprint.Tag.role(.user), "")
            for part in message.parts {
                switch part {
                case .text(let text): userKey.piece(ContentFingerprint.Tag.text, text)
                case .image(.url(let url)): userKey.piece(0x31, url)
                case .image(.path(let path)): userKey.piece(0x32, path)
                case .image(.data(let bytes, _)): userKey.piece(0x33, String(WyHash.hash(bytes), radix: 16))
                case .image(.packaged(let picture)): userKey.piece(0x34, picture.workbook + "!" + picture.entry)
                }
            }
        }
        return userKey.fingerprint.id
    }

    /// Bytes the near-duplicate search holds per record it kept (index and kept ordinals), or nil without it.
    var nearBytesPerRecord: Double? {
        guard let near, near.count > 0 else { return nil }
        return Double(near.storageBytes + nearKept.bytes) / Double(near.count)
    }

    /// The report's largest clusters (``DuplicateClusterLog/largest(origin:limit:)``); empty without a log.
    var largestClusters: [DuplicateCluster] {
        guard let log else { return [] }
        let exact = self.exact
        return log.largest(origin: { exact.origin($0) })
    }

    /// The `--clusters` file's lines (``DuplicateClusterLog/lines(origin:)``); empty without a log.
    var clusterLines: [UInt8] {
        guard let log else { return [] }
        let exact = self.exact
        return log.lines(origin: { exact.origin($0) })
    }

    /// Writes the `--clusters` file atomically; returns the clusters written.
    func writeClusters(to path: String) throws(OutputError) -> Int {
        let file = try OutputFile(path: path)
        let lines = clusterLines
        do {
            try file.write(lines)
            try file.commit()
        } catch {
            file.discard()
            throw error
        }
        return lines.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    /// Writes the `--clusters` file of a conversion and names it among the run's outputs.
    func writeClusters(to path: String, outputs: OutputSet) throws(OutputError) -> ConversionReport.OutputSummary {
        let file = try OutputFile(path: path)
        let lines = clusterLines
        do {
            try file.write(lines)
            return try outputs.commit(file, role: "clusters", lines: lines.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) })
        } catch {
            file.discard()
            throw error
        }
    }
}
