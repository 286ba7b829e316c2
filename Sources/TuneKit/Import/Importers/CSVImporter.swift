/// CSV and TSV exports (and Excel's "Unicode text", a tab-separated `.txt`): rows mapped to records by
/// ``TableMapper``; rows → chat lines through the byte lane (``ChatFastLane``) when the templates allow.
struct CSVImporter: RecordSource {
    static let name = "csv"
    static let kinds: [ConvertOptions.InputKind] = [.csv, .tsv]
    static let extensions = ["csv", "tsv", "tab", "txt"]

    /// A table when the sample's records split into one constant number (≥ 2) of fields under a header.
    static func recognise(_ sample: InputSample) -> Recognition? {
        guard sample.isText, sample.firstSignificantByte != UInt8(ascii: "{"),
              sample.firstSignificantByte != UInt8(ascii: "[") else { return nil }
        let byExtension = ["csv", "tsv", "tab"].contains(sample.fileExtension)
        let extensionKind: ConvertOptions.InputKind = ["tsv", "tab"].contains(sample.fileExtension) ? .tsv : .csv
        guard let shape = TableShape.analyse(sample) else {
            return byExtension ? Recognition(score: 30, kind: extensionKind, reason: "the .\(sample.fileExtension) extension (no constant number of fields in the first lines)") : nil
        }
        let kind: ConvertOptions.InputKind = shape.delimiter == 0x09 ? .tsv : .csv
        let fields = "\(shape.columns) \(CSVReader.describe(shape.delimiter))-separated fields under a header"
        let agreed = "\(shape.agreeing) of \(shape.rows) row\(shape.rows == 1 ? "" : "s")"
        if shape.separatorLine {
            return Recognition(score: 95, kind: kind, reason: "Excel's \"sep=\" first line, then \(fields) (\(agreed))")
        }
        if shape.agreement >= 0.9 {
            return Recognition(score: shape.delimiter == 0x09 ? 85 : 75, kind: kind, reason: "lines split into \(fields) (\(agreed))")
        }
        if shape.agreement >= 0.6 {
            return Recognition(score: 55, kind: kind, reason: "lines mostly split into \(fields) (\(agreed))")
        }
        return byExtension ? Recognition(score: 30, kind: extensionKind, reason: "the .\(sample.fileExtension) extension (rows of varying width)") : nil
    }

    private let name: String
    private let reader: CSVReader
    private let mapper: TableMapper
    /// The format the columns decided, when they decide it.
    let formatDecision: FormatDecision?
    private var pump: TableRowPump

    init(input: OpenedInput, kind: ConvertOptions.InputKind, options: ConvertOptions) throws(ConvertError) {
        name = input.name
        var csvOptions = CSVReader.Options(delimiter: options.delimiter, encoding: options.encoding, maxRowBytes: options.maxLineBytes)
        if kind == .tsv && csvOptions.delimiter == nil { csvOptions.delimiter = 0x09 }
        do {
            reader = try CSVReader(source: input.source, options: csvOptions)
        } catch {
            throw ConvertError(error)
        }
        (mapper, formatDecision) = try TableImport.mapper(for: reader.header, file: input.name, options: options)
        pump = TableRowPump(mapper: mapper, options: options)
        ignoredFlags = [options.sheet.headerRow.map { _ in "--header-row" }, options.sheet.sheet.map { _ in "--sheet / --sheet-index" }]
            .compactMap { $0 }
    }

    /// Workbook flags given for this text table, which has no sheets and whose header is its first line.
    private let ignoredFlags: [String]

    /// Reads every row: through the byte-level lane when there is one, and through the model
    /// (``TableMapper`` → ``Record``) for the rows it declines or when there is none.
    // A conversion reads through an existential importer, so without this the row loop would call the sink
    // through its witness table for every row; specialised, the byte lane's accept path is inlined.
    @_specialize(exported: false, where Sink == ConversionSink)
    mutating func read<Sink: RecordSink>(into sink: inout Sink) throws(ConvertError) {
        do {
            try pump.read(reader, into: &sink)
        } catch {
            throw ConvertError(error, input: name)
        }
    }

    var facts: [(key: String, value: String)] { reader.facts }
    var skippedBlankRows: Int { reader.skippedBlankRows }
    var mappingNotes: [(field: String, template: String, how: String)] { mapper.notes }
    var unusedColumns: [String] { mapper.unusedColumns }


    var diagnostics: [Diagnostic] {
        let ignored = ignoredFlags.map {
            Diagnostic(.warning, "input.flag_ignored", "\($0) applies to workbooks; this CSV/TSV's header is its first non-blank line (the flag was ignored: drop it, or delete the lines above the header)",
                       at: SourceLocation(file: name))
        }
        guard reader.encoding.encoding != .utf8 || reader.encoding.bomLength > 0 else { return ignored + mapper.warnings }
        return [Diagnostic(.info, "input.encoding", "read as \(reader.encoding.encoding.rawValue): \(reader.encoding.reason)",
                           at: SourceLocation(file: name))] + ignored + mapper.warnings
    }
}
