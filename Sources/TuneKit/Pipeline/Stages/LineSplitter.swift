#if canImport(Glibc)
import Glibc
#endif

/// Hands the lines of a byte source, each with its line end, to a closure: in place from the read buffer,
/// copied only when a line crosses two reads.
enum LineSplitter {
    static func forEachLine<E: Error>(of source: ByteSource, chunkSize: Int = 1 << 20,
                                      _ body: (UnsafeBufferPointer<UInt8>) throws(E) -> Void) throws {
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        var carry: [UInt8] = []
        while true {
            let count = try source.readChunk(into: &buffer)
            if count == 0 { break }
            try buffer.withUnsafeBufferPointer { (bytes) throws(E) in
                let base = bytes.baseAddress!
                var lineStart = 0
                while lineStart < count, let found = memchr(base + lineStart, 0x0A, count - lineStart) {
                    let end = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
                    if carry.isEmpty {
                        try body(UnsafeBufferPointer(rebasing: bytes[lineStart..<end]))
                    } else {
                        carry.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[lineStart..<end]))
                        try carry.withUnsafeBufferPointer { (line) throws(E) in try body(line) }
                        carry.removeAll(keepingCapacity: true)
                    }
                    lineStart = end
                }
                carry.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[lineStart..<count]))
            }
        }
        if !carry.isEmpty {
            try carry.withUnsafeBufferPointer { (line) throws(E) in try body(line) }
        }
    }
}
