#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Element and attribute names of SpreadsheetML, matched as bytes.
enum SpreadsheetML {
    @inline(__always)
    static func `is`(_ name: UnsafeBufferPointer<UInt8>, _ expected: StaticString) -> Bool {
        name.count == expected.utf8CodeUnitCount && memcmp(name.baseAddress!, expected.utf8Start, name.count) == 0
    }


}

/// Second pass over SpreadsheetML: the rows of one worksheet, assembled cell by cell.
final class SheetStream: RowAssembler {
    typealias Row = SheetRow

    private let target: Int
    private let fillMerged: Bool
    var ready: [SheetRow] = []
    private(set) var targetDone = false
    private(set) var hiddenColumns: Set<Int> = []
    private var columnCursor = 0

    // Parse state.
    private var sheet = -1
    private var inTable = false
    private var row: Row?
    private var lastRow = 0
    private var column = 0
    private var cellColumn = 0
    private var cellAcross = 0
    private var cellDown = 0
    private var inData = false
    private var dataType = DataType.string

    /// The `ss:Type` of a cell's data.
    enum DataType {
        case string, number, dateTime, boolean, error
    }
    private var text: [UInt8] = []
    private var depthInComment = 0
    /// Values that merges carry over their cells.
    private var carry = MergeCarry()
    /// Cells below the anchors of vertical merges (`ss:MergeDown`), still to come: a cell written without
    /// `ss:Index` goes to the first column right of them (the writer left the covered cells out).
    private var coveredBelow: [(rows: ClosedRange<Int>, columns: ClosedRange<Int>)] = []
    /// Cells that went right of a vertical merge's covered cells because they had no `ss:Index`.
    private(set) var cellsPlacedPastMerges = 0
    /// The number formats of the workbook's styles (`<Styles>`, declared before the sheets).
    private var styles = SpreadsheetMLStyles()
    private var styleID: String?
    private var cellStyle: String?
    /// The cell has a formula (`ss:Formula`): a string result that is an error value is an error (LibreOffice
    /// writes `#DIV/0!` this way).
    private var cellFormula = false
    /// Numbers as their cells show them (``SheetOptions/displayText``).
    private let displayText: Bool
    /// The most bytes one cell's text may take (``InputLimits``), rich-text runs (`<B>`, `<Font>`) included.
    private let cellLimit: Int
    /// The first cell (`B7`) whose text ran past ``cellLimit``: the sheet is refused, and no more text is gathered.
    private(set) var overLongCell: (cell: String, limit: Int)?

    init(sheetIndex: Int, fillMerged: Bool, displayText: Bool = false, cellLimit: Int = InputLimits.defaultMaxLineBytes) {
        target = sheetIndex
        self.fillMerged = fillMerged
        self.displayText = displayText
        self.cellLimit = cellLimit
    }

    func startElement(_ name: UnsafeBufferPointer<UInt8>, attributes: XMLAttributes) {
        if SpreadsheetML.is(name, "Worksheet") {
            if sheet < 0 { styles.resolve() }
            sheet += 1
            return
        }
        if sheet < 0 {
            if SpreadsheetML.is(name, "Style") {
                styleID = attributes.first(named: "ID")?.text
                if let styleID, let parent = attributes.first(named: "Parent") { styles.parents[styleID] = parent.text }
            } else if SpreadsheetML.is(name, "NumberFormat"), let styleID, let format = attributes.first(named: "Format") {
                styles.formats[styleID] = format.text
            } else if SpreadsheetML.is(name, "Date1904") {
                styles.date1904 = true
            }
            return
        }
        guard sheet == target else { return }
        if SpreadsheetML.is(name, "Table") {
            inTable = true
        } else if SpreadsheetML.is(name, "Column"), inTable {
            var index = columnCursor + 1
            var span = 0
            var hidden = false
            for attribute in attributes {
                if attribute.named("Index") { index = attribute.integer ?? index }
                else if attribute.named("Span") { span = attribute.integer ?? 0 }
                else if attribute.named("Hidden") { hidden = attribute.equals("1") }
            }
            if hidden { for column in index...(index + min(span, 16384)) { hiddenColumns.insert(column) } }
            columnCursor = index + span
        } else if SpreadsheetML.is(name, "Row"), inTable {
            var number = lastRow + 1
            var hidden = false
            for attribute in attributes {
                if attribute.named("Index") { number = attribute.integer ?? number }
                else if attribute.named("Hidden") { hidden = attribute.equals("1") }
            }
            row = Row(number: number, values: [], hidden: hidden, errorColumns: [])
            column = 0
        } else if SpreadsheetML.is(name, "Cell"), row != nil {
            cellColumn = column + 1
            cellAcross = 0
            cellDown = 0
            cellStyle = nil
            cellFormula = false
            for attribute in attributes {
                if attribute.named("Index") { cellColumn = attribute.integer ?? cellColumn }
                else if attribute.named("MergeAcross") { cellAcross = min(max(attribute.integer ?? 0, 0), 16_383) }
                else if attribute.named("MergeDown") { cellDown = min(max(attribute.integer ?? 0, 0), 1_048_575) }
                else if attribute.named("StyleID"), styles.hasStyles { cellStyle = attribute.text }
                else if attribute.named("Formula") { cellFormula = true }
            }
            if !coveredBelow.isEmpty && attributes.first(named: "Index") == nil { skipCoveredColumns() }
            if cellDown > 0 {
                coveredBelow.append(((row!.number + 1)...(row!.number + cellDown), cellColumn...(cellColumn + cellAcross)))
            }
            text.removeAll(keepingCapacity: true)
            dataType = .string
        } else if SpreadsheetML.is(name, "Comment") {
            depthInComment += 1
        } else if SpreadsheetML.is(name, "Data"), row != nil, depthInComment == 0 {
            inData = true
            if let type = attributes.first(named: "Type") {
                dataType = type.equals("Number") ? .number : type.equals("DateTime") ? .dateTime
                    : type.equals("Boolean") ? .boolean : type.equals("Error") ? .error : .string
            } else {
                dataType = .string
            }
        }
    }

    func endElement(_ name: UnsafeBufferPointer<UInt8>) {
        guard sheet == target else { return }
        if SpreadsheetML.is(name, "Data") && depthInComment == 0 {
            inData = false
        } else if SpreadsheetML.is(name, "Comment") {
            depthInComment -= 1
        } else if SpreadsheetML.is(name, "Cell"), row != nil, dataType == .string, !cellFormula,
                  !fillMerged || (cellAcross == 0 && cellDown == 0) {
            // Text is the value as written: its bytes go into the row with no string built (a formula's text
            // result may be an error value: the general branch below looks at it).
            text.withUnsafeBufferPointer { row!.set(bytes: $0, at: cellColumn) }
            column = cellColumn + cellAcross
        } else if SpreadsheetML.is(name, "Cell"), row != nil {
            let raw = String(decoding: text, as: UTF8.self)
            var (value, isError) = Self.value(raw, type: dataType)
            if dataType == .number, let cellStyle, !value.isEmpty {
                value = styles.apply(to: value, style: cellStyle, displayText: displayText)
            } else if dataType == .dateTime, let cellStyle, let elapsed = styles.elapsed(raw, style: cellStyle) {
                value = elapsed
            } else if dataType == .string && cellFormula && OpenDocumentStream.isErrorValue(value) {
                (value, isError) = ("", true)
            }
            if isError { row!.errorColumns.append(cellColumn) }
            row!.set(value, at: cellColumn)
            if fillMerged {
                let number = row!.number
                carry.spread(value, columns: cellColumn...(cellColumn + cellAcross), rows: number...(number + cellDown))
            }
            column = cellColumn + cellAcross
        } else if SpreadsheetML.is(name, "Row"), var finished = row {
            carry.fill(&finished)
            lastRow = finished.number
            ready.append(finished)
            row = nil
        } else if SpreadsheetML.is(name, "Table") {
            inTable = false
        } else if SpreadsheetML.is(name, "Worksheet") {
            targetDone = true
        }
    }

    var mergeOverflow: String? { carry.overflow }
    var cellsMovedPastMerges: Int { cellsPlacedPastMerges }

    /// Moves a cell placed by position past the columns that vertical merges from rows above cover in this row
    /// (LibreOffice writes the row below a `ss:MergeDown` anchor without the covered cells and without
    /// `ss:Index`; Excel refuses a cell inside a merge, and reading it there would shift the row's values left).
    private func skipCoveredColumns() {
        let number = row!.number
        coveredBelow.removeAll { $0.rows.upperBound < number }
        let written = cellColumn
        var moved = true
        while moved {
            moved = false
            for merge in coveredBelow where merge.rows.contains(number) && merge.columns.contains(cellColumn) {
                cellColumn = merge.columns.upperBound + 1
                moved = true
            }
        }
        if cellColumn != written { cellsPlacedPastMerges += 1 }
    }

    /// A cell's text, up to ``cellLimit``: past it the cell is noted (``overLongCell``), its text dropped, and
    /// nothing more gathered (the sheet is refused when the parser hands the chunk back).
    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard inData, overLongCell == nil else { return }
        guard text.count + bytes.count <= cellLimit else {
            overLongCell = (ColumnName.of(cellColumn) + String(row?.number ?? lastRow + 1), cellLimit)
            text = []
            return
        }
        text.append(contentsOf: bytes)
    }

    /// Cells (`B7`) in which a character reference to a control character (`&#7;`) was kept.
    private(set) var controlCharacterCells: [String] = []

    func controlCharacter(_ code: UInt8) {
        guard sheet == target, let row else { return }
        let cell = "\(ColumnName.of(cellColumn))\(row.number)"
        if controlCharacterCells.last != cell { controlCharacterCells.append(cell) }
    }

    /// The text a person sees for a SpreadsheetML value of `type`; error values read as empty.
    static func value(_ text: String, type: DataType) -> (String, Bool) {
        switch type {
        case .dateTime:
            // 2024-03-05T00:00:00.000 → 2024-03-05; 2024-03-05T13:45:00.000 → 2024-03-05T13:45:00;
            // 1899-12-31T08:30:00.000 (a time of day) → 08:30:00.
            var value = text
            if let dot = value.firstIndex(of: ".") { value = String(value[..<dot]) }
            if value.hasSuffix("T00:00:00") { return (String(value.dropLast(9)), false) }
            if value.hasPrefix("1899-12-31T") || value.hasPrefix("1899-12-30T") { return (String(value.dropFirst(11)), false) }
            return (value, false)
        case .boolean:
            return (text == "1" || text.lowercased() == "true" ? "TRUE" : "FALSE", false)
        case .error:
            return ("", true)
        case .number:
            // Excel writes 17 significant digits (5.0999999999999996): read as the XLSX reader does (5.1).
            return (ExcelNumbers.plain(text), false)
        case .string:
            return (text, false)
        }
    }
}
