/// `tunekit dedup`: drops the records of a JSONL file whose normalised content (``ContentFingerprint``) an
/// earlier record already had, keeping every other line byte for byte. Lines that are not records in any of
/// the platform's shapes pass through unchanged and are counted: removing them is the validator's business.
public struct DedupJob: Sendable {
    /// The outcome of a run.
    public struct Result: Sendable {
        public var read = 0
        public var kept = 0
        public var duplicates = 0
        /// Lines passed through that are not records, by reason.
        public var unreadable: [String: Int] = [:]
    }

    public let input: String
    /// The de-duplicated file (`-` for standard output).
    public let output: String
    /// Where dropped records go, each with the line it repeats (nil: not written).
    public let duplicatesFile: String?

    /// Creates a job.
    public init(input: String, output: String, duplicatesFile: String? = nil) {
        self.input = input
        self.output = output
        self.duplicatesFile = duplicatesFile
    }

    /// Runs the job; outputs are written atomically.
    public func run() throws(ConvertError) -> Result {
        var result = Result()
        var dedup = Deduplicator()
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
                let line = reader.withCurrentLine { Array($0) + [0x0A] }
                switch event {
                case .reject(let reject):
                    result.unreadable[reject.reason, default: 0] += 1
                    try kept.write(line)
                case .record(let record):
                    if let original = dedup.insert(record.id, source: record.source) {
                        result.duplicates += 1
                        guard let dropped else { continue }
                        writer.reset()
                        writer.beginObject()
                        writer.key("source")
                        writer.string(record.source.description)
                        writer.key("duplicate_of_source")
                        writer.string(original.source.description)
                        writer.key("record")
                        writer.bytes.append(contentsOf: line.dropLast())
                        writer.endObject()
                        writer.newline()
                        try dropped.write(writer.bytes)
                    } else {
                        result.kept += 1
                        try kept.write(line)
                    }
                }
            }
            try kept.commit()
            try dropped?.commit()
        } catch {
            kept.discard()
            dropped?.discard()
            throw ConvertError(error, input: input)
        }
        return result
    }
}
