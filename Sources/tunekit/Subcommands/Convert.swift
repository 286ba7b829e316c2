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
        [图片] and <Media omitted> are dropped and counted by kind (--keep-placeholders keeps them);
        time going backwards, blank lines between blocks and, in a transcript, another customer (not with
        --group-chat) start new sessions; message text is kept exactly; consecutive turns of one speaker merge;
        a leading assistant turn and a trailing user turn are trimmed (--keep-edges keeps them); --max-turns N windows long
        sessions. A session whose assistant cannot be told is rejected with that reason.
        The same session rules apply to WhatsApp exports (Android and iOS, any date order), WeChat CSV exports
        (IsSender = 1 answers), Telegram result.json and ChatGPT conversations.json; ShareGPT and Alpaca records are read from JSONL or a .json array.
        LLaMA-Factory's dialects are recognised by their keys: ShareGPT function_call/observation turns with a
        per-record tools string (--to tools: calls get ids, results are linked), chosen/rejected preference data
        (--to dpo), KTO labels (a reply labelled false is never a target; --to dpo pairs it with a true reply to
        the same prompt), images with <image> markers (--to vision --image-mode base64). --dataset-info FILE
        --dataset NAME reads a project's dataset_info.json mapping instead.
        --redact replaces phone numbers, e-mail addresses, ID and bank card numbers with [PHONE_1] ….

        Recipes: --converter NAME reads NAME.yaml or NAME/converter.yaml from the folder given by --converters \
        or $TUNEKIT_CONVERTERS when there is one, else the recipe of that name built into tunekit (the \
        package's Converters/); a path reads that file. Flags given on the command line win over the recipe. \
        Relative paths in a recipe (tools, profile, image_root) are relative to the working folder.

        --model NAME [--method lora|full] checks the data against the platform's fine-tunable models (which \
        format trains on which model, with which method): data the model cannot train that way is a warning \
        naming what would work, and a failure with --strict. --tokenizer FILE counts tokens exactly.
        --validation that would leave no training record stops the run (exit 2, nothing written).

        Exit status: 0 written (rejects are reported); 1 nothing usable, or any reject (or data --model cannot
        train) with --strict; 2 bad usage or unreadable input.
        """
    )

    @Argument(help: "Input files (CSV, TSV, XLSX, ODS, flat ODS, Excel 2003 XML, chat transcripts, or JSONL records in the platform's shapes); - reads standard input.")
    var inputs: [String] = []

    @Option(name: .customLong("to"), help: "Output format: chat, tools, thinking, dpo, image-gen, vision (default: what a table's columns call for — reasoning → thinking, chosen/rejected → dpo, a call → tools, an image → vision or image-gen — else chat).")
    var format: String?
    @Flag(help: "A column named for another format's field that no template uses is a warning (it is dropped) instead of an error.") var allowUnused = false

    @Option(name: [.short, .customLong("output")], help: "Output directory, or - for training lines on standard output (default: out).")
    var output: String?

    @Option(name: .customLong("from"), help: "Input kind: csv, tsv, xlsx, ods, fods, spreadsheetml, jsonl, json (an array of records), sharegpt, alpaca (records of that dialect only, JSONL or a .json array), transcript, whatsapp, wechat, telegram or chatgpt (default: recognised from the first 64 KiB — tables by a constant number of fields under a header, transcripts and WhatsApp exports by their lines, WeChat by its columns, JSON, JSONL, Telegram and ChatGPT exports by their bytes and keys —, the extension only breaking near-ties; when two kinds fit about equally the run stops naming both).")
    var from: String?

    @Option(name: .customLong("converter"), help: "A recipe (YAML, same keys as these flags): a path, or a name: NAME.yaml or NAME/converter.yaml in --converters DIR, else a built-in recipe (`tunekit recipes` lists them: customer-service-faq, support-tickets, contract-extraction, answer-ratings, api-call-logs, product-workbook-vision …).")
    var converter: String?

    @Option(name: .customLong("converters"), help: "A folder of recipes read before the built-in ones (default: $TUNEKIT_CONVERTERS).")
    var converters: String?

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
    @Option(help: "Workbooks: the sheet to read, by name or by 1-based position as '#3' (a bare number is a sheet's name when a sheet is so named, else a position; default: the first visible sheet with data).") var sheet: String?
    @Option(help: "Workbooks: the sheet to read by 1-based position, whatever the sheets are named (not with --sheet).") var sheetIndex: Int?
    @Option(help: "Workbooks: the most bytes one part of an XLSX or ODS package may inflate to (default: 2G; at most 4G). Accepts 512M, 3G.") var zipEntryLimit: String?
    @Option(help: "Workbooks: the most an XLSX shared-strings table may hold, text plus 4 bytes a string (default: 1G; at most 4G). Accepts 512M, 2G.") var sharedStringsLimit: String?
    @Option(help: "Workbooks: the most bytes the parts read from one XLSX or ODS package may inflate to together (default: 8G). Accepts 512M, 16G.") var zipTotalLimit: String?
    @Option(help: "The longest line (JSONL, transcript, chat log), CSV field or workbook cell read, in bytes (default: 256M). Accepts 64M, 1G.") var maxLineBytes: String?
    @Flag(help: "Workbooks: read numbers as their cells show them (ODS display text; XLSX and Excel 2003 XML plain formats applied: 0.00 → 3.10, 0% → 9%, #,##0 → 1,235) instead of the stored value (default: stored values, with leading-zero formats such as 00000 applied).") var displayText = false
    @Option(help: "Workbooks: the 1-based row holding the column names (default: the first non-empty row).") var headerRow: Int?
    @Flag(help: "Workbooks: leave merged cells' value in their first cell only (default: fill every cell of the merge).") var noFillMerged = false
    @Flag(help: "Workbooks: leave hidden rows out (default: keep them).") var skipHiddenRows = false
    @Flag(help: "Workbooks: leave hidden columns out (default: keep them).") var skipHiddenColumns = false

    @Option(help: "Duplicate handling: exact, near (also records whose user and assistant text shares --near-threshold of its shingles with an earlier one's: character bigrams of Chinese, Japanese and Korean, words of other text; MinHash + LSH) or none (default: exact).") var dedup: String?
    @Option(help: "Similarity for --dedup near, between 0 and 1 (default: 0.8).") var nearThreshold: Double?
    @Option(help: "Which text the duplicate key is computed on: conversation (user and assistant turns) or user (the user turns only: the same question is a duplicate, whatever the answer) (default: conversation).") var dedupOn: String?
    @Option(help: "Write every duplicate cluster (exact and near) to FILE for review, one JSON line each: kept record and members with kind and similarity.") var clusters: String?
    @Option(help: "Validation split: a fraction (0.1, 10%) or a count (50).") var validation: String?
    @Option(help: "Seed of the split (default: 42).") var seed: UInt64?
    @Option(help: "Input encoding (utf-8, utf-16le, gbk, gb18030 …); detected by default.") var encoding: String?
    @Option(help: "CSV delimiter (a single character, or 'tab'); detected by default.") var delimiter: String?

    @Option(help: "Chat logs: a speaker's role, NAME=user|assistant|skip (repeatable; default: from the name, e.g. 客服/Agent answer).") var speaker: [String] = []
    @Option(help: "Chat logs: the speaker who answers (same as --speaker NAME=assistant).") var me: String?
    @Option(help: "Chat logs: a silence longer than this starts a new session: 30m, 2h, 90s, or none (default: 30m).") var sessionGap: String?
    @Option(help: "Chat logs: at most this many user → assistant exchanges per example; longer sessions become several.") var maxTurns: Int?
    @Flag(help: "Chat logs: keep a session's leading assistant turn and trailing user turn (default: trim them).") var keepEdges = false
    @Option(help: "WhatsApp exports: how dates are written, dmy, mdy or ymd (default: decided from the file; a date that contradicts the order assumed stops the run).") var dateOrder: String?
    @Flag(help: "Chat logs: keep placeholder messages such as <Media omitted>, [图片] or \"This message was deleted\" (default: drop and count them by kind).") var keepPlaceholders = false
    @Flag(help: "Chat logs: the transcript is a group chat; another asking speaker does not start a new session (default: in a transcript a change of customer starts one).") var groupChat = false
    @Flag(help: "Replace phone numbers, e-mail addresses, 18-digit ID numbers (checksum) and bank card numbers (Luhn) with placeholders such as [PHONE_1], consistent within a record.") var redact = false
    @Option(help: "Images: url keeps http(s) URLs (local files are rejected); base64 reads local files, turns them upright, resizes and re-encodes them as JPEG, and inlines them as data:image/jpeg;base64; files prepares them the same way, writes them to --image-out under content-hash names and puts --image-base-url/NAME in the lines. Pictures inside XLSX/ODS workbooks are read in base64 and files modes (default: url).") var imageMode: String?
    @Option(help: "Images, --image-mode files: the folder prepared pictures are written to (created if missing).") var imageOut: String?
    @Option(help: "Images, --image-mode files: the http(s) URL the --image-out folder is served at; lines carry URL/NAME.") var imageBaseUrl: String?
    @Option(help: "Images: the folder local image paths resolve under; paths leaving it are rejected (default: each input file's folder).") var imageRoot: String?
    @Option(help: "Images: the most base64 characters one inlined picture may take; quality, then size, is lowered to fit (default: the base64 of the platform's 5 MB per image). Accepts 500k, 5M.") var maxImageBytes: String?
    @OptionGroup(title: "Picture preparation (--image-mode base64)") var imageFlags: ImageFlags
    @Option(help: "A LLaMA-Factory dataset_info.json: JSON and JSONL records are read with the mapping of its --dataset entry (formatting, ranking, columns, tags); its file_name is the input when none is given. Hub entries are refused.") var datasetInfo: String?
    @Option(help: "The entry of --dataset-info to read (an unknown name lists the names there are).") var dataset: String?
    @Flag(help: "Reject a record whose answer (the last assistant reply; both replies for dpo) is not valid JSON, reason map.answer_not_json (extraction data).") var answerJson = false
    @Option(help: "The same normalised prompt with different answers: keep (write both, warn), first (keep the first answer, reject later ones as clean.conflict) or drop (reject every record of such a prompt; reads the inputs twice, not standard input). Default: keep when de-duplication is on (its fingerprint gives the prompt's hash); with --dedup none the check runs only when this flag is given.") var conflicts: String?
    @Option(help: "A held-out evaluation JSONL file (any of the platform's formats; repeat the flag or give a comma list): records whose prompt — the normalised user text (DPO: the input messages; image-gen: the prompt) — equals or is near one of its records' (--near-threshold, default 0.8) are rejected as clean.contaminated, naming the evaluation record.") var against: [String] = []
    @Option(help: "Write the recipe this run used (its recipe and flags, the format and the column mapping it decided, without -o) as YAML to FILE; --converter FILE converts the same input to the same lines.") var saveRecipe: String?
    @Option(help: "The model the data is meant for (glm-4-flash, glm-4.5-air, glm-4v, cogview-3 …; an unknown name lists them): a warning, and report.json's model.problems, when the data cannot train on it; its images are billed at its rate.") var model: String?
    @Option(help: "With --model: lora or full; the warning names the method the data needs on that model (default: any the model offers).") var method: String?
    @Option(help: "With --validation: keep rows together whose value of this template over the table's columns agrees ({{customer_id}}; {{file}} is the input file), on top of same and similar records, which always stay together.") var groupBy: String?
    @Option(help: "A tiktoken rank file (GLM-4's tokenizer.model: one 'base64-token rank' a line) for exact token counts instead of the estimate.") var tokenizer: String?
    @Option(help: "A file of words and phrases to keep out of the data, one a line (# comments; re:PATTERN for a regular expression): records holding one are reported as lint.blocklist (any turn, the system prompt too).") var blocklist: String?
    @Option(help: "Reject the records the screening lints flag instead of only reporting them: alone (or 'all') for every lint, or codes separated by commas (lint.refusal,lint.cut_off). lint.repeated_rejected is only reported.") var dropFlagged: String?
    @Flag(help: "Exit with status 1 when any input record is rejected, or when --model cannot train the data.") var strict = false
    @Flag(help: "Print nothing but errors.") var quiet = false

    mutating func run() throws {
        let options: ConvertOptions
        let used: Recipe
        do {
            (options, used) = try makeOptions()
        } catch {
            Console.error("tunekit convert: \(error)")
            throw ExitCode(2)
        }
        if options.images.mode.preparesLocal { AllocatorTuning.apply() }
        let result = try Console.run(progress: Console.showsProgress(quiet: quiet) ? "convert" : nil) { report throws(ConvertError) in
            try ConvertJob(options: options).run(progress: report)
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
                let verb = options.images.mode == .files ? "written to \(options.images.outputFolder ?? ".")/" : "inlined"
                summary += ", \(images.embedded) image\(images.embedded == 1 ? "" : "s") \(verb)"
            }
            if let redactions = result.report.redactions {
                let found = redactions.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
                summary += found.isEmpty ? ", nothing to redact" : ", redacted " + found.joined(separator: ", ")
            }
            if options.outputDirectory != "-" { summary += " → \(options.outputDirectory)/" }
            Console.error(summary)
            for line in result.report.changeLines { Console.error(line) }
            for line in ConvertSummary(report: result.report, width: ConvertSummary.terminalWidth).lines { Console.error(line) }
        }
        if let saveRecipe { try save(used.completed(by: result.report), to: saveRecipe) }
        if result.exitStatus != 0 {
            throw ExitCode(result.exitStatus)
        }
    }

    /// Writes `--save-recipe FILE`: the run's settings as a recipe file.
    private func save(_ recipe: Recipe, to path: String) throws {
        let text = recipe.yamlText(comments: [
            "Saved by tunekit convert --save-recipe: the recipe and flags of a run, with the format and the column",
            "mapping it decided. Relative paths are relative to the working folder. Run it with:",
            "  tunekit convert INPUT --converter \(path) -o out",
        ])
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            Console.error("tunekit convert: --save-recipe \(path): cannot write the file")
            throw ExitCode(2)
        }
        if !quiet { Console.error("recipe saved → \(path)") }
    }

    /// The recipe file (if any) with the flags laid over it; the library parses and checks every value.
    /// Also returns the recipe the run uses (the file's with the flags laid over it), for `--save-recipe`.
    private func makeOptions() throws -> (ConvertOptions, Recipe) {
        let recipe = try converter.map { name throws(RecipeError) in try Recipe.load(nameOrPath: name, folder: converters) } ?? Recipe(origin: .file("-"))
        let flags = try flagRecipe()
        return (try ConvertOptions(inputs: inputs, recipe: recipe, overriding: flags), recipe.overridden(by: flags))
    }

    /// The flags given, as a recipe (flags not given stay `nil`).
    private func flagRecipe() throws(RecipeError) -> Recipe {
        var flags = try Recipe(text: [
            .to: format, .from: from, .output: output,
            .system: system, .user: user, .assistant: assistant, .category: category, .reasoning: reasoning,
            .chosen: chosen, .rejected: rejected, .prompt: prompt, .image: image, .tools: toolsFile,
            .callName: callName, .callArguments: callArguments, .toolResult: toolResult, .profile: profile,
            .sheet: sheet, .dedup: dedup, .validation: validation, .encoding: encoding, .delimiter: delimiter,
            .me: me, .sessionGap: sessionGap, .imageMode: imageMode, .imageRoot: imageRoot,
            .maxImageBytes: maxImageBytes, .datasetInfo: datasetInfo, .dataset: dataset, .dateOrder: dateOrder,
            .imageOut: imageOut, .imageBaseURL: imageBaseUrl, .zipEntryLimit: zipEntryLimit,
            .model: model, .method: method, .tokenizer: tokenizer, .conflicts: conflicts,
            .dedupOn: dedupOn, .clusters: clusters, .groupBy: groupBy,
            .sharedStringsLimit: sharedStringsLimit, .zipTotalLimit: zipTotalLimit, .maxLineBytes: maxLineBytes,
        ])
        for rule in speaker { try flags.addSpeaker(rule) }
        if !against.isEmpty { flags.against = against.joined(separator: ",") }
        flags.headerRow = headerRow
        flags.nearThreshold = nearThreshold
        flags.seed = seed
        flags.maxTurns = maxTurns
        flags.fillMerged = noFillMerged ? false : nil
        flags.skipHiddenRows = skipHiddenRows ? true : nil
        flags.skipHiddenColumns = skipHiddenColumns ? true : nil
        flags.keepEdges = keepEdges ? true : nil
        flags.keepPlaceholders = keepPlaceholders ? true : nil
        flags.groupChat = groupChat ? true : nil
        flags.sheetIndex = sheetIndex
        flags.displayText = displayText ? true : nil
        flags.allowUnused = allowUnused ? true : nil
        flags.redact = redact ? true : nil
        flags.strict = strict ? true : nil
        flags.answerJSON = answerJson ? true : nil
        flags.blocklist = blocklist
        if let dropFlagged { try flags.set(.dropFlagged, text: dropFlagged) }
        try imageFlags.apply(to: &flags)
        return flags
    }
}

extension Convert {
    /// The command line with `all` after a bare `--drop-flagged` (one followed by nothing, another option or an
    /// existing file, the input), so that the flag works alone as well as with codes; any other word after it is
    /// its value, checked as a list of codes.
    static func expandingBareDropFlagged(_ arguments: [String]) -> [String] {
        guard arguments.first == "convert" else { return arguments }
        var result: [String] = []
        for (index, argument) in arguments.enumerated() {
            result.append(argument)
            guard argument == "--drop-flagged" else { continue }
            let next = index + 1 < arguments.count ? arguments[index + 1] : nil
            if let next, !next.hasPrefix("-"), !FileManager.default.fileExists(atPath: next) { continue }
            result.append("all")
        }
        return result
    }
}
