/// A Telegram Desktop `result.json` export (``TelegramExportReader``): each chat its own run of sessions.
struct TelegramImporter: RecordSource {
    static let name = "telegram"
    static let kinds: [ConvertOptions.InputKind] = [.telegram]
    static let extensions = ["json"]

    /// A JSON object document; its leading keys (`personal_information`, `chats`, `from_id`,
    /// `date_unixtime`) make it a Telegram export.
    static func recognise(_ sample: InputSample) -> Recognition? {
        guard sample.firstSignificantByte == UInt8(ascii: "{") else { return nil }
        let markers = ["\"personal_information\"", "\"date_unixtime\"", "\"from_id\"", "\"chats\""].filter { sample.contains($0) }
        if !markers.isEmpty {
            return Recognition(score: 95, kind: .telegram,
                               reason: "a JSON object with Telegram's keys (\(markers.joined(separator: ", ")))")
        }
        // Telegram writes its exports pretty-printed, the opening brace alone on the first line; an object that
        // starts a longer line is a JSONL record (whole or broken).
        guard sample.nonBlankLines.first?.trimmingWhitespace == "{" else { return nil }
        return Recognition(score: 60, kind: .telegram, reason: "a JSON object document")
    }

    private let name: String
    private let options: ConvertOptions
    private let reader: TelegramExportReader
    private var shaper: ChatSessionShaper
    private var messages = 0

    init(input: OpenedInput, kind: ConvertOptions.InputKind, options: ConvertOptions) throws(ConvertError) {
        name = input.name
        self.options = options
        try ChatLogImport.requireChat(options, input: input.name, what: "a Telegram export")
        do {
            reader = try TelegramExportReader(document: JSONDocument.load(source: input.source), fileName: input.name)
        } catch {
            throw ConvertError(error, input: input.name)
        }
        var chatOptions = options.chatLog
        if reader.ownerKnown, chatOptions.speakers[TelegramExportReader.me] == nil {
            chatOptions.speakers[TelegramExportReader.me] = .some(.assistant)
        }
        shaper = ChatSessionShaper(options: chatOptions, fileName: input.name, export: .telegram)
    }

    mutating func read(into sink: inout some RecordSink) throws(ConvertError) {
        messages = try ChatLogImport.readChats(reader.chats, shaper: &shaper, into: &sink, input: name)
    }

    var facts: [(key: String, value: String)] {
        [("format", "telegram"), ("chats", String(reader.chats.count)),
         ("service_messages_skipped", String(reader.serviceMessages)), ("messages", String(messages))]
            + ChatLogImport.shapingFacts(shaper)
    }

    var changes: [InputChange] {
        [InputChange(.dropped, kind: "telegram.service_message", what: "service messages (joins, pins, calls)",
                     count: reader.serviceMessages)] + ChatLogImport.shapingChanges(shaper)
    }

    var diagnostics: [Diagnostic] { ChatLogImport.shapingDiagnostics(shaper) }
}
