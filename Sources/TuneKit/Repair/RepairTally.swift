/// Repairs counted by kind, with the lines they were made on (the first ``lineLimit`` of each kind).
public struct RepairTally: Sendable, Equatable {
    /// How many repairs of each kind.
    public private(set) var counts: [RepairKind: Int] = [:]
    /// The first lines (1-based, where the unit starts) of each kind.
    public private(set) var lines: [RepairKind: [Int]] = [:]
    /// How many lines are listed per kind at most.
    public static let lineLimit = 100

    /// An empty tally.
    public init() {}

    /// Counts `count` repairs of `kind` made on the unit starting at `line`.
    public mutating func add(_ kind: RepairKind, line: Int, count: Int = 1) {
        guard count > 0 else { return }
        counts[kind, default: 0] += count
        var listed = lines[kind, default: []]
        if listed.count < Self.lineLimit && listed.last != line { listed.append(line) }
        lines[kind] = listed
    }

    /// Adds another tally's counts made on the unit starting at `line`.
    mutating func add(_ kinds: [RepairKind: Int], line: Int) {
        guard !kinds.isEmpty else { return }
        for (kind, count) in kinds.sorted(by: { $0.key < $1.key }) { add(kind, line: line, count: count) }
    }

    /// Whether nothing was repaired.
    public var isEmpty: Bool { counts.isEmpty }

    /// All repairs.
    public var total: Int { counts.values.reduce(0, +) }

    /// `trailing_comma=1 role_alias=2`, in the order the kinds are declared.
    public var summary: String {
        counts.sorted { $0.key < $1.key }.map { "\($0.key.rawValue)=\($0.value)" }.joined(separator: " ")
    }

    /// `trailing_comma=1 (line 2)`-style lines for each kind: the count and where.
    public var details: [(kind: RepairKind, text: String)] {
        counts.sorted { $0.key < $1.key }.map { kind, count in
            let listed = lines[kind] ?? []
            let more = count > listed.count && listed.count == Self.lineLimit ? ", …" : ""
            let word = listed.count == 1 ? "line" : "lines"
            return (kind, "\(kind.rawValue)=\(count) (\(word) \(listed.map(String.init).joined(separator: ", "))\(more))")
        }
    }
}
