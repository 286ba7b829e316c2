// Micro-benchmarks of TuneKit's hot paths on data held in memory (no I/O), for comparison with
// shared/bench/bench_micro.py (JSON writing) and shared/bench/bench_dedup.py (exact dedup).
//
// Usage: swift run -c release tunekit-bench [CSV] [ROWS]
//   CSV   default /tmp/perfpeers/data/chat_1m.csv, ROWS default 1000000.
import Foundation
import TuneKit

let arguments = CommandLine.arguments
let path = arguments.count > 1 ? arguments[1] : "/tmp/perfpeers/data/chat_1m.csv"
let limit = arguments.count > 2 ? Int(arguments[2]) ?? 1_000_000 : 1_000_000

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func best(of runs: Int, _ body: () -> Void) -> Double {
    (0..<runs).map { _ in seconds(body) }.min()!
}

// Load rows (system, user, assistant) into memory.
var rows: [[String]] = []
let reader = try CSVReader(path: path)
while rows.count < limit, let event = try reader.next() {
    if case .row(let row) = event { rows.append(row.values) }
}
print("\(rows.count) rows loaded from \(path)")

// 1. JSON line writing: chat records → JSONL bytes in memory (orjson.dumps per record is the peer).
let records = rows.prefix(300_000).map { values in
    Record(source: SourceLocation(file: "-"), example: .conversation(Conversation(
        system: values[0], messages: [Message(.user, values[1]), Message(.assistant, values[2])])))
}
let exporter = ChatExporter()
var produced = 0
let writeTime = best(of: 5) {
    var writer = JSONWriter(capacity: 2 << 20)
    produced = 0
    for record in records {
        exporter.write(record, to: &writer)
        if writer.bytes.count >= 1 << 20 {
            produced += writer.bytes.count
            writer.reset()
        }
    }
    produced += writer.bytes.count
}
print(String(format: "JSON chat lines: %.0f MB/s of JSON, %.2f M records/s (%d records, %.0f MB)",
             Double(produced) / 1e6 / writeTime, Double(records.count) / 1e6 / writeTime, records.count, Double(produced) / 1e6))

// 2. Exact dedup: normalise (NFKC, punctuation fold, white space) + fingerprint + table insert, per
// document = user + " " + assistant (the peer: NFKC + casefold + whitespace, sha256, Python set).
let documents = rows.map { $0[1] + " " + $0[2] }
let documentBytes = documents.reduce(0) { $0 + $1.utf8.count }
var duplicates = 0
let dedupTime = best(of: 3) {
    var dedup = Deduplicator(expectedCount: documents.count)
    var builder = ContentFingerprint.Builder()
    duplicates = 0
    for (line, document) in documents.enumerated() {
        builder.reset()
        builder.piece(0x30, document)
        if dedup.insert(builder.fingerprint.id, file: "-", line: line) != nil { duplicates += 1 }
    }
}
print(String(format: "exact dedup: %.0f k rows/s, %.0f MB/s, %d duplicates of %d",
             Double(documents.count) / 1e3 / dedupTime, Double(documentBytes) / 1e6 / dedupTime, duplicates, documents.count))

// 3. CSV parsing alone (byte-level rows, no strings).
let parseTime = best(of: 3) {
    let reader = try! CSVReader(path: path)
    var count = 0
    while let event = try! reader.nextRawForBenchmark() {
        _ = event
        count += 1
    }
}
let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
print(String(format: "CSV parse (UTF-8 checked, no strings): %.0f MB/s", Double(size) / 1e6 / parseTime))

// 4. Workbooks to rows (the peers of shared/bench/bench_sheets.py read: rows of strings, counted).
for (file, dialect) in [("/tmp/perfpeers/data/chat.xlsx", WorkbookReader.Dialect.xlsx),
                        ("/tmp/perfpeers/data/chat2003.xml", .spreadsheetML)] where FileManager.default.fileExists(atPath: file) {
    var count = 0
    let time = best(of: 3) {
        let reader = try! WorkbookReader(path: file, dialect: dialect)
        count = 0
        while let event = try! reader.next() {
            if case .row = event { count += 1 }
        }
    }
    print(String(format: "%@ → rows: %.0f k rows/s (%d rows)", (file as NSString).lastPathComponent, Double(count) / 1e3 / time, count))
}
