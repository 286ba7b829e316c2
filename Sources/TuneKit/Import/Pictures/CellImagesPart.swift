/// WPS's cell pictures part (`xl/cellimages.xml`): each `etc:cellImage` holds an `xdr:pic` whose
/// `xdr:cNvPr name="ID_…"` is the ID a `=DISPIMG("ID_…",1)` cell names, and whose `a:blip r:embed` is the
/// picture's relation in `xl/_rels/cellimages.xml.rels`.
final class CellImagesPart: XMLEventHandler {
    /// ID → picture relation id, in document order.
    private(set) var pictures: [(id: String, embed: String)] = []
    private var name: String?
    private var embed: String?
    private var depth = 0

    func startElement(_ element: UnsafeBufferPointer<UInt8>, attributes: XMLAttributes) {
        if SpreadsheetML.is(element, "cellImage") {
            depth += 1
            name = nil
            embed = nil
        } else if depth > 0, SpreadsheetML.is(element, "cNvPr"), name == nil {
            name = attributes.first(named: "name")?.text
        } else if depth > 0, SpreadsheetML.is(element, "blip"), embed == nil {
            embed = attributes.first(where: { $0.named("embed") && DrawingAnchors.isRelationship($0) })?.text
        }
    }

    func endElement(_ element: UnsafeBufferPointer<UInt8>) {
        if SpreadsheetML.is(element, "cellImage") {
            depth -= 1
            if let name, let embed, !name.isEmpty { pictures.append((name, embed)) }
        }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {}
}
