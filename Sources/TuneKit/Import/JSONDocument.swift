import Foundation

/// A whole JSON file read at once — for the exports that come as one document (Telegram, ChatGPT, Alpaca
/// arrays) — with its size checked first and a parse error located by line.
package enum JSONDocument {
    /// The largest file read whole (1 GiB); bigger datasets belong in JSONL, which streams.
    package static let maximumBytes = 1 << 30

    /// The parsed document.
    package static func load(path: String) throws(ImportError) -> JSONValue {
        try load(source: ByteSource(path: path))
    }

    /// The parsed document of an opened source (read to its end; the sample is replayed first).
    static func load(source: ByteSource) throws(ImportError) -> JSONValue {
        let path = source.name
        let location = SourceLocation(file: path)
        let tooLarge = "a JSON document larger than 1 GiB is more than is read whole; split it, or write records as JSONL (one per line), which streams"
        if let size = source.size, size > maximumBytes {
            throw ImportError(.unreadable, "a JSON document of \(size / 1_000_000) MB is more than the 1 GiB read whole; split it, or write records as JSONL (one per line), which streams", at: location)
        }
        var bytes: [UInt8]
        do {
            bytes = try source.readAll(limit: maximumBytes)
        } catch {
            throw error.message.hasPrefix("more than") ? ImportError(.unreadable, tooLarge, at: location) : error
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        do {
            return try JSONReader.parse(bytes).value
        } catch {
            let line = bytes.prefix(error.offset).reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
            throw ImportError(.unreadable, "not JSON: \(error.message)", at: SourceLocation(file: path, line: line))
        }
    }
}
