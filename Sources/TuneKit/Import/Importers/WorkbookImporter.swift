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
    /// The format the columns decided, when they decide it.
    let formatDecision: FormatDecision?

    init(input: OpenedInput, kind: ConvertOptions.InputKind, options: ConvertOptions) throws(ConvertError) {
        name = input.name
        self.input = input
        let dialect: WorkbookReader.Dialect = kind == .fods ? .openDocument : kind == .ods ? .openDocumentArchive
            : kind == .xlsx ? .xlsx : .spreadsheetML
        var path = input.name
        do {
            path = try input.randomAccessPath()
            reader = try WorkbookReader(path: path, dialect: dialect, options: options.sheet, shownAs: input.name)
        } catch {
            input.removeCopy()
            throw Self.naming(ConvertError(error), path: path, as: input.name)
        }
        readPath = path
        (mapper, formatDecision) = try TableImport.mapper(for: reader.header, file: input.name, options: options)
    }

    mutating func read(into sink: inout some RecordSink) throws(ConvertError) {
        defer { input.removeCopy() }
        do {
            try TableImport.read(reader, mapper: mapper, into: &sink)
        } catch {
            throw Self.naming(ConvertError(error, input: name), path: readPath, as: name)
        }
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
