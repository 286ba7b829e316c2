/// How well an importer fits an input's sample, and why.
package struct Recognition: Sendable {
    /// 0 (does not fit) to 100 (certain). Scores within ``Importers/nearTie`` of each other are a near-tie,
    /// which the extension breaks or which stops the run.
    package var score: Int
    /// The `--from` kind this importer would read the input as.
    package var kind: ConvertOptions.InputKind
    /// What in the sample made it fit, for the report (`recognised`).
    package var reason: String

    package init(score: Int, kind: ConvertOptions.InputKind, reason: String) {
        self.score = score
        self.kind = kind
        self.reason = reason
    }
}

/// An importer: it recognises its input from a sample, reads the input once (from the source that replays
/// the sample), and hands every input unit — a row, a session, a conversation, a JSON item — to a
/// ``RecordSink`` exactly once, as a record or as a reject with a reason and a location.
///
/// Adding an importer is one file conforming to this protocol and one line in ``Importers/all``; the smallest,
/// ``JSONArrayImporter``, shows the shape:
///
/// ```swift
/// struct JSONArrayImporter: RecordSource {
///     static let name = "json array"
///     static let kinds: [ConvertOptions.InputKind] = [.json]
///     static let extensions = ["json"]
///     static func recognise(_ sample: InputSample) -> Recognition? {
///         sample.firstSignificantByte == UInt8(ascii: "[") ? Recognition(score: 80, kind: .json, reason: "a JSON array") : nil
///     }
///     init(input: OpenedInput, kind: ConvertOptions.InputKind, options: ConvertOptions) throws(ConvertError) { … }
///     mutating func read(into sink: inout some RecordSink) throws(ConvertError) {
///         while let event = reader.next() { try event.send(to: &sink) }   // every item: accept or reject
///     }
///     var facts: [(key: String, value: String)] { … }
/// }
/// ```
///
/// Scores: 95 for a signature (a WhatsApp line, Excel's `sep=`, the WeChat columns, ChatGPT's `mapping`), 85–75
/// for a consistent shape (tab- or comma-separated rows, timestamped messages), 60–70 for a weaker fit, 20–30
/// for the extension alone. Two within ``Importers/nearTie`` of each other are a near-tie.
package protocol RecordSource {
    /// The importer's name in the report (`importer` fact).
    static var name: String { get }
    /// The `--from` values that pick this importer.
    static var kinds: [ConvertOptions.InputKind] { get }
    /// File-name extensions (lower case, no dot) that hint at this importer: they break near-ties only.
    static var extensions: [String] { get }
    /// How well the input's sample fits, or `nil` when it does not.
    static func recognise(_ sample: InputSample) -> Recognition?

    /// Prepares to read `input` as `kind` (one of ``kinds``).
    init(input: OpenedInput, kind: ConvertOptions.InputKind, options: ConvertOptions) throws(ConvertError)
    /// Reads the whole input into `sink`, every unit once.
    mutating func read(into sink: inout some RecordSink) throws(ConvertError)

    /// What the report says of the input, after ``read(into:)``.
    var facts: [(key: String, value: String)] { get }
    /// Blank rows or lines passed over.
    var skippedBlankRows: Int { get }
    /// What was left out of the input or changed in it, by kind, after ``read(into:)`` (kinds with a count of 0
    /// are left out).
    var changes: [InputChange] { get }
    /// Notes for the user (encoding, rewrites, stray lines).
    var diagnostics: [Diagnostic] { get }
    /// Warnings that belong in the report (error cells of a workbook).
    var warnings: [Diagnostic] { get }
    /// How columns were mapped to fields (table importers).
    var mappingNotes: [(field: String, template: String, how: String)] { get }
    /// The columns no template reads (table importers).
    var unusedColumns: [String] { get }
    /// The output format the input's columns call for, when they decide it (tables without `--to`).
    var formatDecision: FormatDecision? { get }
}

/// The format a table's columns call for, and why (`columns chosen, rejected`).
package struct FormatDecision: Sendable, Equatable {
    package var format: OutputFormat
    package var reason: String
}

extension RecordSource {
    package var skippedBlankRows: Int { 0 }
    package var changes: [InputChange] { [] }
    package var diagnostics: [Diagnostic] { [] }
    package var warnings: [Diagnostic] { [] }
    package var mappingNotes: [(field: String, template: String, how: String)] { [] }
    package var unusedColumns: [String] { [] }
    package var formatDecision: FormatDecision? { nil }
}

extension ChatSessionShaper.Outcome {
    /// Hands the outcome to `sink`.
    func send(to sink: inout some RecordSink) throws(OutputError) {
        switch self {
        case .record(let record): try sink.accept(record)
        case .reject(let reject): try sink.reject(reject)
        }
    }
}

extension JSONLRecordReader.Event {
    /// Hands the event to `sink`.
    func send(to sink: inout some RecordSink) throws(OutputError) {
        switch self {
        case .record(let record): try sink.accept(record)
        case .reject(let reject): try sink.reject(reject)
        }
    }
}
