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
    /// Characters of assistant text (replies and reasoning) per record.
    public var assistantCharacters = Distribution()
    /// Distinct system prompts.
    public var systemPrompts = 0
    /// Images in all records.
    public var images = 0
    /// Tokens billed for one epoch, estimated.
    public var tokens = 0

    /// Measures one file (`-` for standard input). `format` overrides the detection.
    public static func measure(path: String, format: OutputFormat? = nil,
                               profile: PlatformProfile = .bigModel) throws(ImportError) -> DatasetStats {
        let reader = try JSONLRecordReader(path: path)
        var stats = DatasetStats(file: path)
        var exchanges: [Int] = []
        var user: [Int] = []
        var assistant: [Int] = []
        var systems: Set<String> = []
        var kinds: [OutputFormat: Int] = [:]
        var textTokens = 0
        while let event = try reader.next() {
            switch event {
            case .reject(let reject):
                stats.unreadable[reject.reason, default: 0] += 1
            case .record(let record):
                stats.records += 1
                let measured = reader.withCurrentLine { TokenEstimator.measure(line: $0) }
                textTokens += measured.text
                stats.images += measured.images
                let shape = Self.shape(of: record.example)
                kinds[shape.format, default: 0] += 1
                exchanges.append(shape.exchanges)
                user.append(shape.user)
                assistant.append(shape.assistant)
                if let system = shape.system { systems.insert(system) }
            }
        }
        stats.format = format ?? kinds.max { $0.value != $1.value ? $0.value < $1.value : $0.key.rawValue > $1.key.rawValue }?.key
        stats.exchanges = Distribution(exchanges)
        stats.userCharacters = Distribution(user)
        stats.assistantCharacters = Distribution(assistant)
        stats.systemPrompts = systems.count
        let perImage = stats.format.map { profile.imageTokens(for: $0) } ?? 0
        stats.tokens = (stats.format?.unit.billsText == false ? 0 : textTokens) + stats.images * perImage
        return stats
    }

    /// The format a record's shape says, its exchanges, and its user, assistant and system text.
    static func shape(of example: Example) -> (format: OutputFormat, exchanges: Int, user: Int, assistant: Int, system: String?) {
        func length(_ message: Message) -> Int {
            (message.text?.unicodeScalars.count ?? 0) + (message.reasoning?.unicodeScalars.count ?? 0)
        }
        switch example {
        case .preference(let preference):
            let user = preference.context.messages.filter { $0.role == .user }.map(length).reduce(0, +)
            return (.dpo, 1, user, length(preference.preferred), preference.context.system)
        case .conversation(let conversation):
            var format = OutputFormat.chat
            var user = 0
            var assistant = 0
            var exchanges = 0
            for message in conversation.messages {
                let hasImage = message.parts.contains { if case .image = $0 { true } else { false } }
                switch message.role {
                case .user:
                    user += length(message)
                    if hasImage { format = .vision }
                case .assistant:
                    assistant += length(message)
                    exchanges += 1
                    if hasImage { format = .imageGen }
                    if !message.toolCalls.isEmpty && format == .chat { format = .tools }
                    if message.reasoning != nil && format == .chat { format = .thinking }
                default:
                    break
                }
            }
            if !conversation.tools.isEmpty && format == .chat { format = .tools }
            return (format, exchanges, user, assistant, conversation.system)
        }
    }
}
