import Foundation

/// Reads a `.json` file holding one array of records — how Alpaca and ShareGPT datasets are usually shared —
/// in any shape ``JSONLRecordReader`` knows. The array is parsed whole, so files are limited to
/// ``maximumBytes``; larger datasets belong in JSONL, which streams.
public final class JSONArrayRecordReader {
    /// The largest file read (1 GiB).
    public static let maximumBytes = 1 << 30

    public let fileName: String
    /// Rewrites of other spellings and shapes, by description.
    public private(set) var rewrites: [String: Int] = [:]
    private var items: [JSONValue]
    private var index = 0

    /// Reads and parses the file; a file that is not a JSON array is an error naming where it fails.
    public init(path: String) throws(ImportError) {
        fileName = path
        let location = SourceLocation(file: path)
        var info = stat()
        guard stat(path, &info) == 0 else { throw ImportError(.unreadable, "cannot open the file", at: location) }
        guard Int(info.st_size) <= Self.maximumBytes else {
            throw ImportError(.unreadable, "a JSON array of \(info.st_size / 1_000_000) MB is more than the 1 GiB read whole; write the records as JSONL (one per line), which streams", at: location)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ImportError(.unreadable, "cannot read the file", at: location)
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let value: JSONValue
        do {
            value = try JSONReader.parse(bytes).value
        } catch {
            let line = bytes.prefix(error.offset).reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
            throw ImportError(.unreadable, "not JSON: \(error.message)", at: SourceLocation(file: path, line: line))
        }
        guard case .array(let items) = value else {
            throw ImportError(.unreadable, "the file holds \(value.kindDescription), not an array of records (JSONL files end in .jsonl)", at: location)
        }
        self.items = items
    }

    /// The next record or reject (located as `file!item N`, 1-based); `nil` at the end.
    public func next() -> JSONLRecordReader.Event? {
        guard index < items.count else { return nil }
        let item = items[index]
        items[index] = .null
        index += 1
        let location = SourceLocation(file: fileName, cell: "item \(index)")
        switch RecordDecoder.decode(item, source: location) {
        case .success(let decoded):
            for note in decoded.rewrites { rewrites[note, default: 0] += 1 }
            return .record(decoded.record)
        case .failure(let reject):
            return .reject(reject)
        }
    }
}
