/// Writes a ``WorkbookDocument`` as an Office Open XML workbook (`.xlsx`) that Excel, WPS and LibreOffice open:
/// the content types, package and workbook relationships, a workbook, styles (a bold, wrapped header; wrapped,
/// top-aligned cells), and one sheet part per sheet with column widths, the header row frozen, text in inline
/// strings and list validations. Entries are stored in a fixed order with a fixed time stamp: the same document
/// gives the same bytes.
package enum XLSXWriter {
    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    /// The `.xlsx` bytes of `document`.
    package static func bytes(_ document: WorkbookDocument) -> [UInt8] {
        var zip = ZipWriter()
        zip.add("[Content_Types].xml", Array(contentTypes(sheets: document.sheets.count).utf8))
        zip.add("_rels/.rels", Array(packageRelationships.utf8))
        zip.add("xl/workbook.xml", Array(workbook(document).utf8))
        zip.add("xl/_rels/workbook.xml.rels", Array(workbookRelationships(sheets: document.sheets.count).utf8))
        zip.add("xl/styles.xml", Array(styles.utf8))
        for (index, sheet) in document.sheets.enumerated() {
            zip.add("xl/worksheets/sheet\(index + 1).xml", Array(worksheet(sheet, selected: index == 0).utf8))
        }
        return zip.finish()
    }

    static func contentTypes(sheets: Int) -> String {
        var xml = declaration
        xml += "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        xml += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        xml += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        xml += "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        xml += "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        for index in 1...max(sheets, 1) {
            xml += "<Override PartName=\"/xl/worksheets/sheet\(index).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        return xml + "</Types>"
    }

    static let packageRelationships = declaration
        + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
        + "</Relationships>"

    static func workbook(_ document: WorkbookDocument) -> String {
        var xml = declaration
        xml += "<workbook xmlns=\"\(mainNamespace)\" xmlns:r=\"\(relationshipNamespace)\">"
        xml += "<bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>"
        for (index, sheet) in document.sheets.enumerated() {
            xml += "<sheet name=\"\(WorkbookDocument.xmlEscaped(sheet.name))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }
        return xml + "</sheets></workbook>"
    }

    static func workbookRelationships(sheets: Int) -> String {
        var xml = declaration + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        for index in 1...max(sheets, 1) {
            xml += "<Relationship Id=\"rId\(index)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(index).xml\"/>"
        }
        xml += "<Relationship Id=\"rId\(sheets + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
        return xml + "</Relationships>"
    }

    /// Style 0: the default; 1: the header (bold, wrapped, top); 2: data cells (wrapped, top).
    static let styles = declaration
        + "<styleSheet xmlns=\"\(mainNamespace)\">"
        + "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
        + "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>"
        + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
        + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
        + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        + "<cellXfs count=\"3\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
        + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyAlignment=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/></xf>"
        + "<xf numFmtId=\"49\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" applyAlignment=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/></xf></cellXfs>"
        + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
        + "</styleSheet>"

    static func worksheet(_ sheet: WorkbookDocument.Sheet, selected: Bool) -> String {
        let width = max(sheet.header.count, sheet.rows.map(\.count).max() ?? 0, 1)
        var xml = declaration
        xml += "<worksheet xmlns=\"\(mainNamespace)\" xmlns:r=\"\(relationshipNamespace)\">"
        xml += "<dimension ref=\"A1:\(WorkbookDocument.columnName(width - 1))\(sheet.rows.count + 1)\"/>"
        xml += "<sheetViews><sheetView\(selected ? " tabSelected=\"1\"" : "") workbookViewId=\"0\">"
        xml += "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
        xml += "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView></sheetViews>"
        xml += "<sheetFormatPr defaultRowHeight=\"15\"/><cols>"
        for index in 0..<width {
            // Style 2 on the whole column: cells typed in later wrap and stay text (format @) too.
            xml += "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(number(sheet.width(index)))\" style=\"2\" customWidth=\"1\"/>"
        }
        xml += "</cols><sheetData>"
        for (offset, cells) in ([sheet.header] + sheet.rows).enumerated() {
            let row = offset + 1
            xml += "<row r=\"\(row)\">"
            for (index, text) in cells.enumerated() where !text.isEmpty {
                xml += "<c r=\"\(WorkbookDocument.columnName(index))\(row)\" s=\"\(row == 1 ? 1 : 2)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">"
                xml += WorkbookDocument.xmlEscaped(text) + "</t></is></c>"
            }
            xml += "</row>"
        }
        xml += "</sheetData>"
        if !sheet.validations.isEmpty {
            xml += "<dataValidations count=\"\(sheet.validations.count)\">"
            for validation in sheet.validations {
                let column = WorkbookDocument.columnName(validation.column)
                xml += "<dataValidation type=\"list\" allowBlank=\"1\" showInputMessage=\"1\" showErrorMessage=\"1\" errorStyle=\"stop\""
                xml += " error=\"\(WorkbookDocument.xmlEscaped(validation.message))\" sqref=\"\(column)2:\(column)\(validation.lastRow)\">"
                xml += "<formula1>" + WorkbookDocument.xmlEscaped(formula(validation.source)) + "</formula1></dataValidation>"
            }
            xml += "</dataValidations>"
        }
        xml += "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
        return xml + "</worksheet>"
    }

    /// The list's formula: `"yes,no"` or `'tools'!$A$2:$A$200`.
    static func formula(_ source: WorkbookDocument.ListValidation.Source) -> String {
        switch source {
        case .values(let values):
            return "\"" + values.joined(separator: ",") + "\""
        case .column(let sheet, let column, let first, let last):
            let name = WorkbookDocument.columnName(column)
            return "\(WorkbookDocument.quotedSheet(sheet))!$\(name)$\(first):$\(name)$\(last)"
        }
    }

    /// A width without float noise: `30`, `12.5`.
    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
