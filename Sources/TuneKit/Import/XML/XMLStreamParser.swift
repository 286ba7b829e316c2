import CLibXML2
#if canImport(Glibc)
import Glibc
#endif

/// One attribute of an element, as bytes into libxml2's buffers (valid during the callback).
struct XMLAttribute {
    var localName: UnsafeBufferPointer<UInt8>
    var namespace: UnsafePointer<xmlChar>?
    var value: UnsafeBufferPointer<UInt8>

    /// Whether the attribute's local name is `name`.
    @inline(__always)
    func named(_ name: StaticString) -> Bool {
        localName.count == name.utf8CodeUnitCount && memcmp(localName.baseAddress!, name.utf8Start, localName.count) == 0
    }

    /// The value as text.
    var text: String { String(decoding: value, as: UTF8.self) }

    /// The value as a non-negative integer, if it is one (read from the bytes).
    var integer: Int? {
        guard !value.isEmpty, value.count < 19 else { return nil }
        var number = 0
        for byte in value {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            number = number * 10 + Int(byte - 0x30)
        }
        return number
    }

    /// Whether the value is exactly `text`.
    func equals(_ text: StaticString) -> Bool {
        value.count == text.utf8CodeUnitCount && memcmp(value.baseAddress!, text.utf8Start, value.count) == 0
    }
}

/// The attributes of an element: a view of libxml2's array (valid during the callback), no copies.
struct XMLAttributes: Sequence {
    let pointer: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    let count: Int

    /// The attribute with local name `name`, if any.
    func first(named name: StaticString) -> XMLAttribute? {
        for attribute in self where attribute.named(name) { return attribute }
        return nil
    }

    func makeIterator() -> Iterator {
        Iterator(pointer: pointer, count: count, index: 0)
    }

    /// Walks the attributes without allocating.
    struct Iterator: IteratorProtocol {
        let pointer: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
        let count: Int
        var index: Int

        mutating func next() -> XMLAttribute? {
            while index < count, let pointer {
                let base = index * 5
                index += 1
                guard let name = pointer[base], let start = pointer[base + 3], let end = pointer[base + 4] else { continue }
                let length = strlen(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self))
                return XMLAttribute(localName: UnsafeBufferPointer(start: name, count: length), namespace: pointer[base + 2],
                                    value: UnsafeBufferPointer(start: start, count: start.distance(to: end)))
            }
            return nil
        }
    }
}

/// What a streaming XML reader is told, element by element.
protocol XMLEventHandler: AnyObject {
    func startElement(_ localName: UnsafeBufferPointer<UInt8>, attributes: XMLAttributes)
    func endElement(_ localName: UnsafeBufferPointer<UInt8>)
    func characters(_ bytes: UnsafeBufferPointer<UInt8>)
    /// A control character that a character reference forbidden in XML 1.0 carried (`&#7;`), kept in the
    /// text given to ``characters(_:)`` (only with a parser that keeps them).
    func controlCharacter(_ code: UInt8)
}

extension XMLEventHandler {
    func controlCharacter(_ code: UInt8) {}
}

/// The namespaces the workbook readers tell apart, classified once per namespace URI a document uses.
enum XMLNamespace: UInt8, Sendable {
    /// No namespace.
    case none
    /// SpreadsheetML's main namespace, transitional (`http://schemas.openxmlformats.org/spreadsheetml/2006/main`)
    /// or strict (`http://purl.oclc.org/ooxml/spreadsheetml/main`).
    case spreadsheetML
    /// The package relationships namespace (`http://schemas.openxmlformats.org/package/2006/relationships`).
    case packageRelationships
    /// Any other namespace (extensions such as `x14`, `x15`, `mc`, drawing …).
    case other

    /// The class of a namespace URI.
    static func classify(_ uri: UnsafePointer<xmlChar>) -> XMLNamespace {
        let text = UnsafeRawPointer(uri).assumingMemoryBound(to: CChar.self)
        if strcmp(text, "http://schemas.openxmlformats.org/spreadsheetml/2006/main") == 0
            || strcmp(text, "http://purl.oclc.org/ooxml/spreadsheetml/main") == 0 {
            return .spreadsheetML
        }
        if strcmp(text, "http://schemas.openxmlformats.org/package/2006/relationships") == 0 { return .packageRelationships }
        return .other
    }

    /// Whether an element so namespaced is SpreadsheetML's own: the main namespace, or none at all (some
    /// writers leave the default namespace out; extension elements always carry theirs).
    var isSpreadsheetML: Bool { self == .spreadsheetML || self == .none }
}

/// A handler told each element's namespace (``XMLNamespace``) besides its local name: the XLSX part readers,
/// which must not take an extension element (`<x15:workbookPr>`) for a main one, and must read prefixed
/// main elements (`<x:c>`, as the .NET OpenXML SDK writes) like unprefixed ones.
protocol NamespacedXMLEventHandler: XMLEventHandler {
    func startElement(_ localName: UnsafeBufferPointer<UInt8>, namespace: XMLNamespace, attributes: XMLAttributes)
    func endElement(_ localName: UnsafeBufferPointer<UInt8>, namespace: XMLNamespace)
}

extension NamespacedXMLEventHandler {
    /// Not called: the parser calls the namespaced variant for these handlers.
    func startElement(_ localName: UnsafeBufferPointer<UInt8>, attributes: XMLAttributes) {}
    /// Not called: the parser calls the namespaced variant for these handlers.
    func endElement(_ localName: UnsafeBufferPointer<UInt8>) {}
}

/// Namespace URI → class, remembered by pointer: libxml2 hands out one interned pointer per URI in a
/// document, so an element costs a pointer compare or two, and a URI is classified once.
struct XMLNamespaceCache {
    private var pointers: [UnsafePointer<xmlChar>] = []
    private var kinds: [XMLNamespace] = []
    private var last: UnsafePointer<xmlChar>?
    private var lastKind = XMLNamespace.none

    @inline(__always)
    mutating func kind(of uri: UnsafePointer<xmlChar>?) -> XMLNamespace {
        guard let uri else { return .none }
        if uri == last { return lastKind }
        last = uri
        if let index = pointers.firstIndex(of: uri) {
            lastKind = kinds[index]
        } else {
            lastKind = XMLNamespace.classify(uri)
            // A document that (unusually) hands out many pointers does not grow the table without bound.
            if pointers.count < 64 {
                pointers.append(uri)
                kinds.append(lastKind)
            }
        }
        return lastKind
    }
}

/// Why an XML document cannot be read.
struct XMLFailure: Error, Sendable {
    var message: String
    var line: Int
}

/// A SAX2 push parser over libxml2, fed chunk by chunk, for the spreadsheet formats.
///
/// Safe by construction: no network (`XML_PARSE_NONET`), no DTD loading, no entity substitution — and a
/// document that declares entities at all (XXE, "billion laughs") is stopped at the declaration with a
/// clear error, before anything is expanded. libxml2 prints nothing.
///
/// The state the callbacks touch is `@exclusivity(unchecked)`: libxml2 calls one callback at a time, so no
/// accesses overlap, and dynamic checks on every element would cost more than the element's handling.
final class XMLStreamParser {
    /// Not retained: the handler outlives the parser (its owner holds both), and callbacks must not pay
    /// for reference counting.
    private unowned(unsafe) let handler: XMLEventHandler
    /// The same handler when it asks for namespaces.
    private unowned(unsafe) let namespaced: NamespacedXMLEventHandler?
    /// Namespace URIs seen, classified.
    @exclusivity(unchecked) fileprivate var namespaces = XMLNamespaceCache()
    private var context: xmlParserCtxtPtr?
    private var handlerTable = xmlSAXHandler()
    /// Set by the callbacks when the document must be refused.
    @exclusivity(unchecked) fileprivate var refusal: String?
    /// Rewrites references to forbidden control characters, when they are kept.
    @exclusivity(unchecked) private var controls: ControlReferenceFilter?
    /// Whether text may hold stand-ins for control characters.
    @exclusivity(unchecked) fileprivate var standIns = false

    /// A parser for `handler`; with `keepingControlCharacters`, a character reference to a control character
    /// XML 1.0 forbids (`&#7;`, as Excel writes) is kept in the text and told to the handler instead of
    /// refusing the document.
    init(handler: XMLEventHandler, keepingControlCharacters: Bool = false) {
        self.handler = handler
        namespaced = handler as? NamespacedXMLEventHandler
        if keepingControlCharacters { controls = ControlReferenceFilter() }
        handlerTable.initialized = XML_SAX2_MAGIC
        handlerTable.startElementNs = { context, localName, _, _, _, _, attributeCount, _, attributes in
            guard let context, let localName else { return }
            Unmanaged<XMLStreamParser>.fromOpaque(context)._withUnsafeGuaranteedRef { parser in
                parser.handler.startElement(XMLStreamParser.buffer(localName),
                                            attributes: XMLAttributes(pointer: attributes, count: Int(attributeCount)))
            }
        }
        handlerTable.endElementNs = { context, localName, _, _ in
            guard let context, let localName else { return }
            Unmanaged<XMLStreamParser>.fromOpaque(context)._withUnsafeGuaranteedRef { parser in
                parser.handler.endElement(XMLStreamParser.buffer(localName))
            }
        }
        if namespaced != nil {
            handlerTable.startElementNs = { context, localName, _, uri, _, _, attributeCount, _, attributes in
                guard let context, let localName else { return }
                Unmanaged<XMLStreamParser>.fromOpaque(context)._withUnsafeGuaranteedRef { parser in
                    parser.namespaced.unsafelyUnwrapped.startElement(
                        XMLStreamParser.buffer(localName), namespace: parser.namespaces.kind(of: uri),
                        attributes: XMLAttributes(pointer: attributes, count: Int(attributeCount)))
                }
            }
            handlerTable.endElementNs = { context, localName, _, uri in
                guard let context, let localName else { return }
                Unmanaged<XMLStreamParser>.fromOpaque(context)._withUnsafeGuaranteedRef { parser in
                    parser.namespaced.unsafelyUnwrapped.endElement(XMLStreamParser.buffer(localName),
                                                                   namespace: parser.namespaces.kind(of: uri))
                }
            }
        }
        handlerTable.characters = { context, bytes, count in
            guard let context, let bytes, count > 0 else { return }
            Unmanaged<XMLStreamParser>.fromOpaque(context)._withUnsafeGuaranteedRef { parser in
                let text = UnsafeBufferPointer(start: bytes, count: Int(count))
                if parser.standIns && ControlReferenceFilter.holdsStandIn(text) {
                    let handler = parser.handler
                    let restored = ControlReferenceFilter.restore(text) { handler.controlCharacter($0) }
                    restored.withUnsafeBufferPointer { handler.characters($0) }
                } else {
                    parser.handler.characters(text)
                }
            }
        }
        handlerTable.cdataBlock = handlerTable.characters
        handlerTable.entityDecl = { context, name, _, _, _, _ in
            guard let context else { return }
            let parser = Unmanaged<XMLStreamParser>.fromOpaque(context).takeUnretainedValue()
            let entity = name.map { String(cString: $0) } ?? "?"
            parser.refuse("the document declares the entity \"\(entity)\"; entity declarations are refused (XXE and entity-expansion attacks)")
        }
        handlerTable.externalSubset = { context, _, _, _ in
            guard let context else { return }
            Unmanaged<XMLStreamParser>.fromOpaque(context).takeUnretainedValue()
                .refuse("the document refers to an external DTD, which is refused")
        }
    }

    deinit {
        guard let context else { return }
        // A declared entity makes libxml2 build a stand-in document ("SAX compatibility"), even though the
        // declaration is refused; freeing the context leaves it behind (12 KB per refused file, found by fuzzing).
        if let document = context.pointee.myDoc {
            xmlFreeDoc(document)
            context.pointee.myDoc = nil
        }
        xmlFreeParserCtxt(context)
    }

    private static func buffer(_ pointer: UnsafePointer<xmlChar>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: pointer, count: strlen(UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self)))
    }

    fileprivate func refuse(_ message: String) {
        if refusal == nil { refusal = message }
        if let context { xmlStopParser(context) }
    }

    /// Parses the next chunk; `final` marks the end of the document.
    func feed(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool) throws(XMLFailure) {
        guard var filter = controls else { return try feedParser(bytes, final: final) }
        let rewritten = filter.filter(bytes, final: final)
        controls = filter
        standIns = filter.rewritten > 0
        guard let rewritten else { return try feedParser(bytes, final: final) }
        try rewritten.withUnsafeBufferPointer { (chunk) throws(XMLFailure) in try feedParser(chunk, final: final) }
    }

    private func feedParser(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool) throws(XMLFailure) {
        let me = Unmanaged.passUnretained(self).toOpaque()
        if context == nil {
            // The first bytes go to the context's creation (they let libxml2 see the encoding).
            let head = min(bytes.count, 4)
            context = withUnsafeMutablePointer(to: &handlerTable) { table in
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    xmlCreatePushParserCtxt(table, me, chars.baseAddress, Int32(head), nil)
                }
            }
            guard let context else { throw XMLFailure(message: "libxml2 could not start a parser", line: 0) }
            let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
                | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue)
            xmlCtxtUseOptions(context, options)
            try parse(UnsafeBufferPointer(rebasing: bytes[head...]), final: final)
            return
        }
        try parse(bytes, final: final)
    }

    private func parse(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool) throws(XMLFailure) {
        guard let context else { return }
        let status = bytes.withMemoryRebound(to: CChar.self) { chars in
            xmlParseChunk(context, chars.baseAddress, Int32(chars.count), final ? 1 : 0)
        }
        let line = Int(xmlSAX2GetLineNumber(context))
        if let refusal { throw XMLFailure(message: refusal, line: line) }
        if status != 0 {
            let message = xmlCtxtGetLastError(context).map { error -> String in
                let text = error.pointee.message.map { String(cString: $0) } ?? "not well-formed XML"
                return text.trimmingCharacters(in: .whitespacesAndNewlines)
            } ?? "not well-formed"
            throw XMLFailure(message: "not well-formed XML (cut off?): " + message, line: line)
        }
    }
}
