/// WhatsApp "Export chat" text files (``WhatsAppExportReader``) → sessions → conversations.
struct WhatsAppImporter: RecordSource {
    static let name = "whatsapp"
    static let kinds: [ConvertOptions.InputKind] = [.whatsapp]
    static let extensions = ["txt"]

    /// Recognised when one of the first 20 non-blank lines starts as a WhatsApp message does
    /// (`12/31/23, 9:41 PM - Alice: …`, `[31.12.23, 21:41:05] Alice: …`).
    static func recognise(_ sample: InputSample) -> Recognition? {
        guard sample.isText else { return nil }
        for line in sample.nonBlankLines.prefix(20) {
            if let header = WhatsAppExportReader.header(String(line)) {
                return Recognition(score: 95, kind: .whatsapp,
                                   reason: "a WhatsApp message line (\"\(line.prefix(header.sender == nil ? 24 : 32))…\")")
            }
        }
        return nil
    }

    private let name: String
    private let reader: WhatsAppExportReader
    private var shaper: ChatSessionShaper
    private var messages = 0

    init(input: OpenedInput, kind: ConvertOptions.InputKind, options: ConvertOptions) throws(ConvertError) {
        name = input.name
        try ChatLogImport.requireChat(options, input: input.name, what: "a WhatsApp log")
        do {
            reader = try WhatsAppExportReader(source: input.source, encoding: options.encoding)
        } catch {
            throw ConvertError(error)
        }
        shaper = ChatSessionShaper(options: options.chatLog, fileName: input.name, export: .whatsapp)
    }

    mutating func read(into sink: inout some RecordSink) throws(ConvertError) {
        messages = try ChatLogImport.readMessages(reader.next, shaper: &shaper, into: &sink, input: name)
    }

    var facts: [(key: String, value: String)] {
        var facts: [(key: String, value: String)] = [("format", "whatsapp"), ("date_order", reader.dateOrder),
                                                     ("system_lines_skipped", String(reader.systemLines)),
                                                     ("messages", String(messages))]
        facts += ChatLogImport.shapingFacts(shaper)
        if let stray = ChatLogImport.strayLines(reader.strayLines, file: name) { facts.append(stray.fact) }
        return facts
    }

    var diagnostics: [Diagnostic] {
        (ChatLogImport.strayLines(reader.strayLines, file: name).map { [$0.diagnostic] } ?? []) + ChatLogImport.shapingDiagnostics(shaper)
    }
}
