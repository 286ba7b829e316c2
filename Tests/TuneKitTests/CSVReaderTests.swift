import Foundation
import Testing
@testable import TuneKit

@Suite("CSV import")
struct CSVReaderTests {
    static let chineseRows = [
        ["如何退货？", "签收后7天内可在“我的订单”中申请退货。"],
        ["多久发货？", "付款后48小时内发货，节假日顺延。"],
        ["支持哪些支付方式？", "支持微信支付、支付宝和银联。"],
    ]

    /// The same Chinese table in the encodings Excel and WPS write, each detected without being told.
    @Test(arguments: [
        ("csv/utf8-bom.csv", TextEncoding.utf8, 3),
        ("csv/gbk.csv", TextEncoding.gb18030, 0),
        ("csv/utf16le-bom.txt", TextEncoding.utf16LE, 2),
    ])
    func detectsEncodings(file: String, encoding: TextEncoding, bom: Int) throws {
        let outcome = try ReadOutcome(path: Fixture.path(file))
        #expect(outcome.encoding.encoding == encoding)
        #expect(outcome.encoding.bomLength == bom)
        #expect(outcome.header == ["问题", "答案"])
        #expect(outcome.rows.map(\.values) == Self.chineseRows)
        #expect(outcome.rows.map(\.line) == [2, 3, 4])
        #expect(outcome.rejects.isEmpty)
    }

    @Test func explainsWhyGBKWasChosen() throws {
        let outcome = try ReadOutcome(path: Fixture.path("csv/gbk.csv"))
        #expect(outcome.encoding.reason.contains("not valid UTF-8"))
        #expect(outcome.encoding.reason.contains("GB18030"))
    }

    @Test func readsCharactersOutsideGBKInGB18030() throws {
        let outcome = try ReadOutcome(path: Fixture.path("csv/gb18030-only.csv"))
        #expect(outcome.encoding.encoding == .gb18030)
        let text = outcome.rows.flatMap(\.values).joined()
        #expect(text.contains("𠀀"))
        #expect(text.contains("😀"))
        #expect(outcome.rejects.isEmpty)
    }

    @Test func readsUTF16BigEndianWithComma() throws {
        let outcome = try ReadOutcome(path: Fixture.path("csv/utf16be-bom.csv"))
        #expect(outcome.encoding.encoding == .utf16BE)
        #expect(outcome.header == ["question", "answer"])
        #expect(outcome.rows.count == 3)
        #expect(outcome.rows[0].values[1] == "保修期为1年。")
    }

    @Test func quotedFieldsKeepCommasQuotesAndLineBreaks() throws {
        let outcome = try ReadOutcome(path: Fixture.path("csv/quoted-newlines.csv"))
        #expect(outcome.rows.count == 3)
        #expect(outcome.rows[0].values == ["Where, exactly, is my order?", #"Check "My Orders", then tap "Track"."#])
        #expect(outcome.rows[1].values[1] == "Step 1: open \"Returns\"\nStep 2: print the label")
        #expect(outcome.rows[2].values[1] == "Yes, with \"Pay Later\".\r\nFees may apply.")
        // Line numbers count the line breaks inside quotes.
        #expect(outcome.rows.map(\.line) == [2, 3, 5])
    }

    @Test func readsOldMacLineEnds() throws {
        let outcome = try ReadOutcome(path: Fixture.path("csv/cr-only.csv"))
        #expect(outcome.header == ["question", "answer"])
        #expect(outcome.rows.count == 3)
        #expect(outcome.rows.map(\.line) == [2, 3, 4])
        #expect(!outcome.rows.contains { $0.values.joined().contains("\r") })
    }

    @Test func raggedRowsBecomeRejectsWithTheirLine() throws {
        let outcome = try ReadOutcome(path: Fixture.path("csv/ragged.csv"))
        #expect(outcome.rows.map(\.line) == [2, 5])
        #expect(outcome.rejects.map(\.reason) == ["csv.ragged_row", "csv.ragged_row"])
        #expect(outcome.rejects.map(\.source.line) == [3, 4])
        #expect(outcome.rejects[0].message == "row has 2 fields, the header has 3")
        #expect(outcome.rejects[1].fields.last?.value == "extra")
    }

    @Test func unterminatedQuoteRejectsOneLineAndReadingGoesOn() throws {
        let outcome = try ReadOutcome(path: Fixture.path("csv/unterminated-quote.csv"))
        #expect(outcome.rows.map(\.values) == [["q1", "a1"], ["q3", "a3"], ["q4", "a4"]])
        #expect(outcome.rows.map(\.line) == [2, 4, 5])
        #expect(outcome.rejects.count == 1)
        #expect(outcome.rejects[0].reason == "csv.unterminated_quote")
        #expect(outcome.rejects[0].source.line == 3)
        #expect(outcome.rejects[0].raw == #"q2,"never closed"#)
    }

    @Test func detectsSemicolonDelimiter() throws {
        let outcome = try ReadOutcome(path: Fixture.path("csv/semicolon.csv"))
        #expect(outcome.header == ["question", "answer"])
        #expect(outcome.rows.count == 3)
        #expect(outcome.rows.allSatisfy { $0.values.count == 2 && $0.values[1].contains(",") })
    }

    @Test func trailingDelimitersAndBlankRowsAreTolerated() throws {
        let outcome = try ReadOutcome(path: Fixture.path("csv/trailing-delimiters.csv"))
        #expect(outcome.header == ["question", "answer"])
        #expect(outcome.rows.count == 3)
        #expect(outcome.rows.map(\.line) == [2, 3, 6])
        #expect(outcome.blank == 2)
        #expect(outcome.rejects.isEmpty)
    }

    @Test func undecodableBytesRejectTheirRowOnly() throws {
        let outcome = try ReadOutcome(path: Fixture.path("csv/invalid-utf8-late.csv"))
        #expect(outcome.encoding.encoding == .utf8)
        #expect(outcome.rows.map(\.line) == [2, 3, 4, 6])
        #expect(outcome.rejects.count == 1)
        #expect(outcome.rejects[0].reason == "csv.undecodable")
        #expect(outcome.rejects[0].source.line == 5)
        #expect(outcome.rejects[0].message.contains("\"answer\""))
    }

    /// Every fixture reads the same with 7-byte chunks, so rows, quotes, CRLF pairs and multi-byte
    /// characters (UTF-8, GBK, UTF-16) all straddle buffer boundaries.
    @Test(arguments: [
        "csv/utf8-bom.csv", "csv/gbk.csv", "csv/gb18030-only.csv", "csv/utf16le-bom.txt", "csv/utf16be-bom.csv",
        "csv/quoted-newlines.csv", "csv/cr-only.csv", "csv/ragged.csv", "csv/unterminated-quote.csv",
        "csv/semicolon.csv", "csv/trailing-delimiters.csv", "csv/invalid-utf8-late.csv", "csv/empty-fields.csv",
    ])
    func tinyChunksReadTheSame(file: String) throws {
        let whole = try ReadOutcome(path: Fixture.path(file))
        let chunked = try ReadOutcome(path: Fixture.path(file), options: CSVReader.Options(chunkSize: 7))
        #expect(chunked.header == whole.header)
        #expect(chunked.rows.map(\.values) == whole.rows.map(\.values))
        #expect(chunked.rows.map(\.line) == whole.rows.map(\.line))
        #expect(chunked.rejects == whole.rejects)
    }

    @Test func forcedEncodingOverridesDetection() throws {
        let forced = try ReadOutcome(path: Fixture.path("csv/utf16le-bom.txt"), options: CSVReader.Options(encoding: .utf16LE))
        #expect(forced.encoding.reason == "set by --encoding")
        #expect(forced.rows.map(\.values) == Self.chineseRows)
        // Forcing the wrong encoding: the header cannot be read, and the message says what to do.
        do {
            _ = try CSVReader(path: Fixture.path("csv/gbk.csv"), options: CSVReader.Options(encoding: .utf8))
            Issue.record("read GBK as UTF-8")
        } catch {
            #expect(error.kind == .noHeader)
            #expect(error.message.contains("--encoding"))
        }
    }

    @Test func textAfterAClosingQuoteIsRejected() throws {
        let path = Fixture.write("q,a\n\"x\"y,z\nok,fine\n", name: "after.csv")
        let outcome = try ReadOutcome(path: path)
        #expect(outcome.rows.map(\.values) == [["ok", "fine"]])
        #expect(outcome.rejects.map(\.reason) == ["csv.text_after_quote"])
        #expect(outcome.rejects[0].source.line == 2)
    }

    @Test func emptyFileHasNoHeader() {
        let path = Fixture.write("", name: "empty.csv")
        #expect(throws: ImportError.self) { try CSVReader(path: path) }
    }

    @Test func missingFileIsAnImportError() {
        do {
            _ = try CSVReader(path: "/nonexistent/faq.csv")
            Issue.record("opening a missing file succeeded")
        } catch {
            #expect(error.kind == .unreadable)
            #expect(error.description.hasPrefix("/nonexistent/faq.csv: cannot open"))
        }
    }

    @Test func lastRowWithoutLineEndIsRead() throws {
        let path = Fixture.write("q,a\r\nfirst,one\r\nlast,\"two\"", name: "noeol.csv")
        let outcome = try ReadOutcome(path: path)
        #expect(outcome.rows.map(\.values) == [["first", "one"], ["last", "two"]])
    }
}

@Suite("Encoding detection")
struct EncodingDetectorTests {
    @Test(arguments: [
        ([0xEF, 0xBB, 0xBF, 0x61] as [UInt8], TextEncoding.utf8, 3),
        ([0xFF, 0xFE, 0x61, 0x00] as [UInt8], TextEncoding.utf16LE, 2),
        ([0xFE, 0xFF, 0x00, 0x61] as [UInt8], TextEncoding.utf16BE, 2),
        ([0x61, 0x2C, 0x62, 0x0A] as [UInt8], TextEncoding.utf8, 0),
        (Array("问题,答案\n".utf8), TextEncoding.utf8, 0),
        ([0xCE, 0xCA, 0xCC, 0xE2, 0x2C, 0xB4, 0xF0, 0xB0, 0xB8] as [UInt8], TextEncoding.gb18030, 0),
        (Array("q,a\nhello,world\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }), TextEncoding.utf16LE, 0),
    ])
    func detects(bytes: [UInt8], encoding: TextEncoding, bom: Int) {
        let decision = bytes.withUnsafeBufferPointer { EncodingDetector.detect($0, complete: true) }
        #expect(decision.encoding == encoding)
        #expect(decision.bomLength == bom)
    }

    @Test func aTruncatedSequenceAtTheSampleEndIsStillUTF8() {
        let bytes = Array("答案".utf8).dropLast()
        let decision = Array(bytes).withUnsafeBufferPointer { EncodingDetector.detect($0, complete: false) }
        #expect(decision.encoding == .utf8)
    }

    @Test(arguments: [("gbk", TextEncoding.gb18030), ("UTF-16", .utf16LE), ("utf_8", .utf8), ("Big5", .big5)])
    func parsesNames(name: String, encoding: TextEncoding) {
        #expect(TextEncoding(name: name) == encoding)
    }
}
