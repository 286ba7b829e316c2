import ArgumentParser
import TuneKit

/// `tunekit repair`: a JSONL file written again with what can be fixed without guessing fixed.
struct Repair: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fix what can be fixed in a JSONL file without guessing, so that it passes tunekit validate.",
        discussion: """
        Repairs, each counted by kind with its lines: bom, blank_line, trailing_comma, multiline_object (a \
        pretty-printed object joined onto one line), nonfinite_null (NaN/Infinity as null where the format allows \
        null), role_alias (gpt/chatgpt/bot/model/ai → assistant, human → user, case), function_role \
        (function/observation after a call → tool), legacy_functions, legacy_function_call (call id generated), \
        tool_call_link, arguments_string, image_reencoded (PNG, CMYK, sideways or oversized data URI → JPEG). \
        Lines that need none are copied byte for byte. A unit that cannot be repaired (a missing assistant turn, \
        a WebP picture, a line cut short …) is left out and printed as FILE:LINE: [code] message with the \
        validator's code; nothing is ever invented.
        The report (JSON: format, counts, repairs with lines, rejects) goes beside the output \
        (out.jsonl → out.repair.json) or to --report; with -o - only the console summary is printed.
        Exit status: 0 every unit kept, 1 some units could not be repaired (listed), 2 bad usage or unreadable input.
        """
    )

    @Argument(help: "A JSONL file (- reads standard input).") var file: String
    @Option(name: [.short, .customLong("output")], help: "The repaired file (- for standard output).") var output: String
    @Option(help: "The format: chat, tools, thinking, dpo, image-gen, vision (default: the one most of the first 64 units pass as).")
    var format: String?
    @Option(help: "Where the JSON report goes (default: beside the output, OUT.repair.json).") var report: String?
    @Flag(help: "Print only the summary line.") var quiet = false

    mutating func run() throws {
        var chosen: OutputFormat?
        if let format {
            guard let parsed = OutputFormat(rawValue: format) else {
                Console.error("tunekit repair: unknown format '\(format)' (formats: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
                throw ExitCode(2)
            }
            chosen = parsed
        }
        guard output == "-" || output != file else {
            Console.error("tunekit repair: -o names the input file; write the repaired file elsewhere")
            throw ExitCode(2)
        }
        let job = RepairJob(input: file, output: output, format: chosen,
                            reportPath: report ?? RepairJob.defaultReportPath(for: output))
        let quiet = self.quiet
        let result = try Console.run { _ throws(ConvertError) in
            try job.run { rejected in
                if !quiet {
                    let span = rejected.lastLine > (rejected.source.line ?? 0) ? " (lines \(rejected.source.line ?? 0)–\(rejected.lastLine))" : ""
                    Console.error("\(rejected.source): [\(rejected.code)] \(rejected.message)\(span)")
                }
            }
        }
        if !quiet {
            Console.error("format: \(result.format.rawValue) (\(result.formatReason))")
            for (_, text) in result.repairs.details { Console.error("repaired: \(text)") }
            if result.rejected > 0 {
                let codes = result.rejectCodes.map { "\($0.key)=\($0.value)" }.sorted()
                Console.error("not repairable: \(codes.joined(separator: " "))")
            }
        }
        Console.error(result.summary + (job.reportPath.map { ", report " + $0 } ?? ""))
        if result.rejected > 0 { throw ExitCode(1) }
    }
}
