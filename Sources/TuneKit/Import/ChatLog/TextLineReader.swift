#if canImport(Glibc)
import Glibc
#endif

/// Lines of a text file as UTF-8, streamed: the encoding is detected (UTF-8, UTF-16, GBK/GB18030, Big5)
/// or forced, a byte-order mark skipped, and CR LF, CR-less LF and a missing final newline all handled.
final class TextLineReader {
    let fileName: String
    private let stream: UTF8Stream
    private let buffer = ByteBuffer(capacity: 1 << 20)
    private var start = 0
    private var atEnd = false
    /// The 1-based number of the line last returned.
    private(set) var line = 0
    private let maxLineBytes: Int

    /// Opens a file (`-` for standard input).
    convenience init(path: String, encoding: TextEncoding? = nil) throws(ImportError) {
        try self.init(source: ByteSource(path: path), encoding: encoding)
    }

    /// Reads an opened source (which may replay a sample first).
    /// `maxLineBytes`: a longer line is refused (``InputLimits``) rather than gathered whole.
    init(source: ByteSource, encoding: TextEncoding? = nil, maxLineBytes: Int = InputLimits.defaultMaxLineBytes) throws(ImportError) {
        fileName = source.name
        self.maxLineBytes = maxLineBytes
        stream = try UTF8Stream(source: source, encoding: encoding)
    }

    /// The encoding read, and why.
    var encoding: EncodingDecision { stream.decision }

    /// The next line without its line break, or `nil` at the end.
    func next() throws(ImportError) -> String? {
        while true {
            let bytes = buffer.bytes
            if start < bytes.count, let base = bytes.baseAddress,
               let found = memchr(base + start, 0x0A, bytes.count - start) {
                let end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if end - start > maxLineBytes {
                    throw InputLimits.overLong("line", limit: maxLineBytes, at: SourceLocation(file: fileName, line: line + 1))
                }
                defer { start = end + 1 }
                return text(bytes, start, end)
            }
            if atEnd {
                guard start < bytes.count else { return nil }
                defer { start = bytes.count }
                return text(bytes, start, bytes.count)
            }
            if bytes.count - start > maxLineBytes {
                throw InputLimits.overLong("line", limit: maxLineBytes, at: SourceLocation(file: fileName, line: line + 1))
            }
            buffer.removeFirst(start)
            start = 0
            if try !stream.read(appendingTo: buffer) { atEnd = true }
        }
    }

    private func text(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        line += 1
        var end = end
        if end > start && bytes[end - 1] == 0x0D { end -= 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }
}
