import Foundation
import Testing
@testable import TuneKit

/// Exact token counts: GLM-4's pre-tokenisation pattern matched by hand, byte-pair merging by rank, the rank
/// file's format and its errors, and the ids OpenAI's tiktoken gives on a rank file it was handed.
@Suite("Tokenizer")
struct TokenizerTests {
    /// A rank file: the 256 bytes (ranks 0–255), then `merges` from rank 256 in order.
    static func rankText(_ merges: [[UInt8]]) -> String {
        let tokens = (0...255).map { [UInt8($0)] } + merges
        return tokens.enumerated().map { Data($0.element).base64EncodedString() + " \($0.offset)" }.joined(separator: "\n") + "\n"
    }

    static let small: Tokenizer = {
        let merges: [String] = [
            "he", "ll", "hell", " w", "or", " wor", "12", "123",  // 256…263
            "\u{E4}\u{BD}", "你", "\u{E5}\u{A5}", "好", "你好",  // 264…268 (byte pairs written below)
            "'t", "  ", "\n\n",  // 269…271
        ]
        var bytes = merges.map { Array($0.utf8) }
        bytes[8] = [0xE4, 0xBD]
        bytes[10] = [0xE5, 0xA5]
        return try! Tokenizer(rankText: rankText(bytes))
    }()

    static func pieces(_ text: String) -> [String] {
        var text = text
        var scratch = TokenizerSplit.Scratch()
        var result: [String] = []
        text.withUTF8 { bytes in
            TokenizerSplit.split(bytes, scratch: &scratch) { result.append(String(decoding: bytes[$0], as: UTF8.self)) }
        }
        return result
    }

    @Test(arguments: [
        ("Hello world", ["Hello", " world"]),
        ("don't DON'T we'll I'd", ["don", "'t", " DON", "'T", " we", "'ll", " I", "'d"]),
        ("12345", ["123", "45"]),
        ("1,234.5", ["1", ",", "234", ".", "5"]),
        ("a  b", ["a", " ", " b"]),
        ("a\n\nb", ["a", "\n\n", "b"]),
        ("a \n b", ["a", " \n", " b"]),
        ("x   ", ["x", "   "]),
        ("   \n\n   hi", ["   \n\n", "  ", " hi"]),
        ("你好，世界！", ["你好", "，世界", "！"]),
        ("价格：100元", ["价格", "：", "100", "元"]),
        ("!!!\n\nok", ["!!!\n\n", "ok"]),
        ("\tfoo", ["\tfoo"]),
        ("\t!", ["\t", "!"]),
        (" ?", [" ?"]),
        ("a\u{3000}b", ["a", "\u{3000}b"]),
        ("\r\n\r\nx", ["\r\n\r\n", "x"]),
    ])
    func splitsAsGLM4sPattern(_ text: String, _ expected: [String]) {
        #expect(Self.pieces(text) == expected)
    }

    /// Counts worked out by hand from the merges of ``small``.
    @Test(arguments: [
        ("hello", 2),  // he, ll → hell; "hello" is not a token: hell + o
        (" world", 3),  // " w" + "or" → " wor", then l, d
        ("12345", 3),  // "123" whole, then 4, 5 (numbers go three at a time)
        ("你好", 1),  // a token whole
        ("你好吗", 4),  // E4BD → 你, E5A5 → 好, 你好, then the three bytes of 吗
        ("don't", 4),  // d o n + 't
        ("a   b", 4),  // a, "  " (a token), " b" (two bytes)
        ("a\n\nb", 3),  // a, "\n\n", b
        ("", 0),
    ])
    func countsByRank(_ text: String, _ expected: Int) {
        #expect(Self.small.count(text) == expected)
        #expect(Self.small.encode(text).count == expected)
    }

    @Test func mergesLowestRankFirst() {
        // "hell": he (256) before ll (257), then hell (258): one token, id 258.
        #expect(Self.small.encode("hell") == [258])
        #expect(Self.small.encode("hello") == [258, Int(UInt8(ascii: "o"))])
        #expect(Self.small.encode("你好吗") == [268, 0xE5, 0x90, 0x97])
    }

    /// The ids tiktoken 0.14.0 gives (fixture made by `make_fixture.py` beside it) for the FAQ and transcript
    /// samples and edge cases — CJK, full-width digits, contractions, emoji, combining marks, CRLF, code.
    @Test func matchesTiktoken() throws {
        let tokenizer = try Tokenizer(path: Fixture.path("tokenizer/ranks.tiktoken"))
        let lines = Fixture.read(Fixture.path("tokenizer/cases.jsonl")).split(separator: "\n")
        #expect(lines.count > 400)
        var mismatches: [String] = []
        for line in lines {
            let object = try JSONReader.parse(String(line)).value
            let text = object["text"]!.stringValue!
            let ids = object["ids"]!.arrayValue!.map { Int($0.compactText)! }
            if tokenizer.encode(text) != ids || tokenizer.count(text) != ids.count { mismatches.append(text) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test(arguments: [
        ("aGk= 1\nbad line with four\n", 2, "found 4 fields"),
        ("!!!! 1\n", 1, "not a base64 token"),
        ("aGk= x\n", 1, "not a rank"),
        ("aGk= 1\naGo= 1\n", 2, "rank 1 is given twice"),
    ])
    func malformedFilesNameTheLine(_ text: String, _ line: Int, _ reason: String) {
        #expect {
            try Tokenizer(rankText: text, source: "t.model")
        } throws: { error in
            let error = error as! Tokenizer.LoadError
            return error.line == line && error.reason.contains(reason) && error.description.hasPrefix("t.model:\(line): ")
        }
    }

    @Test func aMissingByteIsRefused() {
        let text = (0...254).map { Data([UInt8($0)]).base64EncodedString() + " \($0)" }.joined(separator: "\n")
        #expect {
            try Tokenizer(rankText: text)
        } throws: { error in
            (error as! Tokenizer.LoadError).reason.contains("0xFF")
        }
    }

    /// A record as GLM-4's chat format lays it out: 2 prefix tokens, per message a role token, "\n" and the text.
    @Test func countsAFormattedRecord() {
        let line = #"{"messages":[{"role":"user","content":"hello"},{"role":"assistant","content":"你好"}]}"#
        var scratch = Tokenizer.Scratch()
        let counted = Array(line.utf8).withUnsafeBufferPointer { Self.small.count(line: $0, scratch: &scratch) }
        #expect(counted?.text == 2 + (1 + 1 + 2) + (1 + 1 + 1))
        #expect(counted?.images == 0)
        let vision = #"{"messages":[{"role":"user","content":"hello"},{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/jpeg;base64,AAAA"}}]},{"role":"assistant","content":"你好"}]}"#
        let billed = Array(vision.utf8).withUnsafeBufferPointer { Self.small.billed(line: $0, format: .vision, imageTokens: 1600, scratch: &scratch) }
        #expect(billed == 2 + 4 + 2 + 3 + 1600)
        let dpo = #"{"input":{"messages":[{"role":"user","content":"hello"}]},"preferred_output":[{"role":"assistant","content":"你好"}],"non_preferred_output":[{"role":"assistant","content":"hell"}]}"#
        let pair = Array(dpo.utf8).withUnsafeBufferPointer { Self.small.count(line: $0, scratch: &scratch) }
        #expect(pair?.text == 2 + 4 + 3 + 3)
    }

    /// convert --tokenizer: the report says the count is exact and how, and stats agrees with it.
    @Test func convertAndStatsCountExactly() throws {
        let out = Fixture.temporaryDirectory()
        let sample = Fixture.repositoryRoot.appendingPathComponent("Converters/customer-service-faq/sample.csv").path
        var flags = Recipe()
        flags.output = out
        flags.tokenizer = Fixture.path("tokenizer/ranks.tiktoken")
        let options = try ConvertOptions(inputs: [sample], overriding: flags)
        let result = try ConvertJob(options: options).run()
        let tokens = result.report.json["tokens"]
        #expect(tokens?["exact"] == .bool(true))
        #expect(tokens?["error_bar"] == nil)
        #expect(tokens?["method"]?.stringValue?.hasPrefix("exact: GLM-4 BPE") == true)
        let stats = try DatasetStats.measure(path: out + "/train.jsonl", tokenizer: options.tokenizer)
        #expect(stats.tokensExact && stats.tokens == result.report.estimatedTokens.train)
        #expect(stats.tokens != (try DatasetStats.measure(path: out + "/train.jsonl")).tokens)
    }

    @Test func theEstimateStatesItsErrorBar() throws {
        let out = Fixture.temporaryDirectory()
        let sample = Fixture.repositoryRoot.appendingPathComponent("Converters/customer-service-faq/sample.csv").path
        let result = try ConvertJob(options: ConvertOptions(inputs: [sample], outputDirectory: out)).run()
        let tokens = result.report.json["tokens"]
        #expect(tokens?["exact"] == .bool(false))
        #expect(tokens?["error_bar"]?.stringValue?.contains("14–19 %") == true)
    }
}
