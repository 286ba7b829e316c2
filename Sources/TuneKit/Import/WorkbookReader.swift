import Foundation

/// Reads the XML spreadsheet formats as a stream of rows, through libxml2's SAX2 parser: Excel 2003 XML
/// ("XML Spreadsheet", `<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">`) and flat
/// OpenDocument (`.fods`).
///
/// Faithful to what a person sees: gaps (`ss:Index`) leave empty cells and repeats
/// (`table:number-columns-repeated`) expand, merged cells fill every cell of the merge (unless turned off),
/// numbers keep their digits, dates become ISO 8601 (a date alone when the time is midnight), booleans
/// read TRUE/FALSE, error values (`#N/A`) become empty with a warning, rich text runs are joined. The sheet
/// is chosen by name (a number is a name when a sheet is so named) or position (`#3`), or is the first
/// visible sheet with data; every row names its cells
/// (`faq.xml!FAQ!A17:C17`).
///
/// A file is read twice — once to list the sheets (visibility is only stated after each sheet's rows),
/// once to stream the chosen one — so memory stays bounded by a row, not the sheet.
public final class WorkbookReader: TableSource, ByteRowTable {
    /// The XML spreadsheet dialects.
    public enum Dialect: String, Sendable {
        /// Excel 2003 XML.
        case spreadsheetML = "spreadsheetml"
        /// Flat OpenDocument (`.fods`).
        case openDocument = "fods"
        /// Zipped OpenDocument (`.ods`): `content.xml` inside the archive.
        case openDocumentArchive = "ods"
        /// Office Open XML (`.xlsx`, Excel and WPS).
        case xlsx
    }

    /// The workbook's dialect.
    public let dialect: Dialect
    /// The chosen sheet's header row.
    public private(set) var header: TableHeader
    /// The file name used in locations.
    public let fileName: String
    /// The sheets seen, in order.
    public private(set) var sheets: [SheetSummary] = []
    /// The sheet being read.
    public private(set) var sheetName: String
    /// Cells holding error values (`#N/A` …), read as empty.
    public private(set) var errorCells: [String] = []
    /// Cells (`B7`) of Excel 2003 XML holding control characters written as character references (`&#7;`),
    /// which XML 1.0 forbids: kept in the text rather than refusing the file.
    public var controlCharacterCells: [String] { stream.controlCharacterCells }
    /// Empty rows and hidden rows skipped.
    public private(set) var skippedBlankRows = 0
    /// Hidden rows skipped (with ``SheetOptions/skipHiddenRows``).
    public private(set) var skippedHiddenRows = 0
    /// How a `--sheet` given as a number or `#N` was taken (`name "2024" …` or `position 3 …`); `nil` otherwise.
    public private(set) var sheetChoice: String?

    /// What the first pass learns about a sheet.
    public struct SheetSummary: Sendable, Equatable {
        /// The sheet's name.
        public var name: String
        /// Whether the sheet is hidden.
        public var hidden: Bool
        /// Rows with content seen in the first pass (for `.xlsx`, 1 when the sheet holds any data): 0 is an empty sheet.
        public var rows: Int
    }

    private let options: SheetOptions
    private let stream: XMLRowStream
    /// The XLSX sheet being read, asked after each row whether a shared string was missing.
    @exclusivity(unchecked) private var xlsxStream: XLSXSheetStream?
    /// The workbook's parts while its shared strings are still being read beside the rows (finished, and any
    /// error they met thrown, at the end of the sheet).
    private var partsStillReading: XLSXParts?
    private var headerLine = 0
    @exclusivity(unchecked) private var headerWidth = 0
    /// The pictures placed in the sheet's cells, put into the data rows as they are read (set by the importer).
    var pictures: SheetPictures?
    /// The header row's width before hidden columns are taken out: a picture right of it is in no column.
    @exclusivity(unchecked) private var rawHeaderWidth = 0
    @exclusivity(unchecked) private var lastRawWidth = 0
    /// The parts where the sheets of an `.xlsx` are, in workbook order (for the picture index).
    private(set) var sheetParts: [String] = []
    /// The position of the sheet being read (0-based).
    private(set) var sheetIndex = 0
    /// The merged ranges of an `.xlsx` sheet read, when merges fill their cells (a picture in a merge fills it too).
    private(set) var mergedRanges: [(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int)] = []
    /// Pictures a flat `.fods` embeds (`draw:image`), which are not read.
    private(set) var embeddedPictures = 0
    /// The header's last column (`C`), for the cell ranges rows are named by.
    private var lastColumnName = "A"
    /// The row ``nextByteRow()`` read last, exactly one field per header column.
    @exclusivity(unchecked) private var current = SheetRow(number: 0, values: [], hidden: false, errorColumns: [])

    /// Opens a workbook and reads its header row.
    public convenience init(path: String, dialect: Dialect, options: SheetOptions = SheetOptions()) throws(ImportError) {
        try self.init(path: path, dialect: dialect, options: options, shownAs: path)
    }

    /// Opens the workbook at `path`, naming it `shownAs` in locations (a temporary copy of a piped input).
    init(path: String, dialect: Dialect, options: SheetOptions, shownAs: String) throws(ImportError) {
        fileName = shownAs
        self.dialect = dialect
        self.options = options
        let location = SourceLocation(file: shownAs)
        let archive = dialect == .openDocumentArchive || dialect == .xlsx ? try ZipArchive(path: path, entryLimit: options.zipEntryLimit, totalLimit: options.zipTotalLimit) : nil
        var xlsx: XLSXParts?
        let makeSource = { () throws(ImportError) -> ChunkSource in
            if let archive {
                guard archive.entries["content.xml"] != nil else {
                    throw ImportError(.unknownFormat, "the archive has no content.xml" + PackageContent(archive: archive).notAWorkbook, at: location)
                }
                return try archive.open("content.xml")
            }
            return try ByteSource(path: path)
        }
        // Pass 1: the sheets.
        switch dialect {
        case .spreadsheetML:
            var scan = SheetByteScan()
            let source = try makeSource()
            var chunk = [UInt8](repeating: 0, count: 1 << 20)
            while case let count = try source.readChunk(into: &chunk, count: nil), count > 0 {
                chunk.withUnsafeBufferPointer { scan.scan(UnsafeBufferPointer(rebasing: $0[0..<count])) }
            }
            sheets = scan.sheets
            if sheets.isEmpty {
                // Say why: a parser pass names the fault of a malformed (for instance cut-off) file.
                try Self.run(source: makeSource(), handler: IgnoringHandler())
            }
        case .openDocument, .openDocumentArchive:
            let scan = OpenDocumentScan()
            try Self.run(source: makeSource(), handler: scan)
            sheets = scan.sheets
            if dialect == .openDocument { embeddedPictures = scan.pictures }
        case .xlsx:
            // The shared strings are read on a thread of their own while the sheet is chosen and its merges found.
            let parts = try XLSXParts(archive: archive!, sharedStringsInMemory: options.sharedStringsInMemory,
                                      sharedStringsLimit: options.sharedStringsLimit, cellLimit: options.maxCellBytes,
                                      readingSharedStringsAhead: true)
            xlsx = parts
            sheetParts = parts.sheets.map(\.entry)
            sheets = parts.sheets.map { SheetSummary(name: $0.name, hidden: $0.hidden, rows: $0.hasData ? 1 : 0) }
        }
        guard !sheets.isEmpty else {
            throw ImportError(.noHeader, "the workbook has no worksheet", at: location)
        }
        let chosen: Int
        let count = "\(sheets.count) sheet\(sheets.count == 1 ? "" : "s")"
        let names = sheets.map(\.name).joined(separator: ", ")
        switch options.sheet {
        case .name(let name)?:
            // A name always wins; `#3` is a position; a number no sheet is named is a position too (said so).
            if let index = sheets.firstIndex(where: { $0.name == name }) {
                chosen = index
                if let number = Int(name) {
                    sheetChoice = "name \"\(name)\" (a sheet is so named; --sheet '#\(number)' for the position)"
                }
            } else if let position = name.hasPrefix("#") ? Int(name.dropFirst()) : Int(name), position > 0,
                      name.dropFirst(name.hasPrefix("#") ? 1 : 0).allSatisfy(\.isASCII) {
                guard position <= sheets.count else {
                    throw ImportError(.noHeader, "no sheet named \"\(name)\", and the workbook has \(count), not \(position) (sheets: \(names))", at: location)
                }
                chosen = position - 1
                sheetChoice = name.hasPrefix("#") ? "position \(position) (--sheet '\(name)')"
                    : "position \(position) (no sheet is named \"\(name)\")"
            } else {
                throw ImportError(.noHeader, "no sheet named \"\(name)\" (sheets: \(names))", at: location)
            }
        case .index(let position)?:
            guard position >= 1, position <= sheets.count else {
                throw ImportError(.noHeader, "the workbook has \(count), not \(position) (--sheet-index; sheets: \(names))", at: location)
            }
            chosen = position - 1
            sheetChoice = "position \(position) (--sheet-index)"
        case nil:
            guard let index = sheets.firstIndex(where: { !$0.hidden && $0.rows > 0 }) else {
                throw ImportError(.noHeader, "no visible sheet has data (sheets: \(sheets.map(\.name).joined(separator: ", ")))", at: location)
            }
            chosen = index
        }
        sheetName = sheets[chosen].name
        sheetIndex = chosen
        header = TableHeader(columns: [])
        // Pass 2: stream the chosen sheet.
        switch dialect {
        case .spreadsheetML:
            stream = XMLRowStream(source: try makeSource(), assembler: SheetStream(sheetIndex: chosen, fillMerged: options.fillMergedCells,
                                                                                       displayText: options.displayText,
                                                                                       cellLimit: options.maxCellBytes),
                                  keepingControlCharacters: true)
        case .openDocument, .openDocumentArchive:
            stream = XMLRowStream(source: try makeSource(),
                                  assembler: OpenDocumentStream(sheetIndex: chosen, fillMerged: options.fillMergedCells,
                                                                     displayText: options.displayText, cellLimit: options.maxCellBytes))
        case .xlsx:
            let entry = xlsx!.sheets[chosen].entry
            let merges = options.fillMergedCells ? try XLSXSheetStream.merges(archive: archive!, entry: entry) : []
            mergedRanges = merges
            // Rows wait for strings still being read only when the arena can be read as it fills.
            if xlsx!.sharedStringsStream { partsStillReading = xlsx } else { try xlsx!.finishSharedStrings() }
            let assembler = XLSXSheetStream(parts: xlsx!, merges: merges, displayText: options.displayText,
                                            cellLimit: options.maxCellBytes)
            xlsxStream = assembler
            stream = XMLRowStream(source: try archive!.open(entry), assembler: assembler)
        }
        while let row = try nextSheetRow() {
            if options.headerRow.map({ row.number < $0 }) ?? false { continue }
            if row.isBlank { continue }
            var names: [String] = []
            for (index, value) in row.values.enumerated() {
                let name = value.trimmingCharacters(in: .whitespacesAndNewlines)
                names.append(name.isEmpty ? "column\(index + 1)" : name)
            }
            while names.count > 1, names.last == "column\(names.count)" { names.removeLast() }
            header = TableHeader(columns: names)
            headerWidth = names.count
            headerLine = row.number
            rawHeaderWidth = lastRawWidth
            lastColumnName = ColumnName.of(max(names.count, 1))
            return
        }
        throw ImportError(.noHeader, "sheet \"\(sheetName)\" has no header row", at: location)
    }

    /// Facts for the report: dialect, sheets, header row, columns, hidden rows and error cells.
    public var facts: [(key: String, value: String)] {
        var facts: [(key: String, value: String)] = [
            ("format", dialect.rawValue),
            ("sheet", sheetName),
            ("sheets", sheets.map { $0.name + ($0.hidden ? " (hidden)" : "") + ($0.name == sheetName ? " (read)" : "") }
                .joined(separator: ", ")),
            ("header_row", String(headerLine)),
            ("columns", header.listed(limit: 200)),
        ]
        if let sheetChoice { facts.insert(("sheet_chosen_by", sheetChoice), at: 2) }
        if options.displayText { facts.append(("numbers_read_as", "displayed text (--display-text)")) }
        if skippedHiddenRows > 0 { facts.append(("hidden_rows_skipped", String(skippedHiddenRows))) }
        if !errorCells.isEmpty { facts.append(("error_cells_read_as_empty", errorCells.joined(separator: ", "))) }
        if !controlCharacterCells.isEmpty {
            facts.append(("control_characters_kept", controlCharacterCells.joined(separator: ", ")))
        }
        if stream.cellsMovedPastMerges > 0 {
            facts.append(("cells_placed_right_of_vertical_merges", String(stream.cellsMovedPastMerges)))
        }
        return facts
    }

    /// The next row of the sheet, hidden columns taken out when asked.
    private func nextSheetRow() throws(ImportError) -> SheetRow? {
        guard var row = try stream.nextRow() else {
            // What stopped the shared strings (a damaged part) stops the sheet, even when every row was read.
            try partsStillReading?.finishSharedStrings()
            return nil
        }
        if stream.missingSharedString != nil { try partsStillReading?.finishSharedStrings() }
        if let missing = stream.missingSharedString, let count = xlsxStream?.sharedStringCount {
            throw ImportError(.unreadable, "cell \(ColumnName.of(missing.column))\(missing.row) refers to shared string \"\(missing.index)\", but the workbook has \(count) shared string\(count == 1 ? "" : "s") (the shared strings part is missing or damaged)",
                              at: SourceLocation(file: fileName, sheet: sheetName, line: missing.row))
        }
        if headerLine == 0 {
            lastRawWidth = row.fields.lastIndex(where: { !$0.isEmpty }).map { $0 + 1 } ?? 0
        } else if let pictures {
            pictures.place(in: &row, columns: rawHeaderWidth)
        }
        if options.skipHiddenColumns, case let hidden = stream.hiddenColumns, !hidden.isEmpty {
            row.keepColumns { !hidden.contains($0) }
        }
        return row
    }

    /// The next data row of the sheet, or a reject (cells beyond the header); blank rows, and hidden rows when
    /// asked, are passed over; `nil` at the end.
    public func next() throws(ImportError) -> TableEvent? {
        switch try nextByteRow() {
        case nil: return nil
        case .reject(let reject)?: return .reject(reject)
        case .row(let line)?: return .row(currentTableRow(source: location(ofRow: line)))
        }
    }

    /// Input bytes consumed and the total, to presize the sink: not given for a workbook (its XML runs ahead of
    /// the rows, and an ODS part holds every sheet), so the duplicate table grows as it needs.
    var progress: (consumed: Int, total: Int?) { (0, nil) }

    /// How far the rows have come, as a fraction of the sheet's XML read (of a zip entry's declared size, of an
    /// XML file's size), for a progress line; `nil` when the size is not known. ODS and flat ODS hold every sheet
    /// in one part, so theirs is a fraction of all sheets.
    public var fractionRead: Double? {
        let progress = stream.progress
        guard let total = progress.total, total > 0 else { return nil }
        return min(1, Double(progress.consumed) / Double(total))
    }

    /// Reads the next data row as bytes (see ``next()``), or a reject for cells beyond the header.
    func nextByteRow() throws(ImportError) -> ByteRowEvent? {
        while var row = try nextSheetRow() {
            if row.isBlank {
                skippedBlankRows += 1
                continue
            }
            if row.hidden && options.skipHiddenRows {
                skippedHiddenRows += 1
                continue
            }
            for column in row.errorColumns {
                errorCells.append("\(ColumnName.of(column))\(row.number)")
            }
            let width = header.columns.count
            if row.fields.count > width && !row.fields[width...].allSatisfy(\.isEmpty) {
                // The reject carries the row's cells up to 20 past the header (a merge or a stray cell at
                // column XFD would otherwise make one line of 16,384 cells); the message says how many more.
                let shown = min(row.fields.count, width + 20)
                let values = (0..<shown).map { row.value(at: $0 + 1) }
                let names = header.columns + (width..<shown).map { "column\($0 + 1)" }
                let more = row.fields[shown...].filter { !$0.isEmpty }.count
                return .reject(Reject(reason: "sheet.extra_cells",
                                      message: "row has values beyond the header's \(width) columns" + (more > 0 ? " (the \(more) more right of \(ColumnName.of(shown)) are left out of this line)" : ""),
                                      source: location(ofRow: row.number), fields: zip(names, values).map { (key: $0, value: $1) }))
            }
            row.setWidth(width)
            current = row
            return .row(line: row.number)
        }
        return nil
    }

    /// A sheet row by its cells (`faq.xlsx!FAQ!A17:C17`).
    func location(ofRow line: Int) -> SourceLocation {
        SourceLocation(file: fileName, sheet: sheetName, line: line, cell: "A\(line):\(lastColumnName)\(line)")
    }

    func withCurrentRow<Result, Failure: Error>(
        _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<Range<Int>>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try current.bytes.withUnsafeBufferPointer { (bytes) throws(Failure) in
            try current.fields.withUnsafeBufferPointer { (fields) throws(Failure) in try body(bytes, fields) }
        }
    }

    func currentTableRow(source: SourceLocation) -> TableRow {
        TableRow(header: header, values: current.values, source: source)
    }

    /// A handler that takes no notice: for a pass that only checks well-formedness.
    private final class IgnoringHandler: XMLEventHandler {
        func startElement(_ localName: UnsafeBufferPointer<UInt8>, attributes: XMLAttributes) {}
        func endElement(_ localName: UnsafeBufferPointer<UInt8>) {}
        func characters(_ bytes: UnsafeBufferPointer<UInt8>) {}
    }

    /// Feeds a source through a SAX handler, to its end or until `done` says so (checked per chunk).
    static func run(source: ChunkSource, handler: XMLEventHandler, until done: () -> Bool = { false }) throws(ImportError) {
        let path = source.name
        let parser = XMLStreamParser(handler: handler)
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        do {
            while true {
                let count = try source.readChunk(into: &chunk, count: nil)
                try chunk.withUnsafeBufferPointer { (bytes) throws(XMLFailure) in
                    try parser.feed(UnsafeBufferPointer(rebasing: bytes[0..<count]), final: count == 0)
                }
                if count == 0 || done() { break }
            }
        } catch let failure as XMLFailure {
            throw ImportError(.unreadable, "line \(failure.line): \(failure.message)", at: SourceLocation(file: path))
        } catch let error as ImportError {
            throw error
        } catch {
            throw ImportError(.unreadable, "\(error)", at: SourceLocation(file: path))
        }
    }
}
