/// What is in a JSONL training file, and what training on it will cost: records, exchanges and text lengths
/// per record, images, and the tokens the platform bills per epoch (the same estimate as the conversion report).
/// Streams the file: memory grows only by one integer per record and length kept for the medians.
public struct DatasetStats: Sendable {
    /// The spread of one number over the records.
    public struct Distribution: Sendable, Equatable {
        /// The smallest value.
        public var minimum = 0
        /// The median (the lower one for an even count).
        public var median = 0
        /// The value 95% of records stay at or under.
        public var p95 = 0
        /// The largest value.
        public var maximum = 0
        /// The sum over all records.
        public var total = 0
        /// Records per bin of ``bounds`` (the last bin: above the last bound), for the page's histograms.
        public var histogram: [Int] = []
        /// Upper bounds of the histogram's bins.
        public static let bounds = [20, 50, 100, 200, 500, 1000, 2000, 5000]

        /// The distribution of `values` (all zero when there are none).
        init(_ values: [Int]) {
            guard !values.isEmpty else { return }
            let sorted = values.sorted()
            minimum = sorted[0]
            median = sorted[(sorted.count - 1) / 2]
            p95 = sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.95).rounded(.up)) - 1)]
            maximum = sorted[sorted.count - 1]
            total = sorted.reduce(0, +)
            histogram = Array(repeating: 0, count: Self.bounds.count + 1)
            for value in sorted { histogram[Self.bounds.firstIndex { value <= $0 } ?? Self.bounds.count] += 1 }
        }

        init() {}
    }

    /// The file measured.
    public var file: String
    /// The format the records are in (given, or the most common one).
    public var format: OutputFormat?
    /// Lines that are records.
    public var records = 0
    /// Lines that are not records in any of the platform's shapes, by reason.
    public var unreadable: [String: Int] = [:]
    /// Assistant replies per record (the preferred reply, for DPO).
    public var exchanges = Distribution()
    /// Characters of user text per record.
    public var userCharacters = Distribution()
    /// Characters of assistant text per record: the replies only (reasoning is ``reasoningCharacters``); for
    /// DPO the preferred reply.
    public var assistantCharacters = Distribution()
    /// Characters of assistant reasoning (`reasoning_content`) per record.
    public var reasoningCharacters = Distribution()
    /// DPO: characters of the rejected reply per record.
    public var rejectedCharacters = Distribution()
    /// DPO: how the preferred replies repeat.
    public var chosenAnswers: AnswerRepeats?
    /// DPO: how the rejected replies repeat.
    public var rejectedAnswers: AnswerRepeats?
    /// Whether ``tokens`` is an exact count (`tokenizer` given) rather than the estimate.
    public var tokensExact = false
    /// The model checked and what stops the data from training on it.
    public var model: ModelCheck?
    /// Warnings about the data: a DPO side whose answers are mostly one answer.
    public var warnings: [Diagnostic] = []
    /// Distinct system prompts.
    public var systemPrompts = 0
    /// Images in all records.
    public var images = 0
    /// Tokens billed for one epoch, estimated.
    public var tokens = 0

    /// Measures one file (`-` for standard input). `format` overrides the detection; `progress` is told the
    /// bytes read every few thousand lines. With a `model`, its image billing applies and ``model`` says what
    /// stops the data from training on it (with `method`, that way); with a `tokenizer`, tokens are counted
    /// exactly (``Tokenizer``) instead of estimated.
    public static func measure(path: String, format: OutputFormat? = nil, profile: PlatformProfile = .bigModel,
                               model: ModelCatalog.Model? = nil, method: ModelCatalog.Method? = nil,
                               tokenizer: Tokenizer? = nil,
                               progress: ((JobProgress) -> Void)? = nil) throws(ImportError) -> DatasetStats {
        let reader = try JSONLRecordReader(path: path)
        let profile = model?.billingImages(in: profile) ?? profile
        var stats = DatasetStats(file: path)
        var exchanges: [Int] = []
        var user: [Int] = []
        var assistant: [Int] = []
        var reasoning: [Int] = []
        var rejected: [Int] = []
        var chosenTally = AnswerTally()
        var rejectedTally = AnswerTally()
        var systems: Set<String> = []
        var kinds: [OutputFormat: Int] = [:]
        var textTokens = 0
        var lines = 0
        var scratch = Tokenizer.Scratch()
        while let event = try reader.next() {
            lines += 1
            if let progress, lines & (JobProgress.recordInterval - 1) == 0 { progress(reader.progress(records: lines)) }
            switch event {
            case .reject(let reject):
                stats.unreadable[reject.reason, default: 0] += 1
            case .record(let record):
                stats.records += 1
                let measured = reader.withCurrentLine { line in
                    tokenizer.flatMap { $0.count(line: line, scratch: &scratch) } ?? TokenEstimator.measure(line: line)
                }
                textTokens += measured.text
                stats.images += measured.images
                let shape = Self.shape(of: record.example)
                kinds[shape.format, default: 0] += 1
                exchanges.append(shape.exchanges)
                user.append(shape.user)
                assistant.append(shape.assistant)
                reasoning.append(shape.reasoning)
                if let system = shape.system { systems.insert(system) }
                if case .preference(let preference) = record.example {
                    rejected.append(preference.nonPreferred.text?.unicodeScalars.count ?? 0)
                    chosenTally.add(preference.preferred.text ?? "")
                    rejectedTally.add(preference.nonPreferred.text ?? "")
                }
            }
        }
        stats.format = format ?? kinds.max { $0.value != $1.value ? $0.value < $1.value : $0.key.rawValue > $1.key.rawValue }?.key
        stats.exchanges = Distribution(exchanges)
        stats.userCharacters = Distribution(user)
        stats.assistantCharacters = Distribution(assistant)
        stats.reasoningCharacters = Distribution(reasoning)
        stats.systemPrompts = systems.count
        if !rejected.isEmpty {
            stats.rejectedCharacters = Distribution(rejected)
            stats.chosenAnswers = chosenTally.repeats
            stats.rejectedAnswers = rejectedTally.repeats
            for (side, answers) in [("chosen", chosenTally.repeats), ("rejected", rejectedTally.repeats)] where answers.mostlyRepeated {
                stats.warnings.append(Diagnostic(.warning, "content.dpo_repeated",
                    "\(answers.description(side: side)); most \(side) answers are the same text, so the pairs teach little beyond avoiding it"))
            }
        }
        let perImage = stats.format.map { profile.imageTokens(for: $0) } ?? 0
        stats.tokens = (stats.format?.unit.billsText == false ? 0 : textTokens) + stats.images * perImage
        stats.tokensExact = tokenizer != nil
        if let model, let format = stats.format {
            stats.model = ModelCheck(model: model, method: method, format: format)
        }
        return stats
    }

    /// The format a record's shape says, its exchanges, and its user, assistant reply, reasoning and system text.
    static func shape(of example: Example) -> (format: OutputFormat, exchanges: Int, user: Int, assistant: Int, reasoning: Int, system: String?) {
        func length(_ message: Message) -> Int { message.text?.unicodeScalars.count ?? 0 }
        switch example {
        case .preference(let preference):
            let user = preference.context.messages.filter { $0.role == .user }.map(length).reduce(0, +)
            return (.dpo, 1, user, length(preference.preferred), preference.preferred.reasoning?.unicodeScalars.count ?? 0,
                    preference.context.system)
        case .conversation(let conversation):
            var format = OutputFormat.chat
            var user = 0
            var assistant = 0
            var reasoning = 0
            var exchanges = 0
            for message in conversation.messages {
                let hasImage = message.parts.contains { if case .image = $0 { true } else { false } }
                switch message.role {
                case .user:
                    user += length(message)
                    if hasImage { format = .vision }
                case .assistant:
                    assistant += length(message)
                    reasoning += message.reasoning?.unicodeScalars.count ?? 0
                    exchanges += 1
                    if hasImage { format = .imageGen }
                    if !message.toolCalls.isEmpty && format == .chat { format = .tools }
                    if message.reasoning != nil && format == .chat { format = .thinking }
                default:
                    break
                }
            }
            if !conversation.tools.isEmpty && format == .chat { format = .tools }
            return (format, exchanges, user, assistant, reasoning, conversation.system)
        }
    }
}

/// How the answers of one side of DPO pairs repeat: how many there are, how many distinct, and the most common.
public struct AnswerRepeats: Sendable, Equatable {
    /// Answers seen.
    public var total = 0
    /// Distinct answers (by exact text).
    public var distinct = 0
    /// The most common answers (up to 3, most common first; ties by first seen), shortened to 40 characters.
    public var top: [(text: String, count: Int)] = []

    /// Whether most answers are one text (the most common covers over half, of at least 10 answers).
    public var mostlyRepeated: Bool { total >= 10 && (top.first?.count ?? 0) * 2 > total }

    /// `300 rejected answers, 1 distinct: 挺好的。 ×300`.
    public func description(side: String) -> String {
        "\(total) \(side) answer\(total == 1 ? "" : "s"), \(distinct) distinct"
            + (top.isEmpty || top[0].count < 2 ? "" : ": " + top.filter { $0.count > 1 }.map { "\($0.text) ×\($0.count)" }.joined(separator: ", "))
    }

    public static func == (lhs: AnswerRepeats, rhs: AnswerRepeats) -> Bool {
        lhs.total == rhs.total && lhs.distinct == rhs.distinct && lhs.top.elementsEqual(rhs.top) { $0.text == $1.text && $0.count == $1.count }
    }
}

/// Counts answers by a 64-bit hash of their text (memory: one entry per distinct answer), keeping the first
/// 40 characters of each for the summary.
struct AnswerTally {
    private var counts: [UInt64: (count: Int, first: Int, text: String)] = [:]
    private var total = 0

    mutating func add(_ text: String) {
        var text = text
        let key = text.withUTF8 { WyHash.hash(UnsafeRawBufferPointer($0)) }
        if counts[key] != nil {
            counts[key]!.count += 1
        } else {
            let short = text.count > 40 ? String(text.prefix(40)) + "…" : text
            counts[key] = (1, total, short)
        }
        total += 1
    }

    var repeats: AnswerRepeats {
        let ranked = counts.values.sorted { $0.count != $1.count ? $0.count > $1.count : $0.first < $1.first }
        return AnswerRepeats(total: total, distinct: counts.count, top: ranked.prefix(3).map { ($0.text, $0.count) })
    }
}
