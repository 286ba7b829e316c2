import TuneKit

/// The workbooks, through `WorkbookReader`: XLSX (zip directory, workbook and rels, shared strings, styles, the
/// sheet XML stream, merges), ODS (zip + content.xml), FODS and Excel 2003 XML.
enum WorkbookFuzz {
    static let xlsx = target("xlsx", .xlsx, maxLength: 262_144, seeds: ["xlsx", "xlsm"],
                             covers: "WorkbookReader .xlsx: ZipArchive, XLSXParts, SharedStringsReading, styles, XLSXSheetStream")
    static let ods = target("ods", .openDocumentArchive, maxLength: 262_144, seeds: ["ods"],
                            covers: "WorkbookReader .ods: ZipArchive, OpenDocumentStream")
    static let fods = target("fods", .openDocument, maxLength: 65_536, seeds: ["fods"],
                             covers: "WorkbookReader .fods: OpenDocumentStream")
    static let spreadsheetML = target("spreadsheetml", .spreadsheetML, maxLength: 65_536, seeds: ["xml"],
                                      covers: "WorkbookReader Excel 2003 XML: SpreadsheetMLStream, SpreadsheetMLStyles")

    static func target(_ name: String, _ dialect: WorkbookReader.Dialect, maxLength: Int, seeds: [String],
                       covers: String) -> FuzzTarget {
        let isXML = dialect == .openDocument || dialect == .spreadsheetML
        return FuzzTarget(name: name, maxLength: maxLength, seedExtensions: seeds, dictionary: isXML ? "xml.dict" : nil,
                          covers: covers) { data in
            ScratchFile.with(data, fileExtension: name) { path in
                guard let reader = try? WorkbookReader(path: path, dialect: dialect) else { return }
                while let event = try? reader.next() { _ = event }
            }
        }
    }
}
