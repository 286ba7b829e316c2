/// Records already in the platform's JSONL shapes (``JSONLRecordReader``), one per line.
struct JSONLImporter: RecordSource {
    static let name = "jsonl"
    static let kinds: [ConvertOptions.InputKind] = [.jsonl]
    static let extensions = ["jsonl"]

    /// Lines that are JSON objects each.
    static func recognise(_ sample: InputSample) -> Recognition? {
        guard sample.firstSignificantByte == UInt8(ascii: "{") else { return nil }
        let lines = sample.nonBlankLines
        var objects = 0
        for line in lines {
            guard line.first == "{" || line.hasPrefix("\u{FEFF}{") else { continue }
            var text = String(line.hasPrefix("\u{FEFF}") ? line.dropFirst() : line)
            let parsed = text.withUTF8 { bytes -> Bool in
                guard let value = try? JSONReader.parse(bytes).value, case .object = value else { return false }
                return true
            }
            if parsed { objects += 1 }
        }
        if objects >= 2 && objects * 2 >= lines.count {
            return Recognition(score: 95, kind: .jsonl, reason: "\(objects) of \(lines.count) lines are JSON objects")
        }
        // JSON objects pretty-printed one after another (json.dumps(indent=2) per record): JSONL to repair, not
        // one document (a Telegram export is a single object).
        if sample.nonBlankLines.first?.trimmingWhitespace == "{", UnitAssembler.countObjects(in: sample.lines) >= 2 {
            return Recognition(score: 90, kind: .jsonl, reason: "JSON objects pretty-printed one after another")
        }
        if objects == 1 && lines.count == 1 {
            return Recognition(score: 80, kind: .jsonl, reason: "one line holding one JSON object")
        }
        if objects >= 1 {
            return Recognition(score: 70, kind: .jsonl, reason: "\(objects) of \(lines.count) lines are JSON objects")
        }
        if lines.isEmpty && !sample.complete {
            return Recognition(score: 60, kind: .jsonl, reason: "a JSON object on a line longer than the sample")
        }
        if sample.fileExtension == "jsonl" {
            return Recognition(score: 30, kind: .jsonl, reason: "the .jsonl extension (no line is a whole JSON object)")
        }
        return nil
    }

    private let name: String
    /// The `--dataset-info` entry read, for the report.
    private let datasetFacts: [(key: String, value: String)]
    /// Without `--to`, the format the first records call for (``DialectFormat``).
    let formatDecision: FormatDecision?
    private let reader: JSONLRecordReader

    init(input: OpenedInput, kind: ConvertOptions.InputKind, options: ConvertOptions) throws(ConvertError) {
        name = input.name
        let sampled = input.sample.nonBlankLines.lazy.compactMap { line -> JSONValue? in
            var text = String(line.hasPrefix("\u{FEFF}") ? line.dropFirst() : line)
            return text.withUTF8 { try? JSONReader.parse($0).value }
        }
        let (decoding, entry, format) = try JSONRecordFacts.decoding(options, kind: kind, firstRecords: sampled)
        datasetFacts = entry?.facts ?? []
        formatDecision = format
        do {
            reader = try JSONLRecordReader(source: input.source, decoding: decoding, repairing: true,
                                           maxLineBytes: options.maxLineBytes)
        } catch {
            throw ConvertError(error, input: input.name)
        }
    }

    mutating func read(into sink: inout some RecordSink) throws(ConvertError) {
        do {
            while let event = try reader.next() { try event.send(to: &sink) }
        } catch {
            throw ConvertError(error, input: name)
        }
    }

    var facts: [(key: String, value: String)] { JSONRecordFacts.facts(format: "jsonl", rewrites: reader.rewrites, dialects: reader.dialects,
                                                                      kto: reader.ktoPairing, dataset: datasetFacts,
                                                                      repairs: reader.repairs) }
    var skippedBlankRows: Int { reader.skippedBlankLines }
    var diagnostics: [Diagnostic] { JSONRecordFacts.diagnostics(rewrites: reader.rewrites, file: name, dialects: reader.dialects,
                                                                          kto: reader.ktoPairing) }
    var changes: [InputChange] { JSONRecordFacts.changes(repairs: reader.repairs, file: name) }
}
