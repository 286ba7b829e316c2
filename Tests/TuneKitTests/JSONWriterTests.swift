import Foundation
import Testing
@testable import TuneKit

@Suite("JSON writing")
struct JSONWriterTests {
    private func written(_ text: String) -> String {
        var writer = JSONWriter()
        writer.string(text)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    @Test(arguments: [
        ("plain", #""plain""#),
        ("中文，不转义", #""中文，不转义""#),
        ("a/b https://x.cn/y", #""a/b https://x.cn/y""#),
        ("say \"hi\"", #""say \"hi\"""#),
        ("back\\slash", #""back\\slash""#),
        ("line\nbreak\ttab\rcr", #""line\nbreak\ttab\rcr""#),
        ("\u{08}\u{0C}", #""\b\f""#),
        ("\u{01}\u{1F}\u{7F}", "\"\\u0001\\u001f\u{7F}\""),
        ("emoji 😀", "\"emoji 😀\""),
        ("\u{2028}", "\"\u{2028}\""),
        ("", #""""#),
        ("0123456789abcdef\"0123456789", #""0123456789abcdef\"0123456789""#),
    ])
    func escapes(input: String, expected: String) {
        #expect(written(input) == expected)
    }

    /// The writer's output parses back to the same string, for every control character and a long mix.
    @Test func roundTripsThroughFoundation() throws {
        var text = (0..<128).map { String(UnicodeScalar(UInt8($0))) }.joined()
        text += "中文English😀\"\\/" + String(repeating: "长文本 long text, ", count: 50)
        let data = Data(written(text).utf8)
        let decoded = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) as? String
        #expect(decoded == text)
    }

    @Test func escapesLoneSurrogatesInRawBytes() {
        // "a", then U+D800 in the generalized UTF-8 form, then an invalid byte, then "b".
        let bytes: [UInt8] = [0x61, 0xED, 0xA0, 0x80, 0xFF, 0x62]
        var writer = JSONWriter()
        bytes.withUnsafeBufferPointer { writer.string(utf8Bytes: $0) }
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "\"a\\ud800\u{FFFD}b\"")
    }

    @Test func writesObjectsWithKeysInOrderAndCommas() {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("z")
        writer.number(1)
        writer.key("a")
        writer.beginArray()
        writer.string("x")
        writer.bool(true)
        writer.null()
        writer.endArray()
        writer.endObject()
        writer.newline()
        writer.beginObject()
        writer.endObject()
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "{\"z\":1,\"a\":[\"x\",true,null]}\n{}")
    }

    @Test func prettyPrintsInKeyOrder() {
        let value = JSONValue.object(["b": .number("1"), "a": .array([.string("x")]), "c": .object([:])])
        #expect(JSONPrettyPrinter.render(value) == "{\n  \"b\": 1,\n  \"a\": [\"x\"],\n  \"c\": {}\n}\n")
    }
}

@Suite("JSON reading")
struct JSONReaderTests {
    @Test func parsesAChatLine() throws {
        let line = #"{"messages":[{"role":"user","content":"你好\n\u4e16\u754c"},{"role":"assistant","content":"x","n":-1.5e3}]}"#
        let result = try JSONReader.parse(line)
        let messages = result.value["messages"]?.arrayValue
        #expect(messages?.count == 2)
        #expect(messages?[0]["content"]?.stringValue == "你好\n世界")
        #expect(messages?[1]["n"] == .number("-1.5e3"))
        #expect(result.notes.isEmpty)
    }

    @Test func keepsNumbersAsWritten() throws {
        #expect(try JSONReader.parse("[0.1, 12345678901234567890, 1E-7]").value
            == .array([.number("0.1"), .number("12345678901234567890"), .number("1E-7")]))
    }

    @Test func decodesSurrogatePairsAndFlagsLoneOnes() throws {
        #expect(try JSONReader.parse(#""\ud83d\ude00""#).value == .string("😀"))
        let lone = try JSONReader.parse(#"{"a":"x\ud800y"}"#)
        #expect(lone.value["a"] == .string("x\u{FFFD}y"))
        #expect(lone.notes == [.loneSurrogate(pointer: "/a")])
    }

    @Test func reportsDuplicateKeys() throws {
        let result = try JSONReader.parse(#"{"a":1,"a":2}"#)
        #expect(result.notes == [.duplicateKey("a", pointer: "")])
        #expect(result.value["a"] == .number("2"))
    }

    /// Objects with many keys are checked by hash past the first few (a 40,000-node ChatGPT mapping took 46 s
    /// when every key was compared with every earlier one); duplicates are found the same on both sides of the
    /// switch, in nested objects too, and keys that differ only late still differ.
    @Test(arguments: [3, JSONTape.linearKeyCheck, JSONTape.linearKeyCheck + 1, 1_000])
    func findsDuplicatesAmongManyKeys(count: Int) throws {
        let keys = (0..<count).map { "k\($0)-long-shared-prefix-\($0 % 7)" }
        let unique = "{" + keys.map { "\"\($0)\":1" }.joined(separator: ",") + "}"
        #expect(try JSONReader.parse(unique).notes.isEmpty)
        let repeated = "{" + (keys + [keys[count / 2], keys[0]]).map { "\"\($0)\":1" }.joined(separator: ",") + "}"
        #expect(try JSONReader.parse(repeated).notes == [.duplicateKey(keys[count / 2], pointer: ""), .duplicateKey(keys[0], pointer: "")])
        let nested = #"{"mapping":"# + repeated + "}"
        #expect(try JSONReader.parse(nested).notes == [.duplicateKey(keys[count / 2], pointer: "/mapping"), .duplicateKey(keys[0], pointer: "/mapping")])
    }

    @Test(arguments: [
        (#"{"a":1,}"#, JSONReader.Failure.Kind.trailingComma, 7),
        (#"[1,2,]"#, .trailingComma, 5),
        (#"{"a":1 "b":2}"#, .missingComma, 7),
        (#"{"a":1}{"b":2}"#, .missingComma, 7),
        (#"{"a":NaN}"#, .nonFinite, 5),
        (#"{"a":"#, .truncated, 5),
        (#"{"messages":["#, .truncated, 13),
        (#"{'a':1}"#, .syntax, 1),
        (#"{"a":tru}"#, .syntax, 5),
        (#"{"a":01}"#, .syntax, 6),
    ])
    func classifiesFailures(text: String, kind: JSONReader.Failure.Kind, offset: Int) {
        do {
            _ = try JSONReader.parse(text)
            Issue.record("\(text) parsed")
        } catch {
            #expect(error.kind == kind)
            #expect(error.offset == offset)
        }
    }

    @Test func namesThePointerWhereParsingStopped() {
        do {
            _ = try JSONReader.parse(#"{"messages":[{"role":"user"},{"role":"assistant","content":}]}"#)
            Issue.record("parsed")
        } catch {
            #expect(error.pointer == "/messages/1/content")
        }
    }

    @Test func rejectsInvalidUTF8InStrings() {
        let bytes: [UInt8] = Array(#"{"a":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        do {
            _ = try JSONReader.parse(bytes)
            Issue.record("parsed")
        } catch {
            #expect(error.kind == .invalidUTF8)
            #expect(error.offset == 6)
        }
    }
}
