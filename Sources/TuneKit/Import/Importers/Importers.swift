/// The registry of importers, and the choice of one for an input.
package enum Importers {
    /// Every importer, one line each.
    package static var all: [any RecordSource.Type] {
        [
            CSVImporter.self,
            WorkbookImporter.self,
            TranscriptImporter.self,
            WhatsAppImporter.self,
            WeChatImporter.self,
            TelegramImporter.self,
            ChatGPTImporter.self,
            JSONLImporter.self,
            JSONArrayImporter.self,
        ]
    }

    /// Scores closer than this are a near-tie: the extension breaks it, or the run stops.
    package static let nearTie = 15

    /// The importer picked for an input, the kind it reads it as, and why.
    package struct Choice {
        package var importer: any RecordSource.Type
        package var kind: ConvertOptions.InputKind
        package var reason: String
    }

    /// The importer `--from` names, or the one whose recogniser fits the sample best (the extension breaking
    /// near-ties). Refuses a binary file that no importer reads, naming what it looks like, and stops with
    /// both candidates when two fit about equally.
    package static func choose(for sample: InputSample, given: ConvertOptions.InputKind?) throws(ConvertError) -> Choice {
        if let given {
            try refuseMismatch(sample, kind: given)
            // `--from json` reads any JSON document: an object as Telegram, a ChatGPT export as one.
            if given == .json, let best = ranked(sample).first(where: { [.json, .telegram, .chatgpt].contains($0.recognition.kind) }) {
                return Choice(importer: best.importer, kind: best.recognition.kind, reason: "--from json: \(best.recognition.reason)")
            }
            // `--from sharegpt` / `alpaca` name a record dialect: JSONL lines or a `.json` array, by content.
            if given == .sharegpt || given == .alpaca {
                return DialectFormat.choice(for: sample, given: given, ranked: ranked(sample))
            }
            let importer = all.first { $0.kinds.contains(given) }!
            return Choice(importer: importer, kind: given, reason: "--from \(given.rawValue)")
        }
        let candidates = ranked(sample)
        guard let best = candidates.first else {
            // Nothing fits: the extension decides, as it did before content was looked at.
            let kind = try extensionKind(sample)
            try refuseMismatch(sample, kind: kind)
            let importer = all.first { $0.kinds.contains(kind) }!
            return Choice(importer: importer, kind: kind, reason: "the .\(sample.fileExtension.isEmpty ? "csv default" : sample.fileExtension) extension (no importer recognised the content)")
        }
        let close = candidates.dropFirst().filter { best.recognition.score - $0.recognition.score < nearTie }
        if close.isEmpty {
            return Choice(importer: best.importer, kind: best.recognition.kind, reason: best.recognition.reason)
        }
        let tied = [best] + close
        let hinted = tied.filter { $0.importer.extensions.contains(sample.fileExtension) && !$0.importer.extensions.isEmpty }
        if hinted.count == 1, !sample.fileExtension.isEmpty {
            let pick = hinted[0]
            return Choice(importer: pick.importer, kind: pick.recognition.kind,
                          reason: "\(pick.recognition.reason); the .\(sample.fileExtension) extension breaks a near-tie with \(tied.filter { ObjectIdentifier($0.importer) != ObjectIdentifier(pick.importer) }.map { $0.importer.name }.joined(separator: ", "))")
        }
        let named = tied.map { "\($0.importer.name) (\($0.recognition.reason); --from \($0.recognition.kind.rawValue))" }
        throw ConvertError(message: "\(sample.name): the content fits more than one input kind about equally: \(named.joined(separator: " or ")); say which with --from")
    }

    /// The importers that recognise the sample, best first (registry order among equals).
    static func ranked(_ sample: InputSample) -> [(importer: any RecordSource.Type, recognition: Recognition)] {
        let found: [(importer: any RecordSource.Type, recognition: Recognition)] = all.compactMap { importer in
            guard let recognition = importer.recognise(sample), recognition.score > 0 else { return nil }
            return (importer, recognition)
        }
        return found.enumerated().sorted {
            $0.element.recognition.score != $1.element.recognition.score
                ? $0.element.recognition.score > $1.element.recognition.score : $0.offset < $1.offset
        }.map(\.element)
    }

    /// Refuses a file whose bytes are not what `kind` reads (a PNG named `.csv`, an old `.xls`), naming what
    /// it looks like.
    static func refuseMismatch(_ sample: InputSample, kind: ConvertOptions.InputKind) throws(ConvertError) {
        let found = sample.looks
        guard found != .empty else { return }
        let fits: Bool
        switch kind {
        case .ods, .xlsx: fits = found == .zip
        case .spreadsheetml, .fods: fits = found == .xml
        case .csv, .tsv, .jsonl, .json, .transcript, .wechat, .telegram, .chatgpt, .whatsapp, .sharegpt, .alpaca:
            fits = [.text, .xml].contains(found)
        }
        if !fits {
            throw ConvertError(message: "\(sample.name): read as \(kind.rawValue), but the file looks like \(found.description)"
                                   + (found.advice.map { "; " + $0 } ?? ""))
        }
    }

    /// The input kind the file name gives (the choice when the content says nothing); refuses formats this
    /// version does not read.
    static func extensionKind(_ sample: InputSample) throws(ConvertError) -> ConvertOptions.InputKind {
        let path = sample.name
        switch sample.fileExtension {
        case "tsv", "tab": return .tsv
        case "jsonl": return .jsonl
        case "json": return .json
        case "txt", "log": return .transcript
        case "xml": return .spreadsheetml
        case "fods": return .fods
        case "ods": return .ods
        case "xlsx", "xlsm": return .xlsx
        case "xls", "zip":
            if sample.looks == .text && sample.fileExtension == "xls" { break }
            throw ConvertError(message: "\(path): \(sample.fileExtension) input is not supported by this version of convert (it reads CSV, TSV, XLSX, ODS, flat ODS, Excel 2003 XML and JSONL records); save the sheet as .xlsx or CSV, or pass --from csv if it is CSV")
        default: break
        }
        if sample.looks != .text && sample.looks != .empty && sample.looks != .xml {
            throw ConvertError(message: "\(path): the file looks like \(sample.looks.description), which convert does not read"
                                   + (sample.looks.advice.map { "; " + $0 } ?? ""))
        }
        return .csv
    }
}
