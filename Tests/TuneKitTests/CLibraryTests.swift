import CLibXML2
import Foundation
import Testing

/// libxml2 is linked through the CLibXML2 shim (which hides its ICU types from Swift). The spreadsheet
/// importers rely on these guarantees: no network, no entity expansion.
@Suite("libxml2 module")
struct CLibraryTests {
    @Test func parsesWithoutExpandingEntities() throws {
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE r [<!ENTITY secret SYSTEM "file:///etc/hostname"><!ENTITY word "expanded">]>
            <r a="1">&word;&secret;<c>text</c></r>
            """
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let document = xml.withCString { xmlReadMemory($0, Int32(strlen($0)), "test.xml", "UTF-8", options) }
        let parsed = try #require(document)
        defer { xmlFreeDoc(parsed) }
        let root = try #require(xmlDocGetRootElement(parsed))
        #expect(String(cString: root.pointee.name) == "r")
        // The entity references stay references: nothing was substituted or fetched.
        var kinds: [xmlElementType] = []
        var child = root.pointee.children
        while let node = child {
            kinds.append(node.pointee.type)
            child = node.pointee.next
        }
        #expect(kinds == [XML_ENTITY_REF_NODE, XML_ENTITY_REF_NODE, XML_ELEMENT_NODE])
    }
}
