/// The facts and notes of the record importers (JSONL, JSON arrays): the format and each rewrite counted.
enum JSONRecordFacts {
    static func facts(format: String, rewrites: [String: Int], repairs: RepairTally = RepairTally()) -> [(key: String, value: String)] {
        [("format", format)] + rewrites.sorted { $0.key < $1.key }.map { (key: "rewritten: " + $0.key, value: String($0.value)) }
            + repairs.details.map { (key: "repaired: " + $0.kind.rawValue, value: $0.text) }
    }

    static func diagnostics(rewrites: [String: Int], file: String, repairs: RepairTally = RepairTally()) -> [Diagnostic] {
        rewrites.sorted { $0.key < $1.key }.map {
            Diagnostic(.info, "input.rewritten", "\($0.key) (\($0.value)×)", at: SourceLocation(file: file))
        } + (repairs.isEmpty ? [] : [Diagnostic(.info, "input.repaired", "repaired: " + repairs.details.map(\.text).joined(separator: ", "),
                                                at: SourceLocation(file: file))])
    }
}
