/// Keeps a held-out evaluation set out of the training data (`--against EVAL.jsonl`): it reads the evaluation
/// records (any of the platform's JSONL formats, through ``JSONLRecordReader``), remembers each one's prompt — the
/// normalised user text — as a 64-bit hash and as a MinHash signature in a ``NearDuplicateIndex``, and tells a
/// training record whose prompt equals one of them, or is near it (estimated Jaccard similarity at least the
/// threshold), which evaluation record it matches.
///
/// The prompt of a record is the text of its user turns, joined by a line break: a chat or vision record's user
/// text, a DPO record's input messages, an image-generation record's prompt. The byte lane gives the user turn's
/// bytes (``check(user:)``), the general path the record (``check(_:)``); for a one-turn record both are the same
/// text. The evaluation side is held in memory (about 600 bytes per evaluation record: its signature, its hash and
/// its location); the training side costs a normalisation and a signature per record, only with `--against`.
struct ContaminationGuard {
    /// The evaluation record a training record matches.
    struct Match: Sendable, Equatable {
        /// Where the evaluation record is (`eval.jsonl:12`).
        var location: SourceLocation
        /// The estimated similarity for a near match; nil for an exact one.
        var similarity: Double?

        /// `eval.jsonl:12, exact` or `eval.jsonl:12, similar 0.91`.
        var description: String {
            guard let similarity else { return "\(location), exact" }
            return "\(location), similar \(Self.twoPlaces(similarity))"
        }

        static func twoPlaces(_ value: Double) -> String {
            let hundredths = Int((value * 100).rounded(.down))
            return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
        }
    }

    /// The evaluation files, as given.
    let files: [String]
    /// Evaluation records with a prompt.
    private(set) var count = 0
    private var exact: [UInt64: Int32] = [:]
    private var near: NearDuplicateIndex
    /// Signatures and locations by the near index's ordinals.
    private var signatures: [NearDuplicateIndex.Signature] = []
    private var nearLocations: [SourceLocation] = []
    private var locations: [SourceLocation] = []
    private var scratch: [UInt8] = []
    /// What was rejected so far.
    private var facts = ContaminationFacts()

    /// Reads the evaluation files; a file that cannot be read, or holds no record with a prompt, is an error
    /// naming it (a check against nothing would pass everything silently).
    init(files: [String], threshold: Double) throws(ConvertError) {
        self.files = files
        near = NearDuplicateIndex(threshold: threshold)
        for file in files {
            let before = count
            do {
                let reader = try JSONLRecordReader(path: file)
                while let event = try reader.next() {
                    guard case .record(let record) = event, let prompt = Self.prompt(of: record) else { continue }
                    add(prompt, source: record.source)
                }
            } catch {
                throw ConvertError(message: "--against \(file): \(error)")
            }
            if count == before {
                throw ConvertError(message: "--against \(file): no evaluation record with a user prompt was read (it takes JSONL in one of the platform's formats: chat, thinking, tools, vision, image-gen or dpo)")
            }
        }
    }

    private mutating func add(_ prompt: String, source: SourceLocation) {
        let key = hash(prompt)
        if exact[key] == nil {
            exact[key] = Int32(truncatingIfNeeded: locations.count)
        }
        locations.append(source)
        let signature = NearDuplicateIndex.signature(of: prompt)
        if near.insert(signature) == nil {
            signatures.append(signature)
            nearLocations.append(source)
        }
        count += 1
    }

    /// The prompt of a record: its user turns' text, or nil when it has none.
    static func prompt(of record: Record) -> String? {
        let messages: [Message]
        switch record.example {
        case .conversation(let conversation): messages = conversation.messages
        case .preference(let preference): messages = preference.context.messages
        }
        let texts = messages.lazy.filter { $0.role == .user }.compactMap(\.text)
        guard !texts.isEmpty else { return nil }
        return texts.joined(separator: "\n")
    }

    /// The evaluation record a training record's prompt matches, or nil.
    mutating func check(_ record: Record) -> Match? {
        guard let prompt = Self.prompt(of: record) else { return nil }
        return check(prompt: prompt)
    }

    /// The evaluation record a byte-lane line's user text matches, or nil.
    mutating func check(user: UnsafeBufferPointer<UInt8>) -> Match? {
        check(prompt: String(decoding: user, as: UTF8.self))
    }

    private mutating func check(prompt: String) -> Match? {
        if let ordinal = exact[hash(prompt)] { return Match(location: locations[Int(ordinal)], similarity: nil) }
        let signature = NearDuplicateIndex.signature(of: prompt)
        guard let ordinal = near.query(signature) else { return nil }
        // A shared band is a candidate; the stored signature confirms it (and gives the similarity named).
        let similarity = NearDuplicateIndex.similarity(signature, signatures[ordinal])
        guard similarity >= near.threshold else { return nil }
        return Match(location: nearLocations[ordinal], similarity: similarity)
    }

    private mutating func hash(_ prompt: String) -> UInt64 {
        scratch.removeAll(keepingCapacity: true)
        TextNormalizer().append(prompt, to: &scratch)
        return scratch.withUnsafeBytes { WyHash.hash($0, seed: 0x6576_616c_7072_6f6d) }
    }
}

extension ContaminationGuard {
    /// Checks a record about to be kept (the byte lane's user text, or the record): the `clean.contaminated`
    /// failure naming the evaluation record it matches, counted; nil to keep it.
    mutating func screen(source: SourceLocation, laneUser: UnsafeBufferPointer<UInt8>?, record: Record?) -> LineGate.Failure? {
        let match: Match?
        if let laneUser { match = check(user: laneUser) } else if let record { match = check(record) } else { match = nil }
        guard let match else { return nil }
        facts.records += 1
        if match.similarity == nil { facts.exact += 1 } else { facts.similar += 1 }
        if facts.examples.count < ContaminationFacts.exampleLimit {
            facts.examples.append(ContaminationExample(record: source, evaluation: match.location, similarity: match.similarity))
        }
        return LineGate.Failure(code: ValidationCode.cleanContaminated.code,
                                message: "the prompt of a held-out evaluation record (\(match.description)); --against keeps it out of training")
    }

    /// Puts what was found in the report (`counts.contaminated`, `contamination`) and, when records were
    /// rejected, a warning naming the first pair.
    func note(in report: inout ConversionReport) {
        var facts = self.facts
        facts.files = files
        facts.evaluationRecords = count
        report.contamination = facts
        report.counts.contaminated = facts.records
        guard let first = facts.examples.first else { return }
        report.warnings.append(Diagnostic(.warning, "content.contaminated",
            "\(facts.records) record\(facts.records == 1 ? "" : "s") asked what the evaluation set asks (\(facts.exact) exact, \(facts.similar) similar), first \(first.record) and \(first.description); rejected as clean.contaminated"))
    }
}

/// What `--against` found: the evaluation files, and the training records rejected because their prompt
/// matched an evaluation record's.
public struct ContaminationFacts: Sendable, Hashable {
    /// At most this many examples are kept.
    static let exampleLimit = 20
    /// The evaluation files, as given.
    public var files: [String] = []
    /// Evaluation records with a prompt.
    public var evaluationRecords = 0
    /// Training records rejected as `clean.contaminated` (also counted in `counts.rejected`).
    public var records = 0
    /// Of them, those whose normalised prompt equals the evaluation record's.
    public var exact = 0
    /// Of them, those whose prompt is near it (MinHash at the near threshold).
    public var similar = 0
    /// The first matches.
    public var examples: [ContaminationExample] = []

    var json: JSONValue {
        .object([
            "files": .array(files.map { .string($0) }),
            "evaluation_records": .int(evaluationRecords),
            "records": .int(records),
            "exact": .int(exact),
            "similar": .int(similar),
            "examples": .array(examples.map { example in
                var object: JSONObject = ["record": .string(example.record.description), "evaluation": .string(example.evaluation.description)]
                if let similarity = example.similarity { object["similarity"] = .number(ContaminationGuard.Match.twoPlaces(similarity)) }
                return .object(object)
            }),
        ])
    }
}

/// A training record whose prompt matched an evaluation record's.
public struct ContaminationExample: Sendable, Hashable {
    /// The training record.
    public var record: SourceLocation
    /// The evaluation record.
    public var evaluation: SourceLocation
    /// The estimated similarity of a near match; nil for an exact one.
    public var similarity: Double?

    /// `eval.jsonl:12, exact` or `eval.jsonl:12, similar 0.91`.
    public var description: String {
        ContaminationGuard.Match(location: evaluation, similarity: similarity).description
    }
}
