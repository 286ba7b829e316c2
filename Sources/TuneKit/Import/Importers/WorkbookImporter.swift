import Foundation

/// Workbooks: XLSX, ODS, flat ODS and Excel 2003 XML, read through ``WorkbookReader``. These need random
/// access (zip) or two passes (XML), so an input that is not a regular file is copied to a temporary file
/// first (see ``OpenedInput/randomAccessPath()``).
struct WorkbookImporter: RecordSource {
    static let name = "workbook"
    static let kinds: [ConvertOptions.InputKind] = [.xlsx, .ods, .fods, .spreadsheetml]
    static let extensions = ["xlsx", "xlsm", "ods", "fods", "xml"]

    static func recognise(_ sample: InputSample) -> Recognition? {
        switch sample.looks {
        case .zip:
            // What the archive holds decides before its name: an XLSX saved as `.ods` is read as XLSX.
            if sample.contains("application/vnd.oasis.opendocument.spreadsheet") {
                return Recognition(score: 95, kind: .ods, reason: "a zip archive holding an OpenDocument spreadsheet")
            }
            if sample.contains("[Content_Types].xml") || sample.contains("xl/workbook.") {
                return Recognition(score: 95, kind: .xlsx, reason: "a zip archive holding an Office Open XML package")
            }
            if sample.fileExtension == "ods" {
                return Recognition(score: 60, kind: .ods, reason: "a zip archive named .ods")
            }
            if ["xlsx", "xlsm"].contains(sample.fileExtension) {
                return Recognition(score: 60, kind: .xlsx, reason: "a zip archive named .\(sample.fileExtension)")
            }
            return nil
        case .xml:
            if sample.contains("urn:schemas-microsoft-com:office:spreadsheet") {
                return Recognition(score: 95, kind: .spreadsheetml, reason: "an XML document in Excel 2003's spreadsheet namespace")
            }
            if sample.contains("urn:oasis:names:tc:opendocument:xmlns:office") {
                return Recognition(score: 95, kind: .fods, reason: "an XML document in OpenDocument's office namespace")
            }
            // Without either namespace in the sample, only the name says it is a workbook.
            if sample.fileExtension == "fods" { return Recognition(score: 40, kind: .fods, reason: "an XML document named .fods") }
            if sample.fileExtension == "xml" {
                return Recognition(score: 40, kind: .spreadsheetml, reason: "an XML document named .xml (read as Excel 2003 XML)")
            }
            return nil
        default:
            return nil
        }
    }

    private let name: String
    private let input: OpenedInput
    private let readPath: String
    private let reader: WorkbookReader

    /// How far the sheet has been read, as a fraction (``WorkbookReader/fractionRead``); holds the reader only.
    var fractionRead: () -> Double? { { [reader] in reader.fractionRead } }
    private let mapper: TableMapper
    private var pump: TableRowPump
    /// The format the columns decided, when they decide it.
    let formatDecision: FormatDecision?
    /// The pictures of the sheet read, placed in its rows (nil when the package holds none). Rows of a workbook
    /// with pictures must go through ``TableMapper/map(_:)``: a picture cell's value (U+FFFC, cell, part name) is
    /// turned into an image or a `map.cell_picture` reject there, and would be text on any path that skips it.
    private var pictures: SheetPictures?
    /// A template workbook's settings (``TemplateWorkbookSettings``), nil for any other workbook.
    private let template: TemplateWorkbookSettings?
    /// The template's system-prompt rule over the rows, when it applies.
    private let systemFiller: SystemFromFirstRow?

    init(input: OpenedInput, kind: ConvertOptions.InputKind, options: ConvertOptions) throws(ConvertError) {
        name = input.name
        self.input = input
        let dialect: WorkbookReader.Dialect = kind == .fods ? .openDocument : kind == .ods ? .openDocumentArchive
            : kind == .xlsx ? .xlsx : .spreadsheetML
        var path = input.name
        do throws(ImportError) {
            path = try input.randomAccessPath()
            if kind == .ods, Self.isEncryptedOpenDocument(path) {
                throw ImportError(.unknownFormat, "a password-protected (encrypted) OpenDocument file; open it, save a copy without a password, and convert that copy",
                                  at: SourceLocation(file: path))
            }
            reader = try WorkbookReader(path: path, dialect: dialect, options: options.sheet, shownAs: input.name)
        } catch {
            var error = error
            if error.kind == .noHeader, kind == .xlsx || kind == .ods, let archive = try? ZipArchive(path: path),
               case let count = WorkbookPictures.media(in: archive).count, count > 0 {
                // A sheet of pictures alone (Excel's in-cell pictures are error cells) has nothing to name columns.
                error.message += "; the workbook holds \(count) picture\(count == 1 ? "" : "s"), but a table needs a header row of text "
                    + "naming its columns (a picture belongs to the row of its cell)"
            }
            input.removeCopy()
            throw Self.naming(ConvertError(error), path: path, as: input.name)
        }
        readPath = path
        do throws(ImportError) {
            pictures = try Self.pictures(in: path, kind: kind, reader: reader, shownAs: input.name, options: options.sheet)
        } catch {
            input.removeCopy()
            throw Self.naming(ConvertError(error), path: path, as: input.name)
        }
        reader.pictures = pictures
        // A workbook written by `tunekit template`: its tools sheet (unless --tools is given) and settings.
        var options = options
        do throws(ImportError) {
            template = try TemplateWorkbookSettings.read(path: path, dialect: dialect, reading: reader, shownAs: input.name,
                                                         options: options.sheet, readTools: options.mapping.tools.isEmpty)
        } catch {
            input.removeCopy()
            throw Self.naming(ConvertError(error), path: path, as: input.name)
        }
        if let tools = template?.tools, !tools.isEmpty { options.mapping.tools = tools }
        var (mapper, decision) = try TableImport.mapper(for: reader.header, file: input.name, options: options)
        mapper.pictures = pictures?.archive
        (self.mapper, formatDecision) = (mapper, decision)
        if let template, template.systemFromFirstRow, options.mapping[.system] == nil, mapper.bound[.system] != nil,
           let column = ColumnAliases.column(for: .system, in: reader.header), let index = reader.header.index(of: column) {
            systemFiller = SystemFromFirstRow(base: reader, column: index)
        } else {
            systemFiller = nil
        }
        // Picture cells must reach the mapper, which turns them into images or rejects: no byte lane then (nor
        // when a template's first system prompt fills the rows).
        pump = TableRowPump(mapper: mapper, options: options, byteLane: pictures == nil && systemFiller == nil)
        if !options.images.mode.preparesLocal, let pictures, let image = mapper.bound[.image] {
            // Every row of the picture column would be a reject: say so once, naming the flag that decides.
            let columns = Set(image.template.variables.compactMap { reader.header.index(of: $0).map { $0 + 1 } })
            let held = pictures.placedColumns.filter { columns.contains($0.column) }
            if let first = held.first {
                input.removeCopy()
                throw ConvertError(message: "\(input.name): column \"\(reader.header.columns[first.column - 1])\" holds \(held.count) "
                    + "picture\(held.count == 1 ? "" : "s") inside the workbook (\(first.entry) in \(ColumnName.of(first.column))\(first.row) …), "
                    + "and --image-mode url takes http(s) URLs only: pass --image-mode base64 to inline them, or --image-mode files "
                    + "--image-out DIR --image-base-url URL to write them out")
            }
        }
    }

    /// Reads every row through ``TableRowPump``: the byte lane where the templates allow, as for CSV.
    @_specialize(exported: false, where Sink == ConversionSink)
    mutating func read<Sink: RecordSink>(into sink: inout Sink) throws(ConvertError) {
        defer { input.removeCopy() }
        do {
            if let systemFiller {
                try pump.read(systemFiller, into: &sink)
            } else {
                try pump.read(reader, into: &sink)
            }
        } catch {
            throw Self.naming(ConvertError(error, input: name), path: readPath, as: name)
        }
    }

    /// The pictures of the sheet `reader` reads, from the package's index (``WorkbookPictures``); nil when the
    /// package holds none.
    private static func pictures(in path: String, kind: ConvertOptions.InputKind, reader: WorkbookReader,
                                 shownAs name: String, options: SheetOptions) throws(ImportError) -> SheetPictures? {
        guard kind == .xlsx || kind == .ods else { return nil }
        let archive = try ZipArchive(path: path, entryLimit: options.zipEntryLimit, totalLimit: options.zipTotalLimit)
        let names = reader.sheets.map(\.name)
        let index = kind == .xlsx
            ? try WorkbookPictures.xlsx(archive, workbook: name, sheetParts: reader.sheetParts, sheetNames: names)
            : try WorkbookPictures.openDocument(archive, workbook: name, sheetNames: names)
        return index?.sheet(reader.sheetIndex, merges: reader.mergedRanges, fillMerged: options.fillMergedCells)
    }

    /// Whether an ODS package says its parts are encrypted (`manifest:encryption-data` in its manifest): its
    /// `content.xml` is then ciphertext, which no XML reader can read.
    static func isEncryptedOpenDocument(_ path: String) -> Bool {
        guard let archive = try? ZipArchive(path: path), let manifest = try? archive.open("META-INF/manifest.xml") else { return false }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count < 1 << 20, let read = try? manifest.readChunk(into: &chunk), read > 0 { bytes += chunk[..<read] }
        let needle = Array("encryption-data".utf8)
        guard bytes.count >= needle.count else { return false }
        return (0...(bytes.count - needle.count)).contains { bytes[$0] == needle[0] && bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    /// The error with a temporary copy's path replaced by the input's name.
    private static func naming(_ error: ConvertError, path: String, as name: String) -> ConvertError {
        guard path != name else { return error }
        var error = error
        error.message = error.message.replacingOccurrences(of: path, with: name)
        return error
    }

    var facts: [(key: String, value: String)] {
        var facts = reader.facts
        if let pictures {
            facts += [("pictures_in_rows", String(pictures.attached)), ("pictures_not_in_rows", String(pictures.unattached.count))]
        }
        if let template {
            facts.append(("template", template.marker + " (\(WorkbookTemplate.systemKey): \(template.systemFromFirstRow ? "yes" : "no"))"))
            if !template.tools.isEmpty {
                facts.append(("tools_from_sheet", "\(template.tools.count) function\(template.tools.count == 1 ? "" : "s") from sheet \(WorkbookTemplate.toolsSheet): "
                              + template.tools.map(\.name).joined(separator: ", ")))
            }
        }
        return facts
    }
    var changes: [InputChange] { systemFiller?.change.map { [$0] } ?? [] }
    var skippedBlankRows: Int { reader.skippedBlankRows }
    var mappingNotes: [(field: String, template: String, how: String)] { mapper.notes }
    var unusedColumns: [String] { mapper.unusedColumns }
    var diagnostics: [Diagnostic] { mapper.warnings }

    var warnings: [Diagnostic] {
        var warnings: [Diagnostic] = []
        if let unattached = pictures?.unattached, !unattached.isEmpty {
            let count = unattached.count
            let named = unattached.prefix(5).map { "\($0.entry) (\($0.why))" }.joined(separator: ", ")
            warnings.append(Diagnostic(.warning, "sheet.pictures_not_read",
                "the workbook holds \(count) picture\(count == 1 ? "" : "s") in no row read: \(named)\(count > 5 ? ", …" : ""); "
                + "\(count == 1 ? "it is" : "they are") not read (a picture belongs to the row of the cell it is placed in)",
                at: SourceLocation(file: name, sheet: reader.sheetName)))
        }
        if let pictures {
            // Pictures in a column no template reads are in their rows, but in no line.
            let read = Set(mapper.bound.values.flatMap { $0.template.variables.compactMap { reader.header.index(of: $0).map { $0 + 1 } } })
            for (column, held) in pictures.attachedByColumn.sorted(by: { $0.key < $1.key }) where !read.contains(column) {
                let name = column <= reader.header.columns.count ? reader.header.columns[column - 1] : ColumnName.of(column)
                warnings.append(Diagnostic(.warning, "sheet.pictures_not_read",
                    "\(held.count) picture\(held.count == 1 ? "" : "s") in column \"\(name)\" (\(held.first) …), which no template reads: "
                    + "\(held.count == 1 ? "it is" : "they are") in no line (name the column in --image)", at: SourceLocation(file: self.name, sheet: reader.sheetName)))
            }
        }
        if reader.embeddedPictures > 0 {
            let count = reader.embeddedPictures
            warnings.append(Diagnostic(.warning, "sheet.pictures_not_read",
                "the flat OpenDocument file embeds \(count) picture\(count == 1 ? "" : "s") (draw:image), which \(count == 1 ? "is" : "are") not read "
                + "from .fods: save it as .ods (pictures in cells then belong to their rows)", at: SourceLocation(file: name)))
        }
        if !reader.errorCells.isEmpty {
            warnings.append(Diagnostic(.warning, "sheet.error_values",
                "\(reader.errorCells.count) cell\(reader.errorCells.count == 1 ? "" : "s") with error values (#N/A …) read as empty: \(reader.errorCells.prefix(10).joined(separator: ", "))",
                at: SourceLocation(file: name, sheet: reader.sheetName)))
        }
        let controls = reader.controlCharacterCells
        if !controls.isEmpty {
            warnings.append(Diagnostic(.warning, "sheet.control_characters",
                "\(controls.count) cell\(controls.count == 1 ? "" : "s") with control characters written as character references (&#7; …), kept in the text: \(controls.prefix(10).joined(separator: ", "))",
                at: SourceLocation(file: name, sheet: reader.sheetName, cell: controls[0])))
        }
        return warnings
    }
}
