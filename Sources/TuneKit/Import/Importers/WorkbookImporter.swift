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
            if sample.contains("application/vnd.oasis.opendocument.spreadsheet") || sample.fileExtension == "ods" {
                return Recognition(score: 95, kind: .ods, reason: "a zip archive holding an OpenDocument spreadsheet")
            }
            if sample.contains("xl/") || sample.contains("[Content_Types].xml") || ["xlsx", "xlsm"].contains(sample.fileExtension) {
                return Recognition(score: 95, kind: .xlsx, reason: "a zip archive holding an Office Open XML workbook")
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
    private let mapper: TableMapper
    private var pump: TableRowPump
    /// The format the columns decided, when they decide it.
    let formatDecision: FormatDecision?
    /// Pictures the package holds (`xl/media/…`, ODS `Pictures/…`), which are not read.
    private var pictures: [String] = []

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
            input.removeCopy()
            throw Self.naming(ConvertError(error), path: path, as: input.name)
        }
        readPath = path
        if kind == .xlsx || kind == .ods, let archive = try? ZipArchive(path: path) {
            pictures = archive.entryNames.filter { name in
                let lower = name.lowercased()
                return (lower.hasPrefix("xl/media/") || lower.hasPrefix("pictures/")) && !lower.hasSuffix("/")
            }.sorted()
        }
        (mapper, formatDecision) = try TableImport.mapper(for: reader.header, file: input.name, options: options)
        pump = TableRowPump(mapper: mapper, options: options)
    }

    /// Reads every row through ``TableRowPump``: the byte lane where the templates allow, as for CSV.
    @_specialize(exported: false, where Sink == ConversionSink)
    mutating func read<Sink: RecordSink>(into sink: inout Sink) throws(ConvertError) {
        defer { input.removeCopy() }
        do {
            try pump.read(reader, into: &sink)
        } catch {
            throw Self.naming(ConvertError(error, input: name), path: readPath, as: name)
        }
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

    var facts: [(key: String, value: String)] { reader.facts }
    var skippedBlankRows: Int { reader.skippedBlankRows }
    var mappingNotes: [(field: String, template: String, how: String)] { mapper.notes }
    var diagnostics: [Diagnostic] { mapper.warnings }

    var warnings: [Diagnostic] {
        var warnings: [Diagnostic] = []
        if !pictures.isEmpty {
            warnings.append(Diagnostic(.warning, "sheet.pictures_not_read",
                "the workbook holds \(pictures.count) picture\(pictures.count == 1 ? "" : "s") (\(pictures.prefix(3).joined(separator: ", "))\(pictures.count > 3 ? ", …" : "")), which \(pictures.count == 1 ? "is" : "are") "
                + "not read: pictures inside workbooks are not supported yet; save them as files and name them in a column",
                at: SourceLocation(file: name)))
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
