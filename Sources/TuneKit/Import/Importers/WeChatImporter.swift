import Foundation

/// The WeChat chat-history CSV export (``WeChatExportReader``): text messages → chats (by `TalkerId`) →
/// sessions → conversations.
struct WeChatImporter: RecordSource {
    static let name = "wechat"
    static let kinds: [ConvertOptions.InputKind] = [.wechat]
    static let extensions = ["csv"]

    /// Recognised by the export's columns in the header (`Type`, `IsSender`, `CreateTime`, `StrContent`).
    static func recognise(_ sample: InputSample) -> Recognition? {
        // The header line alone decides (a broken row further down must not hide the export).
        guard sample.isText, let first = sample.nonBlankLines.first else { return nil }
        let columns = first.split(separator: ",", omittingEmptySubsequences: false).map { field in
            field.trimmingWhitespace.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        guard WeChatExportReader.matches(TableHeader(columns: columns)) else { return nil }
        return Recognition(score: 95, kind: .wechat,
                           reason: "a table with the WeChat export's columns (\(WeChatExportReader.requiredColumns.joined(separator: ", ")))")
    }

    private let name: String
    private let reader: WeChatExportReader
    private var shaper: ChatSessionShaper
    private var messages = 0

    init(input: OpenedInput, kind: ConvertOptions.InputKind, options: ConvertOptions) throws(ConvertError) {
        name = input.name
        try ChatLogImport.requireChat(options, input: input.name, what: "a WeChat export")
        do {
            reader = try WeChatExportReader(source: input.source, encoding: options.encoding, maxLineBytes: options.maxLineBytes)
        } catch {
            throw ConvertError(error, input: input.name)
        }
        var chatOptions = options.chatLog
        if chatOptions.speakers[WeChatExportReader.me] == nil {
            chatOptions.speakers[WeChatExportReader.me] = .some(.assistant)
        }
        shaper = ChatSessionShaper(options: chatOptions, fileName: input.name, export: .wechat)
    }

    mutating func read(into sink: inout some RecordSink) throws(ConvertError) {
        do {
            var talker: String?
            while let item = try reader.next() {
                messages += 1
                if let talker, talker != item.talker { try ChatLogImport.finish(&shaper, sink: &sink, cause: .chatBoundary) }
                talker = item.talker
                try ChatLogImport.add(item.message, to: &shaper, sink: &sink)
            }
            try ChatLogImport.finish(&shaper, sink: &sink)
            for reject in reader.rejects { try sink.reject(reject) }
        } catch {
            throw ConvertError(error, input: name)
        }
    }

    var facts: [(key: String, value: String)] {
        var facts: [(key: String, value: String)] = [
            ("format", "wechat"), ("encoding", reader.encodingFact), ("text_messages", String(messages)),
        ]
        if reader.rowsWithExtraField > 0 { facts.append(("rows_with_extra_field", String(reader.rowsWithExtraField))) }
        if reader.shortRows > 0 { facts.append(("rows_shorter_than_header", String(reader.shortRows))) }
        for (type, count) in reader.skippedTypes.sorted(by: { $0.key < $1.key }) {
            facts.append(("non_text_messages_type_\(type)", String(count)))
        }
        return facts + ChatLogImport.shapingFacts(shaper)
    }

    var changes: [InputChange] {
        var changes = reader.skippedTypes.sorted { (Int($0.key) ?? .max, $0.key) < (Int($1.key) ?? .max, $1.key) }.map { type, count in
            InputChange(.dropped, kind: "wechat.type_\(type)", what: "\(WeChatExportReader.typeName(type)) (WeChat type \(type))",
                        count: count, first: reader.firstOfType[type].map { SourceLocation(file: name, line: $0) })
        }
        changes.append(InputChange(.adapted, kind: "wechat.extra_field", what: "rows with one field more than the header, read with it as the group sender",
                                   count: reader.rowsWithExtraField))
        changes.append(InputChange(.adapted, kind: "wechat.short_row", what: "rows shorter than the header, read with the missing names empty",
                                   count: reader.shortRows))
        return changes + ChatLogImport.shapingChanges(shaper)
    }

    var diagnostics: [Diagnostic] { ChatLogImport.shapingDiagnostics(shaper) }
}
