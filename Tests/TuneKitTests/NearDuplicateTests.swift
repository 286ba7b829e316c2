import Foundation
import Testing
@testable import TuneKit

/// MinHash + LSH near-duplicate detection.
@Suite("Near duplicates")
struct NearDuplicateTests {
    /// The band layout datasketch's MinHashLSH chooses for 128 permutations (checked with datasketch 1.x).
    @Test(arguments: [(0.8, 9, 13), (0.9, 5, 25), (0.7, 14, 9)])
    func bandLayoutMatchesDatasketch(_ threshold: Double, _ bands: Int, _ rows: Int) {
        let index = NearDuplicateIndex(threshold: threshold)
        #expect(index.bands == bands && index.rows == rows)
    }

    /// The shingle set of a text, written independently of ``ScriptShingler`` from its documentation (and as
    /// `Tests/Benchmarks/near_dedup_peer.py` writes it for datasketch): character bigrams of Han, Kana and Hangul
    /// runs, words of other letters and digits, after normalisation and lower-casing.
    static func shingles(_ text: String) -> Set<String> {
        func isCJK(_ scalar: Unicode.Scalar) -> Bool {
            let v = scalar.value
            return (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x3040...0x30FF).contains(v) && v != 0x30FB
                || (0xAC00...0xD7AF).contains(v) || (0xF900...0xFAFF).contains(v) || (0x20000...0x3FFFF).contains(v)
                || (0x1100...0x11FF).contains(v) || (0x3130...0x318F).contains(v) || (0x31F0...0x31FF).contains(v)
        }
        var result = Set<String>()
        var run: [Unicode.Scalar] = []
        var word = ""
        func close() {
            if run.count == 1 { result.insert(String(run[0])) }
            for index in run.indices.dropFirst() { result.insert(String(run[index - 1]) + String(run[index])) }
            if !word.isEmpty { result.insert(word) }
            run = []
            word = ""
        }
        for scalar in TextNormalizer().normalize(text).lowercased().unicodeScalars {
            if isCJK(scalar) {
                if !word.isEmpty { close() }
                run.append(scalar)
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                if !run.isEmpty { close() }
                word.unicodeScalars.append(scalar)
            } else {
                close()
            }
        }
        close()
        return result
    }

    /// The true Jaccard similarity of two texts' shingle sets.
    static func jaccard(_ a: String, _ b: String) -> Double {
        let x = shingles(a)
        let y = shingles(b)
        return Double(x.intersection(y).count) / Double(x.union(y).count)
    }

    static let base = "退货签收后 1–3 个工作日内原路退回，如超过 7 个工作日仍未到账，请联系在线客服并提供订单号，我们会为您加急处理。"

    @Test(arguments: [
        base.replacingOccurrences(of: "加急", with: "优先"),
        base + "谢谢！",
        "How do I reset my password? Tap Forgot password on the sign-in screen and follow the link we e-mail you.",
        "完全不同的一句话，讲的是物流时效和发货仓库的问题，与退款无关。",
    ])
    func estimatesJaccard(_ other: String) {
        let estimate = NearDuplicateIndex.similarity(NearDuplicateIndex.signature(of: Self.base), NearDuplicateIndex.signature(of: other))
        let truth = Self.jaccard(Self.base, other)
        #expect(abs(estimate - truth) < 0.12, "estimate \(estimate), Jaccard \(truth)")
    }

    @Test func findsNearDuplicatesAndKeepsOthers() {
        var index = NearDuplicateIndex()
        let texts = [
            Self.base,                                                    // 0 kept
            "Where is my parcel? It has not moved for three days.",      // 1 kept
            Self.base + "谢谢！",                                          // near 0 (Jaccard 0.95)
            Self.base,                                                    // same as 0
            "WHERE IS MY PARCEL?  It has not moved for three days.",     // near 1 (case, spaces)
            "完全不同的一句话，讲的是物流时效和发货仓库的问题，与退款无关。",        // kept
        ]
        var outcomes: [Int?] = []
        for text in texts {
            let signature = NearDuplicateIndex.signature(of: text)
            let earlier = index.insert(signature)
            outcomes.append(earlier)
        }
        #expect(Self.jaccard(texts[0], texts[2]) > 0.9)
        #expect(outcomes == [nil, nil, 0, 0, 1, nil], "\(outcomes)")
        #expect(index.count == 3)
    }

    /// Texts too short for the estimate are compared by their normalised text: equal ones agree everywhere,
    /// others nowhere.
    @Test func shortTextsCompareExactly() {
        #expect(NearDuplicateIndex.signature(of: "好") == NearDuplicateIndex.signature(of: "好"))
        #expect(NearDuplicateIndex.similarity(NearDuplicateIndex.signature(of: "好"), NearDuplicateIndex.signature(of: "不好")) < 0.05)
        #expect(NearDuplicateIndex.signature(of: "").count == 128)
    }

    static func chatLine(_ user: String, _ assistant: String, system: String = "你是客服。") -> String {
        #"{"messages":[{"role":"system","content":"\#(system)"},{"role":"user","content":"\#(user)"},{"role":"assistant","content":"\#(assistant)"}]}"#
    }

    /// dedup --near and convert --dedup near drop the same records, and name what each is similar to; a
    /// shared system prompt alone does not make records similar.
    @Test func dedupAndConvertAgree() throws {
        let answer = "退货签收后 1–3 个工作日内原路退回，如超过 7 个工作日仍未到账，请联系在线客服并提供订单号。"
        let lines = [
            Self.chatLine("退货多久到账？", answer),
            Self.chatLine("退货多久到账?", answer + "谢谢您的耐心！"),        // near line 1
            Self.chatLine("发票怎么开？", "在订单详情页点击申请发票，填写抬头和税号即可，电子发票会发到您的邮箱。"),
            Self.chatLine("退货多久到账？", answer),                            // exact line 1
            Self.chatLine("积分怎么用？", "下单时在结算页勾选使用积分，100 积分抵 1 元，最多抵扣订单金额的一半。"),
        ]
        let path = Fixture.write(lines.joined(separator: "\n") + "\n", name: "near.jsonl")
        let folder = (path as NSString).deletingLastPathComponent
        let dedup = try DedupJob(input: path, output: folder + "/kept.jsonl", duplicatesFile: folder + "/dups.jsonl",
                                 nearThreshold: 0.8).run()
        #expect(dedup.kept == 3 && dedup.duplicates == 2 && dedup.nearDuplicates == 1)
        let dropped = Fixture.read(folder + "/dups.jsonl")
        #expect(dropped.contains(#""similar_to_source":"\#(path):1""#) && dropped.contains(#""duplicate_of_source":"\#(path):1""#))

        let out = Fixture.temporaryDirectory()
        var options = ConvertOptions(inputs: [path], outputDirectory: out, dedup: .near)
        options.nearThreshold = 0.8
        let result = try ConvertJob(options: options).run()
        #expect(result.report.counts.train == 3 && result.report.counts.duplicates == 2 && result.report.nearDuplicates == 1)
        #expect(Fixture.read(out + "/report.json").contains(#""near_duplicates": 1"#))
        let exact = try ConvertJob(options: ConvertOptions(inputs: [path], outputDirectory: Fixture.temporaryDirectory())).run()
        #expect(exact.report.counts.duplicates == 1 && exact.report.nearDuplicates == nil)
    }
}
