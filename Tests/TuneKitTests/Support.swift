import Foundation
import Testing
@testable import TuneKit

/// Paths of committed fixtures and scratch folders for tests.
enum Fixture {
    /// The path of a file under `Tests/TuneKitTests/Fixtures/`.
    static func path(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil)!.path
    }

    /// The repository root (for `Converters/` samples).
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// A fresh empty directory.
    static func temporaryDirectory() -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tunekit-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    /// Writes bytes to a new temporary file named `name` and returns its path.
    static func write(_ bytes: [UInt8], name: String) -> String {
        let path = temporaryDirectory() + "/" + name
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    /// Writes UTF-8 text to a new temporary file.
    static func write(_ text: String, name: String) -> String {
        write(Array(text.utf8), name: name)
    }

    /// The text of a file.
    static func read(_ path: String) -> String {
        String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
    }

    /// The bytes of a file.
    static func bytes(_ path: String) -> [UInt8] {
        [UInt8](FileManager.default.contents(atPath: path) ?? Data())
    }
}

/// Everything a CSV reader yields, flattened for assertions.
struct ReadOutcome {
    var header: [String]
    var rows: [(line: Int, values: [String])] = []
    var rejects: [Reject] = []
    var encoding: EncodingDecision
    var blank: Int

    init(path: String, options: CSVReader.Options = CSVReader.Options()) throws {
        let reader = try CSVReader(path: path, options: options)
        header = reader.header.columns
        encoding = reader.encoding
        while let event = try reader.next() {
            switch event {
            case .row(let row): rows.append((row.source.line ?? 0, row.values))
            case .reject(let reject): rejects.append(reject)
            }
        }
        blank = reader.skippedBlankRows
    }
}

/// Everything a JSONL record reader yields, flattened for assertions.
struct JSONLOutcome {
    var records: [Record] = []
    var rejects: [Reject] = []

    init(reader: JSONLRecordReader) throws {
        while let event = try reader.next() {
            switch event {
            case .record(let record): records.append(record)
            case .reject(let reject): rejects.append(reject)
            }
        }
    }
}
