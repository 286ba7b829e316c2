import ArgumentParser
import TuneKit

/// `tunekit validate`: checks JSONL files and prints every problem as `FILE:LINE: [code] message (at /pointer)`.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check JSONL training files against a format before uploading them.",
        discussion: """
        Prints every problem, not only the first, as FILE:LINE: [code] message (at /json/pointer), then a summary.
        Codes are stable (formats/RULES.md); warnings (advice such as 'fewer than a few hundred records') do not
        fail the check. Without --format, the format is detected from the first lines.
        --list-codes prints every code with its severity (on the chosen profile) and meaning.
        --model NAME [--method lora|full] also says when the data's format cannot train on that model that way
        (a warning: it does not fail the check). The few-hundred-records advice is not checked on validation
        files (validation.jsonl, validation-NNN.jsonl).
        Exit status: 0 valid, 1 errors found, 2 unreadable input.
        """
    )

    @Argument(help: "JSONL files to check; - reads standard input.")
    var files: [String] = []

    @Option(help: "The format: chat, tools, thinking, dpo, image-gen, vision (default: detected).")
    var format: String?

    @Option(help: "A platform profile (JSON) instead of the built-in BigModel limits.")
    var profile: String?

    @Option(help: "The model the data is meant for (glm-4-flash, glm-4.5-air, glm-4v, cogview-3 …): a warning ([model.cannot_train]) when the data cannot train on it; its images are billed at its rate.") var model: String?
    @Option(help: "With --model: lora or full.") var method: String?

    @Option(help: "The longest line read, in bytes (default: 256M); a longer one makes the file unreadable. Accepts 64M, 1G.") var maxLineBytes: String?
    @Flag(help: "Print the problems and summaries as JSON lines instead.") var json = false
    @Flag(help: "Print only the summary lines.") var quiet = false
    @Flag(help: "Print every code with its severity and meaning (as JSON lines with --json), then exit.") var listCodes = false

    mutating func run() throws {
        var chosen: OutputFormat?
        if let format {
            guard let parsed = OutputFormat(rawValue: format) else {
                Console.error("tunekit validate: unknown format '\(format)' (formats: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
                throw ExitCode(2)
            }
            chosen = parsed
        }
        var validator = JSONLValidator()
        if let profile {
            do {
                validator = JSONLValidator(profile: try PlatformProfile.load(path: profile))
            } catch {
                Console.error("tunekit validate: \(profile): not a platform profile: \(error)")
                throw ExitCode(2)
            }
        }
        if let maxLineBytes {
            guard let bytes = Recipe.byteCount(maxLineBytes) else {
                Console.error("tunekit validate: --max-line-bytes takes a size in bytes such as 64M or 1G, not '\(maxLineBytes)'")
                throw ExitCode(2)
            }
            validator.maxLineBytes = bytes
        }
        let choice = try ModelChoice(command: "validate", model: model, method: method, tokenizer: nil)
        if let chosenModel = choice.model { validator.profile = chosenModel.billingImages(in: validator.profile) }
        if listCodes {
            listCodes(profile: validator.profile)
            return
        }
        guard !files.isEmpty else {
            Console.error("tunekit validate: name a JSONL file to check (- reads standard input), or --list-codes")
            throw ExitCode(2)
        }
        var status: Int32 = 0
        for file in files {
            let json = self.json
            let quiet = self.quiet
            let result = Console.withProgress(Console.showsProgress(quiet: quiet) ? "validate \(file)" : nil) { report in
                validator.validate(path: file, format: chosen, progress: report) { diagnostic in
                    if quiet { return }
                    Console.output(json ? Self.json(diagnostic) : diagnostic.description)
                }
            }
            if let problem = result.unreadable {
                Console.error("tunekit validate: \(problem)")
                status = 2
                continue
            }
            var modelCheck: ModelCheck?
            if let chosenModel = choice.model, let format = result.format {
                let check = ModelCheck(model: chosenModel, method: choice.method, format: format)
                modelCheck = check
                for warning in check.diagnostics where !quiet {
                    Console.output(json ? Self.json(Diagnostic(warning.severity, warning.code, warning.message, at: SourceLocation(file: file)))
                                        : "\(file): \(warning.description)")
                }
            }
            let verdict = result.errorCount == 0 ? "valid" : "invalid"
            let format = result.format?.rawValue ?? "?"
            if json {
                var summary = JSONWriter()
                var object: JSONObject = [
                    "file": .string(file), "format": .string(format), "format_reason": .string(result.formatReason),
                    "valid": .bool(result.errorCount == 0), "records": .number(String(result.records)),
                    "errors": .number(String(result.errorCount)), "warnings": .number(String(result.warningCount)),
                ]
                if let modelCheck { object["model"] = modelCheck.json }
                summary.value(.object(object))
                Console.output(String(decoding: summary.bytes, as: UTF8.self))
            } else {
                let how = result.format == nil ? "(no format detected\(result.formatReason.isEmpty ? "" : ": " + result.formatReason))"
                    : result.formatReason == "given" ? format : "\(format), detected: \(result.formatReason)"
                Console.output("\(file): \(verdict) \(how): \(Self.count(result.records, "record")), \(Self.count(result.errorCount, "error")), \(Self.count(result.warningCount, "warning"))")
            }
            if result.errorCount > 0 && status == 0 { status = 1 }
        }
        if status != 0 { throw ExitCode(status) }
    }

    /// `code  severity  meaning`, one code a line, in the registry's order.
    private func listCodes(profile: PlatformProfile) {
        let width = ValidationCode.all.map(\.code.count).max() ?? 0
        for code in ValidationCode.all {
            let severity = profile.severity(of: code)
            if json {
                var object = JSONObject()
                object["code"] = .string(code.code)
                object["severity"] = .string(severity.rawValue)
                object["meaning"] = .string(code.meaning)
                Console.output(JSONValue.object(object).compactText)
            } else {
                let padded = code.code.padding(toLength: width, withPad: " ", startingAt: 0)
                let level = severity.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
                Console.output("\(padded)  \(level)  \(code.meaning)")
            }
        }
    }

    static func count(_ n: Int, _ noun: String) -> String {
        "\(n) \(noun)\(n == 1 ? "" : "s")"
    }

    /// One diagnostic as a JSON object line.
    static func json(_ diagnostic: Diagnostic) -> String {
        var object = JSONObject()
        object["file"] = .string(diagnostic.location?.file ?? "")
        if let line = diagnostic.location?.line { object["line"] = .number(String(line)) }
        object["severity"] = .string(diagnostic.severity.rawValue)
        object["code"] = .string(diagnostic.code)
        object["message"] = .string(diagnostic.message)
        if let pointer = diagnostic.pointer { object["pointer"] = .string(pointer) }
        return JSONValue.object(object).compactText
    }
}
