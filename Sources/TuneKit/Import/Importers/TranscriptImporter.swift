/// Plain chat transcripts: `[timestamp] speaker: text` lines (``TranscriptReader``) → sessions → conversations.
struct TranscriptImporter: RecordSource {
    static let name = "transcript"
    static let kinds: [ConvertOptions.InputKind] = [.transcript]
    static let extensions = ["txt", "log"]

    /// Recognised by its lines: most non-blank lines are `speaker: text` messages (speakers without tabs or
    /// commas, a few names repeating), timestamped ones counting most.
    static func recognise(_ sample: InputSample) -> Recognition? {
        guard sample.isText else { return nil }
        // Lines stamped as a WhatsApp export are one (its recogniser is sure of them), not "speaker: text".
        if let whatsApp = WhatsAppImporter.recognise(sample), whatsApp.score >= 95 { return nil }
        let lines = sample.nonBlankLines
        guard !lines.isEmpty else { return nil }
        var messages = 0
        var timed = 0
        var speakers: Set<String> = []
        for line in lines {
            // A speaker is a name: not a table's cells, nor a JSON key (`{"messages": [`).
            guard let message = TranscriptReader.messageLine(line), !message.speaker.contains("\t"),
                  !message.speaker.contains(","), !message.speaker.contains("\"") else { continue }
            messages += 1
            if message.time != nil { timed += 1 }
            speakers.insert(message.speaker)
        }
        let share = "\(messages) of \(lines.count) non-blank lines"
        if timed >= 2 && timed * 10 >= lines.count * 3 {
            return Recognition(score: 90, kind: .transcript, reason: "\(share) are \"[time] speaker: text\" messages (\(timed) timestamped)")
        }
        if messages >= 2 && messages * 2 >= lines.count && speakers.count <= max(2, messages / 2) {
            return Recognition(score: 70, kind: .transcript,
                               reason: "\(share) are \"speaker: text\" messages (\(speakers.count) speaker\(speakers.count == 1 ? "" : "s"))")
        }
        if ["txt", "log"].contains(sample.fileExtension) {
            return Recognition(score: 20, kind: .transcript, reason: "the .\(sample.fileExtension) extension (\(share) are messages)")
        }
        return nil
    }

    private let name: String
    private let options: ConvertOptions
    private let reader: TranscriptReader
    private var shaper: ChatSessionShaper
    private var messages = 0

    init(input: OpenedInput, kind: ConvertOptions.InputKind, options: ConvertOptions) throws(ConvertError) {
        name = input.name
        self.options = options
        try ChatLogImport.requireChat(options, input: input.name, what: "a transcript log")
        do {
            reader = try TranscriptReader(source: input.source, encoding: options.encoding, maxLineBytes: options.maxLineBytes)
        } catch {
            throw ConvertError(error)
        }
        shaper = ChatSessionShaper(options: options.chatLog, fileName: input.name, export: .transcript)
    }

    mutating func read(into sink: inout some RecordSink) throws(ConvertError) {
        messages = try ChatLogImport.readMessages(reader.next, shaper: &shaper, into: &sink, input: name)
    }

    var facts: [(key: String, value: String)] {
        var facts: [(key: String, value: String)] = [("format", "transcript"), ("encoding", reader.encodingFact),
                                                     ("messages", String(messages)), ("blank_lines", reader.blankLines.description)]
        facts += ChatLogImport.shapingFacts(shaper)
        if let stray = ChatLogImport.strayLines(reader.strayLines, file: name) { facts.append(stray.fact) }
        return facts
    }

    var changes: [InputChange] {
        [ChatLogImport.strayLineChange(reader.strayLines, file: name)] + ChatLogImport.shapingChanges(shaper)
    }

    var diagnostics: [Diagnostic] {
        (ChatLogImport.strayLines(reader.strayLines, file: name).map { [$0.diagnostic] } ?? []) + ChatLogImport.shapingDiagnostics(shaper)
    }
}
