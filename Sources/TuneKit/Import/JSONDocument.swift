import Foundation

/// A whole JSON file read at once — for the exports that come as one document (Telegram, ChatGPT, Alpaca
/// arrays) — with its size checked first and a parse error located by line.
public enum JSONDocument {
    /// The largest file read whole (1 GiB); bigger datasets belong in JSONL, which streams.
    public static let maximumBytes = 1 << 30

    /// The parsed document.
    public static func load(path: String) throws(ImportError) -> JSONValue {
        let location = SourceLocation(file: path)
        var info = stat()
        guard stat(path, &info) == 0 else { throw ImportError(.unreadable, "cannot open the file", at: location) }
        guard Int(info.st_size) <= maximumBytes else {
            throw ImportError(.unreadable, "a JSON document of \(info.st_size / 1_000_000) MB is more than the 1 GiB read whole; split it, or write records as JSONL (one per line), which streams", at: location)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ImportError(.unreadable, "cannot read the file", at: location)
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        do {
            return try JSONReader.parse(bytes).value
        } catch {
            let line = bytes.prefix(error.offset).reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
            throw ImportError(.unreadable, "not JSON: \(error.message)", at: SourceLocation(file: path, line: line))
        }
    }
}
