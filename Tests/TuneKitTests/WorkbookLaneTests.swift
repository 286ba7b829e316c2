import Foundation
import Testing
@testable import TuneKit

/// Workbook rows take the byte lane as CSV rows do: through both lanes, a workbook writes the same lines as
/// the general path, and the same lines as the same table saved as CSV (files written by LibreOffice).
@Suite("Workbook rows through the byte lane")
struct WorkbookLaneTests {
    private static let outputs = ["train.jsonl", "validation.jsonl", "duplicates.jsonl", "rejects.jsonl"]

    private func convert(_ path: String, fastLane: Bool, sharedStringsInMemory: Int? = nil) throws -> (ConvertJob.Result, String) {
        let directory = Fixture.temporaryDirectory()
        var options = ConvertOptions(inputs: [path], outputDirectory: directory, validation: .fraction(0.1), seed: 7)
        options.useFastLane = fastLane
        if let sharedStringsInMemory { options.sheet.sharedStringsInMemory = sharedStringsInMemory }
        return (try ConvertJob(options: options).run(), directory)
    }

    private static func csv(_ name: String) -> String {
        name == "faq-sample" ? Fixture.repositoryRoot.appendingPathComponent("Converters/customer-service-faq/sample.csv").path
            : Fixture.path("sheets/lanes/\(name).csv")
    }

    /// The lines of an output with the input's locations left out (a CSV names lines, a workbook cells).
    private func withoutSources(_ path: String) throws -> [JSONValue] {
        try String(decoding: Fixture.bytes(path), as: UTF8.self).split(separator: "\n").map { line in
            guard case .object(var object) = try JSONReader.parse(String(line)).value else { return .null }
            object.members.removeAll { $0.key == "source" || $0.key == "duplicate_of_source" }
            return .object(object)
        }
    }

    @Test(arguments: ["lanes.xlsx", "lanes.xml", "faq-sample.xlsx", "faq-sample.xml"])
    func bothLanesWriteTheSameBytes(file: String) throws {
        let path = Fixture.path("sheets/lanes/" + file)
        let (fast, fastDirectory) = try convert(path, fastLane: true)
        let (slow, slowDirectory) = try convert(path, fastLane: false)
        #expect(fast.report.counts == slow.report.counts)
        #expect(fast.report.counts.train > 0)
        for name in Self.outputs {
            #expect(Fixture.bytes(fastDirectory + "/" + name) == Fixture.bytes(slowDirectory + "/" + name), "\(file): \(name)")
        }
    }

    @Test(arguments: [("lanes.xlsx", "lanes"), ("faq-sample.xlsx", "faq-sample"), ("faq-sample.xml", "faq-sample")])
    func aWorkbookWritesWhatTheSameTableAsCSVWrites(file: String, csv: String) throws {
        for fastLane in [true, false] {
            let (book, bookDirectory) = try convert(Fixture.path("sheets/lanes/" + file), fastLane: fastLane)
            let (table, tableDirectory) = try convert(Self.csv(csv), fastLane: fastLane)
            #expect(book.report.counts == table.report.counts)
            #expect(book.report.rejectsByReason == table.report.rejectsByReason)
            #expect(Fixture.bytes(bookDirectory + "/train.jsonl") == Fixture.bytes(tableDirectory + "/train.jsonl"))
            #expect(Fixture.bytes(bookDirectory + "/validation.jsonl") == Fixture.bytes(tableDirectory + "/validation.jsonl"))
            for name in ["duplicates.jsonl", "rejects.jsonl"] {
                #expect(try withoutSources(bookDirectory + "/" + name) == withoutSources(tableDirectory + "/" + name), "\(file): \(name)")
            }
            // The workbook's lines name their cells.
            let rejects = String(decoding: Fixture.bytes(bookDirectory + "/rejects.jsonl"), as: UTF8.self)
            #expect(rejects.contains("/\(file)!\(csv)!A"))
        }
    }

    /// The lanes fixture's edge rows end where the general path puts them.
    @Test func edgeRowsAreCountedAsTheGeneralPathCountsThem() throws {
        let (result, directory) = try convert(Fixture.path("sheets/lanes/lanes.xlsx"), fastLane: true)
        #expect(result.report.counts.read == 12)
        #expect(result.report.counts.duplicates == 2)
        #expect(result.report.rejectsByReason == ["map.empty_assistant": 2, "map.empty_user": 1])
        let lines = String(decoding: Fixture.bytes(directory + "/train.jsonl") + Fixture.bytes(directory + "/validation.jsonl"), as: UTF8.self)
        #expect(lines.contains("\"content\":\"前后有空格的问题\""))
        #expect(lines.contains("\"content\":\"全角空格开头的问题\""))
        #expect(lines.contains("\"content\":\"Control \\u0007 bell\""))
    }

    /// Shared strings beyond the in-memory limit move to a mapped temporary file (read in full before the
    /// rows), while a small table is read beside the rows (a publishing arena): the same lines.
    @Test func sharedStringsInATemporaryFileReadTheSame() throws {
        let path = Fixture.path("sheets/lanes/faq-sample.xlsx")
        let (_, inMemory) = try convert(path, fastLane: true)
        let (_, inFile) = try convert(path, fastLane: true, sharedStringsInMemory: 1024)
        for name in Self.outputs {
            #expect(Fixture.bytes(inMemory + "/" + name) == Fixture.bytes(inFile + "/" + name), "\(name)")
        }
    }

    /// Rows are parsed on a thread of their own: a file cut off after many rows gives its rows in order, then
    /// the parser's error, and a reader dropped after its header stops its thread.
    @Test func rowsReadAheadArriveInOrderThenTheError() throws {
        let whole = Fixture.bytes(Fixture.path("sheets/lanes/faq-sample.xml"))
        let path = Fixture.write(Array(whole[..<(whole.count * 3 / 5)]), name: "cut.xml")
        let reader = try WorkbookReader(path: path, dialect: .spreadsheetML)
        var numbers: [Int] = []
        #expect(throws: ImportError.self) {
            while let event = try reader.next() {
                if case .row(let row) = event { numbers.append(row.source.line ?? 0) }
            }
        }
        #expect(numbers.count > 100)
        #expect(numbers == Array(2..<(2 + numbers.count)))
        for _ in 0..<20 { _ = try WorkbookReader(path: Fixture.path("sheets/lanes/faq-sample.xlsx"), dialect: .xlsx) }
    }

    @Test func theArenaMovesToAFileBeyondItsLimitAndKeepsEveryString() {
        let arena = SharedStringArena(memoryLimit: 100)
        let strings = (0..<2000).map { Array("字符串 \($0) ".utf8) + Array(repeating: UInt8(ascii: "x"), count: $0 % 7) }
        for string in strings { arena.append(string) }
        arena.seal()
        #expect(arena.isInFile)
        #expect(arena.failure == nil)
        #expect(arena.count == strings.count)
        // Twice over, so that look-ups cross the points where the mapped pages are let go of.
        for _ in 0..<2 {
            for (index, string) in strings.enumerated().reversed() {
                #expect(Array(arena.bytes(at: index)) == string)
            }
        }
        let small = SharedStringArena(memoryLimit: 1 << 20)
        small.append(Array("a".utf8))
        small.append([])
        small.seal()
        #expect(!small.isInFile)
        #expect(small[0] == "a" && small[1] == "")
    }

    @Test func aPublishingArenaIsReadWhileItFills() async {
        // 200,000 strings across several end segments, written on one thread and read on another as they come.
        let strings = (0..<200_000).map { Array("行 \($0) ".utf8) + Array(repeating: UInt8(ascii: "y"), count: $0 % 5) }
        let arena = SharedStringArena(memoryLimit: 8 << 20, publishing: true)
        let writer = Thread {
            for string in strings { arena.append(string) }
            arena.seal()
            arena.finishPublishing()
        }
        writer.start()
        var mismatches = 0
        var known = 0
        for index in stride(from: 0, to: strings.count, by: 7) {
            if index >= known { known = arena.available(through: index) }
            #expect(index < known)
            if Array(arena.bytes(at: index)) != strings[index] { mismatches += 1 }
        }
        #expect(mismatches == 0)
        // Past the last string the reader is told the final count instead of waiting for ever.
        #expect(arena.available(through: strings.count + 5) == strings.count)
        #expect(!arena.isInFile)
    }

    /// The rows are read while the shared strings still are: a strings part that breaks off still refuses the
    /// workbook (with the part's own error), though the rows before the break had their strings.
    @Test func aDamagedStringsPartRefusesTheWorkbookItsRowsWereReadBeside() throws {
        let path = Fixture.path("sheets/lanes/faq-sample-cut-strings.xlsx")
        do {
            let reader = try WorkbookReader(path: path, dialect: .xlsx)
            while try reader.next() != nil {}
            Issue.record("read a workbook whose shared strings are cut off")
        } catch {
            #expect("\(error)".contains("!xl/sharedStrings.xml: line 2: not well-formed XML"), "\(error)")
        }
        #expect(throws: ConvertError.self) { _ = try convert(path, fastLane: true) }
    }

    /// A workbook is read by its parts, not front to back: progress is its file size scaled by the fraction of the
    /// sheet's XML read, so a progress line can show a percentage and the time left for workbooks too.
    @Test(arguments: ["xlsx", "xml"])
    func workbookProgressIsTheFractionOfTheSheetRead(_ kind: String) throws {
        let rows = (1...20_000).map { ["问题 \($0)：退货要多久？", "回答 \($0)：收到退货后 3 个工作日内退款。"] }
        let document = WorkbookDocument(sheets: [.init(name: "FAQ", header: ["user", "assistant"], rows: rows)])
        let bytes = kind == "xlsx" ? XLSXWriter.bytes(document) : SpreadsheetMLWriter.bytes(document)
        let path = Fixture.write(bytes, name: "progress.\(kind)")
        var options = ConvertOptions(inputs: [path], outputDirectory: Fixture.temporaryDirectory())
        options.dedup = .none
        var seen: [JobProgress] = []
        let result = try ConvertJob(options: options).run { seen.append($0) }
        #expect(result.report.counts.train == 20_000)
        #expect(seen.count >= 4, "\(seen)")
        #expect(seen.allSatisfy { $0.unit == .bytes && $0.total == bytes.count && $0.done <= bytes.count }, "\(seen)")
        #expect(zip(seen, seen.dropFirst()).allSatisfy { $0.done <= $1.done }, "\(seen)")
        #expect(seen.last!.done > bytes.count / 2, "\(seen)")
    }
}
