/// The output format that open-source dataset records call for when `--to` is not given
/// (``MappingSpec/formatFromColumns``), decided from the first records the way a table's columns decide it:
/// preference data → dpo, reasoning → thinking, pictures → vision, tool calls or definitions → tools, when every dialect record looked
/// at calls for the same one. Anything else — the platform's own lines, plain or KTO conversations, a mix (a
/// tool-call dataset's plain conversations among its calls) — decides nothing, and chat stays the default; the
/// rejects then name the `--to` that would take them.
enum DialectFormat {
    /// How many records are looked at.
    static let sampleSize = 50

    static func decision(for items: some Sequence<JSONValue>, options: ConvertOptions,
                         dialect: DatasetDialect?) -> FormatDecision? {
        guard options.mapping.formatFromColumns else { return nil }
        var counts: [OutputFormat: Int] = [:]
        var names: [String: Int] = [:]
        var looked = 0
        for item in items.prefix(sampleSize) {
            looked += 1
            guard case .object(let root) = item, let found = dialect ?? DatasetDialect.recognise(root),
                  found.formatting != .openai,
                  let read = try? DialectRecord.read(root, dialect: found, localImages: true) else { continue }
            counts[format(of: read.reading), default: 0] += 1
            names[read.name, default: 0] += 1
        }
        let kinds = Set(counts.keys)
        guard kinds.count == 1, let format = kinds.first, format != .chat else { return nil }
        let read = names.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return FormatDecision(format: format, reason: "the first \(looked) records are LLaMA-Factory \(read)")
    }

    /// The importer of `--from sharegpt` / `--from alpaca`: JSONL lines or a `.json` array, as the content (else
    /// the extension) says; the records are then read as that formatting only (``RecordDecoder/Context/formatting``).
    static func choice(for sample: InputSample, given: ConvertOptions.InputKind,
                       ranked: [(importer: any RecordSource.Type, recognition: Recognition)]) -> Importers.Choice {
        if let best = ranked.first(where: { [.json, .jsonl].contains($0.recognition.kind) }) {
            return Importers.Choice(importer: best.importer, kind: given, reason: "--from \(given.rawValue): \(best.recognition.reason)")
        }
        let importer: any RecordSource.Type = sample.fileExtension == "jsonl" ? JSONLImporter.self : JSONArrayImporter.self
        return Importers.Choice(importer: importer, kind: given, reason: "--from \(given.rawValue) (read as \(importer.name))")
    }

    /// The format one record calls for.
    static func format(of reading: DialectRecord.Reading) -> OutputFormat {
        switch reading {
        case .kto: return .chat
        case .example(.preference): return .dpo
        case .example(.conversation(let conversation)):
            if conversation.messages.contains(where: { $0.reasoning != nil }) { return .thinking }
            if conversation.messages.contains(where: \.hasImage) { return .vision }
            if !conversation.tools.isEmpty || conversation.messages.contains(where: { !$0.toolCalls.isEmpty }) { return .tools }
            return .chat
        }
    }
}
