/// The facts and notes of the record importers (JSONL, JSON arrays): the format and each rewrite counted.
enum JSONRecordFacts {
    static func facts(format: String, rewrites: [String: Int]) -> [(key: String, value: String)] {
        [("format", format)] + rewrites.sorted { $0.key < $1.key }.map { (key: "rewritten: " + $0.key, value: String($0.value)) }
    }

    static func diagnostics(rewrites: [String: Int], file: String) -> [Diagnostic] {
        rewrites.sorted { $0.key < $1.key }.map {
            Diagnostic(.info, "input.rewritten", "\($0.key) (\($0.value)×)", at: SourceLocation(file: file))
        }
    }
}
