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
    private var decoder: RecordDecoder
    private var held: [JSONLRecordReader.Event]?

    /// Records read per dataset dialect (``RecordDecoder/dialects``), and KTO pairs made and left unpaired.
    var dialects: [String: Int] { decoder.dialects }
    var ktoPairing: KTOPairing.Counts { KTOPairing.Counts(pairs: decoder.ktoPairs, records: decoder.ktoPairedRecords,
                                                          unpaired: decoder.ktoUnpaired) }

    /// Reads and parses the file; a file that is not a JSON array is an error naming where it fails.
    package convenience init(path: String) throws(ImportError) {
        try self.init(document: JSONDocument.load(path: path), fileName: path)
    }

    /// Reads the records of a parsed document.
    package init(document: JSONValue, fileName: String,
                 decoding: RecordDecoder.Context = RecordDecoder.Context()) throws(ImportError) {
        self.fileName = fileName
        decoder = RecordDecoder(context: decoding)
        guard case .array(let items) = document else {
            throw ImportError(.unreadable, "the file holds \(document.kindDescription), not an array of records (JSONL files end in .jsonl)",
                              at: SourceLocation(file: fileName))
        }
        self.items = items
    }

    /// The next record or reject (located as `file!item N`, 1-based); `nil` at the end.
    package func next() -> JSONLRecordReader.Event? {
        while index < items.count {
            let item = items[index]
            items[index] = .null
            index += 1
            let location = SourceLocation(file: fileName, cell: "item \(index)")
            if let event = decoder.event(for: item, source: location, rewrites: &rewrites) { return event }
        }
        if held == nil { held = decoder.finish().reversed().map(JSONLRecordReader.Event.init) }
        return held!.popLast()
    }
}
