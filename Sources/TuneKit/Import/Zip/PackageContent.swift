/// What a zip archive holds, told from its entry names and an OpenDocument `mimetype` entry: named when a
/// file given as a workbook turns out to be something else (a Word document saved as `.xlsx`), so the
/// message says what the file really is instead of which part is missing.
struct PackageContent {
    /// What the archive is, as a user would call it (`a Word document (.docx)`), or nil when unknown.
    let kind: String?
    /// What to do about it.
    let advice: String?
    /// A few of the archive's entry names, for an archive of unknown kind.
    let sample: [String]

    init(archive: ZipArchive) {
        let names = Set(archive.entryNames.map(XLSXParts.partKey))
        var mimetype = ""
        if names.contains("mimetype"), let stream = try? archive.open("mimetype") {
            var chunk = [UInt8](repeating: 0, count: 256)
            if let count = try? stream.readChunk(into: &chunk, count: 256) {
                mimetype = String(decoding: chunk[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
        sample = archive.entryNames.sorted().prefix(3).map { $0 }
        switch true {
        case names.contains("xl/workbook.bin"):
            (kind, advice) = ("a binary Excel workbook (.xlsb)", "save it as .xlsx (Excel Workbook) and convert that")
        case names.contains("word/document.xml"):
            (kind, advice) = ("a Word document (.docx)", "copy its table into a workbook, or save the table as CSV")
        case names.contains("ppt/presentation.xml"):
            (kind, advice) = ("a PowerPoint presentation (.pptx)", nil)
        case mimetype == "application/vnd.oasis.opendocument.spreadsheet":
            (kind, advice) = ("an OpenDocument spreadsheet (.ods)", "name it .ods or pass --from ods")
        case mimetype == "application/vnd.oasis.opendocument.text":
            (kind, advice) = ("an OpenDocument text document (.odt)", "copy its table into a spreadsheet, or save the table as CSV")
        case mimetype.hasPrefix("application/vnd.oasis.opendocument."):
            (kind, advice) = ("an OpenDocument file (\(mimetype))", nil)
        case mimetype == "application/epub+zip":
            (kind, advice) = ("an EPUB book", nil)
        case names.contains("xl/workbook.xml"):
            (kind, advice) = ("an Office Open XML workbook (.xlsx)", "name it .xlsx or pass --from xlsx")
        default:
            (kind, advice) = (nil, nil)
        }
    }

    /// A clause for an error message saying the file is not a workbook (`: it is a Word document (.docx), not a
    /// workbook; copy its table …`), or naming a few entries when the kind is unknown.
    var notAWorkbook: String {
        guard let kind else {
            return sample.isEmpty ? ": the archive is empty" : ": the archive holds \(sample.joined(separator: ", "))…, not a workbook"
        }
        return ": the file is \(kind)" + (advice.map { "; \($0)" } ?? "")
    }
}
