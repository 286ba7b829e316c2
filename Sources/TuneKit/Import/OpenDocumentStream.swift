/// First pass over OpenDocument spreadsheet XML (flat `.fods`, or `content.xml` of `.ods`): the tables,
/// whether each is hidden (through its table style's `table:display="false"`), and rows with data.
final class OpenDocumentScan: XMLEventHandler {
    private(set) var sheets: [WorkbookReader.SheetSummary] = []
    /// Pictures (`draw:image`) anywhere in the document: a flat `.fods` embeds them, and they are not read.
    private(set) var pictures = 0
    private var hiddenStyles: Set<String> = []
    private var styleName: String?
    private var rowHasData = false
    private var inCell = false

    func startElement(_ name: UnsafeBufferPointer<UInt8>, attributes: XMLAttributes) {
        if SpreadsheetML.is(name, "style") {
            styleName = attributes.first(named: "name")?.text
        } else if SpreadsheetML.is(name, "table-properties") {
            if attributes.first(named: "display")?.text == "false", let styleName {
                hiddenStyles.insert(styleName)
            }
        } else if SpreadsheetML.is(name, "table") {
            let sheetName = attributes.first(named: "name")?.text ?? "Sheet\(sheets.count + 1)"
            let style = attributes.first(named: "style-name")?.text ?? ""
            sheets.append(.init(name: sheetName, hidden: hiddenStyles.contains(style), rows: 0))
        } else if SpreadsheetML.is(name, "table-row") {
            rowHasData = false
        } else if SpreadsheetML.is(name, "table-cell") {
            inCell = true
            if attributes.first(named: "value-type") != nil { rowHasData = true }
        } else if SpreadsheetML.is(name, "image") {
            pictures += 1
        }
    }

    func endElement(_ name: UnsafeBufferPointer<UInt8>) {
        if SpreadsheetML.is(name, "table-row"), rowHasData, !sheets.isEmpty {
            sheets[sheets.count - 1].rows += 1
        } else if SpreadsheetML.is(name, "table-cell") {
            inCell = false
        }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        if inCell && bytes.contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x09 }) { rowHasData = true }
    }
}

/// Second pass over OpenDocument XML: the rows of one table. Repeated rows and columns are expanded only
/// when they hold something (LibreOffice ends every sheet with a million repeated empty rows); merged
/// cells (`number-columns-spanned` / `number-rows-spanned`) fill their covered cells; values are read as
/// the XLSX reader reads the same cells: numbers, percentages and currency amounts from `office:value` (not
/// the rounded display), except that an integer shown with leading zeros (`number:min-integer-digits`,
/// `00001`, `ID00042`) reads as shown; dates and times as ISO 8601, durations as `255:10:10`, booleans
/// TRUE/FALSE. With ``SheetOptions/displayText``, numbers read as displayed (`9%`, `12346`).
final class OpenDocumentStream: RowAssembler {
    var ready: [SheetRow] = []
    private(set) var targetDone = false
    private(set) var hiddenColumns: Set<Int> = []
    private var columnCursor = 0
    private let target: Int
    private let fillMerged: Bool
    /// Repeats of a row or cell that holds something are expanded up to this many times.
    static let maxRepeat = 10_000
    /// A row or cell holding data that repeats more than ``maxRepeat`` times: the sheet is refused (copies past
    /// the cap would be lost without a word).
    private(set) var repeatOverflow: String?

    private var table = -1
    private var rowNumber = 0
    private var row: SheetRow?
    private var rowRepeat = 1
    private var column = 0
    private var cell: (value: String?, exact: String?, type: String, repeatCount: Int, across: Int, down: Int, error: Bool)?
    /// The cell is a formula whose result is stated as text with no producer's mark that it is a string: an
    /// error result when the text is an error value (OpenOffice, Excel and ODF 1.2 write errors this way).
    private var formulaText = false
    private var text: [UInt8] = []
    private var paragraphs = 0
    private var paragraphDepth = 0
    private var inAnnotation = 0
    /// Data styles that display booleans, and the cell styles that use them: LibreOffice stores TRUE/FALSE
    /// as floats 1/0 in such cells.
    private var booleanDataStyles: Set<String> = []
    private var booleanCellStyles: Set<String> = []
    private var carry = MergeCarry()

    /// Numbers as displayed (``SheetOptions/displayText``).
    private let displayText: Bool
    /// The most bytes one cell's text may take (``InputLimits``), spans, spaces and paragraphs included.
    private let cellLimit: Int
    /// The first cell (`B7`) whose text ran past ``cellLimit``: the sheet is refused, and no more text is gathered.
    private(set) var overLongCell: (cell: String, limit: Int)?

    init(sheetIndex: Int, fillMerged: Bool, displayText: Bool = false, cellLimit: Int = InputLimits.defaultMaxLineBytes) {
        target = sheetIndex
        self.fillMerged = fillMerged
        self.displayText = displayText
        self.cellLimit = cellLimit
    }

    /// Adds to the cell's text unless that takes it past ``cellLimit``: then the cell is noted (``overLongCell``),
    /// its text dropped, and nothing more gathered (the sheet is refused when the parser hands the chunk back).
    @inline(__always)
    private func gather(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard overLongCell == nil else { return }
        guard text.count + bytes.count <= cellLimit else { return refuseCell() }
        text.append(contentsOf: bytes)
    }

    /// ``gather(_:)`` for `count` copies of one byte (`text:s`, a tab, a line break, a paragraph's newline).
    private func gather(_ byte: UInt8, count: Int = 1) {
        guard overLongCell == nil else { return }
        guard text.count + count <= cellLimit else { return refuseCell() }
        text.append(contentsOf: repeatElement(byte, count: count))
    }

    private func refuseCell() {
        overLongCell = (ColumnName.of(column + 1) + String(row?.number ?? rowNumber + 1), cellLimit)
        text = []
    }

    func startElement(_ name: UnsafeBufferPointer<UInt8>, attributes: XMLAttributes) {
        if SpreadsheetML.is(name, "table") {
            table += 1
            return
        }
        if table < 0 {
            if SpreadsheetML.is(name, "boolean-style"), let style = attributes.first(named: "name") {
                booleanDataStyles.insert(style.text)
            } else if SpreadsheetML.is(name, "style"), let data = attributes.first(named: "data-style-name"),
                      booleanDataStyles.contains(data.text), let style = attributes.first(named: "name") {
                booleanCellStyles.insert(style.text)
            }
            return
        }
        guard table == target else { return }
        if SpreadsheetML.is(name, "table-column") {
            let repeats = attributes.first(named: "number-columns-repeated")?.integer ?? 1
            if attributes.first(named: "visibility").map({ $0.equals("collapse") || $0.equals("filter") }) == true {
                for column in (columnCursor + 1)...(columnCursor + min(repeats, 16384)) { hiddenColumns.insert(column) }
            }
            columnCursor += repeats
        } else if SpreadsheetML.is(name, "table-row") {
            rowRepeat = attributes.first(named: "number-rows-repeated")?.integer ?? 1
            let visibility = attributes.first(named: "visibility")?.text
            row = SheetRow(number: rowNumber + 1, values: [], hidden: visibility == "collapse" || visibility == "filter",
                           errorColumns: [])
            column = 0
        } else if SpreadsheetML.is(name, "table-cell") || SpreadsheetML.is(name, "covered-table-cell"), row != nil {
            let type = attributes.first(named: "value-type")?.text ?? ""
            var value: String?
            let exact = attributes.first(named: "value")?.text
            switch type {
            case "float", "percentage", "currency":
                // TRUE for a TRUE() formula; else the stored value, unless the displayed text is asked for.
                if type == "float", let style = attributes.first(named: "style-name"), booleanCellStyles.contains(style.text) {
                    value = exact.map { $0 == "0" ? "FALSE" : "TRUE" }
                } else if !displayText {
                    value = exact.map(ExcelNumbers.plain)
                }
            case "date": value = attributes.first(named: "date-value").map { Self.isoDate($0.text) }
            case "time": value = attributes.first(named: "time-value").map { Self.isoTime($0.text) }
            case "boolean": value = attributes.first(named: "boolean-value").map { $0.text == "true" ? "TRUE" : "FALSE" }
            default: value = nil
            }
            // LibreOffice marks error results (#N/A …) with calcext:value-type="error" (some writers with
            // office:value-type="error").
            let error = attributes.contains { $0.named("value-type") && $0.text == "error" }
            // Other producers show them only as a formula's displayed text: OpenOffice and ODF 1.2 as a string
            // result (`<text:p>#DIV/0!</text:p>`), old OpenOffice as a float 0 shown `Err:503`. A
            // calcext:value-type="string" says the text is a real string.
            formulaText = !error && attributes.first(named: "formula") != nil
                && !attributes.contains { $0.named("value-type") && $0.equals("string") && Self.isExtension($0) }
            cell = (value, exact, type,
                    attributes.first(named: "number-columns-repeated")?.integer ?? 1,
                    attributes.first(named: "number-columns-spanned")?.integer ?? 1,
                    attributes.first(named: "number-rows-spanned")?.integer ?? 1, error)
            text.removeAll(keepingCapacity: true)
            paragraphs = 0
            paragraphDepth = 0
        } else if SpreadsheetML.is(name, "annotation") {
            inAnnotation += 1
        } else if inAnnotation == 0 && cell != nil {
            if SpreadsheetML.is(name, "p") {
                if paragraphs > 0 { gather(0x0A) }
                paragraphs += 1
                paragraphDepth += 1
            } else if SpreadsheetML.is(name, "s") {
                let count = attributes.first(named: "c")?.integer ?? 1
                gather(0x20, count: min(max(count, 0), 1000))
            } else if SpreadsheetML.is(name, "tab") {
                gather(0x09)
            } else if SpreadsheetML.is(name, "line-break") {
                gather(0x0A)
            }
        }
    }

    func endElement(_ name: UnsafeBufferPointer<UInt8>) {
        if SpreadsheetML.is(name, "table") {
            if table == target { targetDone = true }
            return
        }
        guard table == target else { return }
        if SpreadsheetML.is(name, "annotation") {
            inAnnotation -= 1
        } else if SpreadsheetML.is(name, "p") && inAnnotation == 0 && cell != nil {
            paragraphDepth -= 1
        } else if SpreadsheetML.is(name, "table-cell") || SpreadsheetML.is(name, "covered-table-cell"), let current = cell {
            let shown = String(decoding: text, as: UTF8.self)
            let error = current.error || (formulaText && Self.isErrorValue(shown))
            var value = error ? "" : (current.value ?? shown)
            if value.isEmpty && current.type == "float" { value = current.exact ?? "" }
            if !error && !displayText && current.type == "float", let stored = current.value,
               Self.showsLeadingZeros(shown, of: stored) || Self.showsBoolean(shown, of: stored) {
                value = shown
            }
            if error { row?.errorColumns.append(column + 1) }
            if !value.isEmpty && current.repeatCount > Self.maxRepeat && repeatOverflow == nil {
                repeatOverflow = Self.overflow("a cell", current.repeatCount, "number-columns-repeated", row: row?.number ?? rowNumber)
            }
            if value.isEmpty {
                column += current.repeatCount
            } else {
                for _ in 0..<min(current.repeatCount, Self.maxRepeat) {
                    column += 1
                    row?.set(value, at: column)
                    if fillMerged && (current.across > 1 || current.down > 1), row != nil {
                        let number = row!.number
                        carry.spread(value, columns: column...(column + max(current.across, 1) - 1),
                                     rows: number...(number + max(current.down, 1) - 1))
                    }
                }
            }
            cell = nil
        } else if SpreadsheetML.is(name, "table-row"), let finished = row {
            let holds = !finished.isBlank || carry.hasValues(for: finished.number)
            if !finished.isBlank && rowRepeat > Self.maxRepeat && repeatOverflow == nil {
                repeatOverflow = Self.overflow("the row", rowRepeat, "number-rows-repeated", row: finished.number)
            }
            let copies = holds ? min(rowRepeat, Self.maxRepeat) : 0
            for copy in 0..<copies {
                var emitted = finished
                emitted.number = finished.number + copy
                carry.fill(&emitted)
                ready.append(emitted)
            }
            rowNumber = finished.number + rowRepeat - 1
            row = nil
        }
    }

    var mergeOverflow: String? { carry.overflow }

    /// The refusal of a repeat over ``maxRepeat``: what repeats, how often, by which attribute, where.
    static func overflow(_ what: String, _ count: Int, _ attribute: String, row: Int) -> String {
        "row \(row): \(what) holding data repeats \(count) times (table:\(attribute)=\"\(count)\"), over the \(maxRepeat) copies read; the file is damaged or made to exhaust readers: copy the real rows into a new sheet and save that"
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        if cell != nil && inAnnotation == 0 && paragraphDepth > 0 { gather(bytes) }
    }

    /// Whether `shown` is the integer `stored` padded with leading zeros, with or without literals
    /// (`00001`, `ID00042`, `012-3456` for 1, 42 and 123456): what `number:min-integer-digits` displays.
    static func showsLeadingZeros(_ shown: String, of stored: String) -> Bool {
        guard shown.utf8.contains(0x30), !stored.contains("."), !stored.contains("e"),
              !stored.contains("E") else { return false }
        let digits = shown.utf8.filter { $0 >= 0x30 && $0 <= 0x39 }
        guard digits.first == 0x30, digits.count > 1 else { return false }
        let significant = digits.drop { $0 == 0x30 }
        let value = stored.utf8.drop { $0 == 0x2D }
        return significant.elementsEqual(value) || (significant.isEmpty && value.elementsEqual("0".utf8))
    }

    /// Whether `shown` is a TRUE()/FALSE() result LibreOffice stores as the float 1 or 0 in a cell without a
    /// boolean style: words and no digits (`TRUE`, `FALSE`, or a locale's `WAHR`); a `-` for 0 is not.
    static func showsBoolean(_ shown: String, of stored: String) -> Bool {
        (stored == "1" || stored == "0") && shown.contains(where: \.isLetter) && !shown.contains(where: \.isNumber)
    }

    /// The error values spreadsheets show: Excel's (`#DIV/0!`, `#N/A` …) and LibreOffice's internal codes (`Err:502`).
    static func isErrorValue(_ text: String) -> Bool {
        if text.hasPrefix("Err:") { return text.count == 7 && text.dropFirst(4).allSatisfy(\.isASCII) && Int(text.dropFirst(4)) != nil }
        return errorValues.contains(text)
    }

    static let errorValues: Set<String> = [
        "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!",
        "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#NAME!",
    ]

    /// Whether an attribute belongs to LibreOffice's extension namespace (`calcext:`).
    private static func isExtension(_ attribute: XMLAttribute) -> Bool {
        guard let namespace = attribute.namespace else { return false }
        return String(cString: namespace).hasSuffix(":calcext:1.0")
    }

    /// `2024-03-05T00:00:00` → `2024-03-05`; other date-times keep their time (fractions dropped).
    static func isoDate(_ text: String) -> String {
        var value = text
        if let dot = value.firstIndex(of: ".") { value = String(value[..<dot]) }
        if value.hasSuffix("T00:00:00") { value = String(value.dropLast(9)) }
        return value
    }

    /// `PT13H45M00S` → `13:45:00`; a duration past a day keeps its hours (`PT255H10M10S` → `255:10:10`, also
    /// written `P10DT15H10M10S`), a negative one its sign (`-PT1H` → `-01:00:00`), as the XLSX reader reads them.
    static func isoTime(_ text: String) -> String {
        let negative = text.hasPrefix("-")
        let body = negative ? text.dropFirst() : Substring(text)
        guard body.hasPrefix("P"), let t = body.firstIndex(of: "T") else { return text }
        var days = 0
        if t > body.index(after: body.startIndex) {
            guard body[body.index(before: t)] == "D", let count = Int(body[body.index(after: body.startIndex)..<body.index(before: t)])
            else { return text }
            days = count
        }
        var hours = 0, minutes = 0, seconds = 0
        var number = ""
        for character in body[body.index(after: t)...] {
            switch character {
            case "H": hours = Int(number) ?? 0; number = ""
            case "M": minutes = Int(number) ?? 0; number = ""
            case "S": seconds = Int((Double(number) ?? 0).rounded()); number = ""
            default: number.append(character)
            }
        }
        var total = ((days * 24 + hours) * 60 + minutes) * 60 + seconds
        if total < 0 { total = 0 }
        hours = total / 3600
        minutes = total / 60 % 60
        seconds = total % 60
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        return (negative && total > 0 ? "-" : "") + "\(two(hours)):\(two(minutes)):\(two(seconds))"
    }
}
