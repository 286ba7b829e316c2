#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Reads the inputs of one ``ConvertJob`` run into its ``ConversionSink``.
struct RunState {
    let options: ConvertOptions
    var sink: ConversionSink
    private var diagnostics: [Diagnostic] = []
    private var renderBuffer: [UInt8] = []
    private var fingerprintBuilder = ContentFingerprint.Builder()

    init(options: ConvertOptions) throws(ConvertError) {
        self.options = options
        sink = try ConversionSink(options: options)
    }

    // MARK: Reading

    mutating func process(input: String) throws(ConvertError) {
        let kind = try Self.kind(of: input, given: options.inputKind)
        try Self.checkContent(of: input, kind: kind)
        if kind == .json || kind == .telegram || kind == .chatgpt {
            try processJSONDocument(input: input, kind: kind)
            return
        }
        if kind == .jsonl {
            try processRecords(input: input)
            return
        }
        if kind == .whatsapp || (kind == .transcript && options.inputKind == nil && Self.isWhatsAppExport(input)) {
            try processWhatsApp(input: input)
            return
        }
        if kind == .transcript {
            try processTranscript(input: input)
            return
        }
        if kind == .wechat || (options.inputKind == nil && kind == .csv && input != "-" && Self.isWeChatExport(input)) {
            try processWeChat(input: input)
            return
        }
        let table: TableSource
        var mapper: TableMapper
        do {
            if [.spreadsheetml, .fods, .ods, .xlsx].contains(kind) {
                let dialect: WorkbookReader.Dialect = kind == .fods ? .openDocument : kind == .ods ? .openDocumentArchive
                    : kind == .xlsx ? .xlsx : .spreadsheetML
                table = try WorkbookReader(path: input, dialect: dialect, options: options.sheet)
            } else {
                var csvOptions = CSVReader.Options(delimiter: options.delimiter, encoding: options.encoding)
                if kind == .tsv && csvOptions.delimiter == nil { csvOptions.delimiter = 0x09 }
                table = try CSVReader(path: input, options: csvOptions)
            }
            mapper = try TableMapper(spec: options.mapping, header: table.header, file: input, format: options.format)
            mapper.allowsLocalImages = options.images.mode == .base64
        } catch {
            throw ConvertError(error)
        }
        sink.note(mapping: mapper.notes)
        do {
            if let reader = table as? CSVReader {
                try read(reader, lane: options.useFastLane && options.format == .chat && !options.redact && options.dedup != .near
                            ? ChatFastLane(mapper: mapper) : nil,
                         mapper: mapper, input: input)
            } else {
                try read(table, mapper: mapper)
            }
        } catch {
            throw ConvertError(error, input: input)
        }
        sink.note(input: ConversionReport.Input(file: input, facts: table.facts, skippedBlankRows: table.skippedBlankRows))
        if let reader = table as? CSVReader, reader.encoding.encoding != .utf8 || reader.encoding.bomLength > 0 {
            diagnostics.append(Diagnostic(.info, "input.encoding",
                                          "read as \(reader.encoding.encoding.rawValue): \(reader.encoding.reason)",
                                          at: SourceLocation(file: input)))
        }
        if let workbook = table as? WorkbookReader, !workbook.errorCells.isEmpty {
            diagnostics.append(Diagnostic(.warning, "sheet.error_values",
                "\(workbook.errorCells.count) cell\(workbook.errorCells.count == 1 ? "" : "s") with error values (#N/A …) read as empty: \(workbook.errorCells.prefix(10).joined(separator: ", "))",
                at: SourceLocation(file: input, sheet: workbook.sheetName)))
        }
    }

    /// Reads the rows of any table through the model.
    private mutating func read(_ table: TableSource, mapper: TableMapper) throws {
        while let event = try table.next() {
            switch event {
            case .reject(let reject): try sink.reject(reject)
            case .row(let row):
                switch mapper.map(row) {
                case .failure(let reject): try sink.reject(reject)
                case .success(let record): try sink.accept(record)
                }
            }
        }
    }

    /// Reads a chat transcript: messages → sessions → conversations (``ChatSessionShaper``).
    private mutating func processTranscript(input: String) throws(ConvertError) {
        do {
            let reader = try TranscriptReader(path: input, encoding: options.encoding)
            try processMessages(input: input, format: "transcript", next: reader.next,
                                facts: [("format", "transcript"), ("encoding", reader.encodingFact)],
                                strayLines: { reader.strayLines })
        } catch let error as ConvertError {
            throw error
        } catch {
            throw ConvertError(error, input: input)
        }
    }

    /// Reads a WhatsApp export (date order decided from the whole file).
    private mutating func processWhatsApp(input: String) throws(ConvertError) {
        do {
            let reader = try WhatsAppExportReader(path: input, encoding: options.encoding)
            try processMessages(input: input, format: "WhatsApp", next: reader.next,
                                facts: [("format", "whatsapp"), ("date_order", reader.dateOrder)],
                                strayLines: { reader.strayLines },
                                moreFacts: { [("system_lines_skipped", String(reader.systemLines))] })
        } catch let error as ConvertError {
            throw error
        } catch {
            throw ConvertError(error, input: input)
        }
    }

    /// One log's messages → sessions → conversations, with the counts in the report.
    private mutating func processMessages(input: String, format: String, next: () throws(ImportError) -> ChatLogMessage?,
                                          facts given: [(key: String, value: String)], strayLines: () -> Int,
                                          moreFacts: () -> [(key: String, value: String)] = { [] }) throws {
        guard options.format == .chat else {
            throw ConvertError(message: "\(input): a \(format) log converts to --to chat, not \(options.format.rawValue)")
        }
        var shaper = ChatSessionShaper(options: options.chatLog, fileName: input)
        var messages = 0
        while let message = try next() {
            messages += 1
            for outcome in shaper.add(message) { try take(outcome) }
        }
        for outcome in shaper.finish() { try take(outcome) }
        var facts = given + moreFacts() + [("messages", String(messages))] + Self.shapingFacts(shaper)
        let stray = strayLines()
        if stray > 0 {
            facts.append(("lines_before_first_message", String(stray)))
            diagnostics.append(Diagnostic(.warning, "transcript.stray_lines",
                                          "\(stray) line(s) before the first message were not read",
                                          at: SourceLocation(file: input)))
        }
        sink.note(input: ConversionReport.Input(file: input, facts: facts, skippedBlankRows: 0))
    }

    /// Chats of an export, each its own run of sessions (`owner`, when the export names it, answers).
    private mutating func processChats(input: String, format: String, chats: [(name: String, messages: [ChatLogMessage])],
                                       owner: String?, chatOptions: ChatLogOptions? = nil,
                                       facts given: [(key: String, value: String)]) throws {
        guard options.format == .chat else {
            throw ConvertError(message: "\(input): a \(format) export converts to --to chat, not \(options.format.rawValue)")
        }
        var chatOptions = chatOptions ?? options.chatLog
        if let owner, chatOptions.speakers[owner] == nil { chatOptions.speakers[owner] = .some(.assistant) }
        var shaper = ChatSessionShaper(options: chatOptions, fileName: input)
        var messages = 0
        for chat in chats {
            for message in chat.messages {
                messages += 1
                for outcome in shaper.add(message) { try take(outcome) }
            }
            for outcome in shaper.finish() { try take(outcome) }
        }
        let facts = given + [("messages", String(messages))]
            + Self.shapingFacts(shaper, placeholdersKey: "empty_or_placeholder_messages_dropped")
        sink.note(input: ConversionReport.Input(file: input, facts: facts, skippedBlankRows: 0))
    }

    /// What the session shaping of a chat log reports: sessions, the gap, and what it dropped or trimmed.
    static func shapingFacts(_ shaper: ChatSessionShaper, placeholdersKey: String = "placeholders_dropped")
        -> [(key: String, value: String)] {
        var facts: [(key: String, value: String)] = [
            ("sessions", String(shaper.sessions)), ("session_gap", shaper.options.sessionGap.map { "\($0)s" } ?? "none"),
        ]
        if shaper.placeholdersDropped > 0 { facts.append((placeholdersKey, String(shaper.placeholdersDropped))) }
        if shaper.skippedMessages > 0 { facts.append(("skipped_speaker_messages", String(shaper.skippedMessages))) }
        if shaper.turnsTrimmed > 0 { facts.append(("edge_turns_trimmed", String(shaper.turnsTrimmed))) }
        return facts
    }

    /// Whether a text file's first message lines are WhatsApp's (`12/31/23, 9:41 PM - …`, `[31/12/2023, 21:41:05] …`).
    static func isWhatsAppExport(_ path: String) -> Bool {
        guard path != "-", let lines = try? TextLineReader(path: path) else { return false }
        var checked = 0
        while checked < 20, let line = try? lines.next() {
            if line.trimmingWhitespace.isEmpty { continue }
            checked += 1
            if WhatsAppExportReader.header(line) != nil { return true }
        }
        return false
    }

    /// Whether a CSV file has the WeChat export's columns.
    static func isWeChatExport(_ path: String) -> Bool {
        guard let reader = try? CSVReader(path: path) else { return false }
        return WeChatExportReader.matches(reader.header)
    }

    /// Reads a WeChat CSV export: text messages → chats (by TalkerId) → sessions → conversations.
    private mutating func processWeChat(input: String) throws(ConvertError) {
        guard options.format == .chat else {
            throw ConvertError(message: "\(input): a WeChat export converts to --to chat, not \(options.format.rawValue)")
        }
        do {
            let reader = try WeChatExportReader(path: input, encoding: options.encoding)
            var chatOptions = options.chatLog
            if chatOptions.speakers[WeChatExportReader.me] == nil {
                chatOptions.speakers[WeChatExportReader.me] = .some(.assistant)
            }
            var shaper = ChatSessionShaper(options: chatOptions, fileName: input)
            var messages = 0
            var talker: String?
            while let item = try reader.next() {
                messages += 1
                if let talker, talker != item.talker {
                    for outcome in shaper.finish() { try take(outcome) }
                }
                talker = item.talker
                for outcome in shaper.add(item.message) { try take(outcome) }
            }
            for outcome in shaper.finish() { try take(outcome) }
            for reject in reader.rejects {
                try sink.reject(reject)
            }
            var facts: [(key: String, value: String)] = [
                ("format", "wechat"), ("encoding", reader.encodingFact), ("text_messages", String(messages)),
            ]
            for (type, count) in reader.skippedTypes.sorted(by: { $0.key < $1.key }) {
                facts.append(("non_text_messages_type_\(type)", String(count)))
            }
            facts += Self.shapingFacts(shaper)
            sink.note(input: ConversionReport.Input(file: input, facts: facts, skippedBlankRows: 0))
        } catch {
            throw ConvertError(error, input: input)
        }
    }

    private mutating func take(_ event: JSONLRecordReader.Event) throws(OutputError) {
        switch event {
        case .reject(let reject): try sink.reject(reject)
        case .record(let record): try sink.accept(record)
        }
    }

    private mutating func take(_ outcome: ChatSessionShaper.Outcome) throws(OutputError) {
        switch outcome {
        case .record(let record): try sink.accept(record)
        case .reject(let reject): try sink.reject(reject)
        }
    }

    /// Reads records already in a platform shape (``JSONLRecordReader``).
    private mutating func processRecords(input: String) throws(ConvertError) {
        do {
            let reader = try JSONLRecordReader(path: input)
            while let event = try reader.next() { try take(event) }
            addRecordFacts(input: input, format: "jsonl", rewrites: reader.rewrites, skippedBlankLines: reader.skippedBlankLines)
        } catch {
            throw ConvertError(error, input: input)
        }
    }

    private mutating func addRecordFacts(input: String, format: String, rewrites: [String: Int], skippedBlankLines: Int) {
        var facts: [(key: String, value: String)] = [("format", format)]
        for (rewrite, count) in rewrites.sorted(by: { $0.key < $1.key }) {
            facts.append((key: "rewritten: " + rewrite, value: String(count)))
            diagnostics.append(Diagnostic(.info, "input.rewritten", "\(rewrite) (\(count)×)", at: SourceLocation(file: input)))
        }
        sink.note(input: ConversionReport.Input(file: input, facts: facts, skippedBlankRows: skippedBlankLines))
    }

    /// A whole-JSON input: a Telegram export (an object), a ChatGPT export (conversations with a `mapping`),
    /// or an array of records.
    private mutating func processJSONDocument(input: String, kind: ConvertOptions.InputKind) throws(ConvertError) {
        do {
            let document = try JSONDocument.load(path: input)
            let isObject = if case .object = document { true } else { false }
            if kind == .telegram || (kind == .json && isObject) {
                let reader = try TelegramExportReader(document: document, fileName: input)
                try processChats(input: input, format: "Telegram", chats: reader.chats.map { ($0.name, $0.messages) },
                                 owner: reader.ownerKnown ? TelegramExportReader.me : nil,
                                 facts: [("format", "telegram"), ("chats", String(reader.chats.count)),
                                         ("service_messages_skipped", String(reader.serviceMessages))])
            } else if kind == .chatgpt || ChatGPTExportReader.matches(document) {
                let reader = try ChatGPTExportReader(document: document, fileName: input)
                var chatOptions = options.chatLog
                chatOptions.sessionGap = nil
                try processChats(input: input, format: "ChatGPT", chats: reader.chats.map { ($0.title, $0.messages) },
                                 owner: nil, chatOptions: chatOptions,
                                 facts: [("format", "chatgpt"), ("conversations", String(reader.chats.count)),
                                         ("hidden_nodes_skipped", String(reader.hiddenNodes)),
                                         ("regenerated_replies", String(reader.regeneratedReplies))])
            } else {
                let reader = try JSONArrayRecordReader(document: document, fileName: input)
                while let event = reader.next() { try take(event) }
                addRecordFacts(input: input, format: "json array", rewrites: reader.rewrites, skippedBlankLines: 0)
            }
        } catch let error as ConvertError {
            throw error
        } catch {
            throw ConvertError(error, input: input)
        }
    }

    /// Reads every row: through the byte-level lane when there is one, and through the model
    /// (``TableMapper`` → ``Record`` → ``ChatExporter``) for the rows it declines or when there is none.
    private mutating func read(_ reader: CSVReader, lane: ChatFastLane?, mapper: TableMapper, input: String) throws {
        var rows = 0
        while let event = try reader.nextRaw() {
            rows += 1
            if rows == 4096 { presizeDeduplicator(reader, rowsSoFar: rows) }
            switch event {
            case .reject(let reject):
                try sink.reject(reject)
            case .row(let line):
                if let lane {
                    let (bytes, fields) = reader.currentRow
                    if let rendered = lane.render(bytes, fields: fields, into: &renderBuffer) {
                        try acceptFast(rendered, row: bytes, lane: lane, file: input, line: line)
                        continue
                    }
                }
                let row = TableRow(header: reader.header, values: reader.currentStrings(),
                                   source: SourceLocation(file: input, line: line))
                switch mapper.map(row) {
                case .failure(let reject): try sink.reject(reject)
                case .success(let record): try sink.accept(record)
                }
            }
        }
    }

    /// Sizes the duplicate table for the whole file from the bytes per row seen so far (a streamed input
    /// of unknown size is left to grow).
    private mutating func presizeDeduplicator(_ reader: CSVReader, rowsSoFar: Int) {
        let progress = reader.progress
        guard options.dedup != .none, let total = progress.total, progress.consumed > 0 else { return }
        let expected = Int(Double(total) / Double(progress.consumed) * Double(rowsSoFar) * 1.05)
        sink.expect(records: expected - rowsSoFar)
    }

    /// Refuses a file whose bytes are not what its kind needs, naming what it looks like.
    static func checkContent(of path: String, kind: ConvertOptions.InputKind) throws(ConvertError) {
        guard path != "-", let found = FileSniffer.kind(of: path), found != .empty else { return }
        let fits: Bool
        switch kind {
        case .ods, .xlsx: fits = found == .zip
        case .spreadsheetml, .fods: fits = found == .xml
        case .csv, .tsv, .jsonl, .json, .transcript, .wechat, .telegram, .chatgpt, .whatsapp: fits = [.text, .xml].contains(found)
        }
        if !fits {
            throw ConvertError(message: "\(path): read as \(kind.rawValue), but the file looks like \(found.description)")
        }
    }

    /// The input kind from `--from` or the file name; refuses formats this version does not read.
    static func kind(of path: String, given: ConvertOptions.InputKind?) throws(ConvertError) -> ConvertOptions.InputKind {
        if let given { return given }
        let lower = path.lowercased()
        if lower.hasSuffix(".tsv") || lower.hasSuffix(".tab") { return .tsv }
        if lower.hasSuffix(".jsonl") { return .jsonl }
        if lower.hasSuffix(".json") { return .json }
        if lower.hasSuffix(".txt") || lower.hasSuffix(".log") { return .transcript }
        if lower.hasSuffix(".xml") { return .spreadsheetml }
        if lower.hasSuffix(".fods") { return .fods }
        if lower.hasSuffix(".ods") { return .ods }
        if lower.hasSuffix(".xlsx") || lower.hasSuffix(".xlsm") { return .xlsx }
        for ext in [".xls", ".zip"] where lower.hasSuffix(ext) {
            throw ConvertError(message: "\(path): \(ext.dropFirst()) input is not supported by this version of convert (it reads CSV, TSV, XLSX, ODS, flat ODS, Excel 2003 XML and JSONL records); save the sheet as .xlsx or CSV, or pass --from csv if it is CSV")
        }
        return .csv
    }

    // MARK: Outcomes

    /// A row taken by the fast lane: the same outcome as ``ConversionSink/accept(_:)`` of its record.
    private mutating func acceptFast(_ rendered: ChatFastLane.Rendered, row: UnsafeBufferPointer<UInt8>,
                                     lane: ChatFastLane, file: String, line: Int) throws(OutputError) {
        try renderBuffer.withUnsafeBufferPointer { (rendering) throws(OutputError) in
            let sources = ChatFastLane.Sources(row: row, rendering: rendering)
            let id = lane.fingerprint(rendered, in: sources, builder: &fingerprintBuilder).id
            let category = rendered.category.map { String(decoding: sources[$0], as: UTF8.self) }
            try sink.acceptLine(id: id, category: category, source: SourceLocation(file: file, line: line)) { bytes in
                lane.write(rendered, in: sources, to: &bytes)
            }
        }
    }

    mutating func finish() throws(ConvertError) -> ConvertJob.Result {
        let report = try sink.finish()
        let usable = report.counts.train + report.counts.validation
        let status: Int32 = usable == 0 || (options.strict && report.counts.rejected > 0) ? 1 : 0
        return ConvertJob.Result(report: report, diagnostics: diagnostics + report.warnings, exitStatus: status)
    }

    func discardAll() {
        sink.discard()
    }
}
