import ArgumentParser
import TuneKit

/// `tunekit split`: train and validation files from one JSONL file.
struct Split: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Split a JSONL file into train.jsonl and validation.jsonl, deterministically in --seed.",
        discussion: """
        Which records go to validation depends on their content and the seed only: the same file and seed \\
        always split the same way. Records with the same content, the same or similar user text (or similar \\
        whole text, at --near-threshold) or the same --group-by value fall on the same side, so validation \\
        never holds a near copy of a training question; lines appended to the file never move an earlier \\
        record (with a fraction). A leakage audit checks the result and warns (split.leak) if any train and \\
        validation pair is still similar. Lines are copied byte for byte; lines that are not records stay in \\
        train and are counted.

        Exit status: 0 written; 2 bad usage or unreadable input.
        """
    )

    @Argument(help: "A JSONL file.") var file: String
    @Option(name: [.short, .customLong("output")], help: "Output directory for train.jsonl and validation.jsonl.") var output: String
    @Option(help: "Validation share: a fraction (0.1, 10%) or a count (50).") var validation: String
    @Option(help: "Seed of the split (default: 42).") var seed: UInt64 = 42
    @Option(help: "Keep records together whose value of this template over the line's top-level JSON members agrees: {{customer_id}}, {{tenant}}/{{session}}; {{file}} is the input path.") var groupBy: String?
    @Option(help: "Similarity of user or whole text at which records stay on one side, between 0 and 1 (default: 0.8).") var nearThreshold: Double = 0.8
    @Flag(help: "Print nothing but errors.") var quiet = false

    mutating func run() throws {
        guard let amount = SplitPlanner.Amount(validation) else {
            Console.error("tunekit split: --validation takes a fraction (0.1, 10%) or a whole count (50), not '\(validation)'")
            throw ExitCode(2)
        }
        guard nearThreshold > 0 && nearThreshold < 1 else {
            Console.error("tunekit split: --near-threshold takes a similarity between 0 and 1, not \(nearThreshold)")
            throw ExitCode(2)
        }
        var template: FieldTemplate?
        if let groupBy {
            do {
                template = try FieldTemplate(groupBy)
            } catch {
                Console.error("tunekit split: --group-by: \(error.message)")
                throw ExitCode(2)
            }
        }
        let job = SplitJob(input: file, outputDirectory: output, amount: amount, seed: seed, groupBy: template,
                           threshold: nearThreshold)
        let result = try Console.run(progress: Console.showsProgress(quiet: quiet) ? "split" : nil) { report throws(ConvertError) in
            try job.run(progress: report)
        }
        if !result.removedDebris.isEmpty {
            Console.error("warning: output.debris_removed: removed \(result.removedDebris.count) temporary file\(result.removedDebris.count == 1 ? "" : "s") an interrupted run left in the output folder: \(result.removedDebris.prefix(5).joined(separator: ", "))")
        }
        if let reason = result.committedInPlace {
            Console.error("warning: output.in_place: train.jsonl and validation.jsonl replaced the earlier pair one file at a time, not together: \(reason); a kill during those renames can leave a mix. Give -o a folder of its own for an all-or-nothing replacement")
        }
        if let leak = result.leakage.first, result.leakage.pairs > 0 {
            Console.error("warning: split.leak: \(result.leakage.pairs) train/validation pair\(result.leakage.pairs == 1 ? "" : "s") with similar user text, first \(leak.train) (train) and \(leak.validation) (validation)")
        }
        if !quiet {
            Console.warnUnreadable(result.unreadable, "stayed in train")
            Console.error("train \(result.train), validation \(result.validation) → \(output)/; leakage audit: \(result.leakage.pairs) similar pairs across the split (\(result.leakage.checked) records checked at \(result.leakage.threshold))")
        }
    }
}
