import ArgumentParser
import TuneKit

/// `tunekit dedup`: exact duplicates out of a JSONL file.
struct Dedup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Drop records whose normalised content an earlier record already had; other lines stay byte for byte.",
        discussion: """
        Content is compared after Unicode NFKC, case folding and white-space normalisation, over every role's \\
        text, reasoning, tool calls and images (the same fingerprint as convert --dedup exact). Lines that are \\
        not records pass through unchanged and are counted. With --dedup-on user only the user turns are \
        compared (exact and near): the same question is a duplicate whatever the answer.

        Exit status: 0 written; 2 bad usage or unreadable input.
        """
    )

    @Argument(help: "A JSONL file (- reads standard input).") var file: String
    @Option(name: [.short, .customLong("output")], help: "The de-duplicated file (- for standard output).") var output: String
    @Option(help: "Also write the dropped records here, each with the line it repeats.") var duplicates: String?
    @Flag(help: "Also drop near duplicates (MinHash + LSH over character bigrams of Chinese, Japanese and Korean text and words of other text).") var near = false
    @Option(help: "Jaccard similarity for --near, between 0 and 1 (default: 0.8).") var threshold: Double?
    @Option(help: "A held-out evaluation JSONL file (repeat, or a comma list): records whose prompt (normalised user text) equals or is near (--threshold, default 0.8) one of its records' are dropped too, written to --duplicates with contaminated_by.") var against: [String] = []
    @Option(help: "Which text the duplicate key is computed on: conversation (user and assistant turns) or user (the user turns only: the same question is a duplicate, whatever the answer) (default: conversation).") var dedupOn: String?
    @Option(help: "Write every duplicate cluster (exact and near) to FILE for review, one JSON line each.") var clusters: String?
    @Flag(help: "Print nothing but errors.") var quiet = false

    mutating func run() throws {
        guard threshold == nil || near || !against.isEmpty, (threshold ?? 0.8) > 0, (threshold ?? 0.8) < 1 else {
            Console.error("tunekit dedup: --threshold goes with --near or --against and takes a number between 0 and 1 (e.g. 0.8)")
            throw ExitCode(2)
        }
        guard let on = DedupOn(rawValue: dedupOn?.lowercased() ?? "conversation") else {
            Console.error("tunekit dedup: --dedup-on takes user or conversation, not '\(dedupOn ?? "")'")
            throw ExitCode(2)
        }
        let result = try Console.run(progress: Console.showsProgress(quiet: quiet) ? "dedup" : nil) { report throws(ConvertError) in
            var job = DedupJob(input: file, output: output, duplicatesFile: duplicates,
                               nearThreshold: near ? threshold ?? 0.8 : nil, dedupOn: on, clustersFile: clusters)
            job.against = against.flatMap { $0.split(separator: ",").map(String.init) }.filter { !$0.isEmpty }
            job.againstThreshold = threshold ?? 0.8
            return try job.run(progress: report)
        }
        if !quiet {
            Console.warnUnreadable(result.unreadable, "passed through")
            Console.error("read \(result.read): kept \(result.kept), duplicates \(result.duplicates)"
                + (near ? " (\(result.nearDuplicates) near)" : "")
                + (against.isEmpty ? "" : ", contaminated \(result.contaminated)") + (output == "-" ? "" : " → \(output)"))
            if let first = result.firstContaminated {
                Console.error("contaminated: \(result.contaminated) record\(result.contaminated == 1 ? "" : "s") ask what the evaluation set asks, first \(first.record) and \(first.evaluation)")
            }
            if let count = result.clusters, let clusters { Console.error("clusters \(count) → \(clusters)") }
        }
    }
}
