import Foundation
import PropertyBased
import Testing
@testable import TuneKit

/// Arbitrary strings through TuneKit's CSV reader and JSON writer and readers come back unchanged.
///
/// TuneKit writes no CSV (its workbook export writes XLSX and Excel 2003 XML), so the CSV side writes with
/// ``RFC4180Writer`` below — the smallest writer the RFC allows — and reads with ``CSVReader``. The JSON side writes
/// with ``JSONWriter`` (the writer of every output line) and reads back with ``JSONReader``, ``JSONTape`` and
/// Foundation's `JSONSerialization`.
@Suite("Round trips on arbitrary strings (property)")
struct RoundTripPropertyTests {
    /// Characters that break naive CSV and JSON handling, mixed into random Unicode scalars.
    static let awkward: [String] = ["\"", ",", ";", "\t", "\r", "\n", "\r\n", " ", "\"\"", "\u{0}", "\u{1}", "\u{1F}",
                                    "\u{7F}", "\u{85}", "\u{2028}", "\u{2029}", "\u{FEFF}", "😀", "👩‍👩‍👧", "e\u{301}", "中文",
                                    "\\", "/", "\u{FFFD}", "\u{10FFFF}", "'", "=1+1", "\u{D7FF}", "\u{E000}"]

    /// A string from codes: a third of them pick an awkward piece, the rest are Unicode scalars (surrogate
    /// codes moved below the surrogate block, which a Swift string cannot hold).
    static func string(_ codes: [UInt32]) -> String {
        var text = ""
        for code in codes {
            if code % 3 == 0 {
                text += awkward[Int(code / 3) % awkward.count]
            } else {
                let value = (0xD800...0xDFFF).contains(code) ? code - 0x800 : code
                text.unicodeScalars.append(Unicode.Scalar(value)!)
            }
        }
        return text
    }

    static let text = Gen<UInt32>.value(in: 0...0x10FFFF).array(of: 0...12).map { Self.string($0) }

    // MARK: CSV

    /// RFC 4180: a field holding the delimiter, a quote, CR or LF is quoted, its quotes doubled; `quoteAll`
    /// quotes every field (what Excel's "always quote" and Python's `QUOTE_ALL` write).
    struct RFC4180Writer {
        var delimiter: Character
        var lineEnd: String
        var quoteAll: Bool

        /// Decided on Unicode scalars, not Characters: a quote or delimiter followed by a combining mark is one
        /// Character (`"\u{301}` is not equal to `"`), but still a quote or delimiter byte to a CSV reader.
        func field(_ value: String) -> String {
            let delimiterScalar = delimiter.unicodeScalars.first!
            let needs = quoteAll || value.unicodeScalars.contains { $0 == delimiterScalar || $0 == "\"" || $0 == "\r" || $0 == "\n" }
            guard needs else { return value }
            var quoted = String.UnicodeScalarView()
            quoted.append("\"")
            for scalar in value.unicodeScalars {
                quoted.append(scalar)
                if scalar == "\"" { quoted.append("\"") }
            }
            quoted.append("\"")
            return String(quoted)
        }

        func table(_ rows: [[String]]) -> String {
            rows.map { $0.map(field).joined(separator: String(delimiter)) + lineEnd }.joined()
        }
    }

    /// A quote or delimiter followed by a combining mark (one Character, two scalars) is quoted by the writer and
    /// read back exactly (a random case once found the writer leaving `"\u{301}` unquoted).
    @Test(arguments: ["\"\u{301}", ",\u{301}x", "a\"\u{301}\"b"])
    func combiningMarkAfterQuoteOrDelimiter(_ value: String) throws {
        let writer = RFC4180Writer(delimiter: ",", lineEnd: "\r\n", quoteAll: false)
        let path = Fixture.write(writer.table([["id", "a", "b"], ["r0", value, ""]]), name: "round.csv")
        let reader = try CSVReader(path: path, options: .init(delimiter: UInt8(ascii: ","), encoding: .utf8))
        var read: [[String]] = []
        while let event = try reader.next() {
            if case .row(let row) = event { read.append(row.values + Array(repeating: "", count: max(0, 3 - row.values.count))) }
        }
        #expect(read == [["r0", value, ""]])
    }

    /// Every field of every row reads back exactly, whatever it holds, with any delimiter and line end.
    @Test
    func csvWriterToReaderRoundTrip() async {
        await propertyCheck(count: 150, input: Self.text.array(of: 1...8), Gen<UInt8>.value(in: 0...11)) { fields, style in
            let writer = RFC4180Writer(delimiter: [",", ";", "\t"][Int(style % 3)], lineEnd: style & 4 == 0 ? "\r\n" : "\n",
                                       quoteAll: style & 8 != 0)
            // An id column keeps every row non-blank (a blank row is skipped, not read); two fields a row.
            let rows = stride(from: 0, to: fields.count, by: 2).map { index in
                ["r\(index / 2)", fields[index], index + 1 < fields.count ? fields[index + 1] : ""]
            }
            let path = Fixture.write(writer.table([["id", "a", "b"]] + rows), name: "round.csv")
            do {
                let reader = try CSVReader(path: path, options: .init(delimiter: UInt8(ascii: writer.delimiter.unicodeScalars.first!),
                                                                      encoding: .utf8))
                #expect(reader.header.columns == ["id", "a", "b"])
                var read: [[String]] = []
                while let event = try reader.next() {
                    switch event {
                    case .row(let row): read.append(row.values + Array(repeating: "", count: max(0, 3 - row.values.count)))
                    case .reject(let reject): Issue.record("rejected: \(reject) for \(rows.map { $0.map(\.debugDescription) })")
                    }
                }
                #expect(read == rows, "style \(style): \(rows.map { $0.map(\.debugDescription) })")
            } catch {
                Issue.record("\(error) for \(rows.map { $0.map(\.debugDescription) })")
            }
        }
    }

    // MARK: JSON

    /// A string written by ``JSONWriter`` parses back to itself through TuneKit's reader, its tape and
    /// Foundation's `JSONSerialization`; the line holds no raw control character (one output line per record).
    @Test
    func jsonWriterOutputParsesBackToTheSameString() async {
        await propertyCheck(count: 300, input: Self.text, Self.text) { key, value in
            var writer = JSONWriter()
            writer.beginObject()
            writer.key(key)
            writer.string(value)
            writer.endObject()
            let bytes = writer.bytes
            #expect(!bytes.contains { $0 < 0x20 }, "\(value.debugDescription)")

            do {
                let parsed = try JSONReader.parse(bytes).value
                #expect(parsed == .object([key: .string(value)]), "\(key.debugDescription): \(value.debugDescription)")
            } catch {
                Issue.record("JSONReader: \(error) for \(value.debugDescription)")
            }

            var tape = JSONTape()
            do {
                try bytes.withUnsafeBufferPointer { (buffer) throws(JSONReader.Failure) in try tape.parse(buffer) }
                let member = tape.members(tape.root).first { tape.string($0.key) == key }
                #expect(member.flatMap { tape.string($0.value) } == value, "\(value.debugDescription)")
            } catch {
                Issue.record("JSONTape: \(error) for \(value.debugDescription)")
            }

            // swift-corelibs-foundation drops U+FEFF inside strings (`{"":"\u{FEFF}"}` reads as `{"":""}`); Python's
            // json and TuneKit's readers keep it. Compared without it.
            let foundation = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: String]
            // By scalar: U+FEFF followed by a combining mark is one Character, which a Character search misses.
            let withoutBOM = { (text: String) in String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != "\u{FEFF}" })) }
            #expect(foundation.map { Dictionary(uniqueKeysWithValues: $0.map { (withoutBOM($0.key), withoutBOM($0.value)) }) }
                    == [withoutBOM(key): withoutBOM(value)], "\(key.debugDescription): \(value.debugDescription)")
        }
    }

    /// Escaped surrogates: a pair is the character it encodes; a lone half is never taken silently: the reader and
    /// the tape note it (validate warns `enc.control_chars`, naming its pointer) and read it as U+FFFD.
    @Test(arguments: [
        (#""\ud83d\ude00""#, "😀", false), (#""\u2028\u2029""#, "\u{2028}\u{2029}", false), (#""\u0000\u001f""#, "\u{0}\u{1F}", false),
        (#""\ud800""#, "\u{FFFD}", true), (#""\udc00""#, "\u{FFFD}", true), (#""\ude00\ud83d""#, "\u{FFFD}\u{FFFD}", true),
        (#""a\ud83dz""#, "a\u{FFFD}z", true), (#""\ud83d\u0041""#, "\u{FFFD}A", true),
    ] as [(String, String, Bool)])
    func escapedSurrogates(_ json: String, _ expected: String, _ lone: Bool) throws {
        let parsed = try JSONReader.parse(json)
        #expect(parsed.value == .string(expected))
        #expect(parsed.notes.contains { if case .loneSurrogate = $0 { true } else { false } } == lone, "\(parsed.notes)")
        var tape = JSONTape()
        let bytes = Array(json.utf8)
        let taped = try bytes.withUnsafeBufferPointer { (buffer) throws(JSONReader.Failure) -> String? in
            try tape.parse(buffer)
            return tape.string(tape.root)
        }
        #expect(taped == expected)
        #expect(tape.notes.contains { if case .loneSurrogate = $0 { true } else { false } } == lone, "\(tape.notes)")
    }
}
