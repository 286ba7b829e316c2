/// WhatsApp "Export chat" text files (``WhatsAppExportReader``) → sessions → conversations.
struct WhatsAppImporter: RecordSource {
    static let name = "whatsapp"
    static let kinds: [ConvertOptions.InputKind] = [.whatsapp]
    static let extensions = ["txt"]

    /// Recognised when the first lines share a WhatsApp stamp pattern (``WhatsAppStampPattern``) and one of
    /// them is a `sender: text` message (two for a stamp closed by a bare space or colon, which is weaker
    /// evidence). A stamp the transcript reader reads as its own timestamp (`[2024-03-05 10:01:02] Name: …`)
    /// scores below the transcript, which reads such a file equally well.
    static func recognise(_ sample: InputSample) -> Recognition? {
        guard sample.isText else { return nil }
        guard let found = WhatsAppExportReader.recognise(Array(sample.nonBlankLines.prefix(400))),
              found.messages >= (found.pattern.hasWeakCloser ? 2 : 1) else { return nil }
        let reason = "WhatsApp message lines (\"\(found.example.prefix(32))…\", stamps \"\(found.pattern.sketch)\")"
        return Recognition(score: found.pattern.isTranscriptTimestamp ? 70 : 95, kind: .whatsapp, reason: reason)
    }

    private let name: String
    private let reader: WhatsAppExportReader
    private var shaper: ChatSessionShaper
    private var messages = 0

    init(input: OpenedInput, kind: ConvertOptions.InputKind, options: ConvertOptions) throws(ConvertError) {
        name = input.name
        try ChatLogImport.requireChat(options, input: input.name, what: "a WhatsApp log")
        do {
            reader = try WhatsAppExportReader(source: input.source, encoding: options.encoding, dateOrder: options.dateOrder,
                                              maxLineBytes: options.maxLineBytes)
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
                                                     ("date_order_decided_by", reader.dateOrderDecidedBy),
                                                     ("system_lines_skipped", String(reader.systemLines)),
                                                     ("messages", String(messages))]
        if let stamps = reader.stampPattern { facts.insert(("stamp_pattern", stamps), at: 1) }
        if reader.editedMarkers > 0 { facts.append(("edited_markers_removed", String(reader.editedMarkers))) }
        if reader.otherStampLines > 0 {
            facts.append(("lines_with_another_stamp_kept_as_text", "\(reader.otherStampLines) (first: line \(reader.firstOtherStampLine))"))
        }
        facts += ChatLogImport.shapingFacts(shaper)
        if let stray = ChatLogImport.strayLines(reader.strayLines, file: name) { facts.append(stray.fact) }
        return facts
    }

    var changes: [InputChange] {
        [InputChange(.dropped, kind: "whatsapp.system_line", what: "system lines (encryption notice, joins, subject changes)",
                     count: reader.systemLines),
         ChatLogImport.strayLineChange(reader.strayLines, file: name),
         InputChange(.dropped, kind: "whatsapp.edited_marker", what: "\"message was edited\" markers removed from messages",
                     count: reader.editedMarkers),
         InputChange(.adapted, kind: "whatsapp.other_stamp", what: "lines with another stamp shape, kept as message text",
                     count: reader.otherStampLines, first: reader.firstOtherStampLine > 0 ? SourceLocation(file: name, line: reader.firstOtherStampLine) : nil)]
            + ChatLogImport.shapingChanges(shaper)
    }

    var diagnostics: [Diagnostic] {
        var notes = ChatLogImport.strayLines(reader.strayLines, file: name).map { [$0.diagnostic] } ?? []
        if reader.dateOrderAssumed {
            notes.append(Diagnostic(.warning, "whatsapp.date_order_assumed",
                                    "no date settles whether the day or the month comes first; read as \(reader.dateOrder) "
                                    + "(\(reader.dateOrderDecidedBy))", at: SourceLocation(file: name)))
        }
        if reader.otherStampLines > 0 {
            notes.append(Diagnostic(.warning, "whatsapp.other_stamp",
                                    "\(reader.otherStampLines) line(s) start with a stamp of another shape than the file's "
                                    + "(\(reader.stampPattern ?? "")) and were kept as text of the message above",
                                    at: SourceLocation(file: name, line: reader.firstOtherStampLine)))
        }
        return notes + ChatLogImport.shapingDiagnostics(shaper)
    }
}
