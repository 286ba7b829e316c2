import Foundation

/// The whole conversion: import → map → check → de-duplicate → split → export, streaming.
///
/// Every input record ends in exactly one of train, validation, duplicates or rejects; the files are
/// written atomically and the report's counts add up. Same inputs, options and seed ⇒ identical bytes.
///
/// ```swift
/// let result = try ConvertJob(options: ConvertOptions(inputs: ["faq.csv"], validation: .fraction(0.1))).run()
/// print(result.report.counts)
/// ```
public struct ConvertJob: Sendable {
    /// The options the job runs with.
    public let options: ConvertOptions

    /// The outcome of a run.
    public struct Result: Sendable {
        /// What the run did (also written as `report.json`).
        public var report: ConversionReport
        /// Warnings and notes for the user (also in the report).
        public var diagnostics: [Diagnostic]
        /// 0 written; 1 nothing usable, or a reject (or data the `--model` cannot train on) under `--strict`.
        public var exitStatus: Int32
    }

    /// Creates a job.
    public init(options: ConvertOptions) {
        self.options = options
    }

    /// Runs the conversion. Throws for unusable input or unwritable output (nothing is left half-written).
    /// `progress` is told every few thousand records, and after each window of pictures with `--image-mode
    /// base64`: bytes of input read out of the inputs' total size (records read, with no total, for workbooks
    /// and inputs of unknown size), with the records read and pictures inlined so far.
    public func run(progress: ((JobProgress) -> Void)? = nil) throws(ConvertError) -> Result {
        var options = options
        if options.inputs.isEmpty, let entry = try DatasetInfo.entry(for: options) { options.inputs = [entry.file] }
        var sink: ConversionSink?
        var diagnostics: [Diagnostic] = []
        let report: ConversionReport
        let sizes = progress == nil ? [] : options.inputs.map(Self.regularFileSize)
        let totalBytes = sizes.contains(nil) ? nil : sizes.reduce(0) { $0 + $1! }
        var bytesBefore = 0
        let dropping = options.conflicts == .drop ? try Self.survey(options) : nil
        do {
            for (index, input) in options.inputs.enumerated() {
                // Opened once, recognised by its content (or --from), read by the importer chosen.
                var source = try Importers.prepare(input, options: options)
                try DatasetInfo.checkKind(source.choice, input: input, options: options)
                if let decision = source.formatDecision {
                    try Self.settle(&options, by: decision, input: input, first: sink == nil, diagnostics: &diagnostics)
                }
                if sink == nil { sink = try ConversionSink(options: options, dropping: dropping) }
                if let progress {
                    let before = bytesBefore
                    let position = source.position
                    sink!.progress = { records, pictures in
                        if let position = position(), let total = totalBytes {
                            progress(JobProgress(done: before + position.done, total: total, unit: .bytes, records: records, pictures: pictures))
                        } else {
                            progress(JobProgress(done: records, total: nil, unit: .records, pictures: pictures))
                        }
                    }
                    bytesBefore += sizes[index] ?? 0
                }
                sink!.note(mapping: source.mappingNotes)
                sink!.note(unusedColumns: source.unusedColumns)
                try source.read(into: &sink!)
                sink!.note(input: source.reportInput, warnings: source.warnings)
                diagnostics += source.diagnostics
            }
            report = try sink!.finish()
        } catch {
            sink?.discard()
            throw error
        }
        let usable = report.counts.train + report.counts.validation
        // --strict also fails a run whose data the chosen model cannot train on (--model/--method).
        let modelProblems = !(report.model?.problems.isEmpty ?? true)
        let status: Int32 = usable == 0 || (options.strict && (report.counts.rejected > 0 || modelProblems)) ? 1 : 0
        return Result(report: report, diagnostics: diagnostics + report.warnings, exitStatus: status)
    }

    /// The first pass of `--conflicts drop`: the prompts of the inputs answered in more than one way.
    private static func survey(_ options: ConvertOptions) throws(ConvertError) -> ConflictFilter.PromptSet {
        var options = options
        var survey = ConflictSurvey(options: options)
        var ignored: [Diagnostic] = []
        for (index, input) in options.inputs.enumerated() {
            var source = try Importers.prepare(input, options: options)
            if let decision = source.formatDecision {
                try settle(&options, by: decision, input: input, first: index == 0, diagnostics: &ignored)
            }
            try source.read(into: &survey)
        }
        return survey.conflictingPrompts
    }

    /// The size of `path` when it is a regular file (not standard input, a pipe or a FIFO).
    private static func regularFileSize(_ path: String) -> Int? {
        guard path != "-", let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              attributes[.type] as? FileAttributeType == .typeRegular else { return nil }
        return (attributes[.size] as? NSNumber)?.intValue
    }

    /// Without `--to`, the first table's columns decide the format (said as a note); a later table whose
    /// columns call for another stops the run, naming both.
    private static func settle(_ options: inout ConvertOptions, by decision: FormatDecision, input: String, first: Bool,
                               diagnostics: inout [Diagnostic]) throws(ConvertError) {
        if first {
            options.format = decision.format
            diagnostics.append(Diagnostic(.info, "convert.format", "format: \(decision.format.rawValue) (\(decision.reason))",
                                          at: SourceLocation(file: input)))
        } else if decision.format != options.format {
            throw ConvertError(message: "\(input): the columns call for --to \(decision.format.rawValue) (\(decision.reason)), the earlier inputs for \(options.format.rawValue); pass --to")
        }
    }
}

/// A failure that stops a conversion: unreadable input, a mapping that cannot work, unwritable output.
public struct ConvertError: Error, Sendable, CustomStringConvertible {
    /// 2 for usage and input problems.
    public var exitStatus: Int32
    /// What went wrong, for people: the input or flag and the reason.
    public var message: String

    /// The ``message``.
    public var description: String { message }

    init(_ error: ImportError) {
        exitStatus = 2
        message = error.description
    }

    init(_ error: OutputError) {
        exitStatus = 2
        message = error.description
    }

    /// Wraps whatever reading `input` threw: import and output errors keep their own messages.
    init(_ error: any Error, input: String) {
        switch error {
        case let error as ImportError: self.init(error)
        case let error as OutputError: self.init(error)
        default: self.init(message: "\(input): \(error)")
        }
    }

    init(message: String) {
        exitStatus = 2
        self.message = message
    }
}
