/// What `tunekit repair` did to a file: the format its lines were checked against, the units read (a
/// pretty-printed object is one unit), the repairs by kind with their lines, and each unit that could not be
/// repaired with the validator's code.
public struct RepairReport: Sendable {
    /// A unit that could not be repaired.
    public struct Rejected: Sendable, Equatable {
        /// Where it starts (`file:line`).
        public var source: SourceLocation
        /// The last line it spans (the first for a single line).
        public var lastLine: Int
        /// The validator's code (`json.parse`, `role.no_assistant` …).
        public var code: String
        /// Why, with the JSON pointer where there is one.
        public var message: String
    }

    /// The input file.
    public var input: String
    /// The repaired file.
    public var output: String
    /// The format the lines were checked against.
    public var format: OutputFormat = .chat
    /// Why that format (given, or how it was chosen).
    public var formatReason = ""
    /// Lines read.
    public var lines = 0
    /// Input units: lines holding a value, or one multi-line object (blank lines are not units).
    public var units = 0
    /// Units written.
    public var kept = 0
    /// Units written with at least one repair.
    public var repairedUnits = 0
    /// The repairs by kind, with lines.
    public var repairs = RepairTally()
    /// The units that could not be repaired, in input order (the first ``rejectLimit``; all are counted in
    /// ``rejected`` and ``rejectCodes``).
    public internal(set) var rejects: [Rejected] = []
    /// Units that could not be repaired.
    public internal(set) var rejected = 0
    /// Those units by the validator's code.
    public internal(set) var rejectCodes: [String: Int] = [:]
    /// How many rejects are kept in ``rejects``.
    public static let rejectLimit = 10_000

    /// Counts a unit that could not be repaired.
    mutating func add(_ reject: Rejected) {
        rejected += 1
        rejectCodes[reject.code, default: 0] += 1
        if rejects.count < Self.rejectLimit { rejects.append(reject) }
    }
    /// The input is UTF-16 and was not read (re-save it as UTF-8).
    public var isUTF16 = false

    /// The report as JSON (`*.repair.json`).
    public var json: JSONValue {
        var repairMembers: [(key: String, value: JSONValue)] = []
        for (kind, count) in repairs.counts.sorted(by: { $0.key < $1.key }) {
            repairMembers.append((kind.rawValue, .object(JSONObject([
                ("count", .number(String(count))), ("what", .string(kind.summary)),
                ("lines", .array((repairs.lines[kind] ?? []).map { .number(String($0)) })),
            ]))))
        }
        let rejectedItems: [JSONValue] = rejects.map { reject in
            let lines = reject.lastLine > (reject.source.line ?? 0) ? "\(reject.source.line ?? 0)-\(reject.lastLine)" : "\(reject.source.line ?? 0)"
            return .object(JSONObject([("source", .string(reject.source.description)), ("lines", .string(lines)),
                                       ("code", .string(reject.code)), ("message", .string(reject.message))]))
        }
        return .object(JSONObject([
            ("input", .string(input)), ("output", .string(output)), ("format", .string(format.rawValue)),
            ("format_reason", .string(formatReason)), ("lines", .number(String(lines))), ("units", .number(String(units))),
            ("kept", .number(String(kept))), ("repaired", .number(String(repairedUnits))),
            ("rejected", .number(String(self.rejected))), ("repairs", .object(JSONObject(repairMembers))),
            ("reject_codes", .object(JSONObject(rejectCodes.sorted { $0.key < $1.key }.map { ($0.key, .number(String($0.value))) }))),
            ("rejects", .array(rejectedItems)),
        ]))
    }

    /// The console's last line: `read 10 lines, 5 units: kept 5 (4 repaired: bom=1 trailing_comma=1), rejected 0 → out.jsonl`.
    public var summary: String {
        let repaired = repairs.isEmpty ? "" : " (\(repairedUnits) repaired: \(repairs.summary))"
        let target = output == "-" ? "" : " → \(output)"
        return "read \(lines) line\(lines == 1 ? "" : "s"), \(units) unit\(units == 1 ? "" : "s") (\(format.rawValue)): kept \(kept)\(repaired), rejected \(rejected)\(target)"
    }
}
