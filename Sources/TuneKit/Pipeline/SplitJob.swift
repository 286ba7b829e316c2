import Foundation

/// `tunekit split`: divides a JSONL file into `train.jsonl` and `validation.jsonl`, keeping every line byte for
/// byte, by the rules of ``SplitPlanner`` (the same as `convert --validation`): the same file and seed always
/// split the same way, records with the same id, the same or similar user text (or whole text), or the same
/// ``groupBy`` value stay on one side, and lines appended to the file never move an earlier record (for a
/// fraction). Lines that are not records stay in train and are counted.
///
/// ``groupBy`` is a template over the record line's top-level JSON members, as the mapping templates are over
/// a table's columns: `{{customer_id}}`, `{{tenant}}/{{session}}`; a string member is inserted as it is, any
/// other value as its compact JSON; `{{file}}` is the input path when the line has no member `file`. Lines
/// where the template renders empty belong to no such group.
public struct SplitJob: Sendable {
    /// The outcome of a run.
    public struct Result: Sendable {
        /// Records written to `train.jsonl`.
        public var train = 0
        /// Records written to `validation.jsonl`.
        public var validation = 0
        /// Lines that are not records (kept in train), by reason.
        public var unreadable: [String: Int] = [:]
        /// The leakage audit of the split (``LeakageReport/pairs`` is 0 unless something is wrong).
        public var leakage = LeakageReport(threshold: 0.8)
        /// Why `train.jsonl` and `validation.jsonl` replaced an earlier pair one at a time rather than together
        /// (the folder holds other files, or is the working directory); nil when they replaced it whole.
        public var committedInPlace: String?
        /// Temporary files and folders of killed runs removed from the output folder and beside it.
        public var removedDebris: [String] = []
    }

    /// The JSONL file to split (`-` for standard input).
    public let input: String
    /// The folder that receives `train.jsonl` and `validation.jsonl` (created when missing).
    public let outputDirectory: String
    /// How many records go to validation.
    public let amount: SplitPlanner.Amount
    /// The seed that, with each record's content, decides where it goes.
    public let seed: UInt64
    /// Records whose values of this template agree stay on one side (`nil`: no such groups).
    public let groupBy: FieldTemplate?
    /// The similarity of user or whole text at which records stay on one side.
    public let threshold: Double

    /// Creates a job.
    public init(input: String, outputDirectory: String, amount: SplitPlanner.Amount, seed: UInt64 = 42,
                groupBy: FieldTemplate? = nil, threshold: Double = 0.8) {
        self.input = input
        self.outputDirectory = outputDirectory
        self.amount = amount
        self.seed = seed
        self.groupBy = groupBy
        self.threshold = threshold
    }

    /// Runs the job: one pass to plan, one to write. A regular file is read twice; a pipe, FIFO or standard
    /// input (`-`) is opened once and copied to a temporary file first (removed at the end), so it splits
    /// exactly as the file would.
    ///
    /// `progress` is told the bytes read every few thousand lines, over both passes (each counts half).
    public func run(progress: ((JobProgress) -> Void)? = nil) throws(ConvertError) -> Result {
        let opened: OpenedInput
        let path: String
        do {
            opened = try OpenedInput(path: input, encoding: nil)
            path = try opened.randomAccessPath()
        } catch {
            throw ConvertError(error)
        }
        defer { opened.removeCopy() }
        var planner = SplitPlanner(amount: amount, seed: seed, threshold: threshold)
        let group = groupBy.map { template in (template.bind(to: TableHeader(columns: template.variables)), template.variables) }
        do {
            let reader = try JSONLRecordReader(path: path)
            var lines = 0
            while let event = try reader.next() {
                lines += 1
                if let progress, lines & (JobProgress.recordInterval - 1) == 0 { progress(Self.half(reader, lines, second: false)) }
                guard case .record(let record) = event else { continue }
                let value = group.map { bound, names in reader.withCurrentLine { render(bound, names, line: $0) } }
                planner.add(id: record.id, category: nil, source: record.source,
                            text: SplitText(record: record, group: value))
            }
        } catch {
            throw ConvertError(error, input: input)
        }
        let split = planner.plan()
        let plan = split.validation
        // A split that leaves nothing to train on is refused before anything is written, as convert refuses it.
        if plan.count > 0 && plan.count >= planner.count {
            throw ConvertError(message: "--validation \(amount) would put all \(planner.count) record\(planner.count == 1 ? "" : "s") of \(input) in validation.jsonl and none in train.jsonl; give a count under \(planner.count) or a fraction such as 0.1 (nothing was written)")
        }
        var result = Result()
        result.leakage = split.leakage
        let train: OutputFile
        let validation: OutputFile
        do {
            try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
            result.removedDebris = TemporaryFiles.removeDebris(in: outputDirectory)
                + OutputCommit.removeDebris(beside: outputDirectory).map { "../\($0)/" }
            train = try OutputFile(path: FilePath.join(outputDirectory, "train.jsonl"))
            validation = try OutputFile(path: FilePath.join(outputDirectory, "validation.jsonl"))
        } catch {
            throw ConvertError(message: "\(outputDirectory): cannot write there: \(error)")
        }
        do {
            let reader = try JSONLRecordReader(path: path)
            var ordinal = 0
            var lines = 0
            while let event = try reader.next() {
                lines += 1
                if let progress, lines & (JobProgress.recordInterval - 1) == 0 { progress(Self.half(reader, lines, second: true)) }
                switch event {
                case .reject(let reject):
                    result.unreadable[reject.reason, default: 0] += 1
                    try reader.copyCurrentLine(to: train)
                case .record:
                    if plan.contains(ordinal) {
                        result.validation += 1
                        try reader.copyCurrentLine(to: validation)
                    } else {
                        result.train += 1
                        try reader.copyCurrentLine(to: train)
                    }
                    ordinal += 1
                }
            }
            // The pair replaces an earlier pair in one step where the folder is the split's own (OutputCommit).
            TemporaryFiles.beginCommit()
            defer { TemporaryFiles.endCommit() }
            let commit = OutputCommit(directory: outputDirectory) { $0 == "train.jsonl" || $0 == "validation.jsonl" }
            result.committedInPlace = commit.inPlaceReason
            do {
                try train.commit(as: commit.destination(of: train.path))
                try validation.commit(as: commit.destination(of: validation.path))
                try commit.exchange()
            } catch {
                commit.abandon()
                throw error
            }
        } catch {
            train.discard()
            validation.discard()
            throw ConvertError(error, input: input)
        }
        return result
    }

    /// The `--group-by` value of a record line: its top-level members named by the template.
    private func render(_ bound: FieldTemplate.Bound, _ names: [String], line: UnsafeBufferPointer<UInt8>) -> String {
        let members = (try? JSONReader.parse(line))?.value.objectValue
        return bound.render(names.map { name in
            switch members?[name] {
            case .string(let text)?: return text
            case .null?: return ""
            case let other?: return other.compactText
            case nil: return name == "file" ? input : ""
            }
        })
    }

    /// Progress over the two passes: bytes of each pass count once, out of twice the file's size.
    private static func half(_ reader: JSONLRecordReader, _ lines: Int, second: Bool) -> JobProgress {
        var report = reader.progress(records: lines)
        if let total = report.total {
            report.done += second ? total : 0
            report.total = 2 * total
        }
        return report
    }
}
