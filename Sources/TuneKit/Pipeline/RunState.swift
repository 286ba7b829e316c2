#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The moving parts of one ``ConvertJob`` run.
struct RunState {
    private(set) var options: ConvertOptions
    var report: ConversionReport
    private var exporter: RecordWriter
    /// The validator's line rules, which every written line must pass.
    private var gate: LineGate
    private var dedup: DuplicateFilter?
    private var planner: SplitPlanner?
    private var recordTokens: [UInt32] = []
    private let toStdout: Bool
    /// Training lines go to standard output, to the parted train output, or to the spool when a validation
    /// split is pending (one of the three).
    private var mainFile: OutputFile?
    private var trainParts: PartedOutput?
    private let spoolPath: String?
    /// Lines in ``writer`` not yet handed to the output.
    private var pendingLines = 0
    /// The train and validation outputs of the split pass.
    private var splitOutputs: [PartedOutput] = []
    private var rejectsFile: OutputFile?
    private var duplicatesFile: OutputFile?
    private var writer = JSONWriter(capacity: 1 << 20)
    private var sideWriter = JSONWriter(capacity: 1 << 16)
    private var kept = 0
    private var categoryCounts = CategoryCounter()
    private var renderBuffer: [UInt8] = []
    private var fingerprintBuilder = ContentFingerprint.Builder()
    private var diagnostics: [Diagnostic] = []
    private var redactor: Redactor?
    /// Inlines local pictures (`--image-mode base64`); records wait in ``imageQueue`` to be prepared together.
    private var inliner: ImageInliner?
    private var imageQueue: [Record] = []
    /// Told (records read, pictures inlined) after each window of pictures.
    var progress: ((Int, Int) -> Void)?
    private static let imageWindow = 64
    /// Tokens an image of the output format is billed as (0 for text formats).
    private var imageTokens: Int
    /// Whether a table's columns have decided the format (``MappingSpec/formatFromColumns``).
    private var formatResolved = false

    init(options: ConvertOptions) throws(ConvertError) {
        self.options = options
        report = ConversionReport(format: options.format)
        exporter = RecordWriter(format: options.format, profile: options.profile)
        gate = LineGate(format: options.format, profile: options.profile)
        imageTokens = options.profile.imageTokens(for: options.format)
        report.imageTokens = imageTokens
        toStdout = options.outputDirectory == "-"
        if toStdout && options.validation != nil {
            throw ConvertError(message: "--validation needs an output directory; it cannot be used with -o -")
        }
        switch options.dedup {
        case .none: break
        case .exact: dedup = DuplicateFilter()
        case .near: dedup = DuplicateFilter(nearThreshold: options.nearThreshold)
        }
        if options.redact { redactor = Redactor() }
        if options.images.mode == .base64 {
            inliner = ImageInliner(embedding: options.images, profile: options.profile)
        }
        if let amount = options.validation { planner = SplitPlanner(amount: amount, seed: options.seed) }
        let directory = options.outputDirectory
        if !toStdout {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw ConvertError(message: "\(directory): cannot create the output directory: \(error.localizedDescription)")
            }
        }
        do {
            if toStdout {
                mainFile = try OutputFile(path: "-")
                spoolPath = nil
            } else if planner != nil {
                let spool = Self.join(directory, ".tunekit-spool-\(getpid()).jsonl")
                mainFile = try OutputFile(path: spool)
                spoolPath = spool
            } else {
                trainParts = try PartedOutput(directory: directory, stem: "train", cap: options.profile.maxFileBytes,
                                              countsImages: options.images.mode == .base64)
                spoolPath = nil
            }
            if !toStdout {
                rejectsFile = try OutputFile(path: Self.join(directory, "rejects.jsonl"))
                duplicatesFile = try OutputFile(path: Self.join(directory, "duplicates.jsonl"))
            }
        } catch {
            throw ConvertError(error)
        }
        report.options = [
            ("to", options.format.rawValue),
            ("dedup", options.dedup == .near ? "near \(options.nearThreshold)" : options.dedup.rawValue),
            ("validation", options.validation?.description ?? "none"),
            ("seed", String(options.seed)),
            ("redact", options.redact ? "true" : "false"),
            ("image_mode", options.images.mode.rawValue),
        ]
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
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
            if options.mapping.formatFromColumns { try resolveFormat(header: table.header, input: input) }
            mapper = try TableMapper(spec: options.mapping, header: table.header, file: input, format: options.format)
            mapper.allowsLocalImages = inliner != nil
            diagnostics += mapper.warnings
        } catch {
            throw ConvertError(error)
        }
        if report.mapping.isEmpty { report.mapping = mapper.notes }
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
        report.inputs.append(ConversionReport.Input(file: input, facts: table.facts, skippedBlankRows: table.skippedBlankRows))
        if let reader = table as? CSVReader, reader.encoding.encoding != .utf8 || reader.encoding.bomLength > 0 {
            diagnostics.append(Diagnostic(.info, "input.encoding",
                                          "read as \(reader.encoding.encoding.rawValue): \(reader.encoding.reason)",
                                          at: SourceLocation(file: input)))
        }
        if let workbook = table as? WorkbookReader, !workbook.errorCells.isEmpty {
            report.warnings.append(Diagnostic(.warning, "sheet.error_values",
                "\(workbook.errorCells.count) cell\(workbook.errorCells.count == 1 ? "" : "s") with error values (#N/A …) read as empty: \(workbook.errorCells.prefix(10).joined(separator: ", "))",
                at: SourceLocation(file: input, sheet: workbook.sheetName)))
        }
    }

    /// Without `--to`, the first table's columns decide the format (``FormatInference``), said on the console;
    /// a later table whose columns call for another one stops the run.
    private mutating func resolveFormat(header: TableHeader, input: String) throws(ImportError) {
        let (format, reason) = FormatInference.infer(header: header, mapping: options.mapping)
        if formatResolved {
            guard format == options.format else {
                throw ImportError(.badMapping, "the columns call for --to \(format.rawValue) (\(reason)), the earlier inputs for \(options.format.rawValue); pass --to",
                                  at: SourceLocation(file: input))
            }
            return
        }
        formatResolved = true
        diagnostics.append(Diagnostic(.info, "convert.format", "format: \(format.rawValue) (\(reason))", at: SourceLocation(file: input)))
        guard format != options.format else { return }
        options.format = format
        exporter = RecordWriter(format: format, profile: options.profile)
        gate = LineGate(format: format, profile: options.profile)
        imageTokens = options.profile.imageTokens(for: format)
        report.format = format
        report.imageTokens = imageTokens
        report.options = report.options.map { $0.key == "to" ? (key: "to", value: format.rawValue) : $0 }
    }

    /// Reads the rows of any table through the model.
    private mutating func read(_ table: TableSource, mapper: TableMapper) throws {
        while let event = try table.next() {
            report.counts.read += 1
            switch event {
            case .reject(let reject): try rejectRecord(reject)
            case .row(let row):
                switch mapper.map(row) {
                case .failure(let reject): try rejectRecord(reject)
                case .success(let record): try accept(record)
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
        report.inputs.append(ConversionReport.Input(file: input, facts: facts, skippedBlankRows: 0))
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
        report.inputs.append(ConversionReport.Input(file: input, facts: facts, skippedBlankRows: 0))
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
                report.counts.read += 1
                try rejectRecord(reject)
            }
            var facts: [(key: String, value: String)] = [
                ("format", "wechat"), ("encoding", reader.encodingFact), ("text_messages", String(messages)),
            ]
            for (type, count) in reader.skippedTypes.sorted(by: { $0.key < $1.key }) {
                facts.append(("non_text_messages_type_\(type)", String(count)))
            }
            facts += Self.shapingFacts(shaper)
            report.inputs.append(ConversionReport.Input(file: input, facts: facts, skippedBlankRows: 0))
        } catch {
            throw ConvertError(error, input: input)
        }
    }

    private mutating func take(_ event: JSONLRecordReader.Event) throws(OutputError) {
        report.counts.read += 1
        switch event {
        case .reject(let reject): try rejectRecord(reject)
        case .record(let record): try accept(record)
        }
    }

    private mutating func take(_ outcome: ChatSessionShaper.Outcome) throws(OutputError) {
        report.counts.read += 1
        switch outcome {
        case .record(let record): try accept(record)
        case .reject(let reject): try rejectRecord(reject)
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
        report.inputs.append(ConversionReport.Input(file: input, facts: facts, skippedBlankRows: skippedBlankLines))
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
            report.counts.read += 1
            rows += 1
            if rows == 4096 { presizeDeduplicator(reader, rowsSoFar: rows) }
            switch event {
            case .reject(let reject):
                try rejectRecord(reject)
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
                case .failure(let reject): try rejectRecord(reject)
                case .success(let record): try accept(record)
                }
            }
        }
    }

    /// Sizes the duplicate table for the whole file from the bytes per row seen so far (a streamed input
    /// of unknown size is left to grow).
    private mutating func presizeDeduplicator(_ reader: CSVReader, rowsSoFar: Int) {
        let progress = reader.progress
        guard dedup != nil, let total = progress.total, progress.consumed > 0 else { return }
        let expected = Int(Double(total) / Double(progress.consumed) * Double(rowsSoFar) * 1.05)
        dedup!.exact.reserve(expectedCount: report.counts.read - rowsSoFar + expected)
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

    private mutating func rejectRecord(_ reject: Reject) throws(OutputError) {
        report.counts.rejected += 1
        report.rejectsByReason[reject.reason, default: 0] += 1
        guard let rejectsFile else { return }
        sideWriter.reset()
        sideWriter.beginObject()
        sideWriter.key("source")
        sideWriter.string(reject.source.description)
        sideWriter.key("reason")
        sideWriter.string(reject.reason)
        sideWriter.key("message")
        sideWriter.string(reject.message)
        if !reject.fields.isEmpty {
            sideWriter.key("fields")
            sideWriter.beginObject()
            for field in reject.fields {
                sideWriter.key(field.key)
                sideWriter.string(field.value)
            }
            sideWriter.endObject()
        }
        if let raw = reject.raw {
            sideWriter.key("raw")
            sideWriter.string(raw)
        }
        sideWriter.endObject()
        sideWriter.newline()
        try rejectsFile.write(sideWriter.bytes)
    }

    private mutating func accept(_ record: Record) throws(OutputError) {
        guard inliner != nil else { return try acceptPrepared(record) }
        // Every record queues (not only those with pictures), so that the output keeps the input's order.
        imageQueue.append(record)
        if imageQueue.count >= Self.imageWindow { try flushImageQueue() }
    }

    /// Prepares the queued records' pictures on all threads, then takes the records in order.
    private mutating func flushImageQueue() throws(OutputError) {
        guard !imageQueue.isEmpty else { return }
        let batch = imageQueue
        imageQueue.removeAll(keepingCapacity: true)
        for outcome in inliner!.inline(batch) {
            switch outcome {
            case .success(let record): try acceptPrepared(record)
            case .failure(let reject): try rejectRecord(reject)
            }
        }
        progress?(report.counts.read, inliner!.facts.embedded)
    }

    private mutating func acceptPrepared(_ record: Record) throws(OutputError) {
        var record = record
        if redactor != nil { record = redactor!.redact(record) }
        if let problem = exporter.problem(with: record) {
            try rejectRecord(Reject(reason: problem.reason, message: problem.message, source: record.source))
            return
        }
        let start = writer.bytes.count
        exporter.write(record, to: &writer)
        // The writers only write valid UTF-8 (Swift strings; CSV fields are checked as they are read).
        if let failure = gate.firstError(in: writer.bytes, from: start, validUTF8: true) {
            writer.bytes.removeSubrange(start...)
            try rejectRecord(Reject(reason: failure.code, message: failure.message, source: record.source))
            return
        }
        try keepLine(from: start, id: record.id, category: record.category, source: record.source, record: record)
    }

    /// A row taken by the fast lane: the same outcome as ``accept(_:)`` of its record.
    private mutating func acceptFast(_ rendered: ChatFastLane.Rendered, row: UnsafeBufferPointer<UInt8>,
                                     lane: ChatFastLane, file: String, line: Int) throws(OutputError) {
        let start = writer.bytes.count
        var id = RecordID(rawValue: 0)
        var category: String?
        renderBuffer.withUnsafeBufferPointer { rendering in
            let sources = ChatFastLane.Sources(row: row, rendering: rendering)
            id = lane.fingerprint(rendered, in: sources, builder: &fingerprintBuilder).id
            dedup?.exact.prefetch(id)
            lane.write(rendered, in: sources, to: &writer.bytes)
            if let span = rendered.category {
                category = String(decoding: sources[span], as: UTF8.self)
            }
        }
        if let failure = gate.firstError(inLaneLine: writer.bytes, from: start) {
            writer.bytes.removeSubrange(start...)
            try rejectRecord(Reject(reason: failure.code, message: failure.message, source: SourceLocation(file: file, line: line)))
            return
        }
        try keepLine(from: start, id: id, category: category, source: SourceLocation(file: file, line: line))
    }

    /// The line just appended to the output buffer at `start` is kept, or moved to the duplicates file when an
    /// earlier record had the same normalised content (or, given the `record`, similar text).
    private mutating func keepLine(from start: Int, id: RecordID, category: String?, source: SourceLocation,
                                   record: Record? = nil) throws(OutputError) {
        if dedup != nil, let match = dedup!.check(id, source: source, record: record) {
            try moveToDuplicates(from: start, id: id, source: source, match: match)
            return
        }
        // Over the line without its line end; lines with pictures by the platform's billing rules.
        let tokens: Int
        if imageTokens == 0 {
            tokens = writer.bytes.withUnsafeBufferPointer { TokenEstimator.estimate(UnsafeBufferPointer(rebasing: $0[start..<($0.count - 1)])) }
        } else {
            let format = options.format
            let profile = options.profile
            tokens = writer.bytes.withUnsafeBufferPointer {
                TokenEstimator.billed(line: UnsafeBufferPointer(rebasing: $0[start..<($0.count - 1)]), format: format, profile: profile)
            }
        }
        categoryCounts.add(category ?? "")
        if planner != nil {
            planner!.add(id: id, category: category)
            recordTokens.append(UInt32(clamping: tokens))
        } else {
            report.counts.train += 1
            report.estimatedTokens.train += tokens
        }
        kept += 1
        pendingLines += 1
        if writer.bytes.count >= 1 << 20 { try flushLines() }
    }

    /// Counts a duplicate and moves its line from the output buffer to the duplicates file, naming the record
    /// it repeats or resembles.
    @inline(never)
    private mutating func moveToDuplicates(from start: Int, id: RecordID, source: SourceLocation,
                                           match: DuplicateFilter.Match) throws(OutputError) {
        report.counts.duplicates += 1
        defer { writer.bytes.removeSubrange(start...) }
        guard let duplicatesFile else { return }
        writer.bytes.withUnsafeBufferPointer { line in
            match.writeLine(source: source, id: id, record: UnsafeBufferPointer(rebasing: line[start..<(line.count - 1)]),
                            to: &sideWriter)
        }
        try duplicatesFile.write(sideWriter.bytes)
    }

    /// Hands the buffered lines to the output.
    private mutating func flushLines() throws(OutputError) {
        if let trainParts {
            try trainParts.write(writer.bytes, lineCount: pendingLines)
        } else {
            try mainFile?.write(writer.bytes)
        }
        writer.reset()
        pendingLines = 0
    }

    // MARK: Finishing

    mutating func finish() throws(ConvertError) -> ConvertJob.Result {
        do {
            try flushImageQueue()
            report.images = inliner?.facts
            if dedup?.findsNear == true { report.nearDuplicates = dedup!.nearCount }
            try flushLines()
            let directory = options.outputDirectory
            if let planner, let spoolPath {
                try mainFile?.commit()
                try split(spoolPath: spoolPath, plan: planner.plan(), planner: planner, directory: directory)
                unlink(spoolPath)
            } else if let trainParts {
                report.outputs += try trainParts.commit()
            } else {
                try mainFile?.commit()
            }
            if let rejectsFile {
                try rejectsFile.commit()
                report.outputs.append(.init(role: "rejects", path: rejectsFile.path, lines: report.counts.rejected,
                                            bytes: rejectsFile.bytesWritten))
            }
            if let duplicatesFile {
                try duplicatesFile.commit()
                report.outputs.append(.init(role: "duplicates", path: duplicatesFile.path,
                                            lines: report.counts.duplicates, bytes: duplicatesFile.bytesWritten))
            }
            report.categories = categoryCounts.counts
            if let redactor {
                report.redactions = Dictionary(uniqueKeysWithValues: Redactor.Kind.allCases.map {
                    ($0.rawValue.lowercased(), redactor.counts[$0] ?? 0)
                })
            }
            addWarnings()
            if !toStdout {
                let reportFile = try OutputFile(path: Self.join(directory, "report.json"))
                try reportFile.write(Array(JSONPrettyPrinter.render(report.json).utf8))
                try reportFile.commit()
            }
        } catch {
            discardAll()
            throw ConvertError(error)
        }
        let usable = report.counts.train + report.counts.validation
        let status: Int32 = usable == 0 || (options.strict && report.counts.rejected > 0) ? 1 : 0
        return ConvertJob.Result(report: report, diagnostics: diagnostics + report.warnings, exitStatus: status)
    }

    /// Second pass for a split: routes spooled lines to train and validation by ordinal.
    private mutating func split(spoolPath: String, plan: ValidationSet, planner: SplitPlanner,
                                directory: String) throws(OutputError) {
        let counting = options.images.mode == .base64
        let train = try PartedOutput(directory: directory, stem: "train", cap: options.profile.maxFileBytes, countsImages: counting)
        let validation = try PartedOutput(directory: directory, stem: "validation", cap: options.profile.maxFileBytes,
                                          countsImages: counting)
        splitOutputs = [train, validation]
        let source: ByteSource
        do {
            source = try ByteSource(path: spoolPath)
        } catch {
            throw OutputError(path: spoolPath, message: error.message)
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var carry: [UInt8] = []
        var ordinal = 0
        func route(_ line: UnsafeBufferPointer<UInt8>) throws(OutputError) {
            let isValidation = plan.contains(ordinal)
            let tokens = Int(recordTokens[ordinal])
            if isValidation {
                try validation.write(line, lineCount: 1)
                report.counts.validation += 1
                report.estimatedTokens.validation += tokens
                report.validationCategories[planner.category(of: ordinal), default: 0] += 1
            } else {
                try train.write(line, lineCount: 1)
                report.counts.train += 1
                report.estimatedTokens.train += tokens
            }
            ordinal += 1
        }
        while true {
            let count: Int
            do {
                count = try source.readChunk(into: &buffer)
            } catch {
                throw OutputError(path: spoolPath, message: error.message)
            }
            if count == 0 { break }
            try buffer.withUnsafeBufferPointer { (bytes) throws(OutputError) in
                var lineStart = 0
                var i = 0
                while i < count {
                    guard let found = memchr(bytes.baseAddress! + i, 0x0A, count - i) else { break }
                    let end = bytes.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
                    if carry.isEmpty {
                        try route(UnsafeBufferPointer(rebasing: bytes[lineStart..<end]))
                    } else {
                        carry.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[lineStart..<end]))
                        try carry.withUnsafeBufferPointer { (line) throws(OutputError) in try route(line) }
                        carry.removeAll(keepingCapacity: true)
                    }
                    lineStart = end
                    i = end
                }
                carry.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[lineStart..<count]))
            }
        }
        report.outputs += try train.commit()
        report.outputs += try validation.commit()
    }

    private mutating func addWarnings() {
        let kept = report.counts.train + report.counts.validation
        if kept > 0 && kept < 300 {
            report.warnings.append(Diagnostic(.warning, "limit.examples_min",
                "only \(kept) records; the platform advises at least a few hundred high-quality examples"))
        }
        if kept >= 20 {
            for (name, count) in report.categories.sorted(by: { $0.key < $1.key }) where !name.isEmpty {
                if count * 20 < kept {
                    report.warnings.append(Diagnostic(.warning, "content.category_share",
                        "category \"\(name)\" has \(count) of \(kept) records (under 5%); cover each sub-task in proportion"))
                }
            }
        }
        let cap = options.profile.maxFileBytes
        for stem in ["train", "validation"] {
            let parts = report.outputs.filter { $0.role.hasPrefix(stem + " part") }
            if !parts.isEmpty {
                report.warnings.append(Diagnostic(.info, "file.parts",
                    "\(stem) is split into \(parts.count) files under the platform's \(cap / 1_000_000) MB upload limit: \(parts.map { part in part.images.map { "\(part.name) (\($0) image\($0 == 1 ? "" : "s"))" } ?? part.name }.joined(separator: ", ")); upload each"))
            }
        }
        for output in report.outputs where output.bytes > cap && (output.role.hasPrefix("train") || output.role.hasPrefix("validation")) {
            report.warnings.append(Diagnostic(.warning, "file.too_large",
                "\(output.name) is \(output.bytes / 1_000_000) MB (one line longer than the \(cap / 1_000_000) MB limit)"))
        }
        if report.counts.rejected > 0 {
            report.warnings.append(Diagnostic(.warning, "convert.rejects",
                "\(report.counts.rejected) input record\(report.counts.rejected == 1 ? " was" : "s were") rejected; see rejects.jsonl"))
        }
    }

    mutating func discardAll() {
        mainFile?.discard()
        trainParts?.discard()
        for output in splitOutputs { output.discard() }
        rejectsFile?.discard()
        duplicatesFile?.discard()
        if let spoolPath { unlink(spoolPath) }
    }
}
