#if canImport(Glibc)
import Glibc
#endif

/// The lines of a JSONL input, streamed: without their line ends (LF or CRLF), with a leading UTF-8
/// byte-order mark taken off and noted.
final class JSONLLines {
    private let source: ByteSource
    private let buffer = ByteBuffer(capacity: 1 << 20)
    private var start = 0
    private var atEnd = false
    private var first = true
    /// Whether the input started with a UTF-8 byte-order mark (removed).
    private(set) var hadByteOrderMark = false
    /// Whether the input starts with a UTF-16 byte-order mark (nothing is read then).
    private(set) var isUTF16 = false
    /// The number of the line ``next()`` returned last (1-based).
    private(set) var number = 0
    /// Bytes read.
    var bytesRead: Int { source.offset }

    /// Reads `source`; with `detectsUTF16`, a UTF-16 byte-order mark stops the reading (``isUTF16``), else such
    /// bytes come as lines like any others (for readers that reject what does not parse, line by line).
    /// `maxLineBytes`: a longer line is refused (``InputLimits``) rather than gathered whole.
    init(source: ByteSource, detectsUTF16: Bool = true, maxLineBytes: Int = InputLimits.defaultMaxLineBytes) {
        self.source = source
        self.detectsUTF16 = detectsUTF16
        self.maxLineBytes = maxLineBytes
    }
    private let detectsUTF16: Bool
    private let maxLineBytes: Int

    /// The next line's bytes, valid until the next call; nil at the end.
    func next() throws(ImportError) -> UnsafeBufferPointer<UInt8>? {
        while true {
            let bytes = buffer.bytes
            if start < bytes.count {
                let base = bytes.baseAddress! + start
                if let found = memchr(base, 0x0A, bytes.count - start) {
                    let end = bytes.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    if end - start > maxLineBytes {
                        throw InputLimits.overLong("line", limit: maxLineBytes, at: SourceLocation(file: source.name, line: number + 1))
                    }
                    let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
                    start = end + 1
                    return deliver(line)
                }
            }
            if atEnd {
                guard start < bytes.count else { return nil }
                let line = UnsafeBufferPointer(rebasing: bytes[start...])
                start = bytes.count
                return deliver(line)
            }
            if bytes.count - start > maxLineBytes {
                // Also a last line without a line end (the input's end, or a line never ending).
                throw InputLimits.overLong("line", limit: maxLineBytes, at: SourceLocation(file: source.name, line: number + 1))
            }
            buffer.removeFirst(start)
            start = 0
            buffer.reserve(1 << 20)
            let spare = buffer.spare
            let count = try source.read(into: spare.baseAddress!, count: min(1 << 20, spare.count))
            if count == 0 {
                atEnd = true
            } else {
                buffer.commit(count)
                if first {
                    first = false
                    let head = buffer.bytes
                    if head.starts(with: [0xEF, 0xBB, 0xBF]) {
                        start = 3
                        hadByteOrderMark = true
                    } else if detectsUTF16 && (head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF])) {
                        isUTF16 = true
                        atEnd = true
                        start = head.count
                    }
                }
            }
        }
    }

    private func deliver(_ line: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        number += 1
        if let last = line.last, last == 0x0D { return UnsafeBufferPointer(rebasing: line[..<(line.count - 1)]) }
        return line
    }
}
