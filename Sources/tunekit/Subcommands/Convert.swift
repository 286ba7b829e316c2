import ArgumentParser
import Foundation
import TuneKit

/// `tunekit convert`: parses options, runs one ``ConvertJob``, prints the outcome.
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert CSV/TSV exports into a training format, de-duplicated and split.",
        discussion: """
        Every input record ends in exactly one of train.jsonl, validation.jsonl, duplicates.jsonl or \
        rejects.jsonl (with its source line and a reason); report.json counts them:
        read = train + validation + duplicates + rejected.

        Templates are Mustache over the column names and insert values verbatim (never HTML-escaped):
          tunekit convert faq.csv --user '{{问题}}' --assistant '{{答案}}' --category '{{类别}}'
        With no mapping flags, canonical headers map themselves: system/user/assistant/category and the usual
        Chinese headers (系统, 问题, 用户, 答案, 回答, 助手, 类别 …).

        Exit status: 0 written (rejects are reported); 1 nothing usable, or any reject with --strict;
        2 bad usage or unreadable input.
        """
    )

    @Argument(help: "Input files (CSV or TSV); - reads standard input.")
    var inputs: [String] = []

    @Option(name: .customLong("to"), help: "Output format: chat.")
    var format: String?

    @Option(name: [.short, .customLong("output")], help: "Output directory, or - for training lines on standard output (default: out).")
    var output: String?

    @Option(name: .customLong("from"), help: "Input kind: csv or tsv (default: from the extension).")
    var from: String?

    @Option(name: .customLong("converter"), help: "A recipe (YAML, same keys as these flags): a path, or a name in Converters/.")
    var converter: String?

    @Option(help: "Template of the system prompt.") var system: String?
    @Option(help: "Template of the user turn.") var user: String?
    @Option(help: "Template of the assistant reply.") var assistant: String?
    @Option(help: "Template of the category label (report and stratified split).") var category: String?

    @Option(help: "Duplicate handling: exact or none (default: exact).") var dedup: String?
    @Option(help: "Validation split: a fraction (0.1, 10%) or a count (50).") var validation: String?
    @Option(help: "Seed of the split (default: 42).") var seed: UInt64?
    @Option(help: "Input encoding (utf-8, utf-16le, gbk, gb18030 …); detected by default.") var encoding: String?
    @Option(help: "CSV delimiter (a single character, or 'tab'); detected by default.") var delimiter: String?

    @Flag(help: "Exit with status 1 when any input record is rejected.") var strict = false
    @Flag(help: "Print nothing but errors.") var quiet = false

    mutating func run() throws {
        let options: ConvertOptions
        do {
            options = try makeOptions()
        } catch {
            Console.error("tunekit convert: \(error)")
            throw ExitCode(2)
        }
        let result: ConvertJob.Result
        do {
            result = try ConvertJob(options: options).run()
        } catch {
            Console.error("tunekit: \(error.message)")
            throw ExitCode(error.exitStatus)
        }
        if !quiet {
            for diagnostic in result.diagnostics {
                Console.error(diagnostic.description)
            }
            let counts = result.report.counts
            var summary = "read \(counts.read): train \(counts.train)"
            if options.validation != nil { summary += ", validation \(counts.validation)" }
            summary += ", duplicates \(counts.duplicates), rejected \(counts.rejected)"
            if options.outputDirectory != "-" { summary += " → \(options.outputDirectory)/" }
            Console.error(summary)
        }
        if result.exitStatus != 0 {
            throw ExitCode(result.exitStatus)
        }
    }

    /// Merges recipe values (if any) under the flags.
    private func makeOptions() throws -> ConvertOptions {
        var recipe = ConverterRecipe()
        if let converter {
            do {
                recipe = try ConverterRecipe.load(nameOrPath: converter,
                                                  searchPaths: ConverterRecipe.defaultSearchPaths(executable: CommandLine.arguments[0]))
            } catch {
                throw CommandFailure.usage("\(error)")
            }
        }
        func pick(_ flag: String?, _ key: String) -> String? { flag ?? recipe.values[key] }
        guard !inputs.isEmpty else {
            throw CommandFailure.usage("no input files (give one or more CSV files, or - for standard input)")
        }
        let formatName = pick(format, "to") ?? "chat"
        guard let outputFormat = OutputFormat(rawValue: formatName) else {
            throw CommandFailure.usage("unknown format '\(formatName)'; this version writes: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var options = ConvertOptions(inputs: inputs, format: outputFormat)
        options.outputDirectory = output ?? recipe.values["output"] ?? "out"
        if let kind = pick(from, "from") {
            guard let parsed = ConvertOptions.InputKind(rawValue: kind) else {
                throw CommandFailure.usage("unknown input kind '\(kind)'; this version reads: csv, tsv")
            }
            options.inputKind = parsed
        }
        do {
            options.mapping = MappingSpec(
                system: try pick(system, "system").map { try FieldTemplate($0) },
                user: try pick(user, "user").map { try FieldTemplate($0) },
                assistant: try pick(assistant, "assistant").map { try FieldTemplate($0) },
                category: try pick(category, "category").map { try FieldTemplate($0) })
        } catch let error as ImportError {
            throw CommandFailure.usage(error.description)
        }
        if let mode = pick(dedup, "dedup") {
            guard let parsed = ConvertOptions.DedupMode(rawValue: mode) else {
                throw CommandFailure.usage("--dedup takes exact or none, not '\(mode)'")
            }
            options.dedup = parsed
        }
        if let text = pick(validation, "validation") {
            guard let amount = SplitPlanner.Amount(text) else {
                throw CommandFailure.usage("--validation takes a fraction (0.1, 10%) or a whole count (50), not '\(text)'")
            }
            options.validation = amount
        }
        if let seed {
            options.seed = seed
        } else if let text = recipe.values["seed"] {
            guard let parsed = UInt64(text) else { throw CommandFailure.usage("seed must be a whole number, not '\(text)'") }
            options.seed = parsed
        }
        if let name = pick(encoding, "encoding") {
            guard let parsed = TextEncoding(name: name) else {
                throw CommandFailure.usage("unknown encoding '\(name)' (try utf-8, utf-16le, utf-16be, gbk, gb18030, big5)")
            }
            options.encoding = parsed
        }
        if let text = pick(delimiter, "delimiter") {
            let value: UInt8?
            switch text {
            case "tab", "\\t", "\t": value = 0x09
            default: value = text.utf8.count == 1 ? text.utf8.first : nil
            }
            guard let value else { throw CommandFailure.usage("--delimiter takes one ASCII character or 'tab', not '\(text)'") }
            options.delimiter = value
        }
        options.strict = strict || recipe.values["strict"] == "true"
        return options
    }
}

