import ArgumentParser
import Foundation
import TuneKit

/// `tunekit convert`: parses options, runs one ``ConvertJob``, prints the outcome.
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert CSV/TSV exports, workbooks and chat transcripts into a training format (chat, tools, thinking, dpo, image-gen, vision), de-duplicated and split.",
        discussion: """
        Every input record ends in exactly one of train.jsonl, validation.jsonl, duplicates.jsonl or \
        rejects.jsonl (with its source line and a reason); report.json counts them:
        read = train + validation + duplicates + rejected.

        Templates are Mustache over the column names and insert values verbatim (never HTML-escaped):
          tunekit convert faq.csv --user '{{问题}}' --assistant '{{答案}}' --category '{{类别}}'
        Fields without a template map from canonical column names: system, user, assistant, category,
        reasoning, chosen, rejected, prompt, image and the usual Chinese headers (系统, 问题, 用户, 答案, 回答,
        助手, 类别, 思考, 图片 …).

        What each format reads:
          chat       --system? --user --assistant
          thinking   --system? --user --reasoning --assistant
          dpo        --system? --user --chosen --rejected          (identical replies are rejected)
          image-gen  --system? --prompt (or --user) --image URL
          vision     --system? --user --image URL --assistant     (question and image as two user turns)
          tools      --system? --user --call-name --call-arguments (a JSON object) --tool-result --assistant,
                     with --tools FILE holding the function definitions (JSON array)
        Images are http(s) URLs by default; with --image-mode base64, local files (under --image-root, default \
        the input's folder) are turned upright, resized (--max-side 1024), re-encoded as JPEG within the \
        platform's 5 MB and inlined as data:image/jpeg;base64 URIs, on all cores. A picture that is missing, \
        outside the root, damaged or too large rejects its record with the reason.

        JSONL input holds records already in one of these shapes (re-validate, de-duplicate, split, convert);
        legacy spellings (functions, function_call, role function, chosen/rejected) are rewritten and counted.
        Outputs over the platform's upload size (100 MB) are split into train-001.jsonl, train-002.jsonl ….

        Chat transcripts (.txt, .log, or --from transcript): one message per line, `[2024-03-05 10:01] 张三：…`
        (timestamp optional, many date styles, `:` or `：`), continuation lines joined to the message above.
        A silence over --session-gap (30m) starts a new session; names such as 客服/坐席/Agent/Support answer,
        others ask (override with --me NAME or --speaker NAME=user|assistant|skip); placeholders such as
        [图片] and <Media omitted> are dropped; consecutive turns of one speaker merge; a leading assistant
        turn and a trailing user turn are trimmed (--keep-edges keeps them); --max-turns N windows long
        sessions. A session whose assistant cannot be told is rejected with that reason.
        The same session rules apply to WhatsApp exports (Android and iOS, any date order), WeChat CSV exports
        (IsSender = 1 answers), Telegram result.json and ChatGPT conversations.json; ShareGPT and Alpaca records are read from JSONL or a .json array.
        --redact replaces phone numbers, e-mail addresses, ID and bank card numbers with [PHONE_1] ….

        Exit status: 0 written (rejects are reported); 1 nothing usable, or any reject with --strict;
        2 bad usage or unreadable input.
        """
    )

    @Argument(help: "Input files (CSV, TSV, XLSX, ODS, flat ODS, Excel 2003 XML, chat transcripts, or JSONL records in the platform's shapes); - reads standard input.")
    var inputs: [String] = []

    @Option(name: .customLong("to"), help: "Output format: chat, tools, thinking, dpo, image-gen, vision (default: what a table's columns call for — reasoning → thinking, chosen/rejected → dpo, a call → tools, an image → vision or image-gen — else chat).")
    var format: String?
    @Flag(help: "A column named for another format's field that no template uses is a warning (it is dropped) instead of an error.") var allowUnused = false

    @Option(name: [.short, .customLong("output")], help: "Output directory, or - for training lines on standard output (default: out).")
    var output: String?

    @Option(name: .customLong("from"), help: "Input kind: csv, tsv, xlsx, ods, fods, spreadsheetml, jsonl, json (an array of records), transcript, whatsapp, wechat, telegram or chatgpt (default: from the extension; .txt and .log are transcripts or WhatsApp exports by their lines; a CSV with the WeChat export columns, a .json object and a .json of conversations with a mapping are read as those exports).")
    var from: String?

    @Option(name: .customLong("converter"), help: "A recipe (YAML, same keys as these flags): a path, or a name in Converters/.")
    var converter: String?

    @Option(help: "Template of the system prompt.") var system: String?
    @Option(help: "Template of the user turn.") var user: String?
    @Option(help: "Template of the assistant reply.") var assistant: String?
    @Option(help: "Template of the category label (report and stratified split).") var category: String?
    @Option(help: "Template of the assistant's reasoning (thinking).") var reasoning: String?
    @Option(help: "Template of the preferred reply (dpo).") var chosen: String?
    @Option(help: "Template of the rejected reply (dpo).") var rejected: String?
    @Option(help: "Template of the image prompt (image-gen).") var prompt: String?
    @Option(help: "Template of the image URL (image-gen, vision).") var image: String?
    @Option(name: .customLong("tools"), help: "Function definitions for --to tools (a JSON array).") var toolsFile: String?
    @Option(help: "Template of the called function's name (tools).") var callName: String?
    @Option(help: "Template of the call arguments, rendering to a JSON object (tools).") var callArguments: String?
    @Option(help: "Template of the tool's result (tools).") var toolResult: String?
    @Option(help: "A platform profile (JSON) instead of the built-in BigModel limits.") var profile: String?
    @Option(help: "Workbooks: the sheet to read, by name or 1-based position (default: the first visible sheet with data).") var sheet: String?
    @Option(help: "Workbooks: the 1-based row holding the column names (default: the first non-empty row).") var headerRow: Int?
    @Flag(help: "Workbooks: leave merged cells' value in their first cell only (default: fill every cell of the merge).") var noFillMerged = false
    @Flag(help: "Workbooks: leave hidden rows out (default: keep them).") var skipHiddenRows = false
    @Flag(help: "Workbooks: leave hidden columns out (default: keep them).") var skipHiddenColumns = false

    @Option(help: "Duplicate handling: exact, near (also records whose user and assistant text shares --near-threshold of its 5-character shingles with an earlier one's; MinHash + LSH) or none (default: exact).") var dedup: String?
    @Option(help: "Similarity for --dedup near, between 0 and 1 (default: 0.8).") var nearThreshold: Double?
    @Option(help: "Validation split: a fraction (0.1, 10%) or a count (50).") var validation: String?
    @Option(help: "Seed of the split (default: 42).") var seed: UInt64?
    @Option(help: "Input encoding (utf-8, utf-16le, gbk, gb18030 …); detected by default.") var encoding: String?
    @Option(help: "CSV delimiter (a single character, or 'tab'); detected by default.") var delimiter: String?

    @Option(help: "Chat logs: a speaker's role, NAME=user|assistant|skip (repeatable; default: from the name, e.g. 客服/Agent answer).") var speaker: [String] = []
    @Option(help: "Chat logs: the speaker who answers (same as --speaker NAME=assistant).") var me: String?
    @Option(help: "Chat logs: a silence longer than this starts a new session: 30m, 2h, 90s, or none (default: 30m).") var sessionGap: String?
    @Option(help: "Chat logs: at most this many user → assistant exchanges per example; longer sessions become several.") var maxTurns: Int?
    @Flag(help: "Chat logs: keep a session's leading assistant turn and trailing user turn (default: trim them).") var keepEdges = false
    @Flag(help: "Replace phone numbers, e-mail addresses, 18-digit ID numbers (checksum) and bank card numbers (Luhn) with placeholders such as [PHONE_1], consistent within a record.") var redact = false
    @Option(help: "Images: url keeps http(s) URLs (local files are rejected); base64 reads local files, turns them upright, resizes and re-encodes them as JPEG, and inlines them as data:image/jpeg;base64 (default: url).") var imageMode: String?
    @Option(help: "Images: the folder local image paths resolve under; paths leaving it are rejected (default: each input file's folder).") var imageRoot: String?
    @Option(help: "Images: the most base64 characters one inlined picture may take; quality, then size, is lowered to fit (default: the base64 of the platform's 5 MB per image). Accepts 500k, 5M.") var maxImageBytes: String?
    @OptionGroup(title: "Picture preparation (--image-mode base64)") var imageFlags: ImageFlags
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
        if options.images.mode == .base64 { AllocatorTuning.apply() }
        let showProgress = !quiet && isatty(2) == 1 && options.images.mode == .base64
        let result = try Console.run(progress: showProgress) { report throws(ConvertError) in
            try ConvertJob(options: options).run { read, pictures in report("\(read) records read, \(pictures) pictures inlined") }
        }
        if !quiet {
            for diagnostic in result.diagnostics {
                Console.error(diagnostic.description)
            }
            let counts = result.report.counts
            var summary = "read \(counts.read): train \(counts.train)"
            if options.validation != nil { summary += ", validation \(counts.validation)" }
            summary += ", duplicates \(counts.duplicates)"
            if let near = result.report.nearDuplicates { summary += " (\(near) near)" }
            summary += ", rejected \(counts.rejected)"
            if let images = result.report.images {
                summary += ", \(images.embedded) image\(images.embedded == 1 ? "" : "s") inlined"
            }
            if let redactions = result.report.redactions {
                let found = redactions.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
                summary += found.isEmpty ? ", nothing to redact" : ", redacted " + found.joined(separator: ", ")
            }
            if options.outputDirectory != "-" { summary += " → \(options.outputDirectory)/" }
            Console.error(summary)
        }
        if result.exitStatus != 0 {
            throw ExitCode(result.exitStatus)
        }
    }

    /// Compiles the given templates into the mapping and loads the tool definitions.
    private static func apply(_ templates: [(ColumnAliases.Field, String?)], toolsFile: String?,
                              to mapping: inout MappingSpec) throws(ImportError) {
        for (field, text) in templates {
            if let text { mapping[field] = try FieldTemplate(text) }
        }
        if let toolsFile {
            mapping.tools = try ToolDefinition.load(path: toolsFile)
        }
    }

    /// The chat-log flags (and recipe keys `speaker`, `me`, `session_gap`, `max_turns`, `keep_edges`).
    private func applyChatLogOptions(recipe: ConverterRecipe, to options: inout ConvertOptions) throws {
        var speakers = speaker
        if speakers.isEmpty, let listed = recipe.values["speaker"] {
            speakers = listed.split(separator: ",").map { String($0) }
        }
        for entry in speakers {
            guard let (name, role) = ChatLogOptions.parseSpeaker(entry) else {
                throw CommandFailure.usage("--speaker takes NAME=user, NAME=assistant or NAME=skip, not '\(entry)'")
            }
            options.chatLog.speakers[name] = .some(role)
        }
        if let name = me ?? recipe.values["me"] { options.chatLog.speakers[name] = .some(.assistant) }
        if let text = sessionGap ?? recipe.values["session_gap"] {
            guard let gap = ChatLogOptions.parseGap(text) else {
                throw CommandFailure.usage("--session-gap takes a duration such as 30m, 2h or 90s, or none, not '\(text)'")
            }
            options.chatLog.sessionGap = gap
        }
        if let turns = maxTurns ?? recipe.values["max_turns"].flatMap({ Int($0) }) {
            guard turns > 0 else { throw CommandFailure.usage("--max-turns takes a number from 1") }
            options.chatLog.maxTurns = turns
        }
        options.chatLog.trimEdges = !(keepEdges || recipe.values["keep_edges"] == "true")
        options.chatLog.system = system ?? recipe.values["system"]
    }

    /// The image flags (and recipe keys `image_mode`, `image_root`, `max_image_bytes`, `max_side`, `quality`,
    /// `background`, `subsampling`, `upscale`).
    private func applyImageOptions(recipe: ConverterRecipe, to options: inout ConvertOptions) throws {
        if let text = imageMode ?? recipe.values["image_mode"] {
            guard let mode = ImageEmbedding.Mode(rawValue: text) else {
                throw CommandFailure.usage("--image-mode takes url or base64, not '\(text)'")
            }
            options.images.mode = mode
        }
        options.images.root = imageRoot ?? recipe.values["image_root"]
        options.images.image = try imageFlags.options(recipe: recipe.values)
        options.images.jobs = try imageFlags.jobCount()
        if let text = maxImageBytes ?? recipe.values["max_image_bytes"] {
            options.images.image.maxBytes = try ImageFlags.byteCount(text, flag: "--max-image-bytes")
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
        // Without --to, a table's columns decide the format (said on the console).
        let formatName = pick(format, "to") ?? "chat"
        guard let outputFormat = OutputFormat(rawValue: formatName) else {
            throw CommandFailure.usage("unknown format '\(formatName)'; this version writes: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var options = ConvertOptions(inputs: inputs, format: outputFormat)
        options.mapping.formatFromColumns = pick(format, "to") == nil
        options.mapping.allowUnused = allowUnused
        options.outputDirectory = output ?? recipe.values["output"] ?? "out"
        if let kind = pick(from, "from") {
            guard let parsed = ConvertOptions.InputKind(rawValue: kind) else {
                throw CommandFailure.usage("unknown input kind '\(kind)'; this version reads: \(ConvertOptions.InputKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            options.inputKind = parsed
        }
        do {
            let given: [(ColumnAliases.Field, String?)] = [
                (.system, pick(system, "system")), (.user, pick(user, "user")), (.assistant, pick(assistant, "assistant")),
                (.category, pick(category, "category")), (.reasoning, pick(reasoning, "reasoning")),
                (.chosen, pick(chosen, "chosen")), (.rejected, pick(rejected, "rejected")), (.prompt, pick(prompt, "prompt")),
                (.image, pick(image, "image")), (.callName, pick(callName, "call_name")),
                (.callArguments, pick(callArguments, "call_arguments")), (.toolResult, pick(toolResult, "tool_result")),
            ]
            try Self.apply(given, toolsFile: pick(toolsFile, "tools"), to: &options.mapping)
        } catch {
            throw CommandFailure.usage("\(error)")
        }
        if let path = pick(profile, "profile") {
            do {
                options.profile = try PlatformProfile.load(path: path)
            } catch {
                throw CommandFailure.usage("\(path): not a platform profile: \(error)")
            }
        }
        if let mode = pick(dedup, "dedup") {
            guard let parsed = ConvertOptions.DedupMode(rawValue: mode) else {
                throw CommandFailure.usage("--dedup takes exact, near or none, not '\(mode)'")
            }
            options.dedup = parsed
        }
        if let value = nearThreshold ?? recipe.values["near_threshold"].flatMap({ Double($0) }) {
            guard value > 0, value < 1 else { throw CommandFailure.usage("--near-threshold takes a number between 0 and 1 (e.g. 0.8)") }
            options.nearThreshold = value
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
        options.redact = redact || recipe.values["redact"] == "true"
        try applyChatLogOptions(recipe: recipe, to: &options)
        try applyImageOptions(recipe: recipe, to: &options)
        if let text = pick(sheet, "sheet") { options.sheet.sheet = SheetOptions.Selector(text) }
        if let row = headerRow ?? recipe.values["header_row"].flatMap({ Int($0) }) {
            guard row > 0 else { throw CommandFailure.usage("--header-row takes a row number from 1") }
            options.sheet.headerRow = row
        }
        options.sheet.fillMergedCells = !(noFillMerged || recipe.values["fill_merged"] == "false")
        options.sheet.skipHiddenRows = skipHiddenRows || recipe.values["skip_hidden_rows"] == "true"
        options.sheet.skipHiddenColumns = skipHiddenColumns || recipe.values["skip_hidden_columns"] == "true"
        return options
    }
}

