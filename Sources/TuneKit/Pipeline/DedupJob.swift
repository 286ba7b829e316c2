/// `tunekit dedup`: drops the records of a JSONL file whose normalised content (the content ``Record/id`` is
/// derived from) an earlier record already had — and, with a near threshold, whose text is that similar to an
/// earlier one's (a MinHash estimate of the Jaccard similarity of character bigrams of CJK text and words of other text) —
/// with `dedupOn: .user` both on the user turns only — keeping every other
/// line byte for byte. Lines that are not records in any of the platform's shapes pass through unchanged and
/// are counted: removing them is the validator's business.
public struct DedupJob: Sendable {
    /// The outcome of a run.
    public struct Result: Sendable {
        /// Lines read: records and lines that are not records.
        public var read = 0
        /// Records written to the output (lines that are not records are copied too but counted in ``unreadable``).
        public var kept = 0
        /// Records dropped as duplicates, exact or near.
        public var duplicates = 0
        /// Of the duplicates, those found similar rather than equal.
        public var nearDuplicates = 0
        /// Lines passed through that are not records, by reason.
        public var unreadable: [String: Int] = [:]
        /// Records dropped because their prompt matched a held-out evaluation record's (``against``).
        public var contaminated = 0
        /// The first of them: its location and the evaluation record's (`eval.jsonl:12, exact`).
        public var firstContaminated: (record: SourceLocation, evaluation: String)?
        /// Clusters written to ``DedupJob/clustersFile`` (nil: not written).
        public var clusters: Int?
    }

    /// The JSONL file to de-duplicate (`-` for standard input).
    public let input: String
    /// The de-duplicated file (`-` for standard output).
    public let output: String
    /// Where dropped records go, each with the line it repeats (nil: not written).
    public let duplicatesFile: String?
    /// The estimated Jaccard similarity of shingles at which records are near duplicates; nil for exact
    /// duplicates only.
    public let nearThreshold: Double?
    /// Held-out evaluation JSONL files (`--against`): records whose prompt (normalised user text) equals or is
    /// near one of theirs are dropped too, before de-duplication, and written to the duplicates file with the
    /// evaluation record they match (`contaminated_by`).
    public var against: [String] = []
    /// The estimated similarity at which a prompt is near an evaluation prompt.
    public var againstThreshold = 0.8
    /// Which text the duplicate key is computed on.
    public let dedupOn: DedupOn
    /// Where every duplicate cluster is written, one JSON line each (nil: not written).
    public let clustersFile: String?

    /// Creates a job.
    public init(input: String, output: String, duplicatesFile: String? = nil, nearThreshold: Double? = nil,
                dedupOn: DedupOn = .conversation, clustersFile: String? = nil) {
        self.input = input
        self.output = output
        self.duplicatesFile = duplicatesFile
        self.nearThreshold = nearThreshold
        self.dedupOn = dedupOn
        self.clustersFile = clustersFile
    }

    /// Runs the job; outputs are written atomically. `progress` is told the bytes read every few thousand lines.
    public func run(progress: ((JobProgress) -> Void)? = nil) throws(ConvertError) -> Result {
        var result = Result()
        var filter = DuplicateFilter(nearThreshold: nearThreshold, on: dedupOn, collectsClusters: clustersFile != nil)
        var contamination = against.isEmpty ? nil : try ContaminationGuard(files: against, threshold: againstThreshold)
        let reader: JSONLRecordReader
        let kept: OutputFile
        let dropped: OutputFile?
        do {
            reader = try JSONLRecordReader(path: input)
            kept = try OutputFile(path: output)
            dropped = try duplicatesFile.map { (path) throws(OutputError) in try OutputFile(path: path) }
        } catch {
            throw ConvertError(error, input: input)
        }
        var writer = JSONWriter(capacity: 1 << 16)
        do {
            while let event = try reader.next() {
                result.read += 1
                if let progress, result.read & (JobProgress.recordInterval - 1) == 0 { progress(reader.progress(records: result.read)) }
                switch event {
                case .reject(let reject):
                    result.unreadable[reject.reason, default: 0] += 1
                    try reader.copyCurrentLine(to: kept)
                case .record(let record):
                    if contamination != nil, let match = contamination!.check(record) {
                        result.contaminated += 1
                        if result.firstContaminated == nil { result.firstContaminated = (record.source, match.description) }
                        guard let dropped else { continue }
                        reader.withCurrentLine { line in
                            writer.reset()
                            writer.beginObject()
                            writer.key("source")
                            writer.string(record.source.description)
                            writer.key("contaminated_by")
                            writer.string(match.description)
                            writer.key("record")
                            writer.bytes.append(contentsOf: line)
                            writer.endObject()
                            writer.newline()
                        }
                        try dropped.write(writer.bytes)
                        continue
                    }
                    guard let match = filter.check(record.id, source: record.source, record: record) else {
                        result.kept += 1
                        try reader.copyCurrentLine(to: kept)
                        continue
                    }
                    result.duplicates += 1
                    guard let dropped else { continue }
                    reader.withCurrentLine { match.writeLine(source: record.source, id: record.id, record: $0, to: &writer) }
                    try dropped.write(writer.bytes)
                }
            }
            result.nearDuplicates = filter.nearCount
            try kept.commit()
            try dropped?.commit()
            if let clustersFile { result.clusters = try filter.writeClusters(to: clustersFile) }
        } catch {
            kept.discard()
            dropped?.discard()
            throw ConvertError(error, input: input)
        }
        return result
    }
}
