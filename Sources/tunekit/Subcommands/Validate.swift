import ArgumentParser
import TuneKit

/// `tunekit validate`: checks JSONL files and prints every problem as `FILE:LINE: [code] message (at /pointer)`.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check JSONL training files against a format before uploading them.",
        discussion: """
        Prints every problem, not only the first, as FILE:LINE: [code] message (at /json/pointer), then a summary.
        Warnings (advice such as 'fewer than a few hundred records') do not fail the check.
        Exit status: 0 valid, 1 errors found, 2 unreadable input.
        """
    )

    @Argument(help: "JSONL files to check; - reads standard input.")
    var files: [String]

    @Option(help: "The format: chat.")
    var format: String = "chat"

    @Flag(help: "Print only the summary lines.") var quiet = false

    mutating func run() throws {
        guard OutputFormat(rawValue: format) != nil else {
            Console.error("tunekit validate: unknown format '\(format)'; this version checks: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            throw ExitCode(2)
        }
        let validator = JSONLValidator()
        var status: Int32 = 0
        for file in files {
            let result = validator.validate(path: file)
            if let problem = result.unreadable {
                Console.error("tunekit validate: \(problem)")
                status = 2
                continue
            }
            if !quiet {
                for diagnostic in result.diagnostics { Console.output(diagnostic.description) }
            }
            let verdict = result.errorCount == 0 ? "valid" : "invalid"
            Console.output("\(file): \(verdict): \(Self.count(result.records, "record")), \(Self.count(result.errorCount, "error")), \(Self.count(result.warningCount, "warning"))")
            if result.errorCount > 0 && status == 0 { status = 1 }
        }
        if status != 0 { throw ExitCode(status) }
    }

    static func count(_ n: Int, _ noun: String) -> String {
        "\(n) \(noun)\(n == 1 ? "" : "s")"
    }
}
