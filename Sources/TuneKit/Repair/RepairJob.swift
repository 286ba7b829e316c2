/// `tunekit repair`: writes a JSONL file again with what can be fixed without guessing fixed (``RepairKind``)
/// and every line checked by `validate`'s own rules, so that the output validates; a unit that cannot be
/// repaired is left out and reported with the validator's code and its lines. The output is deterministic,
/// lines that need no repair are copied byte for byte, and repairing an output again changes nothing.
///
/// The format is `format` when given; otherwise the one, among the formats the first `sampleUnits` units
/// look like, under which most of them pass (ties go to the most specific, as `validate` detects).
public struct RepairJob: Sendable {
    /// The JSONL file to repair (`-` for standard input).
    public var input: String
    /// The repaired file (`-` for standard output).
    public var output: String
    /// The format to check lines against; nil decides it from the first units.
    public var format: OutputFormat?
    /// The platform whose rules and limits apply.
    public var profile: PlatformProfile
    /// Where the report (JSON) goes; nil writes none. See ``defaultReportPath(for:)``.
    public var reportPath: String?
    /// Units the format decision looks at.
    static let sampleUnits = 64

    /// Creates a job.
    public init(input: String, output: String, format: OutputFormat? = nil, profile: PlatformProfile = .bigModel,
                reportPath: String? = nil) {
        self.input = input
        self.output = output
        self.format = format
        self.profile = profile
        self.reportPath = reportPath
    }

    /// The report beside the output: `out.jsonl` → `out.repair.json`; nil for standard output.
    public static func defaultReportPath(for output: String) -> String? {
        guard output != "-" else { return nil }
        let base = output.hasSuffix(".jsonl") ? String(output.dropLast(6)) : output
        return base + ".repair.json"
    }

    /// Runs the job; the output is written atomically. `reject` sees each unrepairable unit as it is found.
    public func run(reject: @escaping (RepairReport.Rejected) -> Void = { _ in }) throws(ConvertError) -> RepairReport {
        var report = RepairReport(input: input, output: output)
        let lines: JSONLLines
        let file: OutputFile
        do {
            lines = JSONLLines(source: try ByteSource(path: input))
            file = try OutputFile(path: output)
        } catch {
            throw ConvertError(error, input: input)
        }
        var run = Run(job: self, file: file, report: report, onReject: reject)
        do {
            var assembler = UnitAssembler()
            while let line = try lines.next() {
                if lines.number == 1, lines.hadByteOrderMark { run.report.repairs.add(.bom, line: 1) }
                for output in assembler.feed(line, number: lines.number) { try run.take(output) }
            }
            for output in assembler.finish() { try run.take(output) }
            run.report.lines = lines.number
            run.report.isUTF16 = lines.isUTF16
            if lines.isUTF16 {
                let utf16 = RepairReport.Rejected(source: SourceLocation(file: input, line: 1), lastLine: 1, code: ValidationCode.encUtf16.code,
                                                  message: "the file is UTF-16; re-save it as UTF-8 (nothing was read)")
                run.report.add(utf16)
                reject(utf16)
            }
            try run.decide()
            try file.commit()
        } catch {
            // Reading (ImportError) or writing (OutputError): the message names the file either way.
            file.discard()
            throw ConvertError(error, input: input)
        }
        report = run.report
        if let reportPath {
            do {
                let file = try OutputFile(path: reportPath)
                try file.write(Array((JSONPrettyPrinter.render(report.json) + "\n").utf8))
                try file.commit()
            } catch {
                throw ConvertError(error, input: reportPath)
            }
        }
        return report
    }

    /// A unit repaired and waiting for its check.
    private struct Candidate {
        var repaired: LineRepairer.Repaired
        var firstLine: Int
        var lastLine: Int
    }

    /// The state of one run.
    private struct Run {
        let job: RepairJob
        let file: OutputFile
        var report: RepairReport
        let onReject: (RepairReport.Rejected) -> Void
        let repairer: LineRepairer
        var rules: LineRules?
        /// Units held until the format is decided (rejects too, so that everything is reported in input order).
        var held: [Held] = []
        var sampled = 0

        enum Held {
            case candidate(Candidate)
            case rejected(code: String, message: String, first: Int, last: Int)
        }

        init(job: RepairJob, file: OutputFile, report: RepairReport, onReject: @escaping (RepairReport.Rejected) -> Void) {
            self.job = job
            self.file = file
            self.report = report
            self.onReject = onReject
            repairer = LineRepairer(images: ImageRepairer(profile: job.profile))
            if let format = job.format {
                self.report.format = format
                self.report.formatReason = "given (--format)"
                rules = LineRules(format: format, profile: job.profile)
            }
        }

        mutating func take(_ output: UnitAssembler.Output) throws(OutputError) {
            switch output {
            case .blank(let line):
                report.repairs.add(.blankLine, line: line)
            case .failure(let failure):
                report.units += 1
                hold(.rejected(code: failure.code.code, message: failure.message, first: failure.firstLine, last: failure.lastLine))
            case .unit(let unit):
                report.units += 1
                switch repairer.repair(unit) {
                case .failure(let failure):
                    hold(.rejected(code: failure.code.code, message: failure.message, first: failure.firstLine, last: failure.lastLine))
                case .success(let repaired):
                    let candidate = Candidate(repaired: repaired, firstLine: unit.firstLine, lastLine: unit.lastLine)
                    if rules == nil {
                        held.append(.candidate(candidate))
                        sampled += 1
                        if sampled >= RepairJob.sampleUnits { try decide() }
                    } else {
                        try check(candidate)
                    }
                }
            }
        }

        /// Reports a reject now, or holds it behind the units waiting for the format decision.
        mutating func hold(_ item: Held) {
            guard case .rejected(let code, let message, let first, let last) = item else { return }
            if rules == nil {
                held.append(item)
            } else {
                reject(code, message, first: first, last: last)
            }
        }

        /// Decides the format from the sample (when not given) and checks the units held for it.
        mutating func decide() throws(OutputError) {
            if rules == nil {
                let lines = held.compactMap { if case .candidate(let candidate) = $0 { candidate.repaired.bytes } else { nil } }
                let (format, reason) = RepairJob.chooseFormat(lines, profile: job.profile)
                report.format = format
                report.formatReason = reason
                rules = LineRules(format: format, profile: job.profile)
            }
            let waiting = held
            held = []
            for item in waiting {
                switch item {
                case .candidate(let candidate): try check(candidate)
                case .rejected(let code, let message, let first, let last): reject(code, message, first: first, last: last)
                }
            }
        }

        /// Writes a unit that passes the format's rules; rejects one that does not.
        mutating func check(_ candidate: Candidate) throws(OutputError) {
            var errors: [(ValidationCode, String, String?)] = []
            let profile = job.profile
            let bytes = candidate.repaired.bytes
            let failure = bytes.withUnsafeBufferPointer { line in
                rules!.check(line) { code, message, pointer in
                    if profile.severity(of: code) == .error { errors.append((code, message, pointer)) }
                }
            }
            if let failure {
                let diagnostic = JSONLValidator.diagnostic(for: failure, in: bytes.withUnsafeBufferPointer { $0 })
                reject(diagnostic.code.code, diagnostic.message, first: candidate.firstLine, last: candidate.lastLine)
                return
            }
            if let problem = candidate.repaired.problems.first, errors.allSatisfy({ $0.0 == .imgDecode }) {
                // A picture that needed preparing and could not be prepared (a damaged JPEG, which validate's decode
                // refuses too) is refused with the decoder's code and words, never written as it was.
                let problems = candidate.repaired.problems
                reject(problem.code, "a picture could not be prepared: " + problems.map(\.message).joined(separator: "; ")
                       + (problems.count > 1 ? " (\(problems.count) pictures)" : ""), first: candidate.firstLine, last: candidate.lastLine)
                return
            }
            if let (code, message, pointer) = errors.first {
                var text = message + (pointer.map { $0.isEmpty ? "" : " (at \($0))" } ?? "")
                if !candidate.repaired.problems.isEmpty { text += "; " + candidate.repaired.problems.map(\.message).joined(separator: "; ") }
                if errors.count > 1 { text += " (+\(errors.count - 1) more: \(Set(errors.dropFirst().map(\.0.code)).sorted().joined(separator: ", ")))" }
                if let kind = RepairJob.formatOf(bytes), kind != report.format {
                    text += "; the line looks like a \(kind.rawValue) line and the file is checked as \(report.format.rawValue) (--format decides)"
                }
                var reported = code
                if candidate.repaired.repairs[.nonfiniteNull] != nil {
                    // The null that stood in for NaN is not allowed where it is: the fault is the NaN.
                    reported = .jsonNonfinite
                    text = "NaN/Infinity cannot be written as null here: " + text
                }
                reject(reported.code, text, first: candidate.firstLine, last: candidate.lastLine)
                return
            }
            try file.write(bytes)
            try file.write(RepairJob.lineFeed)
            report.kept += 1
            if !candidate.repaired.repairs.isEmpty {
                report.repairedUnits += 1
                report.repairs.add(candidate.repaired.repairs, line: candidate.firstLine)
            }
        }

        mutating func reject(_ code: String, _ message: String, first: Int, last: Int) {
            let rejected = RepairReport.Rejected(source: SourceLocation(file: job.input, line: first), lastLine: last,
                                                 code: code, message: message)
            report.add(rejected)
            onReject(rejected)
        }
    }

    static let lineFeed: [UInt8] = [0x0A]

    /// The format one line looks like (as `validate` classifies lines), nil when it is not an object.
    static func formatOf(_ line: [UInt8]) -> OutputFormat? {
        var tape = JSONTape()
        guard (try? line.withUnsafeBufferPointer({ try tape.parse($0) })) != nil else { return nil }
        return FormatDetector.classify(tape)
    }

    /// The format under which most of the sampled lines pass, among those they look like; ties go to the most
    /// specific (the order `validate` detects in).
    static func chooseFormat(_ lines: [[UInt8]], profile: PlatformProfile) -> (OutputFormat, String) {
        let seen = Set(lines.compactMap(formatOf))
        guard !seen.isEmpty else { return (.chat, "no readable unit; checked as chat") }
        let candidates = FormatUnits.byDetectionRank.map(\.format).filter { seen.contains($0) }
        if candidates.count == 1 {
            return (candidates[0], "the first units look like \(candidates[0].rawValue)")
        }
        var best = candidates[0]
        var bestPasses = -1
        var tally: [String] = []
        for format in candidates {
            var rules = LineRules(format: format, profile: profile)
            var passes = 0
            for line in lines {
                var failed = false
                let parseFailure = line.withUnsafeBufferPointer { bytes in
                    rules.check(bytes) { code, _, _ in if profile.severity(of: code) == .error { failed = true } }
                }
                if parseFailure == nil && !failed { passes += 1 }
            }
            tally.append("\(passes) pass as \(format.rawValue)")
            if passes > bestPasses {
                best = format
                bestPasses = passes
            }
        }
        return (best, "of the first \(lines.count) units, " + tally.joined(separator: ", ") + "; --format decides otherwise")
    }
}
