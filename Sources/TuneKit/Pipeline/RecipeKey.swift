extension Recipe {
    /// A recipe key: the YAML spelling (snake_case) of a `convert` flag.
    public enum Key: String, Sendable, CaseIterable, CodingKey {
        /// The recipe's description; `--to`, `--from`, `-o`, `--allow-unused`.
        case description, to, from, output, allowUnused = "allow_unused"
        /// Field templates (`--system` … `--image`).
        case system, user, assistant, category, reasoning, chosen, rejected, prompt, image
        /// Function-calling templates (`--call-name`, `--call-arguments`, `--tool-result`).
        case callName = "call_name", callArguments = "call_arguments", toolResult = "tool_result"
        /// `--tools FILE` and `--profile FILE`.
        case tools, profile
        /// Workbook settings (``SheetOptions``).
        case sheet, headerRow = "header_row", fillMerged = "fill_merged"
        /// Hidden rows and columns of a workbook.
        case skipHiddenRows = "skip_hidden_rows", skipHiddenColumns = "skip_hidden_columns"
        /// Cleaning, the split and strictness.
        case dedup, nearThreshold = "near_threshold", validation, seed, strict, redact
        /// Text input: `--encoding`, `--delimiter`.
        case encoding, delimiter
        /// Chat logs (``ChatLogOptions``).
        case speaker, me, sessionGap = "session_gap", maxTurns = "max_turns", keepEdges = "keep_edges"
        /// Images (``ImageEmbedding``).
        case imageMode = "image_mode", imageRoot = "image_root", maxImageBytes = "max_image_bytes"
        /// Picture geometry.
        case maxSide = "max_side", maxPixels = "max_pixels", crop, pad, upscale, linearLight = "linear_light"
        /// Picture encoding and limits.
        case background, quality, minQuality = "min_quality", subsampling, maxInputPixels = "max_input_pixels"
        /// Damaged pictures.
        case acceptTruncated = "accept_truncated"
        /// Pictures prepared in parallel.
        case jobs
        /// A recipe's sample input (a file only).
        case sample
        /// A LLaMA-Factory `dataset_info.json` and the entry of it to read (`--dataset-info`, `--dataset`).
        case datasetInfo = "dataset_info", dataset
        /// WhatsApp exports: the order of day, month and year (`--date-order`).
        case dateOrder = "date_order"
        /// Chat logs: keep placeholder messages; a group chat (no session per customer).
        case keepPlaceholders = "keep_placeholders", groupChat = "group_chat"
        /// Workbooks: a sheet by position (`--sheet-index`); numbers as their cells show them (`--display-text`).
        case sheetIndex = "sheet_index", displayText = "display_text"
        /// `--image-mode files`: the folder prepared pictures are written to, and the URL it is served at.
        case imageOut = "image_out", imageBaseURL = "image_base_url"
        /// Workbooks: the most bytes one zip entry may inflate to (`--zip-entry-limit`).
        case zipEntryLimit = "zip_entry_limit"
        /// The answer must be valid JSON (`--answer-json`): extraction recipes.
        case answerJSON = "answer_json"
        /// The model the data is meant for and its training method (`--model`, `--method`); a tokenizer rank
        /// file for exact token counts (`--tokenizer`).
        case model, method, tokenizer
        /// The same prompt with different answers: keep both, keep the first or drop all (`--conflicts`).
        case conflicts
        /// Held-out evaluation files whose prompts are kept out of train and validation (`--against`).
        case against
        /// Which text the duplicate key is computed on (`--dedup-on`); every duplicate cluster written to a file
        /// (`--clusters`).
        case dedupOn = "dedup_on", clusters
        /// Records the validation split keeps together: a template over a table's columns (`--group-by`).
        case groupBy = "group_by"
        /// Screening: a blocklist file (`--blocklist`); the lints whose findings become rejects (`--drop-flagged`).
        case blocklist, dropFlagged = "drop_flagged"
        /// Limits: what an XLSX shared-strings table may hold (`--shared-strings-limit`), what one workbook's parts
        /// may inflate to together (`--zip-total-limit`), the longest line, field or cell read (`--max-line-bytes`).
        case sharedStringsLimit = "shared_strings_limit", zipTotalLimit = "zip_total_limit", maxLineBytes = "max_line_bytes"

        /// The command-line flag this key stands for (`--call-name`, `--no-fill-merged`); `nil` for the
        /// keys only a file holds (`description`, `sample`).
        public var flag: String? {
            switch self {
            case .description, .sample: return nil
            case .fillMerged: return "--no-fill-merged"
            default: return "--" + rawValue.replacingOccurrences(of: "_", with: "-")
            }
        }

        /// What the key takes, for messages.
        public var accepted: String {
            switch self {
            case .to: return OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")
            case .from: return ConvertOptions.InputKind.allCases.map(\.rawValue).joined(separator: ", ")
            case .dedup: return "exact, near or none"
            case .nearThreshold: return "a number between 0 and 1 (e.g. 0.8)"
            case .dedupOn: return "user or conversation"
            case .validation: return "a fraction (0.1, 10%) or a whole count (50)"
            case .seed: return "a whole number"
            case .encoding: return "utf-8, utf-16le, utf-16be, gbk, gb18030 or big5"
            case .delimiter: return "one ASCII character or 'tab'"
            case .speaker: return "NAME=user, NAME=assistant or NAME=skip"
            case .sessionGap: return "a duration such as 30m, 2h or 90s, or none"
            case .maxTurns, .headerRow, .jobs, .sheetIndex: return "a number from 1"
            case .imageMode: return "url, base64 or files"
            case .imageBaseURL: return "an http(s) URL such as https://cdn.example.com/pictures"
            case .dateOrder: return "dmy, mdy or ymd"
            case .model: return ModelCatalog.builtIn.names.joined(separator: ", ")
            case .dropFlagged: return LintRegistry.accepted
            case .method: return "lora or full"
            case .maxImageBytes: return "a size in bytes such as 500000, 500k or 5M"
            case .zipEntryLimit: return "a size in bytes such as 512M or 3G, at most 4G"
            case .sharedStringsLimit: return "a size in bytes such as 512M or 2G, at most 4G"
            case .zipTotalLimit, .maxLineBytes: return "a size in bytes such as 512M or 2G"
            case .maxSide, .maxPixels, .maxInputPixels: return "a positive number of pixels"
            case .crop, .pad: return "WIDTHxHEIGHT such as 512x512"
            case .background: return "white, black or #RRGGBB"
            case .quality, .minQuality: return "1 to 100"
            case .subsampling: return "4:2:0 or 4:4:4"
            case .conflicts: return "keep, first or drop"
            case .against: return "JSONL files, comma-separated"
            case .fillMerged, .skipHiddenRows, .skipHiddenColumns, .strict, .redact, .keepEdges, .upscale, .linearLight, .acceptTruncated, .allowUnused,
                 .keepPlaceholders, .groupChat, .displayText, .answerJSON:
                return "true or false"
            default: return "text"
            }
        }
    }

    /// How this recipe's source names `key` in a message: `--validation` for flags, `validation` for a file.
    public func name(of key: Key) -> String {
        if case .flags = origin, let flag = key.flag { return flag }
        return key.rawValue
    }

    /// An error about `key` of this recipe: `message` follows its name (`--max-turns takes a number from 1`).
    func failure(_ key: Key, _ message: String, _ problem: RecipeError.Problem = .invalidValue) -> RecipeError {
        RecipeError(problem, key: key, origin: origin, message: name(of: key) + " " + message)
    }

    /// The refusal of `text` for `key`, naming what the key takes.
    func refusal(_ key: Key, _ text: String) -> RecipeError {
        let name = name(of: key)
        let message: String
        switch key {
        case .to: message = "unknown format '\(text)' for \(name); this version writes: \(key.accepted)"
        case .from: message = "unknown input kind '\(text)' for \(name); this version reads: \(key.accepted)"
        case .encoding: message = "unknown encoding '\(text)' for \(name) (try \(key.accepted))"
        default: message = "\(name) takes \(key.accepted), not '\(text)'"
        }
        return RecipeError(.invalidValue, key: key, origin: origin, message: message)
    }
}
