#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A minimal, careful reader of ZIP archives (the containers of XLSX and ODS): the central directory is
/// read from the end of the file, and an entry is inflated with zlib a chunk at a time, on demand, so a
/// worksheet streams with bounded memory.
///
/// Before anything is inflated, an entry whose declared size or compression ratio is beyond reason is
/// refused (zip bombs, see ``refusal(compressed:inflated:)``); while inflating, output beyond the declared size
/// stops the read. ZIP64, encryption
/// and methods other than stored and deflate are refused with a clear message.
package final class ZipArchive {
    /// One file inside the archive, from the central directory.
    struct Entry {
        var name: String
        var method: UInt16
        var flags: UInt16
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
    }

    /// The largest entry inflated (declared size) unless `--zip-entry-limit` says otherwise.
    package static let defaultEntryLimit = 2 << 30
    /// The highest `--zip-entry-limit`: a larger entry needs ZIP64, which is refused anyway.
    static let largestEntryLimit = 4 << 30
    /// The most bytes the entries read from one archive may inflate to together unless `--zip-total-limit` says
    /// otherwise: a sheet at the largest entry limit, its shared strings and pictures fit several times over.
    package static let defaultTotalLimit = 8 << 30
    /// Entries that inflate to at most this many bytes are accepted at any ratio deflate reaches: a sparse
    /// sheet's XML from LibreOffice compresses over 200× (a 17.6 MB `content.xml` at 213:1), and 64 MiB of
    /// XML is read in well under a second.
    static let smallEntryBytes = 64 << 20
    /// The largest compression ratio accepted above ``smallEntryBytes`` (sheet XML compresses 5–40×; a bomb,
    /// 1000×: a 1 GB entry from 1 MB).
    static let maxRatio = 200

    /// Why an entry declaring these sizes is refused before inflating, or nil when it may be read.
    static func refusal(compressed: Int, inflated: Int, entryLimit: Int = defaultEntryLimit) -> String? {
        if inflated > entryLimit {
            return "\(compressed) bytes declare \(inflated) bytes inflated, over the \(Self.describe(entryLimit)) an entry may take (--zip-entry-limit raises it)"
        }
        if inflated > smallEntryBytes && inflated > max(compressed, 1) * maxRatio {
            return "\(compressed) bytes declare \(inflated) bytes inflated, \(inflated / max(compressed, 1)):1 (over \(maxRatio):1 above \(smallEntryBytes >> 20) MiB: a zip bomb?)"
        }
        return nil
    }

    /// Counts `count` more bytes inflated from `entry`; throws when the archive's entries together pass ``totalLimit``.
    func countInflated(_ count: Int, entry: String) throws(ImportError) {
        let total = inflated.add(count, ordering: .relaxed).newValue
        if total > totalLimit {
            throw ImportError(.unreadable, "the parts read from this package inflate to more than \(Self.describe(totalLimit)) together "
                              + "(\(total) bytes so far, this part declares \(entries[entry].map { String($0.uncompressedSize) } ?? "?")), "
                              + "over the workbook's limit (--zip-total-limit raises it)",
                              at: SourceLocation(file: path + "!" + entry))
        }
    }

    /// `1 GiB`, `512 MiB`, `1000 bytes`.
    static func describe(_ bytes: Int) -> String {
        if bytes >= 1 << 30 && bytes % (1 << 30) == 0 { return "\(bytes >> 30) GiB" }
        if bytes >= 1 << 20 && bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        return "\(bytes) bytes"
    }

    let path: String
    /// The most bytes an entry may inflate to.
    let entryLimit: Int
    /// The most bytes all entries read may inflate to together (``ZipEntryStream`` counts them in ``inflated``).
    let totalLimit: Int
    /// Bytes inflated so far from every entry opened (entries may be read on several threads).
    let inflated = Atomic<Int>(0)
    private let descriptor: Int32
    let size: Int
    private(set) var entries: [String: Entry] = [:]

    package init(path: String, entryLimit: Int = ZipArchive.defaultEntryLimit, totalLimit: Int = ZipArchive.defaultTotalLimit) throws(ImportError) {
        self.path = path
        self.entryLimit = entryLimit
        self.totalLimit = totalLimit
        let location = SourceLocation(file: path)
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw ImportError(.unreadable, "cannot open: \(String(cString: strerror(errno)))", at: location)
        }
        descriptor = fd
        var info = stat()
        fstat(fd, &info)
        size = Int(info.st_size)
        try readCentralDirectory()
    }

    deinit {
        close(descriptor)
    }

    /// Reads `count` bytes at `offset`.
    func bytes(at offset: Int, count: Int) throws(ImportError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        let read = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, count, off_t(offset)) }
        guard read == count else {
            throw ImportError(.unreadable, "the zip archive is cut off (wanted \(count) bytes at \(offset))", at: SourceLocation(file: path))
        }
        return buffer
    }

    private static func u16(_ bytes: [UInt8], _ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
    private static func u32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }

    private func readCentralDirectory() throws(ImportError) {
        let location = SourceLocation(file: path)
        let tail = min(size, 22 + 65_535)
        guard tail >= 22 else { throw ImportError(.unknownFormat, "too short to be a zip archive", at: location) }
        let end = try bytes(at: size - tail, count: tail)
        var found: Int?
        var i = end.count - 22
        while i >= 0 {
            if end[i] == 0x50 && end[i + 1] == 0x4B && end[i + 2] == 0x05 && end[i + 3] == 0x06 {
                found = i
                break
            }
            i -= 1
        }
        guard let eocd = found else {
            throw ImportError(.unreadable, "the zip archive has no central directory: the file is cut off or damaged", at: location)
        }
        let count = Int(Self.u16(end, eocd + 10))
        let directorySize = Int(Self.u32(end, eocd + 12))
        let directoryOffset = Int(Self.u32(end, eocd + 16))
        if directoryOffset == 0xFFFF_FFFF || count == 0xFFFF {
            throw ImportError(.unknownFormat, "ZIP64 archives are not supported", at: location)
        }
        guard directoryOffset + directorySize <= size else {
            throw ImportError(.unreadable, "the zip central directory points past the end of the file (cut off?)", at: location)
        }
        let directory = try bytes(at: directoryOffset, count: directorySize)
        var offset = 0
        for _ in 0..<count {
            guard offset + 46 <= directory.count, Self.u32(directory, offset) == 0x0201_4B50 else {
                throw ImportError(.unreadable, "the zip central directory is damaged", at: location)
            }
            let nameLength = Int(Self.u16(directory, offset + 28))
            let extraLength = Int(Self.u16(directory, offset + 30))
            let commentLength = Int(Self.u16(directory, offset + 32))
            guard offset + 46 + nameLength <= directory.count else {
                throw ImportError(.unreadable, "the zip central directory is damaged", at: location)
            }
            let name = String(decoding: directory[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self)
            entries[name] = Entry(name: name, method: Self.u16(directory, offset + 10), flags: Self.u16(directory, offset + 8),
                                  compressedSize: Int(Self.u32(directory, offset + 20)),
                                  uncompressedSize: Int(Self.u32(directory, offset + 24)),
                                  localHeaderOffset: Int(Self.u32(directory, offset + 42)))
            offset += 46 + nameLength + extraLength + commentLength
        }
    }

    /// The names of the archive's entries.
    package var entryNames: [String] { Array(entries.keys) }

    /// The most bytes ``open(_:)`` can give for an entry: a stored entry's data, a deflated entry's declared
    /// size (its stream stops past it).
    func inflatedBound(of name: String) -> Int? {
        entries[name].map { max($0.compressedSize, $0.uncompressedSize) }
    }

    /// A stream over one entry's uncompressed bytes.
    package func open(_ name: String) throws(ImportError) -> ZipEntryStream {
        let location = SourceLocation(file: path + "!" + name)
        guard let entry = entries[name] else {
            throw ImportError(.unknownFormat, "the archive has no \(name)", at: SourceLocation(file: path))
        }
        if entry.flags & 1 != 0 { throw ImportError(.unknownFormat, "the entry is encrypted", at: location) }
        guard entry.method == 0 || entry.method == 8 else {
            throw ImportError(.unknownFormat, "compression method \(entry.method) is not supported", at: location)
        }
        if let refusal = Self.refusal(compressed: entry.compressedSize, inflated: entry.uncompressedSize, entryLimit: entryLimit) {
            throw ImportError(.unreadable, "refused before inflating: " + refusal, at: location)
        }
        let header = try bytes(at: entry.localHeaderOffset, count: 30)
        guard Self.u32(header, 0) == 0x0403_4B50 else {
            throw ImportError(.unreadable, "the entry's local header is damaged", at: location)
        }
        let dataOffset = entry.localHeaderOffset + 30 + Int(Self.u16(header, 26)) + Int(Self.u16(header, 28))
        guard dataOffset + entry.compressedSize <= size else {
            throw ImportError(.unreadable, "the entry runs past the end of the file (cut off?)", at: location)
        }
        return try ZipEntryStream(archive: self, entry: entry, dataOffset: dataOffset)
    }
}
