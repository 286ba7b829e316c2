import ArgumentParser
import TuneKit

/// `tunekit split`: train and validation files from one JSONL file.
struct Split: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Split a JSONL file into train.jsonl and validation.jsonl, deterministically in --seed.",
        discussion: """
        Which records go to validation depends on their content and the seed only: the same file and seed \\
        always split the same way, and identical records fall on the same side (run dedup first to drop them). \\
        Lines are copied byte for byte; lines that are not records stay in train and are counted.

        Exit status: 0 written; 2 bad usage or unreadable input.
        """
    )

    @Argument(help: "A JSONL file.") var file: String
    @Option(name: [.short, .customLong("output")], help: "Output directory for train.jsonl and validation.jsonl.") var output: String
    @Option(help: "Validation share: a fraction (0.1, 10%) or a count (50).") var validation: String
    @Option(help: "Seed of the split (default: 42).") var seed: UInt64 = 42
    @Flag(help: "Print nothing but errors.") var quiet = false

    mutating func run() throws {
        guard let amount = SplitPlanner.Amount(validation) else {
            Console.error("tunekit split: --validation takes a fraction (0.1, 10%) or a whole count (50), not '\(validation)'")
            throw ExitCode(2)
        }
        let result = try Console.run(progress: Console.showsProgress(quiet: quiet) ? "split" : nil) { report throws(ConvertError) in
            try SplitJob(input: file, outputDirectory: output, amount: amount, seed: seed).run(progress: report)
        }
        if !quiet {
            Console.warnUnreadable(result.unreadable, "stayed in train")
            Console.error("train \(result.train), validation \(result.validation) → \(output)/")
        }
    }
}
