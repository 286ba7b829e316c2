import Foundation
import Testing
@testable import TuneKit

@Suite("Normalisation and fingerprints")
struct TextNormalizerTests {
    let normalizer = TextNormalizer()

    @Test(arguments: [
        ("  你好，  世界。 ", "你好, 世界."),
        ("ＡＢＣ１２３！？", "ABC123!?"),
        ("a\u{3000}b\u{00A0}c\t\n d", "a b c d"),
        ("「引号」【括号】《书名》", "\"引号\"[括号]<书名>"),
        ("“curly” ‘single’ — dash", "\"curly\" 'single' - dash"),
        ("ﬁle ①", "file 1"),
        ("e\u{301}", "é"),
        ("ｶﾀｶﾅ", "カタカナ"),
        ("Hello  World", "Hello World"),
        ("API", "API"),
        ("", ""),
        ("   ", ""),
        ("한국어 텍스트", "한국어 텍스트"),
    ])
    func normalizes(input: String, expected: String) {
        #expect(normalizer.normalize(input) == expected)
    }

    /// The one-pass fast path equals full NFKC followed by the fold, on a mix of scripts and spacing.
    @Test func fastPathEqualsFullNormalisation() {
        let alphabet = Array("abc XYZ 09,.;:!? \t\n\r中文字符，。、“”‘’（）【】《》「」ＡＢ１２　\u{00A0}éèüÀ×한글ひらがなカタカナ-—–…")
        var generator = SplitMix64(seed: 7)
        for _ in 0..<5000 {
            let length = Int(generator.next() % 90)
            let text = String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            var fast: [UInt8] = []
            normalizer.append(text, to: &fast)
            var full: [UInt8] = []
            Array(text.utf8).withUnsafeBufferPointer { TextNormalizer.normalizeFully($0, into: &full) }
            #expect(fast == full, "\(text.debugDescription)")
        }
    }

    @Test func fingerprintIgnoresSpacingAndPunctuationWidth() {
        let a = Record(source: SourceLocation(file: "a"), example: .conversation(Conversation(messages: [
            Message(.user, "下单后多久可以申请开具电子发票？"), Message(.assistant, "订单确认收货后，可申请开票。")])))
        let b = Record(source: SourceLocation(file: "b"), category: "发票", example: .conversation(Conversation(messages: [
            Message(.user, "下单后多久可以申请开具电子发票?  "), Message(.assistant, "  订单确认收货后,可申请开票。 ")])))
        #expect(a.id == b.id)
    }

    @Test func fingerprintSeparatesRolesAndTurns() {
        func id(_ messages: [Message], system: String? = nil) -> RecordID {
            Record(source: SourceLocation(file: "x"), example: .conversation(Conversation(system: system, messages: messages))).id
        }
        let base = id([Message(.user, "ab"), Message(.assistant, "c")])
        #expect(base != id([Message(.user, "a"), Message(.assistant, "bc")]))
        #expect(base != id([Message(.assistant, "ab"), Message(.user, "c")]))
        #expect(base != id([Message(.user, "ab"), Message(.assistant, "c")], system: "s"))
        #expect(base != id([Message(.user, "ab"), Message(.assistant, "C")]))
        #expect(base == id([Message(.user, "ab"), Message(.assistant, "c")]))
    }

    /// Reference values from the C wyhash (final 3, default secret) through the Python `wyhash` 0.1.2 binding:
    /// ids and splits must not change between runs, machines or releases.
    @Test(arguments: [
        ("TuneKit", 0, 0x142f_de57_ca27_4fd5 as UInt64),
        ("", 0, 0x42bc_986d_c5ee_c4d3),
        ("abc", 1, 0x573f_f93b_c032_4fa6),
        (String(repeating: "a", count: 100), 7, 0xfe67_573d_7996_a3b5),
        ("hello world 0123456789abcdefghijklmnopqrstuvwxyz", 3, 0x30fa_2f3c_0b90_7e62),
        (String(repeating: "a", count: 48), 5, 0xb60b_ce23_9cd7_44e9),
        ("0123456789abcdef0", 9, 0x5f5d_ed52_48fd_88e8),
    ])
    func wyHashMatchesTheReference(text: String, seed: UInt64, expected: UInt64) {
        #expect(WyHash.hash(text, seed: seed) == expected)
    }
}

/// A small deterministic generator for property tests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Token estimate")
struct TokenEstimatorTests {
    @Test(arguments: [("", 0), ("hello world, this is", 6), ("你好世界", 3), ("退货 OK", 3)])
    func estimates(text: String, tokens: Int) {
        #expect(TokenEstimator.estimate(text) == tokens)
    }
}
