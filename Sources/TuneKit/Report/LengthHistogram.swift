import CKernels

/// The lengths, in characters (Unicode scalars), of one role's texts over the kept records, counted as they
/// pass: exact counts up to 16,383 characters (64 KiB, made on the first length) and the longer lengths
/// themselves, so that the median is exact and the fixed bins of the report are summed at the end.
public struct LengthHistogram: Sendable, Equatable {
    /// Upper bounds of the report's bins, in characters: a text of `n` characters falls in the first bin whose
    /// bound is at least `n`; the last bin holds what is above the last bound.
    public static let bounds = [0, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000]

    private static let exactLimit = 1 << 14
    private var exact: [UInt32] = []
    private var longer: [Int] = []
    /// Texts counted.
    public private(set) var total = 0
    /// The shortest and the longest text.
    public private(set) var min = Int.max
    public private(set) var max = 0

    /// An empty histogram.
    public init() {}

    /// Counts one text of `length` characters.
    @inline(__always)
    public mutating func add(_ length: Int) {
        if length < Self.exactLimit {
            if exact.isEmpty { exact = [UInt32](repeating: 0, count: Self.exactLimit) }
            exact[length] &+= 1
        } else {
            longer.append(length)
        }
        total += 1
        if length < min { min = length }
        if length > max { max = length }
    }

    /// Counts per bin of ``bounds``, one more than there are bounds.
    public var counts: [Int] {
        var counts = [Int](repeating: 0, count: Self.bounds.count + 1)
        var bin = 0
        for (length, count) in exact.enumerated() where count > 0 {
            while bin < Self.bounds.count && length > Self.bounds[bin] { bin += 1 }
            counts[bin] += Int(count)
        }
        for length in longer {
            counts[Self.bounds.firstIndex { length <= $0 } ?? Self.bounds.count] += 1
        }
        return counts
    }

    /// The median length (the lower of the two middle ones for an even count); 0 when empty.
    public var median: Int {
        guard total > 0 else { return 0 }
        var remaining = (total - 1) / 2
        for (length, count) in exact.enumerated() where count > 0 {
            if remaining < Int(count) { return length }
            remaining -= Int(count)
        }
        return longer.sorted()[remaining]
    }

    /// The histogram as report JSON.
    var json: JSONValue {
        .object([
            "unit": .string("characters"),
            "bounds": .array(Self.bounds.map { .int($0) }),
            "counts": .array(counts.map { .int($0) }),
            "min": .int(total == 0 ? 0 : min),
            "median": .int(median),
            "max": .int(max),
        ])
    }

    /// The number of characters (Unicode scalars) of valid UTF-8: the bytes that do not continue a character
    /// (counted in C, eight bytes at a time: this runs on every row of the byte lane).
    @inline(__always)
    static func characters(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        return tk_utf8_characters(base, bytes.count)
    }

    /// The number of characters of a string.
    static func characters(_ text: String) -> Int {
        var count = 0
        for byte in text.utf8 where byte & 0xC0 != 0x80 { count &+= 1 }
        return count
    }
}

/// The length histograms of a conversion, by role (`system`, `user`, `assistant`, `reasoning`, `chosen`,
/// `rejected`, `prompt`), one count per text of that role in each kept record.
public struct RoleLengths: Sendable, Equatable {
    /// The roles the report names, in its order.
    public enum Role: String, Sendable, CaseIterable {
        case system, user, assistant, reasoning, chosen, rejected, prompt
    }

    private var histograms = [LengthHistogram](repeating: LengthHistogram(), count: Role.allCases.count)

    /// Nothing counted.
    public init() {}

    /// The histogram of `role`.
    public subscript(role: Role) -> LengthHistogram {
        get { histograms[Self.index(role)] }
        set { histograms[Self.index(role)] = newValue }
    }

    @inline(__always)
    private static func index(_ role: Role) -> Int {
        switch role {
        case .system: 0
        case .user: 1
        case .assistant: 2
        case .reasoning: 3
        case .chosen: 4
        case .rejected: 5
        case .prompt: 6
        }
    }

    /// Counts one text of `role`.
    @inline(__always)
    mutating func add(_ role: Role, _ length: Int) {
        histograms[Self.index(role)].add(length)
    }

    /// Counts the texts of a kept record: each message's text under its role; the assistant's reasoning as
    /// `reasoning`; DPO replies as `chosen` and `rejected`; image-gen user text as `prompt`.
    mutating func add(_ record: Record, format: OutputFormat) {
        let userRole: Role = format == .imageGen ? .prompt : .user
        func conversation(_ conversation: Conversation) {
            if let system = conversation.system { add(.system, LengthHistogram.characters(system)) }
            for message in conversation.messages {
                if let reasoning = message.reasoning { add(.reasoning, LengthHistogram.characters(reasoning)) }
                guard let text = message.text else { continue }
                switch message.role {
                case .system: add(.system, LengthHistogram.characters(text))
                case .user: add(userRole, LengthHistogram.characters(text))
                case .assistant: add(.assistant, LengthHistogram.characters(text))
                case .tool: break
                }
            }
        }
        switch record.example {
        case .conversation(let value):
            conversation(value)
        case .preference(let value):
            conversation(value.context)
            add(.chosen, LengthHistogram.characters(value.preferred.text ?? ""))
            add(.rejected, LengthHistogram.characters(value.nonPreferred.text ?? ""))
        }
    }

    /// Whether nothing was counted.
    public var isEmpty: Bool { histograms.allSatisfy { $0.total == 0 } }

    /// The roles counted, with their histograms, in the report's order.
    public var present: [(role: Role, histogram: LengthHistogram)] {
        Role.allCases.compactMap { role in
            let histogram = self[role]
            return histogram.total > 0 ? (role, histogram) : nil
        }
    }
}
