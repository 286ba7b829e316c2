import CZlib

/// The uncompressed bytes of one zip entry, inflated as they are asked for.
package final class ZipEntryStream: ChunkSource {
    package let name: String
    private let archive: ZipArchive
    private let entry: ZipArchive.Entry
    private var position: Int
    private let end: Int
    private var stream = z_stream()
    private var input: [UInt8] = []
    private var consumed = 0
    private var produced = 0
    private var finished = false

    init(archive: ZipArchive, entry: ZipArchive.Entry, dataOffset: Int) throws(ImportError) {
        self.archive = archive
        self.entry = entry
        name = archive.path + "!" + entry.name
        position = dataOffset
        end = dataOffset + entry.compressedSize
        if entry.method == 8 {
            guard tk_inflate_init_raw(&stream) == Z_OK else {
                throw ImportError(.unreadable, "zlib could not start", at: SourceLocation(file: name))
            }
        }
    }

    deinit {
        if entry.method == 8 { inflateEnd(&stream) }
    }

    /// The stored bytes of a stored entry, the declared size of a deflated one (the stream stops past it).
    var sizeLimit: Int? { entry.method == 0 ? entry.compressedSize : entry.uncompressedSize }

    /// Fills `array` from its start with the next uncompressed bytes; returns 0 at the end of the entry.
    package func readChunk(into array: inout [UInt8], count: Int? = nil) throws(ImportError) -> Int {
        let want = min(count ?? array.count, array.count)
        if finished || want == 0 { return 0 }
        if entry.method == 0 {
            let take = min(want, end - position)
            if take == 0 { return 0 }
            let bytes = try archive.bytes(at: position, count: take)
            array.replaceSubrange(0..<take, with: bytes)
            position += take
            try archive.countInflated(take, entry: entry.name)
            return take
        }
        var written = 0
        while written == 0 {
            if consumed == input.count && position < end {
                input = try archive.bytes(at: position, count: min(1 << 18, end - position))
                position += input.count
                consumed = 0
            }
            let offset = consumed
            let status: Int32 = input.withUnsafeMutableBufferPointer { inputBuffer in
                array.withUnsafeMutableBufferPointer { output in
                    stream.next_in = inputBuffer.baseAddress.map { $0 + offset }
                    stream.avail_in = UInt32(inputBuffer.count - offset)
                    stream.next_out = output.baseAddress
                    stream.avail_out = UInt32(want)
                    let status = inflate(&stream, Z_NO_FLUSH)
                    written = want - Int(stream.avail_out)
                    return status
                }
            }
            consumed = input.count - Int(stream.avail_in)
            produced += written
            if written > 0 { try archive.countInflated(written, entry: entry.name) }
            if produced > entry.uncompressedSize {
                throw ImportError(.unreadable, "inflates past its declared \(entry.uncompressedSize) bytes (a zip bomb?)", at: SourceLocation(file: name))
            }
            if status == Z_STREAM_END {
                finished = true
                return written
            }
            if status != Z_OK && status != Z_BUF_ERROR {
                throw ImportError(.unreadable, "the compressed data is damaged (zlib \(status))", at: SourceLocation(file: name))
            }
            if written == 0 && consumed == input.count && position >= end {
                throw ImportError(.unreadable, "the compressed data ends early (cut off?)", at: SourceLocation(file: name))
            }
        }
        return written
    }
}

/// Where the XML readers pull their bytes from: a file, or an entry of a zip archive.
protocol ChunkSource: AnyObject {
    var name: String { get }
    func readChunk(into array: inout [UInt8], count: Int?) throws(ImportError) -> Int
    /// The most bytes the source gives, when known (a file's size, a zip entry's declared size): with the bytes
    /// read, how far a workbook's sheet has come.
    var sizeLimit: Int? { get }
}

extension ByteSource: ChunkSource {
    var sizeLimit: Int? { size }
}
