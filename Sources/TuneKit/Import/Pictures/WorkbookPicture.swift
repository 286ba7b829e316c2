import TuneKitImages

/// A picture stored inside an input workbook (`xl/media/image3.png` of `catalogue.xlsx`), placed in a cell:
/// what a table cell holding a picture reads as (``ImageRef/packaged(_:)``), read from the package only when
/// the picture is prepared.
public struct WorkbookPicture: Hashable, Sendable, CustomStringConvertible {
    /// The workbook, as named in locations.
    public var workbook: String { archive.workbook }
    /// The picture's part in the package (`xl/media/image3.png`, `Pictures/1000….png`).
    public let entry: String
    /// The cell it is placed in (`D7`).
    public let cell: String
    let archive: PictureArchive

    /// `xl/media/image3.png (cell D7)`.
    public var description: String { "\(entry) (cell \(cell))" }

    /// The first character of a table value that stands for a picture: U+FFFC OBJECT REPLACEMENT CHARACTER.
    static let mark: Character = "\u{FFFC}"

    /// The table value of a cell holding the picture `entry`: the mark, the cell, a space and the part name.
    static func cellText(entry: String, cell: String) -> String {
        "\(mark)\(cell) \(entry)"
    }

    /// Whether a table value stands for a picture (its first byte starts U+FFFC: EF BF BC).
    static func isCellText(_ text: String) -> Bool {
        text.utf8.starts(with: [0xEF, 0xBF, 0xBC])
    }

    /// Whether a rendered text holds a picture's value anywhere (a template mixing text and a picture column).
    static func holdsCellText(_ text: String) -> Bool {
        text.unicodeScalars.contains("\u{FFFC}")
    }

    public static func == (lhs: WorkbookPicture, rhs: WorkbookPicture) -> Bool {
        lhs.archive === rhs.archive && lhs.entry == rhs.entry
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(ObjectIdentifier(archive))
        hasher.combine(entry)
    }

    /// The picture file's bytes, refused before inflating past `maxBytes` (as ``ImageRoot/load(_:maxBytes:)`` refuses files).
    func bytes(maxBytes: Int = 64 << 20) throws(ImageError) -> [UInt8] {
        try archive.bytes(of: entry, maxBytes: maxBytes)
    }
}

/// The package pictures of one workbook are read from: its zip archive (kept open, so a piped input's
/// temporary copy may already be unlinked) and the picture parts its cells may name.
final class PictureArchive: @unchecked Sendable {
    // Safe to share: the archive's entry table is not changed after it is read, and entries are read with pread.
    private let archive: ZipArchive
    let workbook: String
    private var entries: Set<String>

    init(archive: ZipArchive, workbook: String, entries: Set<String>) {
        self.archive = archive
        self.workbook = workbook
        self.entries = entries
    }

    /// Lets cells name these parts too (pictures stored outside `xl/media/`); only while the index is built.
    func allow(_ parts: some Sequence<String>) {
        entries.formUnion(parts)
    }

    /// The picture a table value names, when it is one of this workbook's pictures.
    func picture(named text: String) -> WorkbookPicture? {
        guard WorkbookPicture.isCellText(text), let space = text.firstIndex(of: " ") else { return nil }
        let cell = String(text[text.index(after: text.startIndex)..<space])
        let entry = String(text[text.index(after: space)...])
        guard entries.contains(entry) else { return nil }
        return WorkbookPicture(entry: entry, cell: cell, archive: self)
    }

    func bytes(of entry: String, maxBytes: Int) throws(ImageError) -> [UInt8] {
        let reference = workbook + "!" + entry
        guard let declared = archive.entries[entry]?.uncompressedSize else {
            throw ImageError.badPath(reference, problem: .missing(root: workbook))
        }
        guard declared <= maxBytes else {
            throw ImageError.badPath(reference, problem: .tooLarge(bytes: declared, limit: maxBytes))
        }
        do throws(ImportError) {
            let stream = try archive.open(entry)
            var bytes: [UInt8] = []
            bytes.reserveCapacity(declared)
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while case let count = try stream.readChunk(into: &chunk, count: nil), count > 0 {
                bytes += chunk[..<count]
                guard bytes.count <= maxBytes else {
                    throw ImportError(.unreadable, "inflates past its declared size", at: SourceLocation(file: reference))
                }
            }
            return bytes
        } catch {
            throw ImageError.corrupt("the picture's part cannot be read from the workbook: \(error.message)")
        }
    }
}
