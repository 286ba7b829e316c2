/// The accept path of a conversion: every unit an importer reads passes the same stages, in order —
/// redaction, the image window, serialisation, the line rules ``LineGate`` (the same `validate` applies: a line
/// that breaks one is a reject with its code), the duplicate filter, then train (or the
/// spool for the validation split) — and is counted once, as kept, duplicate or rejected.
///
/// Records from the general path and lines from the byte lane meet at ``keepLine(from:id:category:source:record:)``,
/// so both take the same checks, de-duplication, accounting and split.
struct ConversionSink: RecordSink {
    private(set) var report: ConversionReport
    private let options: ConvertOptions
    private let exporter: RecordWriter
    /// The validator's line rules, which every line passes before it is kept.
    private var gate: LineGate
    private let outputs: OutputSet
    private var redactor: Redactor?
    private var images: ImageWindow?
    private var duplicates: DuplicateFilter?
    private var split: ValidationSplit?
    /// Prompts answered in more than one way (``ConvertOptions/conflictCheck``); nil when the check is off.
    private var conflicts: ConflictFilter?
    /// Held-out evaluation prompts (`--against`); nil without it.
    private var contamination: ContaminationGuard?
    /// The screening lints, on every kept record.
    private var lints: Linter
    /// Kept lines not yet handed to the outputs, and how many.
    private var writer = JSONWriter(capacity: 1 << 20)
    private var pendingLines = 0
    /// The line being written to rejects or duplicates.
    private var sideWriter = JSONWriter(capacity: 1 << 16)
    private var categories = CategoryCounter()
    /// Buffers of the exact token count (`--tokenizer`).
    private var tokenScratch = Tokenizer.Scratch()
    /// Rejects by code, with the first of each.
    private var rejectTally = RejectTally()
    /// The first kept lines, shortened, of which the report's sample is the first that lands in train.
    private var sampleCandidates: [ReportSample] = []
    private static let sampleCandidateLimit = 16
    /// Told (records read, pictures inlined so far or `nil` without pictures) after each window of pictures and
    /// every ``JobProgress/recordInterval`` records read.
    var progress: ((Int, Int?) -> Void)?

    /// A sink for `options`; `dropping` are the prompts a first pass found answered in more than one way
    /// (`--conflicts drop`).
    init(options: ConvertOptions, dropping: ConflictFilter.PromptSet? = nil) throws(ConvertError) {
        self.options = options
        if options.conflictCheck != nil { conflicts = ConflictFilter(dropping: dropping) }
        if !options.against.isEmpty { contamination = try ContaminationGuard(files: options.against, threshold: options.nearThreshold) }
        if options.outputDirectory == "-" && options.validation != nil {
            throw ConvertError(message: "--validation needs an output directory; it cannot be used with -o -")
        }
        report = ConversionReport(format: options.format)
        report.imageTokens = options.profile.imageTokens(for: options.format)
        report.exactTokens = options.tokenizer?.methodDescription
        if let model = options.model { report.model = ModelCheck(model: model, method: options.method, format: options.format) }
        exporter = RecordWriter(format: options.format, profile: options.profile)
        // Preparing pictures decodes every one (re-encoded, or read at 1/8 scale before being kept), so the gate
        // reads only their headers; with URLs kept, an inline picture passes through and the gate decodes it.
        gate = LineGate(format: options.format, profile: options.profile, decodesImages: !options.images.mode.preparesLocal)
        do {
            outputs = try OutputSet(directory: options.outputDirectory, spooling: options.validation != nil,
                                    cap: options.profile.maxFileBytes, countsImages: options.images.mode == .base64)
        } catch {
            throw ConvertError(error)
        }
        switch options.dedup {
        case .none: break
        case .exact, .near:
            duplicates = DuplicateFilter(nearThreshold: options.dedup == .near ? options.nearThreshold : nil, on: options.dedupOn,
                                         collectsClusters: outputs.duplicates != nil || options.clustersPath != nil)
        }
        if options.redact { redactor = Redactor() }
        lints = Linter(blocklist: options.blocklist, drop: options.dropFlagged)
        if options.images.mode.preparesLocal { images = ImageWindow(embedding: options.images, profile: options.profile) }
        if options.images.mode == .files, let folder = options.images.outputFolder {
            if let failure = PreparedImageFiles.makeFolder(folder) {
                throw ConvertError(message: "--image-out \(folder): cannot create the folder: \(failure)")
            }
            report.options.append(("image_out", .string(folder)))
        }
        if let amount = options.validation {
            split = ValidationSplit(amount: amount, seed: options.seed, threshold: options.nearThreshold)
        }
        if !outputs.removedDebris.isEmpty {
            report.warnings.append(Diagnostic(.warning, "output.debris_removed", "removed \(outputs.removedDebris.count) temporary file\(outputs.removedDebris.count == 1 ? "" : "s") an interrupted run left in the output folder: \(outputs.removedDebris.prefix(5).joined(separator: ", "))\(outputs.removedDebris.count > 5 ? ", …" : "")"))
        }
        var typed: [(key: String, value: JSONValue)] = [
            ("to", .string(options.format.rawValue)),
            ("dedup", .string(options.dedup == .near ? "near \(options.nearThreshold)" : options.dedup.rawValue)),
        ]
        // A fraction as a number (0.1), a count as an integer (50); left out without a split.
        if let amount = options.validation { typed.append(("validation", .number(amount.description))) }
        typed += [
            ("seed", .number(String(options.seed))),
            ("redact", .bool(options.redact)),
            ("image_mode", .string(options.images.mode.rawValue)),
        ]
        if let mode = options.conflicts { typed.append(("conflicts", .string(mode.rawValue))) }
        if options.dedupOn != .conversation { typed.append(("dedup_on", .string(options.dedupOn.rawValue))) }
        report.options = typed + report.options
    }

    /// Adds what an importer said about its input to the report.
    mutating func note(input: ConversionReport.Input, warnings: [Diagnostic]) {
        report.inputs.append(input)
        report.warnings += warnings
    }

    /// Adds how the first table's columns map to fields to the report.
    mutating func note(mapping: [(field: String, template: String, how: String)]) {
        if report.mapping.isEmpty { report.mapping = mapping }
    }

    /// Adds the columns of a table input that no template used (each name once, in order).
    mutating func note(unusedColumns: [String]) {
        // A set, not a search of the list per column: a header of 100,000 columns took minutes.
        var seen = Set(report.unusedColumns)
        for column in unusedColumns where seen.insert(column).inserted { report.unusedColumns.append(column) }
    }

    // MARK: RecordSink

    mutating func reject(_ reject: Reject) throws(OutputError) {
        report.counts.read += 1
        if report.counts.read & (JobProgress.recordInterval - 1) == 0 { tellProgress() }
        try logReject(reject)
    }

    mutating func accept(_ record: Record) throws(OutputError) {
        report.counts.read += 1
        if report.counts.read & (JobProgress.recordInterval - 1) == 0 && images == nil { tellProgress() }
        guard images != nil else { return try take(record) }
        if let window = images!.add(record) { try take(window) }
    }

    mutating func acceptLine(id: RecordID, category: String?, source: SourceLocation, turns: ChatTurnTexts,
                             write: (inout [UInt8]) -> Void) throws(OutputError) {
        try acceptLine(id: id, key: nil, category: category, source: source, turns: turns, write: write)
    }

    mutating func acceptLine(id: RecordID, key: PromptKey?, category: String?, source: SourceLocation, turns: ChatTurnTexts,
                             write: (inout [UInt8]) -> Void) throws(OutputError) {
        report.counts.read += 1
        if report.counts.read & (JobProgress.recordInterval - 1) == 0 { tellProgress() }
        let start = writer.bytes.count
        duplicates?.exact.prefetch(id)
        if let key { conflicts?.prefetch(key) }
        write(&writer.bytes)
        if let failure = gate.firstError(inLaneLine: writer.bytes, from: start) {
            return try refuseLine(from: start, failure, source: source)
        }
        try keepLine(from: start, id: id, key: key, category: category, source: source, laneTurns: turns)
    }

    var usesRecordIDs: Bool { duplicates != nil || split != nil }
    var usesPromptKeys: Bool { conflicts != nil }

    mutating func expect(records: Int) {
        duplicates?.exact.reserve(expectedCount: report.counts.read + records)
        conflicts?.reserve(expectedCount: report.counts.read + records)
    }

    // MARK: Stages

    private mutating func take(_ window: [Result<Record, Reject>]) throws(OutputError) {
        for outcome in window {
            switch outcome {
            case .success(let record): try take(record)
            case .failure(let reject): try logReject(reject)
            }
        }
        tellProgress()
    }

    private func tellProgress() {
        progress?(report.counts.read, images?.facts.embedded)
    }

    /// A record whose pictures are ready: redacted, serialised and kept (or rejected).
    private mutating func take(_ record: Record) throws(OutputError) {
        var record = record
        if redactor != nil { record = redactor!.redact(record) }
        if options.answerJSON, let problem = AnswerJSON.problem(in: record) {
            try logReject(Reject(reason: ValidationCode.mapAnswerNotJSON.code, message: problem, source: record.source))
            return
        }
        if let problem = exporter.problem(with: record) {
            try logReject(Reject(reason: problem.reason, message: problem.message, source: record.source))
            return
        }
        let start = writer.bytes.count
        exporter.write(record, to: &writer)
        // The writers write only valid UTF-8 (Swift strings; CSV fields are checked as they are read) and escape
        // every control character (JSONWriter).
        if let failure = gate.firstError(in: writer.bytes, from: start, validUTF8: true, escaped: true) {
            return try refuseLine(from: start, failure, source: record.source)
        }
        try keepLine(from: start, id: record.id, key: record.promptKey, category: record.category, source: record.source, record: record)
    }

    /// The line just appended to the buffer at `start` is kept, or moved to the duplicates file when an
    /// earlier record had the same normalised content (or, given the `record`, similar text).
    private mutating func keepLine(from start: Int, id: RecordID, key: PromptKey?, category: String?, source: SourceLocation,
                                   record: Record? = nil, laneTurns: ChatTurnTexts? = nil) throws(OutputError) {
        if contamination != nil, let failure = contamination!.screen(source: source, laneUser: laneTurns?.user, record: record) {
            return try refuseLine(from: start, failure, source: source)
        }
        if duplicates != nil, let match = duplicates!.check(id, source: source, record: record, laneTurns: laneTurns) {
            try moveToDuplicates(from: start, id: id, source: source, match: match)
            return
        }
        if conflicts != nil, let key, let outcome = conflicts!.screen(key, source: source, mode: options.conflictCheck!) {
            return try refuseLine(from: start, outcome, source: source)
        }
        if let drop = lints.check(record: record, laneTurns: laneTurns, source: source) {
            return try refuseLine(from: start, LineGate.Failure(code: drop.code, message: drop.message), source: source)
        }
        if let laneTurns {
            let laneLengths = lints.laneLengths ?? laneTurns.lengths
            if let system = laneLengths.system { report.lengths.add(.system, system) }
            report.lengths.add(.user, laneLengths.user)
            report.lengths.add(.assistant, laneLengths.assistant)
        } else if let record {
            report.lengths.add(record, format: options.format)
        }
        if sampleCandidates.count < Self.sampleCandidateLimit { keepSampleCandidate(from: start, source: source) }
        let tokens = options.tokenizer != nil ? exactTokens(from: start)
            : report.imageTokens == 0 ? textTokens(from: start) : billedTokens(from: start)
        categories.add(category ?? "")
        if split != nil {
            split!.add(id: id, category: category, source: source, record: record, laneTurns: laneTurns, tokens: tokens)
        } else {
            report.counts.train += 1
            report.estimatedTokens.train += tokens
        }
        pendingLines += 1
        if writer.bytes.count >= 1 << 20 { try flushLines() }
    }

    /// The estimated tokens of the text line at `start` (without its line end). The closure captures nothing of
    /// the sink: a closure reading `self` while `writer.bytes` is borrowed made the compiler copy the whole sink
    /// for every row.
    private func textTokens(from start: Int) -> Int {
        writer.bytes.withUnsafeBufferPointer { bytes in
            TokenEstimator.estimate(UnsafeBufferPointer(rebasing: bytes[start..<(bytes.count - 1)]))
        }
    }

    /// The exact tokens of the line at `start` (`--tokenizer`), pictures at the billing rate.
    @inline(never)
    private mutating func exactTokens(from start: Int) -> Int {
        let tokenizer = options.tokenizer!
        let format = options.format
        let imageTokens = report.imageTokens
        // Taken out of the sink for the call (a copy would share its buffers and copy them on every line).
        var scratch = Tokenizer.Scratch()
        swap(&scratch, &tokenScratch)
        defer { swap(&scratch, &tokenScratch) }
        return writer.bytes.withUnsafeBufferPointer { bytes in
            tokenizer.billed(line: UnsafeBufferPointer(rebasing: bytes[start..<(bytes.count - 1)]), format: format,
                             imageTokens: imageTokens, scratch: &scratch)
        }
    }

    /// The tokens the line at `start` is billed as, pictures by the platform's rules.
    @inline(never)
    private func billedTokens(from start: Int) -> Int {
        let format = options.format
        let profile = options.profile
        return writer.bytes.withUnsafeBufferPointer { bytes in
            TokenEstimator.billed(line: UnsafeBufferPointer(rebasing: bytes[start..<(bytes.count - 1)]),
                                  format: format, profile: profile)
        }
    }

    /// Keeps the line at `start` (shortened) as a candidate for the report's sample.
    @inline(never)
    private mutating func keepSampleCandidate(from start: Int, source: SourceLocation) {
        let sample = writer.bytes.withUnsafeBufferPointer { bytes in
            ReportSample(location: source, bytes: UnsafeBufferPointer(rebasing: bytes[start..<(bytes.count - 1)]))
        }
        sampleCandidates.append(sample)
    }

    /// Counts a duplicate and moves its line from the buffer to the duplicates file, naming the record it
    /// repeats or resembles.
    @inline(never)
    private mutating func moveToDuplicates(from start: Int, id: RecordID, source: SourceLocation,
                                           match: DuplicateFilter.Match) throws(OutputError) {
        report.counts.duplicates += 1
        defer { writer.bytes.removeSubrange(start...) }
        guard let file = outputs.duplicates else { return }
        writer.bytes.withUnsafeBufferPointer { line in
            match.writeLine(source: source, id: id, record: UnsafeBufferPointer(rebasing: line[start..<(line.count - 1)]),
                            to: &sideWriter)
        }
        try file.write(sideWriter.bytes)
    }

    /// The line at `start` breaks one of the validator's rules: it leaves the buffer and becomes a reject with
    /// the rule's code and message, carrying the line it would have been (its first 2,000 bytes).
    @inline(never)
    private mutating func refuseLine(from start: Int, _ failure: LineGate.Failure, source: SourceLocation) throws(OutputError) {
        var end = min(writer.bytes.count - 1, start + 2_000)
        while end > start && end < writer.bytes.count - 1 && writer.bytes[end] & 0xC0 == 0x80 { end -= 1 }
        let line = String(decoding: writer.bytes[start..<end], as: UTF8.self)
        writer.bytes.removeSubrange(start...)
        try logReject(Reject(reason: failure.code, message: failure.message, source: source, raw: line))
    }

    @inline(never)
    private mutating func logReject(_ reject: Reject) throws(OutputError) {
        report.counts.rejected += 1
        report.rejectsByReason[reject.reason, default: 0] += 1
        rejectTally.add(reject)
        guard let file = outputs.rejects else { return }
        reject.writeLine(to: &sideWriter)
        try file.write(sideWriter.bytes)
    }

    private mutating func flushLines() throws(OutputError) {
        try outputs.writeTraining(writer.bytes, lineCount: pendingLines)
        writer.reset()
        pendingLines = 0
    }

    // MARK: Finishing

    /// Drains the image window, routes the split, moves every file into place and writes the report.
    /// On failure nothing of this run is left and earlier outputs are untouched.
    mutating func finish() throws(ConvertError) -> ConversionReport {
        do {
            if images != nil { try take(images!.drain()) }
        } catch {
            outputs.discard()
            throw ConvertError(error)
        }
        // Every record is in: a split that leaves nothing to train on is refused, with nothing written.
        let splitPlan = split?.plan()
        let plan = splitPlan?.validation
        if let plan, let split, plan.count > 0 && plan.count >= split.count {
            outputs.discard()
            throw ConvertError(message: "--validation \(options.validation!) would put all \(split.count) kept record\(split.count == 1 ? "" : "s") in validation.jsonl and none in train.jsonl; give a count under \(split.count) or a fraction such as 0.1 (nothing was written)")
        }
        // From here the outputs move into place: an interrupt waits until the whole set is there.
        TemporaryFiles.beginCommit()
        defer { TemporaryFiles.endCommit() }
        if let reason = outputs.beginCommit(extraFile: options.clustersPath) {
            report.warnings.append(Diagnostic(.warning, "output.in_place", "the outputs replace the previous run's one file at a time, not as one set: \(reason); a kill during those renames can leave a mix of the two runs. Give -o a folder of its own for an all-or-nothing replacement"))
        }
        do {
            report.images = images?.facts
            report.warnings += images?.warnings ?? []
            if duplicates?.findsNear == true { report.nearDuplicates = duplicates!.nearCount }
            if let conflicts, let mode = options.conflictCheck { conflicts.note(in: &report, mode: mode) }
            contamination?.note(in: &report)
            try flushLines()
            report.outputs += try outputs.commitTraining()
            if split == nil { report.sample = sampleCandidates.first }
            if let split, let spool = outputs.spoolPath, let plan {
                let train = try outputs.parts("train")
                let validation = try outputs.parts("validation")
                let firstTrain = try split.route(spool: spool, plan: plan, train: train, validation: validation, report: &report)
                report.leakage = splitPlan?.leakage
                if let leak = splitPlan?.leakage.warning { report.warnings.append(leak) }
                if let groupBy = options.groupBy, splitPlan?.grouped == 0 {
                    report.warnings.append(Diagnostic(.warning, "split.group_by_unused", "--group-by \(groupBy.text) gave no record a value (it applies to table inputs: CSV, TSV and workbooks; a chat log's session is one record already); the split kept only same and similar records together"))
                }
                report.sample = firstTrain.flatMap { $0 < sampleCandidates.count ? sampleCandidates[$0] : nil }
                report.outputs += try outputs.commit(train)
                if report.counts.validation > 0 {
                    report.outputs += try outputs.commit(validation)
                } else {
                    // An empty file would be refused on upload; say why there is none instead.
                    validation.discard()
                    report.warnings.append(Diagnostic(.warning, "split.validation_empty",
                        "no record went to validation (--validation \(options.validation!) of \(report.counts.train) records; records with the same or similar user text, or the same --group-by value, stay on one side, and here they hold the records the share would take); no validation.jsonl was written"))
                }
            }
            if let rejects = outputs.rejects {
                report.outputs.append(try outputs.commit(rejects, role: "rejects", lines: report.counts.rejected))
            }
            if let file = outputs.duplicates {
                let summary = try outputs.commit(file, role: "duplicates", lines: report.counts.duplicates)
                report.outputs.append(summary)
                if report.counts.duplicates > 0 { report.duplicateClusters = duplicates?.largestClusters ?? [] }
            }
            if let path = options.clustersPath, let duplicates { report.outputs.append(try duplicates.writeClusters(to: path, outputs: outputs)) }
            report.rejectReasons = rejectTally.sorted
            report.lints = lints.summaries
            report.categories = categories.counts
            if let redactor {
                report.redactions = Dictionary(uniqueKeysWithValues: Redactor.Kind.allCases.map {
                    ($0.rawValue.lowercased(), redactor.counts[$0] ?? 0)
                })
            }
            RunWarnings.add(to: &report, cap: options.profile.maxFileBytes)
            try outputs.finish(report: JSONPrettyPrinter.render(report.json))
        } catch {
            outputs.discard()
            throw ConvertError(error)
        }
        return report
    }

    /// Drops everything this run wrote (a failed run).
    func discard() {
        outputs.discard()
    }
}
