import Foundation

/// Reads a `.json` file holding one array of records — how Alpaca and ShareGPT datasets are usually shared —
/// in any shape ``JSONLRecordReader`` knows. The array is parsed whole (see ``JSONDocument``); larger datasets
/// belong in JSONL, which streams.
package final class JSONArrayRecordReader {
    package let fileName: String
    /// Rewrites of other spellings and shapes, by description.
    package private(set) var rewrites: [String: Int] = [:]
    private var items: [JSONValue]
    private var index = 0

    /// Reads and parses the file; a file that is not a JSON array is an error naming where it fails.
    package convenience init(path: String) throws(ImportError) {
        try self.init(document: JSONDocument.load(path: path), fileName: path)
    }

    /// Reads the records of a parsed document.
    package init(document: JSONValue, fileName: String) throws(ImportError) {
        self.fileName = fileName
        guard case .array(let items) = document else {
            throw ImportError(.unreadable, "the file holds \(document.kindDescription), not an array of records (JSONL files end in .jsonl)",
                              at: SourceLocation(file: fileName))
        }
        self.items = items
    }

    /// The next record or reject (located as `file!item N`, 1-based); `nil` at the end.
    package func next() -> JSONLRecordReader.Event? {
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
