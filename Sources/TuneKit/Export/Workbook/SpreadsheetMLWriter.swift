/// Writes a ``WorkbookDocument`` as Excel 2003 XML ("XML Spreadsheet 2003", `.xml`), which Excel, WPS and
/// LibreOffice open: a bold, wrapped header frozen at the top, column widths, wrapped data cells and list
/// validations (`x:DataValidation`). The same document gives the same bytes.
package enum SpreadsheetMLWriter {
    /// The Excel 2003 XML bytes of `document`.
    package static func bytes(_ document: WorkbookDocument) -> [UInt8] {
        Array(text(document).utf8)
    }

    static func text(_ document: WorkbookDocument) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n"
        xml += "<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" xmlns:o=\"urn:schemas-microsoft-com:office:office\""
        xml += " xmlns:x=\"urn:schemas-microsoft-com:office:excel\" xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">\n"
        xml += "<Styles>\n"
        xml += "<Style ss:ID=\"Default\" ss:Name=\"Normal\"><Alignment ss:Vertical=\"Top\" ss:WrapText=\"1\"/><NumberFormat ss:Format=\"@\"/></Style>\n"
        xml += "<Style ss:ID=\"header\"><Alignment ss:Vertical=\"Top\" ss:WrapText=\"1\"/><Font ss:Bold=\"1\"/></Style>\n"
        xml += "</Styles>\n"
        for sheet in document.sheets {
            xml += worksheet(sheet)
        }
        return xml + "</Workbook>\n"
    }

    static func worksheet(_ sheet: WorkbookDocument.Sheet) -> String {
        let width = max(sheet.header.count, sheet.rows.map(\.count).max() ?? 0, 1)
        var xml = "<Worksheet ss:Name=\"\(WorkbookDocument.xmlEscaped(sheet.name))\">\n<Table>\n"
        for index in 0..<width {
            // Excel 2003 XML widths are in points: about 5.25 per character of the default font, plus padding.
            xml += "<Column ss:Width=\"\(XLSXWriter.number((sheet.width(index) * 5.25 + 5).rounded()))\"/>\n"
        }
        for (offset, cells) in ([sheet.header] + sheet.rows).enumerated() {
            xml += "<Row>"
            var skipped = false
            for (index, text) in cells.enumerated() {
                if text.isEmpty {
                    skipped = true
                    continue
                }
                xml += "<Cell" + (skipped ? " ss:Index=\"\(index + 1)\"" : "") + (offset == 0 ? " ss:StyleID=\"header\"" : "")
                xml += "><Data ss:Type=\"String\">" + WorkbookDocument.xmlEscaped(text, newline: "&#10;") + "</Data></Cell>"
                skipped = false
            }
            xml += "</Row>\n"
        }
        xml += "</Table>\n"
        xml += "<WorksheetOptions xmlns=\"urn:schemas-microsoft-com:office:excel\"><FreezePanes/><FrozenNoSplit/>"
        xml += "<SplitHorizontal>1</SplitHorizontal><TopRowBottomPane>1</TopRowBottomPane><ActivePane>2</ActivePane>"
        xml += "<Panes><Pane><Number>3</Number></Pane><Pane><Number>2</Number><ActiveRow>1</ActiveRow></Pane></Panes></WorksheetOptions>\n"
        for validation in sheet.validations {
            let column = validation.column + 1
            xml += "<DataValidation xmlns=\"urn:schemas-microsoft-com:office:excel\"><Range>R2C\(column):R\(validation.lastRow)C\(column)</Range>"
            xml += "<Type>List</Type><Value>" + WorkbookDocument.xmlEscaped(formula(validation.source)) + "</Value>"
            xml += "<ErrorMessage>" + WorkbookDocument.xmlEscaped(validation.message) + "</ErrorMessage></DataValidation>\n"
        }
        return xml + "</Worksheet>\n"
    }

    /// The list's value in R1C1 notation: `"yes,no"` or `'tools'!R2C1:R200C1`.
    static func formula(_ source: WorkbookDocument.ListValidation.Source) -> String {
        switch source {
        case .values(let values):
            return "\"" + values.joined(separator: ",") + "\""
        case .column(let sheet, let column, let first, let last):
            return "\(WorkbookDocument.quotedSheet(sheet))!R\(first)C\(column + 1):R\(last)C\(column + 1)"
        }
    }
}
