/// One input opened, recognised and handed to its importer, ready to be read into a sink: what a conversion
/// does with each input, in three steps (``Importers/prepare(_:options:)``, ``read(into:)``, ``reportInput``).
package struct PreparedImport {
    /// The importer chosen, and why.
    package let choice: Importers.Choice
    private var importer: any RecordSource
    private let input: OpenedInput

    /// Reads the whole input into `sink` (every unit once), then removes any temporary copy.
    package mutating func read(into sink: inout some RecordSink) throws(ConvertError) {
        defer { input.removeCopy() }
        try importer.read(into: &sink)
    }

    /// What the report says of the input after reading: the importer, why it was chosen, and its facts.
    package var reportInput: ConversionReport.Input {
        let facts: [(key: String, value: String)] = [("importer", choice.importer.name), ("recognised", choice.reason)]
        return ConversionReport.Input(file: input.name, facts: facts + importer.facts, skippedBlankRows: importer.skippedBlankRows,
                                      changes: importer.changes.filter { $0.count > 0 })
    }

    /// Bytes of the input read so far and its size, for progress. A workbook is read by its parts, not front
    /// to back: its file size is scaled by the fraction of the sheet's XML read (`nil` when that is unknown).
    /// The closure holds the opened input, or the workbook's reader, not the importer.
    package var position: () -> (done: Int, total: Int?)? {
        switch choice.kind {
        case .xlsx, .ods, .fods, .spreadsheetml:
            guard let workbook = importer as? WorkbookImporter, let size = input.source.size else { return { nil } }
            let fraction = workbook.fractionRead
            return { fraction().map { (Int($0 * Double(size)), size) } }
        default: return { [input] in (input.source.offset, input.source.size) }
        }
    }

    /// The importer's notes for the user, warnings for the report, and column mapping (tables).
    package var diagnostics: [Diagnostic] { importer.diagnostics }
    package var warnings: [Diagnostic] { importer.warnings }
    package var mappingNotes: [(field: String, template: String, how: String)] { importer.mappingNotes }
    package var unusedColumns: [String] { importer.unusedColumns }
    package var formatDecision: FormatDecision? { importer.formatDecision }

    fileprivate init(choice: Importers.Choice, importer: any RecordSource, input: OpenedInput) {
        self.choice = choice
        self.importer = importer
        self.input = input
    }
}

extension Importers {
    /// Opens `path` once (`-` for standard input), takes its sample, picks the importer (`--from`, or the
    /// best recogniser) and prepares it.
    package static func prepare(_ path: String, options: ConvertOptions) throws(ConvertError) -> PreparedImport {
        let opened: OpenedInput
        do {
            opened = try OpenedInput(path: path, encoding: options.encoding)
        } catch {
            throw ConvertError(error)
        }
        let choice = try choose(for: opened.sample, given: options.inputKind)
        let importer = try choice.importer.init(input: opened, kind: choice.kind, options: options)
        return PreparedImport(choice: choice, importer: importer, input: opened)
    }
}
