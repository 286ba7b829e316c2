#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The moving parts of one ``ConvertJob`` run.
struct RunState: RecordSink {
    let options: ConvertOptions
    var report: ConversionReport
    private let exporter: RecordWriter
    private var dedup: DuplicateFilter?
    private var planner: SplitPlanner?
    private var recordTokens: [UInt32] = []
    private let toStdout: Bool
    /// Training lines go to standard output, to the parted train output, or to the spool when a validation
    /// split is pending (one of the three).
    private var mainFile: OutputFile?
    private var trainParts: PartedOutput?
    private let spoolPath: String?
    /// Lines in ``writer`` not yet handed to the output.
    private var pendingLines = 0
    /// The train and validation outputs of the split pass.
    private var splitOutputs: [PartedOutput] = []
    private var rejectsFile: OutputFile?
    private var duplicatesFile: OutputFile?
    private var writer = JSONWriter(capacity: 1 << 20)
    private var sideWriter = JSONWriter(capacity: 1 << 16)
    private var kept = 0
    private var categoryCounts = CategoryCounter()
    private var diagnostics: [Diagnostic] = []
    private var redactor: Redactor?
    /// Inlines local pictures (`--image-mode base64`); records wait in ``imageQueue`` to be prepared together.
    private var inliner: ImageInliner?
    private var imageQueue: [Record] = []
    /// Told (records read, pictures inlined) after each window of pictures.
    var progress: ((Int, Int) -> Void)?
    private static let imageWindow = 64
    /// Tokens an image of the output format is billed as (0 for text formats).
    private let imageTokens: Int

    init(options: ConvertOptions) throws(ConvertError) {
        self.options = options
        report = ConversionReport(format: options.format)
        exporter = RecordWriter(format: options.format, profile: options.profile)
        imageTokens = options.profile.imageTokens(for: options.format)
        report.imageTokens = imageTokens
        toStdout = options.outputDirectory == "-"
        if toStdout && options.validation != nil {
            throw ConvertError(message: "--validation needs an output directory; it cannot be used with -o -")
        }
        switch options.dedup {
        case .none: break
        case .exact: dedup = DuplicateFilter()
        case .near: dedup = DuplicateFilter(nearThreshold: options.nearThreshold)
        }
        if options.redact { redactor = Redactor() }
        if options.images.mode == .base64 {
            inliner = ImageInliner(embedding: options.images, profile: options.profile)
        }
        if let amount = options.validation { planner = SplitPlanner(amount: amount, seed: options.seed) }
        let directory = options.outputDirectory
        if !toStdout {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw ConvertError(message: "\(directory): cannot create the output directory: \(error.localizedDescription)")
            }
        }
        do {
            if toStdout {
                mainFile = try OutputFile(path: "-")
                spoolPath = nil
            } else if planner != nil {
                let spool = Self.join(directory, ".tunekit-spool-\(getpid()).jsonl")
                mainFile = try OutputFile(path: spool)
                spoolPath = spool
            } else {
                trainParts = try PartedOutput(directory: directory, stem: "train", cap: options.profile.maxFileBytes,
                                              countsImages: options.images.mode == .base64)
                spoolPath = nil
            }
            if !toStdout {
                rejectsFile = try OutputFile(path: Self.join(directory, "rejects.jsonl"))
                duplicatesFile = try OutputFile(path: Self.join(directory, "duplicates.jsonl"))
            }
        } catch {
            throw ConvertError(error)
        }
        report.options = [
            ("to", options.format.rawValue),
            ("dedup", options.dedup == .near ? "near \(options.nearThreshold)" : options.dedup.rawValue),
            ("validation", options.validation?.description ?? "none"),
            ("seed", String(options.seed)),
            ("redact", options.redact ? "true" : "false"),
            ("image_mode", options.images.mode.rawValue),
        ]
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    // MARK: Reading

    /// Reads one input: opened once, recognised from its sample (or named by `--from`), and read by the
    /// importer chosen (``Importers``) into this run, which is its ``RecordSink``.
    mutating func process(input: String) throws(ConvertError) {
        var prepared = try Importers.prepare(input, options: options)
        if report.mapping.isEmpty { report.mapping = prepared.mappingNotes }
        try prepared.read(into: &self)
        report.inputs.append(prepared.reportInput)
        diagnostics += prepared.diagnostics
        report.warnings += prepared.warnings
    }

    // MARK: Outcomes

    private mutating func rejectRecord(_ reject: Reject) throws(OutputError) {
        report.counts.rejected += 1
        report.rejectsByReason[reject.reason, default: 0] += 1
        guard let rejectsFile else { return }
        sideWriter.reset()
        sideWriter.beginObject()
        sideWriter.key("source")
        sideWriter.string(reject.source.description)
        sideWriter.key("reason")
        sideWriter.string(reject.reason)
        sideWriter.key("message")
        sideWriter.string(reject.message)
        if !reject.fields.isEmpty {
            sideWriter.key("fields")
            sideWriter.beginObject()
            for field in reject.fields {
                sideWriter.key(field.key)
                sideWriter.string(field.value)
            }
            sideWriter.endObject()
        }
        if let raw = reject.raw {
            sideWriter.key("raw")
            sideWriter.string(raw)
        }
        sideWriter.endObject()
        sideWriter.newline()
        try rejectsFile.write(sideWriter.bytes)
    }

    /// One input unit that did not become a record.
    mutating func reject(_ reject: Reject) throws(OutputError) {
        report.counts.read += 1
        try rejectRecord(reject)
    }

    /// One input unit that became a record.
    mutating func accept(_ record: Record) throws(OutputError) {
        report.counts.read += 1
        guard inliner != nil else { return try acceptPrepared(record) }
        // Every record queues (not only those with pictures), so that the output keeps the input's order.
        imageQueue.append(record)
        if imageQueue.count >= Self.imageWindow { try flushImageQueue() }
    }

    /// Prepares the queued records' pictures on all threads, then takes the records in order.
    private mutating func flushImageQueue() throws(OutputError) {
        guard !imageQueue.isEmpty else { return }
        let batch = imageQueue
        imageQueue.removeAll(keepingCapacity: true)
        for outcome in inliner!.inline(batch) {
            switch outcome {
            case .success(let record): try acceptPrepared(record)
            case .failure(let reject): try rejectRecord(reject)
            }
        }
        progress?(report.counts.read, inliner!.facts.embedded)
    }

    private mutating func acceptPrepared(_ record: Record) throws(OutputError) {
        var record = record
        if redactor != nil { record = redactor!.redact(record) }
        if let problem = exporter.problem(with: record) {
            try rejectRecord(Reject(reason: problem.reason, message: problem.message, source: record.source))
            return
        }
        let start = writer.bytes.count
        exporter.write(record, to: &writer)
        try keepLine(from: start, id: record.id, category: record.category, source: record.source, record: record)
    }

    /// A row rendered by the byte lane: the same outcome as ``accept(_:)`` of its record.
    mutating func acceptLine(id: RecordID, category: String?, source: SourceLocation,
                             write: (inout [UInt8]) -> Void) throws(OutputError) {
        report.counts.read += 1
        let start = writer.bytes.count
        dedup?.exact.prefetch(id)
        write(&writer.bytes)
        try keepLine(from: start, id: id, category: category, source: source)
    }

    /// Sizes the duplicate table for `records` more records (a hint from the importer).
    mutating func expect(records: Int) {
        guard dedup != nil, records > 0 else { return }
        dedup!.exact.reserve(expectedCount: report.counts.read + records)
    }

    /// The line just appended to the output buffer at `start` is kept, or moved to the duplicates file when an
    /// earlier record had the same normalised content (or, given the `record`, similar text).
    private mutating func keepLine(from start: Int, id: RecordID, category: String?, source: SourceLocation,
                                   record: Record? = nil) throws(OutputError) {
        if dedup != nil, let match = dedup!.check(id, source: source, record: record) {
            try moveToDuplicates(from: start, id: id, source: source, match: match)
            return
        }
        // Over the line without its line end; lines with pictures by the platform's billing rules.
        let tokens: Int
        if imageTokens == 0 {
            tokens = writer.bytes.withUnsafeBufferPointer { TokenEstimator.estimate(UnsafeBufferPointer(rebasing: $0[start..<($0.count - 1)])) }
        } else {
            let format = options.format
            let profile = options.profile
            tokens = writer.bytes.withUnsafeBufferPointer {
                TokenEstimator.billed(line: UnsafeBufferPointer(rebasing: $0[start..<($0.count - 1)]), format: format, profile: profile)
            }
        }
        categoryCounts.add(category ?? "")
        if planner != nil {
            planner!.add(id: id, category: category)
            recordTokens.append(UInt32(clamping: tokens))
        } else {
            report.counts.train += 1
            report.estimatedTokens.train += tokens
        }
        kept += 1
        pendingLines += 1
        if writer.bytes.count >= 1 << 20 { try flushLines() }
    }

    /// Counts a duplicate and moves its line from the output buffer to the duplicates file, naming the record
    /// it repeats or resembles.
    @inline(never)
    private mutating func moveToDuplicates(from start: Int, id: RecordID, source: SourceLocation,
                                           match: DuplicateFilter.Match) throws(OutputError) {
        report.counts.duplicates += 1
        defer { writer.bytes.removeSubrange(start...) }
        guard let duplicatesFile else { return }
        writer.bytes.withUnsafeBufferPointer { line in
            match.writeLine(source: source, id: id, record: UnsafeBufferPointer(rebasing: line[start..<(line.count - 1)]),
                            to: &sideWriter)
        }
        try duplicatesFile.write(sideWriter.bytes)
    }

    /// Hands the buffered lines to the output.
    private mutating func flushLines() throws(OutputError) {
        if let trainParts {
            try trainParts.write(writer.bytes, lineCount: pendingLines)
        } else {
            try mainFile?.write(writer.bytes)
        }
        writer.reset()
        pendingLines = 0
    }

    // MARK: Finishing

    mutating func finish() throws(ConvertError) -> ConvertJob.Result {
        do {
            try flushImageQueue()
            report.images = inliner?.facts
            if dedup?.findsNear == true { report.nearDuplicates = dedup!.nearCount }
            try flushLines()
            let directory = options.outputDirectory
            if let planner, let spoolPath {
                try mainFile?.commit()
                try split(spoolPath: spoolPath, plan: planner.plan(), planner: planner, directory: directory)
                unlink(spoolPath)
            } else if let trainParts {
                report.outputs += try trainParts.commit()
            } else {
                try mainFile?.commit()
            }
            if let rejectsFile {
                try rejectsFile.commit()
                report.outputs.append(.init(role: "rejects", path: rejectsFile.path, lines: report.counts.rejected,
                                            bytes: rejectsFile.bytesWritten))
            }
            if let duplicatesFile {
                try duplicatesFile.commit()
                report.outputs.append(.init(role: "duplicates", path: duplicatesFile.path,
                                            lines: report.counts.duplicates, bytes: duplicatesFile.bytesWritten))
            }
            report.categories = categoryCounts.counts
            if let redactor {
                report.redactions = Dictionary(uniqueKeysWithValues: Redactor.Kind.allCases.map {
                    ($0.rawValue.lowercased(), redactor.counts[$0] ?? 0)
                })
            }
            addWarnings()
            if !toStdout {
                let reportFile = try OutputFile(path: Self.join(directory, "report.json"))
                try reportFile.write(Array(JSONPrettyPrinter.render(report.json).utf8))
                try reportFile.commit()
            }
        } catch {
            discardAll()
            throw ConvertError(error)
        }
        let usable = report.counts.train + report.counts.validation
        let status: Int32 = usable == 0 || (options.strict && report.counts.rejected > 0) ? 1 : 0
        return ConvertJob.Result(report: report, diagnostics: diagnostics + report.warnings, exitStatus: status)
    }

    /// Second pass for a split: routes spooled lines to train and validation by ordinal.
    private mutating func split(spoolPath: String, plan: ValidationSet, planner: SplitPlanner,
                                directory: String) throws(OutputError) {
        let counting = options.images.mode == .base64
        let train = try PartedOutput(directory: directory, stem: "train", cap: options.profile.maxFileBytes, countsImages: counting)
        let validation = try PartedOutput(directory: directory, stem: "validation", cap: options.profile.maxFileBytes,
                                          countsImages: counting)
        splitOutputs = [train, validation]
        let source: ByteSource
        do {
            source = try ByteSource(path: spoolPath)
        } catch {
            throw OutputError(path: spoolPath, message: error.message)
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var carry: [UInt8] = []
        var ordinal = 0
        func route(_ line: UnsafeBufferPointer<UInt8>) throws(OutputError) {
            let isValidation = plan.contains(ordinal)
            let tokens = Int(recordTokens[ordinal])
            if isValidation {
                try validation.write(line, lineCount: 1)
                report.counts.validation += 1
                report.estimatedTokens.validation += tokens
                report.validationCategories[planner.category(of: ordinal), default: 0] += 1
            } else {
                try train.write(line, lineCount: 1)
                report.counts.train += 1
                report.estimatedTokens.train += tokens
            }
            ordinal += 1
        }
        while true {
            let count: Int
            do {
                count = try source.readChunk(into: &buffer)
            } catch {
                throw OutputError(path: spoolPath, message: error.message)
            }
            if count == 0 { break }
            try buffer.withUnsafeBufferPointer { (bytes) throws(OutputError) in
                var lineStart = 0
                var i = 0
                while i < count {
                    guard let found = memchr(bytes.baseAddress! + i, 0x0A, count - i) else { break }
                    let end = bytes.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
                    if carry.isEmpty {
                        try route(UnsafeBufferPointer(rebasing: bytes[lineStart..<end]))
                    } else {
                        carry.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[lineStart..<end]))
                        try carry.withUnsafeBufferPointer { (line) throws(OutputError) in try route(line) }
                        carry.removeAll(keepingCapacity: true)
                    }
                    lineStart = end
                    i = end
                }
                carry.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[lineStart..<count]))
            }
        }
        report.outputs += try train.commit()
        report.outputs += try validation.commit()
    }

    private mutating func addWarnings() {
        let kept = report.counts.train + report.counts.validation
        if kept > 0 && kept < 300 {
            report.warnings.append(Diagnostic(.warning, "limit.examples_min",
                "only \(kept) records; the platform advises at least a few hundred high-quality examples"))
        }
        if kept >= 20 {
            for (name, count) in report.categories.sorted(by: { $0.key < $1.key }) where !name.isEmpty {
                if count * 20 < kept {
                    report.warnings.append(Diagnostic(.warning, "content.category_share",
                        "category \"\(name)\" has \(count) of \(kept) records (under 5%); cover each sub-task in proportion"))
                }
            }
        }
        let cap = options.profile.maxFileBytes
        for stem in ["train", "validation"] {
            let parts = report.outputs.filter { $0.role.hasPrefix(stem + " part") }
            if !parts.isEmpty {
                report.warnings.append(Diagnostic(.info, "file.parts",
                    "\(stem) is split into \(parts.count) files under the platform's \(cap / 1_000_000) MB upload limit: \(parts.map { part in part.images.map { "\(part.name) (\($0) image\($0 == 1 ? "" : "s"))" } ?? part.name }.joined(separator: ", ")); upload each"))
            }
        }
        for output in report.outputs where output.bytes > cap && (output.role.hasPrefix("train") || output.role.hasPrefix("validation")) {
            report.warnings.append(Diagnostic(.warning, "file.too_large",
                "\(output.name) is \(output.bytes / 1_000_000) MB (one line longer than the \(cap / 1_000_000) MB limit)"))
        }
        if report.counts.rejected > 0 {
            report.warnings.append(Diagnostic(.warning, "convert.rejects",
                "\(report.counts.rejected) input record\(report.counts.rejected == 1 ? " was" : "s were") rejected; see rejects.jsonl"))
        }
    }

    mutating func discardAll() {
        mainFile?.discard()
        trainParts?.discard()
        for output in splitOutputs { output.discard() }
        rejectsFile?.discard()
        duplicatesFile?.discard()
        if let spoolPath { unlink(spoolPath) }
    }
}
