/// The facts and notes of the record importers (JSONL, JSON arrays): the format, the dataset dialects read and
/// each rewrite counted.
enum JSONRecordFacts {
    static func facts(format: String, rewrites: [String: Int], dialects: [String: Int] = [:],
                      kto: KTOPairing.Counts = KTOPairing.Counts(),
                      dataset: [(key: String, value: String)] = [],
                      repairs: RepairTally = RepairTally()) -> [(key: String, value: String)] {
        [("format", format)] + dataset + dialectFacts(dialects: dialects, kto: kto)
            + rewrites.sorted { $0.key < $1.key }.map { (key: "rewritten: " + $0.key, value: String($0.value)) }
            + repairs.details.map { (key: "repaired: " + $0.kind.rawValue, value: $0.text) }
    }

    /// The dataset dialects read (`sharegpt tool calls 153, sharegpt 147`) and the KTO pairs made, when any.
    static func dialectFacts(dialects: [String: Int], kto: KTOPairing.Counts) -> [(key: String, value: String)] {
        var facts: [(key: String, value: String)] = []
        if !dialects.isEmpty {
            let read = dialects.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            facts.append(("dialect", read.map { "\($0.key) \($0.value)" }.joined(separator: ", ")))
        }
        if kto.pairs + kto.unpaired > 0 {
            facts.append(("kto pairs", "\(kto.pairs) made from \(kto.records) records, \(kto.unpaired) record\(kto.unpaired == 1 ? "" : "s") unpaired (kto.unpaired)"))
        }
        return facts
    }

    static func diagnostics(rewrites: [String: Int], file: String, dialects: [String: Int] = [:],
                            kto: KTOPairing.Counts = KTOPairing.Counts()) -> [Diagnostic] {
        let notes = dialectFacts(dialects: dialects, kto: kto).map {
            Diagnostic(.info, "input.dialect", "\($0.key): \($0.value)", at: SourceLocation(file: file))
        }
        return notes + rewrites.sorted { $0.key < $1.key }.map {
            Diagnostic(.info, "input.rewritten", "\($0.key) (\($0.value)×)", at: SourceLocation(file: file))
        }
    }

    /// The repairs made, as the input's changes: one per kind, with its first line.
    static func changes(repairs: RepairTally, file: String) -> [InputChange] {
        repairs.counts.sorted { $0.key < $1.key }.map { kind, count in
            InputChange(.repaired, kind: "jsonl.\(kind.rawValue)", what: kind.summary, count: count,
                        first: repairs.lines[kind]?.first.map { SourceLocation(file: file, line: $0) })
        }
    }

    /// How the records of a conversion are decoded: the `--dataset-info` entry's mapping (or recognition from each
    /// record's keys), the output format (KTO pairing for dpo) and whether local pictures may be inlined.
    /// The same, with the format the first records call for without `--to` (``DialectFormat``) settled in it.
    static func decoding(_ options: ConvertOptions, kind: ConvertOptions.InputKind, firstRecords: some Sequence<JSONValue>)
        throws(ConvertError) -> (RecordDecoder.Context, entry: DatasetInfo.Entry?, format: FormatDecision?) {
        var (context, entry) = try decoding(options, kind: kind)
        let decision = DialectFormat.decision(for: firstRecords, options: options, dialect: context.dialect)
        if let decision { context.target = decision.format }
        return (context, entry, decision)
    }

    static func decoding(_ options: ConvertOptions, kind: ConvertOptions.InputKind) throws(ConvertError) -> (RecordDecoder.Context, entry: DatasetInfo.Entry?) {
        let entry = try DatasetInfo.entry(for: options)
        var context = RecordDecoder.Context(dialect: entry?.dialect, target: options.format, localImages: options.images.mode.preparesLocal)
        switch kind {
        case .sharegpt: context.formatting = .sharegpt
        case .alpaca: context.formatting = .alpaca
        default: break
        }
        return (context, entry)
    }
}
