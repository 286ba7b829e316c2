/// Says what a file looks like from its first bytes, so that a file whose name lies (a PNG saved as
/// `.xlsx`, an old binary `.xls`) gets a message naming what it is.
package enum FileSniffer {
    package enum Kind: Equatable, Sendable {
        case zip, xml, png, jpeg, pdf, gif, oleCompound, text, empty

        package var description: String {
            switch self {
            case .zip: return "a zip archive"
            case .xml: return "an XML document"
            case .png: return "a PNG image"
            case .jpeg: return "a JPEG image"
            case .pdf: return "a PDF document"
            case .gif: return "a GIF image"
            case .oleCompound: return "an old binary Office file (.xls/.doc); save it as .xlsx or CSV"
            case .text: return "plain text"
            case .empty: return "an empty file"
            }
        }
    }

    /// What an input whose first bytes are `head` looks like.
    package static func kind(_ head: [UInt8]) -> Kind {
        if head.isEmpty { return .empty }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) { return .zip }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return .png }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head.starts(with: Array("%PDF".utf8)) { return .pdf }
        if head.starts(with: Array("GIF8".utf8)) { return .gif }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) { return .oleCompound }
        var body = head[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let first = body.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }), first == UInt8(ascii: "<") {
            return .xml
        }
        return .text
    }
}
