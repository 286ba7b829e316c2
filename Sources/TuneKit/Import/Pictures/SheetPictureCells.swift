/// The cells of a worksheet that hold pictures by themselves: those with a value-metadata index
/// (`<c r="B7" t="e" vm="1">`, Excel's in-cell pictures) and those whose formula is WPS's
/// `_xlfn.DISPIMG("ID_…",1)` (found by the formula, since WPS does not always cache the `=DISPIMG(…)` text).
/// Rows and columns 1-based.
final class SheetPictureCells: XMLEventHandler {
    private(set) var valueMetadata: [(row: Int, column: Int, index: Int)] = []
    private(set) var dispimg: [(row: Int, column: Int, id: String)] = []
    private var row = 0
    private var column = 0
    private var formula: [UInt8]?

    func startElement(_ name: UnsafeBufferPointer<UInt8>, attributes: XMLAttributes) {
        if SpreadsheetML.is(name, "row") {
            row = attributes.first(named: "r")?.integer ?? row + 1
            column = 0
        } else if SpreadsheetML.is(name, "c") {
            column = attributes.first(named: "r").map { XLSXSheetStream.column(of: $0.value) } ?? column + 1
            if let index = attributes.first(named: "vm")?.integer, column > 0 {
                valueMetadata.append((row, column, index))
            }
        } else if SpreadsheetML.is(name, "f") {
            formula = []
        }
    }

    func endElement(_ name: UnsafeBufferPointer<UInt8>) {
        guard let text = formula, SpreadsheetML.is(name, "f") else { return }
        formula = nil
        if let id = SheetPictures.dispimgID(String(decoding: text, as: UTF8.self)), column > 0 {
            dispimg.append((row, column, id))
        }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        formula?.append(contentsOf: bytes)
    }
}
