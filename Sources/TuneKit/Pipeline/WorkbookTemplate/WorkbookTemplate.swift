/// The fill-in workbook of an output format that `tunekit template` writes as `.xlsx` or Excel 2003 XML: built
/// here, not copied from a file, so that its columns are always the ones convert maps without flags.
///
/// Sheets, in order (convert reads the first, the data sheet, unless told otherwise):
/// - ``dataSheet``: the format's canonical columns and one worked example row;
/// - ``toolsSheet`` (tools only): one row per function — `name`, `description`, `parameters` (a JSON Schema
///   object) — read by convert instead of a `--tools` file; the data sheet's `call_name` column offers its names
///   as a list;
/// - ``notesSheet``: each column explained in Chinese and English (required or optional, what goes in it, limits);
/// - ``settingsSheet``: the marker row (`template` = `tunekit FORMAT`) that makes the workbook recognisable as a
///   template, and `system_from_first_row` (`yes`/`no`, a list): with `yes`, the system prompt of the first data
///   row applies to every later row whose system cell is empty (see ``TemplateWorkbookSettings``).
package struct WorkbookTemplate: Sendable {
    /// The kinds of file a template is written as.
    package enum Kind: String, Sendable, CaseIterable {
        case xlsx, xml, csv

        /// The kind a file name's extension calls for (`chat.xlsx` → xlsx), if any.
        package init?(fileName: String) {
            guard let dot = fileName.lastIndex(of: "."), !fileName[dot...].contains("/") else { return nil }
            self.init(rawValue: fileName[fileName.index(after: dot)...].lowercased())
        }
    }

    /// The data sheet's name.
    package static let dataSheet = "数据 Data"
    /// The tools sheet's name (tools only).
    package static let toolsSheet = "tools"
    /// The notes sheet's name.
    package static let notesSheet = "说明 Notes"
    /// The settings sheet's name.
    package static let settingsSheet = "设置 Settings"
    /// The settings sheet's marker key, and the prefix of its value.
    package static let markerKey = "template"
    package static let markerPrefix = "tunekit "
    /// The settings key of the system-prompt rule.
    package static let systemKey = "system_from_first_row"
    /// The last row list validations cover.
    static let validatedRows = 5000
    /// The last row of the tools sheet the `call_name` list reads.
    static let toolRows = 200

    /// The format.
    package let format: OutputFormat

    /// The template of `format`.
    package init(format: OutputFormat) {
        self.format = format
    }

    /// The data sheet's columns: the canonical names of the format's fields (the system prompt first, the
    /// category last), exactly the names convert maps without flags.
    package var columns: [ColumnAliases.Field] {
        format.unit.fields(calls: format == .tools).filter { !(format == .imageGen && $0 == .user) }
    }

    /// The workbook; `rows` replaces the worked example (tests fill templates this way).
    package func document(rows: [[String]]? = nil) -> WorkbookDocument {
        let names = columns.map(\.rawValue)
        let example = WorkbookTemplateText.example(for: format)
        var data = WorkbookDocument.Sheet(name: Self.dataSheet, header: names, rows: rows ?? [columns.map { example[$0] ?? "" }],
                                          widths: columns.map(WorkbookTemplateText.width))
        var sheets: [WorkbookDocument.Sheet] = []
        if format == .tools, let call = columns.firstIndex(of: .callName) {
            data.validations.append(.init(column: call, lastRow: Self.validatedRows,
                                          source: .column(sheet: Self.toolsSheet, column: 0, firstRow: 2, lastRow: Self.toolRows),
                                          message: "call_name 须是 tools 表中的函数名 / call_name must be a function named on the tools sheet"))
            sheets = [data, WorkbookDocument.Sheet(name: Self.toolsSheet, header: ["name", "description", "parameters"],
                                                   rows: [WorkbookTemplateText.exampleTool], widths: [22, 40, 70])]
        } else {
            sheets = [data]
        }
        let required = Set(format.unit.required(calls: format == .tools))
        var notes = columns.map { field -> [String] in
            let text = WorkbookTemplateText.note(for: field, in: format)
            return [field.rawValue, required.contains(field) ? "必填 required" : "可选 optional",
                    text.chinese, text.english]
        }
        notes += WorkbookTemplateText.generalNotes(for: format)
        sheets.append(WorkbookDocument.Sheet(name: Self.notesSheet, header: ["列 column", "必填 required", "说明", "notes"],
                                             rows: notes, widths: [18, 14, 60, 70]))
        sheets.append(WorkbookDocument.Sheet(
            name: Self.settingsSheet, header: ["设置 setting", "值 value", "说明", "notes"],
            rows: [[Self.markerKey, Self.markerPrefix + format.rawValue,
                    "标记：此工作簿由 tunekit template 生成。请勿修改，否则下面的设置不再生效。",
                    "Marker: this workbook was written by tunekit template. Keep it as it is, or the settings below stop applying."],
                   [Self.systemKey, "yes",
                    "yes：第一行数据的 system（系统提示词）用于之后所有 system 为空的行；自己填了 system 的行保持不变。no：每行只用自己的 system。",
                    "yes: the system prompt of the first data row applies to every later row whose system cell is empty; a row with its own system prompt keeps it. no: each row has only its own."]],
            widths: [24, 16, 60, 70],
            validations: [.init(column: 1, lastRow: 3, source: .values(["yes", "no"]), message: "yes 或 no / yes or no")]))
        return WorkbookDocument(sheets: sheets)
    }

    /// The template's bytes as `kind` (`.xlsx` or Excel 2003 XML); `nil` for CSV, which is a file of `Templates/`.
    package func bytes(_ kind: Kind, rows: [[String]]? = nil) -> [UInt8]? {
        switch kind {
        case .xlsx: return XLSXWriter.bytes(document(rows: rows))
        case .xml: return SpreadsheetMLWriter.bytes(document(rows: rows))
        case .csv: return nil
        }
    }
}
