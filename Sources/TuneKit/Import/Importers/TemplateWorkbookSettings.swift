/// What a workbook written by `tunekit template` (``WorkbookTemplate``) says beyond its data sheet: read only
/// when the workbook is recognisably one — it has the settings sheet, and that sheet's `template` row reads
/// `tunekit FORMAT` — so no other workbook is ever read by these rules.
///
/// - `system_from_first_row` (`yes` unless it says `no`): the system prompt of the first data row applies to every
///   later row whose system cell is empty (``SystemFromFirstRow``, counted as an adapted input change).
/// - The tools sheet: the function definitions, one per row (`name`, `description`, `parameters`), used when no
///   `--tools` file is given.
struct TemplateWorkbookSettings {
    /// The settings sheet's marker value (`tunekit chat`).
    var marker: String
    /// Whether the first row's system prompt fills empty system cells.
    var systemFromFirstRow: Bool
    /// The tools sheet's functions (empty without a tools sheet, or when not asked for).
    var tools: [ToolDefinition] = []

    /// The settings of the workbook at `path`, or `nil` when it is not a template (no settings sheet with the
    /// marker), or when the sheet being read is not the data sheet. `readTools`: read the tools sheet too.
    static func read(path: String, dialect: WorkbookReader.Dialect, reading reader: WorkbookReader, shownAs name: String,
                     options: SheetOptions, readTools: Bool) throws(ImportError) -> TemplateWorkbookSettings? {
        let names = reader.sheets.map(\.name)
        guard names.contains(WorkbookTemplate.settingsSheet), reader.sheetName == WorkbookTemplate.dataSheet else { return nil }
        var sheetOptions = SheetOptions(sheet: .index(names.firstIndex(of: WorkbookTemplate.settingsSheet)! + 1))
        sheetOptions.zipEntryLimit = options.zipEntryLimit
        sheetOptions.zipTotalLimit = options.zipTotalLimit
        sheetOptions.sharedStringsLimit = options.sharedStringsLimit
        let settings = try Self.rows(path: path, dialect: dialect, options: sheetOptions, shownAs: name)
        var values: [String: String] = [:]
        for row in settings.rows where row.values.count >= 2 {
            let key = row.values[0].trimmingCharacters(in: .whitespacesAndNewlines)
            if values[key] == nil { values[key] = row.values[1].trimmingCharacters(in: .whitespacesAndNewlines) }
        }
        guard let marker = values[WorkbookTemplate.markerKey], marker.hasPrefix(WorkbookTemplate.markerPrefix) else { return nil }
        let system = values[WorkbookTemplate.systemKey]?.lowercased()
        guard system == nil || ["yes", "no", "是", "否", ""].contains(system!) else {
            throw ImportError(.badMapping, "the settings sheet's \(WorkbookTemplate.systemKey) is \"\(values[WorkbookTemplate.systemKey]!)\"; it takes yes or no",
                              at: SourceLocation(file: name, sheet: WorkbookTemplate.settingsSheet))
        }
        var result = TemplateWorkbookSettings(marker: marker, systemFromFirstRow: system != "no" && system != "否")
        if readTools, let index = names.firstIndex(of: WorkbookTemplate.toolsSheet) {
            var toolOptions = SheetOptions(sheet: .index(index + 1))
            toolOptions.zipEntryLimit = options.zipEntryLimit
            toolOptions.zipTotalLimit = options.zipTotalLimit
            toolOptions.sharedStringsLimit = options.sharedStringsLimit
            result.tools = try tools(path: path, dialect: dialect, options: toolOptions, shownAs: name)
        }
        return result
    }

    /// The functions of the tools sheet: a `name`, `description` and `parameters` (JSON Schema object) column.
    static func tools(path: String, dialect: WorkbookReader.Dialect, options: SheetOptions,
                      shownAs name: String) throws(ImportError) -> [ToolDefinition] {
        let (header, rows) = try Self.rows(path: path, dialect: dialect, options: options, shownAs: name)
        let sheet = SourceLocation(file: name, sheet: WorkbookTemplate.toolsSheet)
        guard let nameColumn = header.index(of: "name") else {
            throw ImportError(.badMapping, "the tools sheet has no \"name\" column (columns: \(header.listed()))", at: sheet)
        }
        var items: [JSONValue] = []
        var places: [SourceLocation] = []
        for row in rows {
            var object: JSONObject = ["name": .string(row.values[nameColumn].trimmingCharacters(in: .whitespacesAndNewlines))]
            if let description = row[column: "description"], !description.isEmpty { object["description"] = .string(description) }
            if let text = row[column: "parameters"], !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                do {
                    object["parameters"] = try JSONReader.parse(text).value
                } catch {
                    throw ImportError(.badMapping, "the parameters of \"\(row.values[nameColumn])\" are not JSON: \(error.message)", at: row.source)
                }
            }
            // Each row checked where it is, so that a message names its row.
            _ = try ToolDefinition.definitions([.object(object)], at: row.source, describe: { _ in "the row" })
            items.append(.object(object))
            places.append(row.source)
        }
        guard !items.isEmpty else {
            throw ImportError(.badMapping, "the tools sheet defines no function (one per row: name, description, parameters)", at: sheet)
        }
        return try ToolDefinition.definitions(items, at: sheet, describe: { "row \(places[$0].line ?? 0)" })
    }

    /// Every data row of one sheet.
    private static func rows(path: String, dialect: WorkbookReader.Dialect, options: SheetOptions,
                             shownAs name: String) throws(ImportError) -> (header: TableHeader, rows: [TableRow]) {
        let reader = try WorkbookReader(path: path, dialect: dialect, options: options, shownAs: name)
        var rows: [TableRow] = []
        while let event = try reader.next() {
            if case .row(let row) = event { rows.append(row) }
        }
        return (reader.header, rows)
    }
}
