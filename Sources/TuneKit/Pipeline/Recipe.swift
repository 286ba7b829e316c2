import TuneKitImages

/// A conversion recipe: the settings of one `convert` run under the same names as its flags, typed.
///
/// A recipe file is YAML whose keys are the flags' names in snake_case (`--call-name` is `call_name`,
/// `--no-fill-merged` is `fill_merged: false`); ``Recipe/load(nameOrPath:folder:environment:)`` reads one by path or by
/// name, and the bundled recipes of the package's `Converters/` folder are built in. The command line builds a
/// second recipe from its flags and ``ConvertOptions/init(inputs:recipe:overriding:)`` lays it over the file's:
/// flags given on the command line win.
///
/// ```yaml
/// description: Customer-service FAQ sheet → chat
/// to: chat
/// user: "{{问题}}"
/// assistant: "{{答案}}"
/// category: "{{类别}}"
/// validation: 0.1
/// ```
///
/// ```swift
/// let recipe = try Recipe.load(nameOrPath: "customer-service-faq")
/// var flags = Recipe(origin: .flags)
/// flags.validation = .count(50)
/// let options = try ConvertOptions(inputs: ["faq.csv"], recipe: recipe, overriding: flags)
/// let result = try ConvertJob(options: options).run()
/// ```
///
/// Every field is optional: `nil` means "not given here" (the other recipe's value, or the default).
public struct Recipe: Sendable, Equatable {
    /// Where a recipe came from; errors name its keys the way that source spells them.
    public enum Origin: Sendable, Equatable {
        /// Command-line flags: errors name `--flag`.
        case flags
        /// A YAML file at this path: errors name the file and the key.
        case file(String)
        /// A recipe built into TuneKit, by name.
        case bundled(String)
    }

    /// A chat-log speaker's role: `user`, `assistant`, or `nil` to leave the speaker's messages out.
    public struct Speaker: Sendable, Equatable {
        /// The name as the log writes it.
        public var name: String
        /// `user`, `assistant`, or `nil` to leave the speaker's messages out.
        public var role: Role?

        /// Creates a speaker rule.
        public init(name: String, role: Role?) {
            self.name = name
            self.role = role
        }
    }

    /// When a silence in a chat log starts a new session.
    public enum SessionGap: Sendable, Equatable {
        /// After a silence of more than this many seconds.
        case seconds(Int64)
        /// Never: one session per log.
        case never
    }

    /// A picture size in pixels (`--crop`, `--pad`).
    public struct Size: Sendable, Equatable {
        /// Pixels across.
        public var width: Int
        /// Pixels down.
        public var height: Int

        /// Creates a size.
        public init(width: Int, height: Int) {
            self.width = width
            self.height = height
        }
    }

    /// Where this recipe came from (not a key).
    public var origin: Origin

    /// Free text saying what the recipe is for.
    public var description: String?
    /// `to`: the output format.
    public var format: OutputFormat?
    /// `from`: the kind of every input.
    public var inputKind: ConvertOptions.InputKind?
    /// `output`: the output folder, or `-` for standard output.
    public var output: String?

    /// `system`: template of the system prompt (also the system prompt of chat-log conversations).
    public var system: String?
    /// `user`: template of the user turn.
    public var user: String?
    /// `assistant`: template of the assistant reply.
    public var assistant: String?
    /// `category`: template of the category label (report and stratified split).
    public var category: String?
    /// `reasoning`: template of the assistant's reasoning (thinking).
    public var reasoning: String?
    /// `chosen`: template of the preferred reply (dpo).
    public var chosen: String?
    /// `rejected`: template of the rejected reply (dpo).
    public var rejected: String?
    /// `prompt`: template of the image prompt (image-gen).
    public var prompt: String?
    /// `image`: template of the image URL or path (image-gen, vision).
    public var image: String?
    /// `call_name`: template of the called function's name (tools).
    public var callName: String?
    /// `call_arguments`: template of the call arguments, rendering to a JSON object (tools).
    public var callArguments: String?
    /// `tool_result`: template of the tool's result (tools).
    public var toolResult: String?
    /// `tools`: the file of function definitions (a JSON array), relative to the working folder.
    public var tools: String?
    /// `profile`: a platform profile (JSON) instead of the built-in BigModel limits.
    public var profile: String?

    /// `sheet`: the sheet to read, by name or 1-based position.
    public var sheet: SheetOptions.Selector?
    /// `header_row`: the 1-based row holding the column names.
    public var headerRow: Int?
    /// `fill_merged`: copy a merged cell's value into every cell of the merge (`--no-fill-merged` is `false`).
    public var fillMerged: Bool?
    /// `skip_hidden_rows`: leave hidden rows out.
    public var skipHiddenRows: Bool?
    /// `skip_hidden_columns`: leave hidden columns out.
    public var skipHiddenColumns: Bool?

    /// `dedup`: exact, near or none.
    public var dedup: ConvertOptions.DedupMode?
    /// `near_threshold`: the similarity at which `near` drops a record (0…1).
    public var nearThreshold: Double?
    /// `validation`: the validation split, a fraction or a count.
    public var validation: SplitPlanner.Amount?
    /// `seed`: the seed of the split.
    public var seed: UInt64?
    /// `strict`: any reject fails the run (exit status 1).
    public var strict: Bool?
    /// `redact`: replace personal data with placeholders.
    public var redact: Bool?

    /// `encoding`: the input encoding (detected when `nil`).
    public var encoding: TextEncoding?
    /// `delimiter`: the CSV delimiter byte (`tab` or one ASCII character; detected when `nil`).
    public var delimiter: UInt8?

    /// `speaker`: speaker roles, in order (a later rule for a name wins).
    public var speakers: [Speaker]?
    /// `me`: the speaker who answers.
    public var me: String?
    /// `session_gap`: when a silence starts a new session.
    public var sessionGap: SessionGap?
    /// `max_turns`: the most exchanges per example.
    public var maxTurns: Int?
    /// `keep_edges`: keep a session's leading assistant turn and trailing user turn.
    public var keepEdges: Bool?
    /// `keep_placeholders`: keep placeholder messages (`<Media omitted>`, `[图片]` …) instead of dropping them.
    public var keepPlaceholders: Bool?
    /// `group_chat`: a change of the asking speaker does not start a session in a transcript.
    public var groupChat: Bool?
    /// `sheet_index`: the sheet to read by 1-based position, whatever the sheets are named (not with `sheet`).
    public var sheetIndex: Int?
    /// `display_text`: read workbook numbers as their cells show them (``SheetOptions/displayText``).
    public var displayText: Bool?
    /// `zip_entry_limit`: the most bytes one entry of an XLSX or ODS package may inflate to
    /// (``SheetOptions/zipEntryLimit``).
    public var zipEntryLimit: Int?
    /// `shared_strings_limit`: the most an XLSX shared-strings table may hold (``SheetOptions/sharedStringsLimit``).
    public var sharedStringsLimit: Int?
    /// `zip_total_limit`: the most bytes one workbook's parts may inflate to together (``SheetOptions/zipTotalLimit``).
    public var zipTotalLimit: Int?
    /// `max_line_bytes`: the longest line, field or cell an input may hold (``ConvertOptions/maxLineBytes``).
    public var maxLineBytes: Int?
    /// `allow_unused`: a column named for another format's field that no template reads is a warning (the
    /// column is dropped) instead of an error.
    public var allowUnused: Bool?

    /// `image_mode`: URLs as given, or local pictures inlined as base64.
    public var imageMode: ImageEmbedding.Mode?
    /// `image_root`: the folder local picture paths resolve under (relative to the working folder; default: each input's folder).
    public var imageRoot: String?
    /// `max_image_bytes`: the most base64 characters one inlined picture may take.
    public var maxImageBytes: Int?
    /// `max_side`: fit pictures within this many pixels per side.
    public var maxSide: Int?
    /// `max_pixels`: fit pictures within this many pixels in all.
    public var maxPixels: Int?
    /// `crop`: centre-crop to exactly this size.
    public var crop: Size?
    /// `pad`: fit within this size and pad with the background.
    public var pad: Size?
    /// `upscale`: allow enlarging small pictures.
    public var upscale: Bool?
    /// `linear_light`: resample in linear light.
    public var linearLight: Bool?
    /// `background`: the colour transparency and padding become.
    public var background: RGBColor?
    /// `quality`: JPEG quality, 1–100.
    public var quality: Int?
    /// `min_quality`: the lowest JPEG quality a byte budget may use.
    public var minQuality: Int?
    /// `subsampling`: JPEG chroma subsampling.
    public var subsampling: JPEGCodec.Subsampling?
    /// `max_input_pixels`: refuse pictures whose header declares more pixels.
    public var maxInputPixels: Int?
    /// `accept_truncated`: prepare JPEGs whose data ends early (the missing part gray) or is corrupt (the damaged part
    /// as libjpeg guesses it) instead of refusing them (`img.truncated`, `img.corrupt_data`).
    public var acceptTruncated: Bool?
    /// `jobs`: threads preparing pictures.
    public var jobs: Int?

    /// The sample input a bundled recipe ships with (documentation only).
    public var sample: String?
    /// `date_order`: how WhatsApp exports write their dates (decided from the file when `nil`).
    public var dateOrder: WhatsAppDateOrder?

    /// `dataset_info`: a LLaMA-Factory `dataset_info.json` describing JSON/JSONL records (relative to the working folder).
    public var datasetInfo: String?
    /// `dataset`: the entry of `dataset_info` to read.
    public var dataset: String?
    /// `image_out`: with `image_mode: files`, the folder prepared pictures are written to.
    public var imageOut: String?
    /// `image_base_url`: with `image_mode: files`, the http(s) URL `image_out` is served at.
    public var imageBaseURL: String?
    /// `model`: the model the data is meant for (``ModelCatalog``); checked when the options are made.
    public var model: String?
    /// `method`: how that model is trained, LoRA or full-parameter.
    public var method: ModelCatalog.Method?
    /// `tokenizer`: a tiktoken rank file (GLM-4's `tokenizer.model`) for exact token counts.
    public var tokenizer: String?
    /// `group_by`: a template over a table's columns (`{{customer_id}}`, `{{file}}` for the input file); records
    /// whose values agree fall on the same side of the validation split.
    public var groupBy: String?

    /// `answer_json`: reject a record whose answer (the last assistant reply; both replies for dpo) is not
    /// valid JSON, with the reason `map.answer_not_json`.
    public var answerJSON: Bool?

    /// `conflicts`: records with the same prompt and different answers — keep, first or drop.
    public var conflicts: ConvertOptions.ConflictMode?

    /// `against`: held-out evaluation JSONL files, comma-separated; records whose prompt equals or resembles one
    /// of theirs are rejected as `clean.contaminated`.
    public var against: String?
    /// `dedup_on`: which text the duplicate key (exact and near) is computed on.
    public var dedupOn: DedupOn?
    /// `clusters`: the file every duplicate cluster is written to, one JSON line each.
    public var clusters: String?
    /// `blocklist`: a file of words, phrases and `re:` regular expressions to keep out of the data (`Blocklist`);
    /// records holding one are reported under `lint.blocklist`.
    public var blocklist: String?
    /// `drop_flagged`: reject the records the screening lints flag — `all`, or codes separated by commas
    /// (`lint.refusal,lint.cut_off`) — instead of only reporting them.
    public var dropFlagged: String?

    /// An empty recipe: nothing given.
    public init(origin: Origin = .flags) {
        self.origin = origin
    }
}
