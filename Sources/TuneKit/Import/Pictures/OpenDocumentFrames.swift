/// The pictures of an OpenDocument spreadsheet's `content.xml`: a `draw:frame` written inside a
/// `table:table-cell` (LibreOffice's "anchor to cell", also with `table:end-cell-address`) belongs to that
/// cell; a frame in the table's `table:shapes` (anchored to the page) belongs to no row. Each frame's first
/// `draw:image xlink:href` inside the package (`Pictures/…`) is its picture. Rows and columns are counted as
/// ``OpenDocumentStream`` counts them (repeats included), 1-based.
final class OpenDocumentFrames: XMLEventHandler {
    /// A picture found: the table (0-based), and its cell (nil when anchored to the page).
    struct Frame {
        var table: Int
        var cell: (row: Int, column: Int)?
        var href: String
        /// The cell's merge (`number-rows-spanned`, `number-columns-spanned`), 1 by 1 when not merged.
        var span = (rows: 1, columns: 1)
    }

    private(set) var frames: [Frame] = []
    private var table = -1
    private var rowNumber = 0
    private var rowRepeat = 1
    private var currentRow = 0
    private var column = 0
    private var cellRepeat = 1
    private var cellSpan = (rows: 1, columns: 1)
    private var inCell = false
    private var inFrame = false
    private var frameHasImage = false

    func startElement(_ name: UnsafeBufferPointer<UInt8>, attributes: XMLAttributes) {
        if SpreadsheetML.is(name, "table") {
            table += 1
            rowNumber = 0
        } else if table < 0 {
            return
        } else if SpreadsheetML.is(name, "table-row") {
            rowRepeat = attributes.first(named: "number-rows-repeated")?.integer ?? 1
            currentRow = rowNumber + 1
            column = 0
        } else if SpreadsheetML.is(name, "table-cell") || SpreadsheetML.is(name, "covered-table-cell") {
            cellRepeat = attributes.first(named: "number-columns-repeated")?.integer ?? 1
            cellSpan = (attributes.first(named: "number-rows-spanned")?.integer ?? 1,
                        attributes.first(named: "number-columns-spanned")?.integer ?? 1)
            inCell = true
        } else if SpreadsheetML.is(name, "frame") {
            inFrame = true
            frameHasImage = false
        } else if inFrame, !frameHasImage, SpreadsheetML.is(name, "image"),
                  let href = attributes.first(named: "href")?.text {
            var path = href
            while path.hasPrefix("./") { path.removeFirst(2) }
            guard !path.contains("://"), !path.isEmpty else { return }
            frameHasImage = true
            frames.append(Frame(table: table, cell: inCell ? (currentRow, column + 1) : nil, href: path,
                                span: inCell ? cellSpan : (1, 1)))
        }
    }

    func endElement(_ name: UnsafeBufferPointer<UInt8>) {
        guard table >= 0 else { return }
        if SpreadsheetML.is(name, "table-cell") || SpreadsheetML.is(name, "covered-table-cell") {
            column += max(cellRepeat, 1)
            inCell = false
        } else if SpreadsheetML.is(name, "table-row") {
            rowNumber = currentRow + max(rowRepeat, 1) - 1
        } else if SpreadsheetML.is(name, "frame") {
            inFrame = false
        }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {}
}
