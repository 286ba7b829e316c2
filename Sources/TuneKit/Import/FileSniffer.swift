/// Says what a file looks like from its first bytes, so that a file whose name lies (a PNG saved as
/// `.xlsx`, an old binary `.xls`) gets a message naming what it is — and what to do: a password-protected
/// workbook (Office keeps an encrypted `.xlsx` in a compound file holding an `EncryptedPackage` stream) or a
/// binary `.xlsb` workbook (a zip holding `xl/workbook.bin`) is named as such, not as "an old binary file" or "no
/// xl/workbook.xml".
package enum FileSniffer {
    package enum Kind: Equatable, Sendable {
        case zip, xml, png, jpeg, pdf, gif, oleCompound, encryptedOffice, binaryWorkbook, text, empty

        package var description: String {
            switch self {
            case .zip: return "a zip archive"
            case .xml: return "an XML document"
            case .png: return "a PNG image"
            case .jpeg: return "a JPEG image"
            case .pdf: return "a PDF document"
            case .gif: return "a GIF image"
            case .oleCompound: return "an old binary Office file (.xls/.doc)"
            case .encryptedOffice: return "a password-protected (encrypted) Office file"
            case .binaryWorkbook: return "a binary Excel workbook (.xlsb)"
            case .text: return "plain text"
            case .empty: return "an empty file"
            }
        }

        /// What to do with such a file, when there is something to do.
        package var advice: String? {
            switch self {
            case .oleCompound: return "save it as .xlsx or CSV"
            case .encryptedOffice: return "open it, save a copy without a password, and convert that copy"
            case .binaryWorkbook: return "save it as .xlsx (Excel Workbook) and convert that"
            default: return nil
            }
        }
    }

    /// What an input whose first bytes are `head` looks like.
    package static func kind(_ head: [UInt8]) -> Kind {
        if head.isEmpty { return .empty }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            return contains(head, Self.binaryWorkbookPart) ? .binaryWorkbook : .zip
        }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return .png }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head.starts(with: Array("%PDF".utf8)) { return .pdf }
        if head.starts(with: Array("GIF8".utf8)) { return .gif }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            return contains(head, Self.encryptedPackageName) ? .encryptedOffice : .oleCompound
        }
        var body = head[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let first = body.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }), first == UInt8(ascii: "<") {
            return .xml
        }
        return .text
    }

    /// The stream name of an encrypted OOXML package inside its compound file, as the directory spells it (UTF-16LE).
    static let encryptedPackageName: [UInt8] = Array("EncryptedPackage".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
    /// The workbook part of an `.xlsb` package, as a zip entry's name.
    static let binaryWorkbookPart: [UInt8] = Array("xl/workbook.bin".utf8)

    private static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, bytes.count >= needle.count else { return false }
        var index = 0
        while index <= bytes.count - needle.count {
            if bytes[index] == first && bytes[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}
