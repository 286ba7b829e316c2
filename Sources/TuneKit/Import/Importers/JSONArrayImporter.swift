/// A `.json` file holding one array of records — Alpaca, ShareGPT or the platform's own shapes
/// (``JSONArrayRecordReader``); every item is a record or a reject.
struct JSONArrayImporter: RecordSource {
    static let name = "json array"
    static let kinds: [ConvertOptions.InputKind] = [.json]
    static let extensions = ["json"]

    static func recognise(_ sample: InputSample) -> Recognition? {
        guard sample.startsJSONArray else { return nil }
        return Recognition(score: 80, kind: .json, reason: "a JSON array")
    }

    private let name: String
    /// The `--dataset-info` entry read, for the report.
    private let datasetFacts: [(key: String, value: String)]
    /// Without `--to`, the format the first records call for (``DialectFormat``).
    let formatDecision: FormatDecision?
    private let reader: JSONArrayRecordReader

    init(input: OpenedInput, kind: ConvertOptions.InputKind, options: ConvertOptions) throws(ConvertError) {
        name = input.name
        let document: JSONValue
        do {
            document = try JSONDocument.load(source: input.source)
        } catch {
            throw ConvertError(error, input: input.name)
        }
        let (decoding, entry, format) = try JSONRecordFacts.decoding(options, kind: kind, firstRecords: document.arrayValue ?? [])
        datasetFacts = entry?.facts ?? []
        formatDecision = format
        do {
            reader = try JSONArrayRecordReader(document: document, fileName: input.name, decoding: decoding)
        } catch {
            throw ConvertError(error, input: input.name)
        }
    }

    mutating func read(into sink: inout some RecordSink) throws(ConvertError) {
        do {
            while let event = reader.next() { try event.send(to: &sink) }
        } catch {
            throw ConvertError(error, input: name)
        }
    }

    var facts: [(key: String, value: String)] { JSONRecordFacts.facts(format: "json array", rewrites: reader.rewrites, dialects: reader.dialects,
                                                                      kto: reader.ktoPairing, dataset: datasetFacts) }
    var diagnostics: [Diagnostic] { JSONRecordFacts.diagnostics(rewrites: reader.rewrites, file: name, dialects: reader.dialects,
                                                                          kto: reader.ktoPairing) }
}
