/// Feeds the rows of a table to the sink: rows → chat lines through the byte lane (``ChatFastLane``)
/// when the templates and options allow, and through the model (``TableMapper`` → ``Record``) for the
/// rows the lane declines or when there is no lane. Shared by the CSV and workbook importers, so that a
/// row gives the same bytes, counts and locations whichever file type it came from.
struct TableRowPump {
    let mapper: TableMapper
    private let lane: ChatFastLane?
    private var renderBuffer: [UInt8] = []
    private var fingerprintBuilder = ContentFingerprint.Builder()

    /// A pump for `mapper`; the byte lane is used for chat lines without redaction (near-duplicate search takes the
    /// lane's turn texts),
    /// unless `byteLane` is false (a table whose cells may stand for pictures).
    init(mapper: TableMapper, options: ConvertOptions, byteLane: Bool = true) {
        self.mapper = mapper
        lane = byteLane && options.useFastLane && mapper.format == .chat && !options.redact
            && options.groupBy == nil
            ? ChatFastLane(mapper: mapper) : nil
    }

    /// Reads every row of `table` into `sink`.
    mutating func read(_ table: some ByteRowTable, into sink: inout some RecordSink) throws {
        var rows = 0
        let usesIDs = sink.usesRecordIDs
        let usesKeys = sink.usesPromptKeys
        while let event = try table.nextByteRow() {
            rows += 1
            if rows == 4096 { presize(&sink, table: table, rowsSoFar: rows) }
            switch event {
            case .reject(let reject):
                try sink.reject(reject)
            case .row(let line):
                if let lane {
                    let taken = try table.withCurrentRow { (bytes, fields) throws(OutputError) -> Bool in
                        guard let rendered = lane.render(bytes, fields: fields, into: &renderBuffer) else { return false }
                        try acceptRendered(rendered, row: bytes, lane: lane, usesIDs: usesIDs, usesKeys: usesKeys, source: table.location(ofRow: line), into: &sink)
                        return true
                    }
                    if taken { continue }
                }
                switch mapper.map(table.currentTableRow(source: table.location(ofRow: line))) {
                case .failure(let reject): try sink.reject(reject)
                case .success(let record): try sink.accept(record)
                }
            }
        }
    }

    /// A row rendered by the byte lane: its fingerprint, category and line go to the sink.
    private mutating func acceptRendered(_ rendered: ChatFastLane.Rendered, row: UnsafeBufferPointer<UInt8>,
                                         lane: ChatFastLane, usesIDs: Bool, usesKeys: Bool, source: SourceLocation,
                                         into sink: inout some RecordSink) throws(OutputError) {
        try renderBuffer.withUnsafeBufferPointer { (rendering) throws(OutputError) in
            let sources = ChatFastLane.Sources(row: row, rendering: rendering)
            var id = RecordID(rawValue: 0)
            var key: PromptKey?
            if usesKeys {
                (id, key) = lane.keyedFingerprint(rendered, in: sources, builder: &fingerprintBuilder)
            } else if usesIDs {
                id = lane.fingerprint(rendered, in: sources, builder: &fingerprintBuilder).id
            }
            let category = rendered.category.map { String(decoding: sources[$0], as: UTF8.self) }
            try sink.acceptLine(id: id, key: key, category: category, source: source, turns: lane.turns(rendered, in: sources)) { out in
                lane.write(rendered, in: sources, to: &out)
            }
        }
    }

    /// Tells the sink how many records to expect from the bytes per row seen so far (an input of unknown
    /// size is left to grow).
    private func presize(_ sink: inout some RecordSink, table: some ByteRowTable, rowsSoFar: Int) {
        let progress = table.progress
        guard let total = progress.total, progress.consumed > 0 else { return }
        let expected = Int(Double(total) / Double(progress.consumed) * Double(rowsSoFar) * 1.05)
        // The row just read is not handed to the sink yet.
        sink.expect(records: expected - rowsSoFar + 1)
    }
}
