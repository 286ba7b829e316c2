import ArgumentParser
import TuneKit

/// `tunekit dedup`: exact duplicates out of a JSONL file.
struct Dedup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Drop records whose normalised content an earlier record already had; other lines stay byte for byte.",
        discussion: """
        Content is compared after Unicode NFKC, case folding and white-space normalisation, over every role's \\
        text, reasoning, tool calls and images (the same fingerprint as convert --dedup exact). Lines that are \\
        not records pass through unchanged and are counted.

        Exit status: 0 written; 2 bad usage or unreadable input.
        """
    )

    @Argument(help: "A JSONL file (- reads standard input).") var file: String
    @Option(name: [.short, .customLong("output")], help: "The de-duplicated file (- for standard output).") var output: String
    @Option(help: "Also write the dropped records here, each with the line it repeats.") var duplicates: String?
    @Flag(help: "Near-duplicate detection (MinHash); not in this version.") var near = false
    @Option(help: "Similarity threshold for --near.") var threshold: Double?
    @Flag(help: "Print nothing but errors.") var quiet = false

    mutating func run() throws {
        guard !near && threshold == nil else {
            Console.error("tunekit dedup: near-duplicate detection (--near, --threshold) is not in this version; without it, exact duplicates after normalisation are dropped")
            throw ExitCode(2)
        }
        let result: DedupJob.Result
        do {
            result = try DedupJob(input: file, output: output, duplicatesFile: duplicates).run()
        } catch {
            Console.error("tunekit: \(error.message)")
            throw ExitCode(error.exitStatus)
        }
        if !quiet {
            let unreadable = result.unreadable.values.reduce(0, +)
            if unreadable > 0 {
                Console.error("warning: \(unreadable) line\(unreadable == 1 ? " is" : "s are") not a record and passed through (run tunekit validate)")
            }
            Console.error("read \(result.read): kept \(result.kept), duplicates \(result.duplicates)" + (output == "-" ? "" : " → \(output)"))
        }
    }
}
