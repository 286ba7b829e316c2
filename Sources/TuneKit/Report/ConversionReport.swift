/// What a conversion did: every input record's outcome counted, with the reasons and the details users
/// check before uploading. Written as `report.json`; the counts always add up:
/// `read == train + validation + duplicates + rejected`.
public struct ConversionReport: Sendable {
    /// Outcome counts.
    public struct Counts: Sendable, Equatable {
        /// Input units read (rows, chat sessions, conversations, JSON items); each ends in exactly one of the
        /// other counts.
        public var read = 0
        /// Records written to the training file(s).
        public var train = 0
        /// Records written to `validation.jsonl`.
        public var validation = 0
        /// Records dropped as duplicates of earlier ones.
        public var duplicates = 0
        /// Inputs that did not become records (in `rejects.jsonl`, each with a reason).
        public var rejected = 0
        /// Of the rejected, records whose prompt matched a held-out evaluation record (`--against`,
        /// `clean.contaminated`): a part of ``rejected``, not a further outcome.
        public var contaminated = 0

        /// Whether the counts add up.
        public var balanced: Bool { read == train + validation + duplicates + rejected }
    }

    /// Facts about one input file.
    public struct Input: Sendable {
        /// The input as the user named it.
        public var file: String
        /// What the importer found: format, encoding, delimiter, sheet, columns, and why.
        public var facts: [(key: String, value: String)]
        /// Blank rows and lines passed over.
        public var skippedBlankRows: Int
        /// What the importer left out of the input or changed in it, by kind (only kinds that occurred).
        public var changes: [InputChange] = []
    }

    /// An output file written.
    public struct OutputSummary: Sendable {
        /// What the file holds: `train`, `validation`, `rejects` or `duplicates`.
        public var role: String
        /// Where the file was written.
        public var path: String
        /// The file name inside the output directory (the report names files relative to it, so that it
        /// does not change with the directory).
        public var name: String { path.split(separator: "/").last.map(String.init) ?? path }
        /// Lines written.
        public var lines: Int
        /// Bytes written.
        public var bytes: Int
        /// Inlined (base64) pictures in the file, when images were inlined.
        public var images: Int? = nil
    }

    /// Pictures read from local files and inlined as base64.
    public struct ImageFacts: Sendable, Equatable {
        /// Pictures inlined into records (a picture several records name counts for each).
        public var embedded = 0
        /// Distinct pictures prepared (a picture several records name is prepared once).
        public var prepared = 0
        /// JPEG bytes of all inlined pictures (their base64 is a third larger).
        public var bytes = 0
        /// Pictures rotated or flipped upright from their EXIF orientation.
        public var turnedUpright = 0
        /// Pictures whose size changed.
        public var resized = 0
        /// Pictures made smaller or re-encoded at lower quality to fit the byte budget.
        public var shrunkForBudget = 0
        /// Pictures converted to sRGB from their embedded colour profile (Adobe RGB, Display P3 …).
        public var colorConverted = 0
        /// The longest base64 payload of one picture.
        public var largestBase64 = 0
        /// Distinct pictures the decoder (libjpeg, libpng) warned about while reading them; each is also a
        /// warning diagnostic (`img.codec_warning`) naming the picture and the first warning.
        public var codecWarnings = 0
    }

    /// The output format written.
    public var format: OutputFormat
    /// Each input file, in order.
    public var inputs: [Input] = []
    /// The template each field used and how it was decided (`given`, `column name`).
    public var mapping: [(field: String, template: String, how: String)] = []
    /// The settings that shape the output (`to`, `dedup`, `validation`, `seed`, `redact`, `image_mode`), typed:
    /// the seed an integer, the validation amount a fraction or a count, switches booleans.
    public var options: [(key: String, value: JSONValue)] = []
    /// Columns of the table inputs that no template used (empty when none, or when no input is a table).
    public var unusedColumns: [String] = []
    /// Every input unit's outcome, counted.
    public var counts = Counts()
    /// Rejected inputs by reason code.
    public var rejectsByReason: [String: Int] = [:]
    /// Rejected inputs by reason, with the first location and message of each and the fix, most frequent first.
    public var rejectReasons: [RejectReason] = []
    /// Records kept (train + validation) per category; records without one are under "".
    public var categories: [String: Int] = [:]
    /// Validation records per category; records without one are under "".
    public var validationCategories: [String: Int] = [:]
    /// Tokens billed for one epoch, estimated, for the training and the validation records.
    public var estimatedTokens = (train: 0, validation: 0)
    /// Whether the token counts are exact (a tokenizer's, ``exactTokens``) rather than estimated.
    public var tokensExact: Bool { exactTokens != nil }
    /// How far an estimate may be off, for people; nil for exact counts.
    public var tokenErrorBar: String? { exactTokens == nil ? TokenEstimator.errorBar : nil }
    /// The lengths of the kept records' texts, by role.
    public var lengths = RoleLengths()
    /// The largest groups of duplicates (at most 20), largest first.
    public var duplicateClusters: [DuplicateCluster] = []
    /// The first training line, for people to look at.
    public var sample: ReportSample?
    /// The files written.
    public var outputs: [OutputSummary] = []
    /// Warnings and notes about the run.
    public var warnings: [Diagnostic] = []
    /// Personal data replaced, by kind (`phone`, `email`, `id_number`, `bank_card`), when redaction was asked for.
    public var redactions: [String: Int]?
    /// What happened to inlined pictures, with `--image-mode base64`.
    public var images: ImageFacts?
    /// Of the duplicates, those dropped as similar rather than equal (`--dedup near`).
    public var nearDuplicates: Int?
    /// The split's leakage audit (with `--validation`): train and validation records with similar user text.
    public var leakage: LeakageReport?
    /// Tokens each image counts as in the estimate (0 for text formats).
    public var imageTokens = 0
    /// Prompts answered in more than one way (`--conflicts`); nil when there were none.
    public var conflicts: ConflictFacts?
    /// What `--against` found; nil without it.
    public var contamination: ContaminationFacts?
    /// The model checked (`--model`) and what stops the data from training on it.
    public var model: ModelCheck?
    /// How tokens were counted exactly (`--tokenizer`); nil for the estimate.
    public var exactTokens: String?
    /// What the screening lints found, in their registry order (those that found nothing left out).
    public var lints: [LintSummary] = []

    /// Creates an empty report.
    public init(format: OutputFormat) {
        self.format = format
    }

    /// One line per input and action naming every kind of thing left out, repaired or adapted, for the console:
    /// `chat.csv: dropped picture messages (WeChat type 3): 1 (first at chat.csv:4); stickers (WeChat type 47): 2`.
    public var changeLines: [String] {
        inputs.flatMap { input in
            [InputChange.Action.dropped, .repaired, .adapted].compactMap { action in
                let changes = input.changes.filter { $0.action == action && $0.count > 0 }
                guard !changes.isEmpty else { return nil }
                return "\(input.file): \(action.rawValue) " + changes.map { $0.description(in: input.file) }.joined(separator: "; ")
            }
        }
    }

    /// The version of the report's layout (`report.schema.json`): 2 has typed numbers and booleans.
    public static let schemaVersion = 2

    /// Input facts whose values are text even when they look like numbers (a sheet named `2024`).
    private static let textFacts: Set<String> = [
        "format", "importer", "recognised", "encoding", "encoding_reason", "delimiter", "delimiter_reason", "columns", "sheet",
        "sheets", "sheet_chosen_by", "session_gap", "session_breaks", "dialect",
    ]

    /// A fact's value: counts (a whole decimal number under any other key) as JSON integers, the rest as strings.
    static func factValue(key: String, _ value: String) -> JSONValue {
        guard !textFacts.contains(key), !value.isEmpty, value.utf8.count <= 18,
              value.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
              value == "0" || value.utf8.first != 0x30 else { return .string(value) }
        return .number(value)
    }

    /// The report as JSON, in a stable key order (`report.schema.json` describes it).
    public var json: JSONValue {
        var root = JSONObject()
        root["schema_version"] = .int(Self.schemaVersion)
        root["format"] = .string(format.rawValue)
        root["inputs"] = .array(inputs.map { input in
            var object = JSONObject()
            object["file"] = .string(input.file)
            for fact in input.facts { object[fact.key] = Self.factValue(key: fact.key, fact.value) }
            object["blank_rows_skipped"] = .int(input.skippedBlankRows)
            if !input.changes.isEmpty { object["changes"] = .array(input.changes.map(\.json)) }
            return .object(object)
        })
        var mappingObject = JSONObject()
        for entry in mapping {
            mappingObject[entry.field] = .object(["template": .string(entry.template), "how": .string(entry.how)])
        }
        root["mapping"] = .object(mappingObject)
        root["unused_columns"] = .array(unusedColumns.map { .string($0) })
        var optionsObject = JSONObject()
        for option in options { optionsObject[option.key] = option.value }
        root["options"] = .object(optionsObject)
        root["counts"] = .object([
            "read": .int(counts.read),
            "train": .int(counts.train),
            "validation": .int(counts.validation),
            "duplicates": .int(counts.duplicates),
            "rejected": .int(counts.rejected),
        ])
        if let nearDuplicates { root["near_duplicates"] = .int(nearDuplicates) }
        if let conflicts { root["conflicts"] = conflicts.json }
        if let contamination {
            if case .object(var object) = root["counts"] {
                object["contaminated"] = .int(counts.contaminated)
                root["counts"] = .object(object)
            }
            root["contamination"] = contamination.json
        }
        if let leakage { root["leakage"] = leakage.json }
        var reasons = JSONObject()
        for (reason, count) in rejectsByReason.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
            reasons[reason] = .int(count)
        }
        root["rejects_by_reason"] = .object(reasons)
        root["reject_reasons"] = .array(rejectReasons.map(\.json))
        let kept = counts.train + counts.validation
        var categoryObject = JSONObject()
        for (name, count) in categories.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
            let share = kept == 0 ? 0 : Double(count) / Double(kept)
            categoryObject[name.isEmpty ? "(none)" : name] = .object([
                "records": .int(count),
                "share": .number(Self.format(share)),
                "validation": .int(validationCategories[name] ?? 0),
            ])
        }
        root["categories"] = .object(categoryObject)
        if let redactions {
            var object = JSONObject()
            for (kind, count) in redactions.sorted(by: { $0.key < $1.key }) { object[kind] = .int(count) }
            root["redactions"] = .object(object)
        }
        if let images {
            root["images"] = .object([
                "embedded": .int(images.embedded),
                "prepared": .int(images.prepared),
                "jpeg_bytes": .int(images.bytes),
                "turned_upright": .int(images.turnedUpright),
                "resized": .int(images.resized),
                "shrunk_for_budget": .int(images.shrunkForBudget),
                "color_converted": .int(images.colorConverted),
                "largest_base64": .int(images.largestBase64),
                "codec_warnings": .int(images.codecWarnings),
            ])
        }
        var tokens: JSONObject = [
            "train": .int(estimatedTokens.train),
            "validation": .int(estimatedTokens.validation),
            "method": .string(tokenMethod),
            "exact": .bool(tokensExact),
        ]
        if let tokenErrorBar { tokens["error_bar"] = .string(tokenErrorBar) }
        tokens["train_estimate"] = .int(estimatedTokens.train)
        tokens["validation_estimate"] = .int(estimatedTokens.validation)
        root["tokens"] = .object(tokens)
        if let model { root["model"] = model.json }
        var lengthsObject = JSONObject()
        for (role, histogram) in lengths.present { lengthsObject[role.rawValue] = histogram.json }
        root["lengths"] = .object(lengthsObject)
        root["duplicate_clusters"] = .array(duplicateClusters.map(\.json))
        if let sample { root["sample"] = sample.json }
        root["files"] = .array(outputs.map { output in
            var object: JSONObject = [
                "name": .string(output.name), "role": .string(output.role),
                "lines": .int(output.lines), "bytes": .int(output.bytes),
            ]
            if let images = output.images { object["images"] = .int(images) }
            return .object(object)
        })
        root["warnings"] = .array(warnings.map { warning in
            var object = JSONObject()
            object["severity"] = .string(warning.severity.rawValue)
            object["code"] = .string(warning.code)
            object["message"] = .string(warning.message)
            return .object(object)
        })
        root["lints"] = .array(lints.map(\.json))
        return .object(root)
    }

    /// How the token counts were made: the tokenizer (``exactTokens``) or the heuristic, and how images count.
    public var tokenMethod: String {
        (exactTokens ?? TokenEstimator.method)
            + (imageTokens > 0 ? "; each image \(imageTokens) tokens (the platform's billing), not its URL"
                + format.unit.billingNote : "")
    }

    static func format(_ value: Double) -> String {
        let scaled = (value * 10_000).rounded() / 10_000
        var text = String(scaled)
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }
}

/// The prompts of a run answered in more than one way (the same normalised prompt, different answers).
public struct ConflictFacts: Sendable, Hashable {
    /// Prompts with more than one answer.
    public var count: Int
    /// Records whose answer differs from the first answer of their prompt.
    public var records: Int
    /// The first conflicts (at most 20), one per prompt.
    public var examples: [ConflictExample]

    var json: JSONValue {
        .object([
            "count": .int(count),
            "records": .int(records),
            "examples": .array(examples.map { .object(["first": .string($0.first.description), "other": .string($0.other.description)]) }),
        ])
    }
}
