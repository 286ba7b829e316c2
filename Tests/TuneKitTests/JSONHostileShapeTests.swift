import Foundation
import Testing
@testable import TuneKit

/// An object of 100,000 keys and arrays nested 100,000 deep through every path that takes JSON: each finishes
/// (no quadratic work, no stack overflow) and a value nested past the parser's 512 levels is refused or
/// rejected by name, never read.
@Suite("JSON of many keys and deep nesting on every path")
struct JSONHostileShapeTests {
    static let count = 100_000

    /// `{"k0":0,"k1":1,…}`.
    static let keys: String = {
        var text = "{"
        text.reserveCapacity(count * 12)
        for index in 0..<count { text += (index == 0 ? "" : ",") + "\"k\(index)\":\(index)" }
        return text + "}"
    }()

    /// `[[[…]]]`, `count` deep.
    static let deep = String(repeating: "[", count: count) + String(repeating: "]", count: count)

    static let chat = #""messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]"#

    enum Shape: String, CaseIterable { case keys, deep }

    /// The document `kind` reads, with the hostile value where a real export has an ordinary one.
    static func document(_ kind: ConvertOptions.InputKind, _ shape: Shape) -> String {
        let value = shape == .keys ? keys : deep
        switch kind {
        case .jsonl:
            return "{\(chat),\"extra\":\(value)}\n{\(chat)}\n"
        case .json:
            return #"[{"instruction":"q","output":"a","extra":"# + value + "}]"
        case .chatgpt:
            let mapping = shape == .keys
                ? keys.dropLast() + #","root":{"id":"root","message":null,"parent":null,"children":["u1"]},"#
                    + #""u1":{"id":"u1","message":{"id":"u1","author":{"role":"user"},"content":{"content_type":"text","parts":["hi"]}},"parent":"root","children":["a1"]},"#
                    + #""a1":{"id":"a1","message":{"id":"a1","author":{"role":"assistant"},"content":{"content_type":"text","parts":["hello"]}},"parent":"u1","children":[]}}"#
                : deep
            return #"[{"title":"t","current_node":"a1","mapping":"# + mapping + "}]"
        default:
            return #"{"name":"Shop","type":"personal_chat","id":1,"messages":["#
                + #"{"id":1,"type":"message","date":"2024-03-05T10:01:02","from":"Ann","from_id":"user1","text":"hi","extra":"# + value + "},"
                + #"{"id":2,"type":"message","date":"2024-03-05T10:01:09","from":"Shop","from_id":"user2","text":"hello"}]}"#
        }
    }

    @Test(arguments: [ConvertOptions.InputKind.jsonl, .json, .chatgpt, .telegram], Shape.allCases)
    func convertFinishesAndRefusesTooDeepByName(kind: ConvertOptions.InputKind, shape: Shape) throws {
        let path = try InputLimitsTests.file("hostile." + (kind == .jsonl ? "jsonl" : "json"), Self.document(kind, shape))
        var options = ConvertOptions(inputs: [path], outputDirectory: Fixture.temporaryDirectory())
        options.inputKind = kind
        if kind == .telegram { options.chatLog.speakers = ["Shop": Role.assistant, "Ann": Role.user] }
        let outcome = Self.run(options)
        switch outcome {
        case .success(let counts):
            #expect(counts.balanced)
            if shape == .deep {
                // Only a line-per-record input goes on: the deep line is a reject, the next line a record.
                #expect(kind == .jsonl)
                #expect(counts.rejected == 1)
            }
            #expect(counts.read > counts.rejected, "\(counts)")
        case .failure(let error):
            #expect(shape == .deep, "\(error.message)")
            #expect(error.message.contains("nesting deeper than 512 levels"), "\(error.message)")
            #expect(error.message.count < 400)
        }
    }

    private static func run(_ options: ConvertOptions) -> Result<ConversionReport.Counts, ConvertError> {
        do throws(ConvertError) {
            return .success(try ConvertJob(options: options).run().report.counts)
        } catch {
            return .failure(error)
        }
    }

    @Test(arguments: Shape.allCases)
    func validateFinishesAndNamesTooDeep(shape: Shape) throws {
        let path = try InputLimitsTests.file("hostile.jsonl", Self.document(.jsonl, shape))
        let result = JSONLValidator(minimumRecords: 1).validate(path: path)
        #expect(result.unreadable == nil)
        let messages = result.diagnostics.map(\.message)
        if shape == .deep {
            #expect(messages.contains { $0.contains("nesting deeper than 512") }, "\(messages)")
        }
        #expect(messages.allSatisfy { $0.count < 1000 }, "\(messages.map(\.count))")
    }

    /// One object pretty-printed over 5,000 lines, each a message ending in `}`: the collected text is parsed
    /// where its brackets close, not again after every line (which was quadratic: 2,000 such lines took 40 s).
    static let prettyPrinted: [String] = {
        var lines = [#"{"messages": ["#]
        for index in 0..<5000 {
            let role = index % 2 == 0 ? "user" : "assistant"
            lines.append((index == 0 ? "" : ",") + #"{"role": "\#(role)", "content": "\#(String(repeating: "x", count: 200))"}"#)
        }
        return lines + ["]}"]
    }()

    @Test func aPrettyPrintedObjectIsParsedOnceItCloses() {
        var assembler = UnitAssembler()
        var units = 0
        for (index, line) in Self.prettyPrinted.enumerated() {
            var text = line
            let outputs = text.withUTF8 { assembler.feed($0, number: index + 1) }
            units += outputs.filter { if case .unit = $0 { true } else { false } }.count
        }
        #expect(units == 1)
        #expect(assembler.joinAttempts <= 2, "\(assembler.joinAttempts)")
    }

    @Test func validateParsesAPrettyPrintedObjectOnce() throws {
        let path = try InputLimitsTests.file("pretty.jsonl", Self.prettyPrinted.joined(separator: "\n") + "\n")
        let result = JSONLValidator(minimumRecords: 1).validate(path: path)
        #expect(result.records == 1)
        #expect(result.diagnostics.contains { $0.message.contains("spread over lines 1–5002") }, "\(result.diagnostics.map(\.message))")
    }
}
