/// A SpreadsheetML drawing part (`xl/drawings/drawingN.xml`): each anchor with the cell of its top-left
/// corner (`xdr:from`, 0-based column and row) and the pictures (`a:blip r:embed`) inside it, in document
/// order. A `twoCellAnchor` or `oneCellAnchor` belongs to its `from` cell; an `absoluteAnchor`, and a
/// `twoCellAnchor editAs="absolute"` (Excel's "don't move or size with cells", LibreOffice's "anchored to page"),
/// floats: placed by page position, not with any cell (`cell` nil).
final class DrawingAnchors: XMLEventHandler {
    /// One anchor: its `from` cell (1-based row and column), or nil for an absolute anchor; its picture relations.
    struct Anchor {
        var cell: (row: Int, column: Int)?
        var embeds: [String]
        /// Why a floating anchor belongs to no cell.
        var floating = ""
    }

    private(set) var anchors: [Anchor] = []
    private var current: Anchor?
    private var inFrom = false
    private var field: UInt8 = 0  // r(ow) or c(olumn) being read inside `from`
    private var text: [UInt8] = []
    private var fromRow: Int?
    private var fromColumn: Int?

    func startElement(_ name: UnsafeBufferPointer<UInt8>, attributes: XMLAttributes) {
        if SpreadsheetML.is(name, "twoCellAnchor") || SpreadsheetML.is(name, "oneCellAnchor")
            || SpreadsheetML.is(name, "absoluteAnchor") {
            current = Anchor(cell: nil, embeds: [])
            if SpreadsheetML.is(name, "absoluteAnchor") {
                current!.floating = "absoluteAnchor"
            } else if attributes.first(named: "editAs")?.equals("absolute") == true {
                current!.floating = "editAs=\"absolute\": does not move with cells"
            }
            fromRow = nil
            fromColumn = nil
        } else if current != nil, SpreadsheetML.is(name, "from") {
            inFrom = true
        } else if inFrom, SpreadsheetML.is(name, "row") || SpreadsheetML.is(name, "col") {
            field = name[0]
            text.removeAll(keepingCapacity: true)
        } else if current != nil, SpreadsheetML.is(name, "blip") {
            // `r:embed` (a picture in the package); `r:link` is an external file, not in the package.
            // The same picture twice in one anchor (an `mc:AlternateContent` choice and its fallback) is one picture.
            if let embed = attributes.first(where: { $0.named("embed") && Self.isRelationship($0) })?.text,
               !current!.embeds.contains(embed) {
                current!.embeds.append(embed)
            }
        }
    }

    func endElement(_ name: UnsafeBufferPointer<UInt8>) {
        if inFrom, field != 0, SpreadsheetML.is(name, "row") || SpreadsheetML.is(name, "col") {
            let value = Int(String(decoding: text, as: UTF8.self).trimmingCharacters(in: .whitespaces))
            if field == UInt8(ascii: "r") { fromRow = value } else { fromColumn = value }
            field = 0
        } else if SpreadsheetML.is(name, "from") {
            inFrom = false
        } else if SpreadsheetML.is(name, "twoCellAnchor") || SpreadsheetML.is(name, "oneCellAnchor")
                    || SpreadsheetML.is(name, "absoluteAnchor"), var anchor = current {
            if anchor.floating.isEmpty, let row = fromRow, let column = fromColumn, row >= 0, column >= 0 {
                anchor.cell = (row + 1, column + 1)
            }
            anchors.append(anchor)
            current = nil
        }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        if field != 0 { text.append(contentsOf: bytes) }
    }

    /// Whether an attribute is in the officeDocument relationships namespace (`r:`), transitional or strict.
    static func isRelationship(_ attribute: XMLAttribute) -> Bool {
        guard let namespace = attribute.namespace else { return false }
        let uri = String(cString: namespace)
        return uri.hasSuffix("/officeDocument/2006/relationships") || uri == "http://purl.oclc.org/ooxml/officeDocument/relationships"
    }
}
