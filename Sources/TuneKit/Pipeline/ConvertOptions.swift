/// Everything a conversion needs, as the command line or a recipe gives it.
public struct ConvertOptions: Sendable {
    /// Duplicate handling.
    public enum DedupMode: String, Sendable, CaseIterable {
        /// Drop records whose normalised content equals an earlier record's.
        case exact
        /// Also drop records whose text is similar to an earlier record's (MinHash estimate of the
        /// Jaccard similarity of shingles — character bigrams of CJK text, words of other text — at least ``ConvertOptions/nearThreshold``).
        case near
        /// Keep everything.
        case none
    }

    /// Records with the same normalised prompt and different answers.
    public enum ConflictMode: String, Sendable, CaseIterable {
        /// Write them all; the report and a warning name the first conflicts.
        case keep
        /// Keep the first answer of each prompt; reject the later records that answer it otherwise (`clean.conflict`).
        case first
        /// Reject every record of a prompt answered in more than one way: a first pass over the inputs finds those
        /// prompts, the second writes the rest (standard input cannot be read twice and is refused).
        case drop
    }

    /// Input kinds read by `convert` (the values of `--from`).
    public enum InputKind: String, Sendable, CaseIterable {
        /// Comma-separated values (the delimiter is detected; `sep=;` and `--delimiter` set it).
        case csv
        /// Tab-separated values, as Excel's "Unicode text" export writes them.
        case tsv
        /// Records already in the platform's JSONL shapes.
        case jsonl
        /// Excel 2003 XML ("XML Spreadsheet").
        case spreadsheetml
        /// Flat OpenDocument spreadsheet (one XML file).
        case fods
        /// OpenDocument spreadsheet (zipped).
        case ods
        /// Office Open XML workbook (Excel, WPS).
        case xlsx
        /// A plain chat transcript: `[timestamp] speaker: text` lines, timestamps in many date styles.
        case transcript
        /// A `.json` array of records: Alpaca, ShareGPT, or the platform's own shapes.
        case json
        /// The WeChat chat-history CSV export; detected from a CSV's columns too.
        case wechat
        /// A Telegram Desktop `result.json` export; a `.json` object is read as one.
        case telegram
        /// The ChatGPT data export's `conversations.json`; recognised in a `.json` too.
        case chatgpt
        /// A WhatsApp "Export chat" text file; recognised in a `.txt` too.
        case whatsapp
        /// ShareGPT records (LLaMA-Factory's `sharegpt` formatting) in JSONL or a `.json` array; every record
        /// must be one (others are rejected). Recognised from the keys too.
        case sharegpt
        /// Alpaca records (`instruction` / `input` / `output`) in JSONL or a `.json` array; every record must be
        /// one. Recognised from the keys too.
        case alpaca
    }

    /// Input files (`-` for standard input).
    public var inputs: [String]
    /// The kind of every input (`--from`); when `nil`, each input is recognised from its first bytes, the
    /// extension only breaking near-ties (see `Importers`).
    public var inputKind: InputKind?
    /// The output format (`--to`).
    public var format: OutputFormat
    /// The output directory; `-` writes training lines to standard output.
    public var outputDirectory: String
    /// How table columns become records (`--system`, `--user`, `--assistant` …).
    public var mapping: MappingSpec
    /// Duplicate handling (`--dedup`).
    public var dedup: DedupMode
    /// The estimated Jaccard similarity of shingles at which `near` drops a record.
    public var nearThreshold = 0.8
    /// The validation split; `nil` for none.
    public var validation: SplitPlanner.Amount?
    /// The seed of the validation split: the same inputs and seed always split the same way.
    public var seed: UInt64
    /// Forces the input encoding.
    public var encoding: TextEncoding?
    /// Forces the CSV delimiter.
    public var delimiter: UInt8?
    /// Treat any reject as a failure (exit status 1).
    public var strict: Bool
    /// Sheet choice, header row, merged cells and hidden rows for workbooks.
    public var sheet = SheetOptions()
    /// The platform whose limits and dialects apply.
    public var profile: PlatformProfile = .bigModel
    /// Sessions, roles and windows for chat logs.
    public var chatLog = ChatLogOptions()
    /// Replace phone numbers, e-mail addresses, ID numbers and bank card numbers with placeholders
    /// (see ``Redactor``).
    public var redact = false
    /// Images: kept as URLs, or local files inlined as base64 (``ImageEmbedding``).
    public var images = ImageEmbedding()
    /// Whether rows may take the byte-level fast lane (same output; off only to test that claim).
    package var useFastLane = true
    /// Records whose values of this template over a table's columns agree stay on one side of the validation
    /// split (`--group-by`); `{{file}}` is the input file. Rows then take the general path, not the byte lane.
    public var groupBy: FieldTemplate?
    /// A LLaMA-Factory `dataset_info.json` whose entry ``dataset`` says how JSON and JSONL records are laid out
    /// (`--dataset-info`); its `file_name` is the input when none is given.
    public var datasetInfo: String?
    /// The entry of ``datasetInfo`` to read (`--dataset`).
    public var dataset: String?
    /// How WhatsApp exports write their dates (`--date-order`); `nil` decides it from the file.
    public var dateOrder: WhatsAppDateOrder?
    /// Reject a record whose answer is not valid JSON (`--answer-json`).
    public var answerJSON = false
    /// The model the data is meant for (`--model`): the report says what stops the data from training on it,
    /// and its images are billed at its rate.
    public var model: ModelCatalog.Model?
    /// How ``model`` is to be trained (`--method`); nil checks against any method the model offers.
    public var method: ModelCatalog.Method?
    /// Exact token counts with this tokenizer (`--tokenizer`) instead of the estimate.
    public var tokenizer: Tokenizer?
    /// What to do with records whose prompt an earlier record answered differently (`--conflicts`). Nil (not
    /// given): conflicts are looked for, and kept, only when de-duplication is on (``dedup`` not `none`), whose
    /// content fingerprint gives the prompt's hash in the same pass; with `--dedup none` the check is off unless
    /// asked for.
    public var conflicts: ConflictMode?

    /// Held-out evaluation files (`--against`, any of the platform's JSONL formats): a record whose prompt (its
    /// normalised user text) equals or is near (``nearThreshold``) one of theirs is rejected as `clean.contaminated`.
    public var against: [String] = []

    /// What the conflict check does, or nil when it is off (``conflicts``).
    public var conflictCheck: ConflictMode? {
        conflicts ?? (dedup == .none ? nil : .keep)
    }
    /// Which text the duplicate key (exact and near) is computed on (`--dedup-on`).
    public var dedupOn = DedupOn.conversation
    /// Where every duplicate cluster is written, one JSON line each (`--clusters`); nil: not written.
    public var clustersPath: String?
    /// Words, phrases and regular expressions to keep out of the data (`--blocklist FILE`), found by `lint.blocklist`.
    package var blocklist: Blocklist?
    /// Codes of the screening lints whose findings become rejects (`--drop-flagged`); empty: they are reported only.
    public var dropFlagged: Set<String> = []
    /// The longest line (JSONL, transcript, chat log), CSV field or workbook cell read, in bytes
    /// (`--max-line-bytes`); a longer one is refused naming its file and line.
    public var maxLineBytes = InputLimits.defaultMaxLineBytes

    /// Creates options with the documented defaults.
    public init(inputs: [String], inputKind: InputKind? = nil, format: OutputFormat = .chat,
                outputDirectory: String = "out", mapping: MappingSpec = MappingSpec(), dedup: DedupMode = .exact,
                validation: SplitPlanner.Amount? = nil, seed: UInt64 = 42, encoding: TextEncoding? = nil,
                delimiter: UInt8? = nil, strict: Bool = false) {
        self.inputs = inputs
        self.inputKind = inputKind
        self.format = format
        self.outputDirectory = outputDirectory
        self.mapping = mapping
        self.dedup = dedup
        self.validation = validation
        self.seed = seed
        self.encoding = encoding
        self.delimiter = delimiter
        self.strict = strict
    }
}
