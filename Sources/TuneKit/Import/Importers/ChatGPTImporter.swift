/// The ChatGPT data export's `conversations.json` (``ChatGPTExportReader``): each conversation as last shown
/// becomes one example (no session gap).
struct ChatGPTImporter: RecordSource {
    static let name = "chatgpt"
    static let kinds: [ConvertOptions.InputKind] = [.chatgpt]
    static let extensions = ["json"]

    /// A JSON array whose leading objects have ChatGPT's `mapping` (and `current_node`).
    static func recognise(_ sample: InputSample) -> Recognition? {
        guard sample.startsJSONArray, sample.contains("\"mapping\"") else { return nil }
        return Recognition(score: 95, kind: .chatgpt, reason: "a JSON array of conversations with a \"mapping\" of messages")
    }

    private let name: String
    private let reader: ChatGPTExportReader
    private var shaper: ChatSessionShaper
    private var messages = 0

    init(input: OpenedInput, kind: ConvertOptions.InputKind, options: ConvertOptions) throws(ConvertError) {
        name = input.name
        try ChatLogImport.requireChat(options, input: input.name, what: "a ChatGPT export")
        do {
            reader = try ChatGPTExportReader(document: JSONDocument.load(source: input.source), fileName: input.name)
        } catch {
            throw ConvertError(error, input: input.name)
        }
        var chatOptions = options.chatLog
        chatOptions.sessionGap = nil
        shaper = ChatSessionShaper(options: chatOptions, fileName: input.name, export: .chatgpt)
    }

    mutating func read(into sink: inout some RecordSink) throws(ConvertError) {
        messages = try ChatLogImport.readChats(reader.chats, shaper: &shaper, into: &sink, input: name)
    }

    var facts: [(key: String, value: String)] {
        [("format", "chatgpt"), ("conversations", String(reader.chats.count)),
         ("hidden_nodes_skipped", String(reader.hiddenNodes)), ("regenerated_replies", String(reader.regeneratedReplies)),
         ("messages", String(messages))]
            + ChatLogImport.shapingFacts(shaper)
    }

    var changes: [InputChange] {
        [
            InputChange(.dropped, kind: "chatgpt.hidden_node", what: "hidden nodes (system, reasoning, tool and search steps)",
                        count: reader.hiddenNodes),
            InputChange(.dropped, kind: "chatgpt.regenerated_reply", what: "replies regenerated away (the kept one is read)",
                        count: reader.regeneratedReplies),
        ] + ChatLogImport.shapingChanges(shaper)
    }

    var diagnostics: [Diagnostic] { ChatLogImport.shapingDiagnostics(shaper) }
}
