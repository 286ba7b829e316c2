import Foundation
import Testing
@testable import TuneKit

/// Script-aware shingles, the short-text fallback, compact storage and the look-up API of the near index.
@Suite("Near duplicates: shingles, storage, API")
struct NearDuplicateShingleTests {
    static func merged(_ a: String, _ b: String, threshold: Double = 0.8) -> Bool {
        var index = NearDuplicateIndex(threshold: threshold)
        _ = index.insert(NearDuplicateIndex.signature(of: a))
        return index.query(NearDuplicateIndex.signature(of: b)) != nil
    }

    /// Short distinct Chinese questions stay apart at the default threshold (with 5-character shingles some of
    /// them were one or two shingles each).
    @Test(arguments: [
        ("如何退货？", "如何退款？"),
        ("运费多少钱", "运费谁承担"),
        ("我的订单什么时候发货", "我的订单什么时候到货"),
        ("会员积分怎么兑换礼品？", "会员积分怎么查询余额？"),
        ("发票可以开专票吗", "发票可以开电子票吗"),
        ("退款多久能到账？", "退货多久能到账？"),
    ])
    func shortDistinctChineseQuestionsAreNotMerged(_ a: String, _ b: String) {
        #expect(NearDuplicateTests.jaccard(a, b) < 0.8)
        #expect(!Self.merged(a, b))
        #expect(!Self.merged(b, a))
    }

    /// Long texts (≥ 40 characters) that differ in one word or product name are merged, in Chinese, English and
    /// mixed text.
    @Test(arguments: [
        ("您好，您购买的华为手机支持七天无理由退货，请在订单详情页点击申请售后并填写退货原因，我们会在一个工作日内审核。",
         "您好，您购买的小米手机支持七天无理由退货，请在订单详情页点击申请售后并填写退货原因，我们会在一个工作日内审核。"),
        ("To return your phone, open the order page, choose Return item, print the prepaid label and drop the parcel at any post office within 30 days.",
         "To return your tablet, open the order page, choose Return item, print the prepaid label and drop the parcel at any post office within 30 days."),
        ("To return your Galaxy S24, open the order page, choose Return item, print the prepaid label and drop the parcel at any post office within 30 days.",
         "To return your Galaxy S23, open the order page, choose Return item, print the prepaid label and drop the parcel at any post office within 30 days."),
        ("请问 iPhone 15 Pro 的电池保修期是多久？如果在保修期内出现续航明显下降，可以免费更换电池吗？",
         "请问 iPhone 14 Pro 的电池保修期是多久？如果在保修期内出现续航明显下降，可以免费更换电池吗？"),
    ])
    func longTextsWithOneChangedNameAreMerged(_ a: String, _ b: String) {
        #expect(a.count >= 40 && b.count >= 40)
        #expect(NearDuplicateTests.jaccard(a, b) >= 0.84)
        #expect(Self.merged(a, b))
    }

    /// The shingles are the documented ones (checked against the test's own shingler): CJK bigrams run by run,
    /// words elsewhere, punctuation and case ignored.
    @Test func shinglesFollowTheScript() {
        var shingler = ScriptShingler()
        shingler.add("退货 iPhone15，好")
        // 退货 → one bigram; iphone15 → one word; 好 → a run of one character.
        #expect(Set(shingler.shingles).count == 3)
        #expect(NearDuplicateTests.shingles("退货 iPhone15，好") == ["退货", "iphone15", "好"])
        #expect(NearDuplicateTests.shingles("Hello, WORLD hello") == ["hello", "world"])
        var mixed = ScriptShingler()
        mixed.add("Hello, WORLD hello")
        #expect(Set(mixed.shingles).count == 2)
    }

    /// The cut-off is where a different set could first reach the threshold: s/(s+1) ≥ 0.8 needs s ≥ 4.
    @Test func shortCutOffIsWhereSimilarityBecomesPossible() {
        let s = Double(ScriptShingler.minimumShingles)
        #expect(s / (s + 1) >= 0.8 && (s - 1) / s < 0.8)
    }

    /// Texts below the cut-off match equal normalised texts only, and never each other through a band: 3,000
    /// distinct two-character questions, none merged; an equal one (full-width and half-width punctuation) is.
    @Test func shortTextsFallBackToExactComparison() {
        let characters = Array("退货款运费多少钱发票积分会员订单物流地址电话")
        var index = NearDuplicateIndex()
        var merges = 0
        var seen = Set<String>()
        for a in characters {
            for b in characters where a != b {
                for tail in ["", "吗", "？"] {
                    let text = String(a) + String(b) + tail
                    guard seen.insert(TextNormalizer().normalize(text)).inserted else { continue }
                    if index.insert(NearDuplicateIndex.signature(of: text)) != nil { merges += 1 }
                }
            }
        }
        #expect(seen.count > 1_000)
        #expect(merges == 0)
        #expect(Self.merged("如何退货？", "如何退货?"))
        #expect(Self.merged("Pay now?", "pay  NOW?"))
        #expect(!Self.merged("Pay now?", "Pay now"))
    }

    /// A candidate that shares a band but not the similarity is verified and refused (a band alone used to
    /// count as a match).
    @Test func candidatesAreVerified() {
        var random = SystemRandomNumberGenerator()
        let stored = (0..<128).map { _ in UInt32.random(in: 0...UInt32.max, using: &random) }
        var index = NearDuplicateIndex()
        #expect(index.insert(stored) == nil)
        var sharesBandZero = stored
        for position in index.rows..<128 { sharesBandZero[position] = UInt32.random(in: 0...UInt32.max, using: &random) }
        #expect(index.query(sharesBandZero) == nil)
        var similar = stored
        for position in stride(from: 0, to: 128, by: 16) { similar[position] &+= 1 }
        #expect(index.query(similar) == 0)
        #expect(index.count == 1)
    }

    /// The memory accounting: the band tables' and pages' own capacities, at most 150 bytes per stored record at
    /// the default threshold once past the first pages (20,000 records; plus 4 bytes of kept ordinal in the filter),
    /// sampled across several growths of the tables.
    @Test func storageStaysUnder150BytesPerRecord() {
        var random = SystemRandomNumberGenerator()
        var index = NearDuplicateIndex()
        var worst = 0.0
        for count in 1...40_000 {
            _ = index.insert((0..<128).map { _ in UInt32.random(in: 0...UInt32.max, using: &random) })
            if count >= 20_000 && count % 7 == 0 { worst = max(worst, index.bytesPerRecord) }
        }
        #expect(index.count == 40_000)
        #expect(worst > 64 + 9 * 5)
        #expect(worst + 4 <= 150, "\(worst) bytes per record")
        let table = BandTable(bands: 9)
        #expect(table.bytes >= 9 * BandTable.initialCapacity * 5 && table.bytes <= 9 * BandTable.initialCapacity * 5 + 64)
        #expect(5 / (BandTable.maximumLoad / BandTable.growth) * 9 + Double(PackedSignatures.bytesPerRecord) + 4 <= 150)
    }

    /// The lane's entry point gives the same signature as the string one; query does not insert.
    @Test func apiForOtherCallers() {
        let text = "退货签收后 1–3 个工作日内原路退回，如超过 7 个工作日仍未到账，请联系在线客服。"
        var bytes = Array(text.utf8)
        let fromBytes = bytes.withUnsafeMutableBufferPointer { NearDuplicateIndex.signature(utf8: UnsafeBufferPointer($0)) }
        #expect(fromBytes == NearDuplicateIndex.signature(of: text))
        #expect(fromBytes.count == 128)
        var index = NearDuplicateIndex()
        #expect(index.query(fromBytes) == nil && index.count == 0)
        #expect(index.insert(fromBytes) == nil)
        #expect(index.query(fromBytes) == 0 && index.count == 1)
        #expect(NearDuplicateIndex.similarity(fromBytes, fromBytes) == 1)
        let layout = NearDuplicateIndex.bandLayout(threshold: 0.8, permutations: 128)
        #expect(layout.bands == 9 && layout.rows == 13)
        #expect(NearDuplicateIndex.mix(1) != NearDuplicateIndex.mix(2))
    }
}
