import Foundation
import Testing
@testable import TuneKit

/// Random texts and planted near duplicates for the split's tests, from a fixed seed.
struct SplitCorpus {
    struct Item {
        var user: String
        var assistant: String
        var category: String
    }

    /// 3,000 made-up words and 3,000 Han characters: unrelated texts share few word or character-pair shingles,
    /// as unrelated real questions do (a vocabulary of a few dozen would make every long text alike).
    private static let english: [String] = {
        let syllables = ["ka", "lo", "mi", "tre", "su", "van", "po", "rin", "del", "ost", "ju", "ben", "cal", "fe"]
        var words: [String] = []
        for a in syllables { for b in syllables { for c in syllables.prefix(15) { words.append(a + b + c) } } }
        return Array(words.prefix(3_000))
    }()
    private static let chinese: [Character] = (0..<3_000).map { Character(UnicodeScalar(0x4E00 + $0 * 7)!) }

    var random: SplitMix64

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    mutating func pick(_ count: Int) -> Int { Int(random.next() % UInt64(count)) }

    /// A text of `length` words (English) or characters (Chinese).
    mutating func text(chinese: Bool, length: Int) -> String {
        if chinese { return String((0..<length).map { _ in Self.chinese[pick(Self.chinese.count)] }) }
        return (0..<length).map { _ in Self.english[pick(Self.english.count)] }.joined(separator: " ")
    }

    /// `text` with 1–3 characters (Chinese) or words (English) replaced.
    mutating func edit(_ text: String, chinese: Bool) -> String {
        let edits = 1 + pick(3)
        if chinese {
            var characters = Array(text)
            for _ in 0..<edits { characters[pick(characters.count)] = Self.chinese[pick(Self.chinese.count)] }
            return String(characters)
        }
        var words = text.split(separator: " ").map(String.init)
        for _ in 0..<edits { words[pick(words.count)] = Self.english[pick(Self.english.count)] }
        return words.joined(separator: " ")
    }

    /// `count` records: unrelated texts of random length, and about one in five a near copy (1–3 edits) of an
    /// earlier long one, in random order, across three categories.
    mutating func items(_ count: Int) -> [Item] {
        var items: [Item] = []
        var long: [(String, Bool)] = []
        while items.count < count {
            let chinese = pick(2) == 0
            let user: String
            if !long.isEmpty && pick(5) == 0 {
                let (base, baseChinese) = long[pick(long.count)]
                user = edit(base, chinese: baseChinese)
            } else {
                let length = chinese ? 8 + pick(150) : 4 + pick(60)
                user = text(chinese: chinese, length: length)
                if length > (chinese ? 100 : 40) { long.append((user, chinese)) }
            }
            items.append(Item(user: user, assistant: text(chinese: chinese, length: 10 + pick(20)),
                              category: ["订单", "物流", "发票"][pick(3)]))
        }
        return items
    }
}

/// The true Jaccard similarity of two texts' 5-character shingle sets, as near-duplicate detection defines them
/// (normalised, ASCII lower-cased), computed from the sets themselves rather than from MinHash.
struct TrueJaccard {
    let shingles: [[UInt64]]

    init(_ texts: [String]) {
        shingles = texts.map { text in
            var bytes: [UInt8] = []
            TextNormalizer().append(text, to: &bytes)
            let scalars = String(decoding: bytes, as: UTF8.self).unicodeScalars.map { $0.value >= 0x41 && $0.value <= 0x5A ? $0.value | 0x20 : $0.value }
            var set = Set<UInt64>()
            let windows = max(1, scalars.count - 4)
            for start in 0..<windows {
                var key: UInt64 = 0xcbf2_9ce4_8422_2325
                for offset in 0..<5 where start + offset < scalars.count {
                    key = (key ^ UInt64(scalars[start + offset])) &* 0x0000_0100_0000_01B3
                }
                set.insert(key)
            }
            return set.sorted()
        }
    }

    func similarity(_ a: Int, _ b: Int) -> Double {
        let x = shingles[a], y = shingles[b]
        let small = min(x.count, y.count), large = max(x.count, y.count)
        if Double(small) < 0.8 * Double(large) { return Double(small) / Double(large) } // an upper bound, under 0.8
        var i = 0, j = 0, common = 0
        while i < x.count && j < y.count {
            if x[i] == y[j] { common += 1; i += 1; j += 1 } else if x[i] < y[j] { i += 1 } else { j += 1 }
        }
        return Double(common) / Double(x.count + y.count - common)
    }
}

/// One corpus for the split's tests, with its fingerprints and every pair of true Jaccard ≥ 0.8, made once
/// (MinHash signatures are slow in a debug build).
struct SplitFixture: Sendable {
    let items: [SplitCorpus.Item]
    let fingerprints: [SplitFingerprint]
    let similarPairs: [(Int, Int)]

    static let shared = SplitFixture(seed: 1, count: 2_000)

    init(seed: UInt64, count: Int) {
        var corpus = SplitCorpus(seed: seed)
        items = corpus.items(count)
        fingerprints = items.map { SplitFingerprint(SplitText(user: $0.user, whole: $0.user + "\n" + $0.assistant)) }
        let jaccard = TrueJaccard(items.map(\.user))
        var pairs: [(Int, Int)] = []
        for a in items.indices { for b in items.indices where b > a && jaccard.similarity(a, b) >= 0.8 { pairs.append((a, b)) } }
        similarPairs = pairs
    }

    func planner(count: Int? = nil, amount: SplitPlanner.Amount = .fraction(0.1), seed: UInt64 = 42,
                 groups: [String?]? = nil) -> SplitPlanner {
        var planner = SplitPlanner(amount: amount, seed: seed)
        for ordinal in 0..<(count ?? items.count) {
            let item = items[ordinal]
            var fingerprint = fingerprints[ordinal]
            if let group = groups?[ordinal] { fingerprint.groupKey = WyHash.hash(group) | 1 }
            planner.add(id: RecordID(rawValue: WyHash.hash(item.user + "\u{1}" + item.assistant)), category: item.category,
                        source: SourceLocation(file: "t.csv", line: ordinal + 2), fingerprint: fingerprint)
        }
        return planner
    }
}

@Suite("Grouped, append-stable splits")
struct SplitPlannerTests {
    let fixture = SplitFixture.shared

    private func planner(_ items: [SplitCorpus.Item], amount: SplitPlanner.Amount = .fraction(0.1), seed: UInt64 = 42) -> SplitPlanner {
        var planner = SplitPlanner(amount: amount, seed: seed)
        for (ordinal, item) in items.enumerated() {
            let id = WyHash.hash(item.user + "\u{1}" + item.assistant)
            planner.add(id: RecordID(rawValue: id), category: item.category, source: SourceLocation(file: "t.csv", line: ordinal + 2),
                        text: SplitText(user: item.user, whole: item.user + "\n" + item.assistant))
        }
        return planner
    }

    /// (1) No train × validation pair has user texts whose true Jaccard reaches the threshold, on Chinese and
    /// English data with planted near copies (every pair at 0.8 or more is listed by brute force over all
    /// pairs), and the audit says 0.
    @Test(arguments: [(1, 0.15), (2, 0.1), (3, 0.3)] as [(UInt64, Double)])
    func noNearDuplicateCrossesTheSplit(seed: UInt64, fraction: Double) {
        let plan = fixture.planner(amount: .fraction(fraction), seed: seed).plan()
        #expect(fixture.similarPairs.count > 100, "the corpus must plant near copies for the test to mean anything")
        let leaks = fixture.similarPairs.filter { plan.validation.contains($0.0) != plan.validation.contains($0.1) }
        #expect(leaks.isEmpty)
        #expect(plan.leakage.pairs == 0)
        #expect(plan.leakage.checked == fixture.items.count)
        let share = fraction * Double(fixture.items.count)
        #expect(abs(Double(plan.validation.count) - share) <= 0.1 * share, "groups move the count a little, not a lot")
    }

    /// The audit is not vacuous: sides chosen without the groups leak, and it counts them.
    @Test func auditCountsLeaksOfASplitWithoutGroups() {
        let sketch = SplitSketch(threshold: 0.8)
        let base = String(repeating: "请问订单退款需要多久才能到账，", count: 4)
        let texts = [base, base + "吗", "完全不同的另一个问题关于发票抬头怎么修改"]
        var storage: [UInt8] = []
        for text in texts { SplitSketch.append(NearDuplicateIndex.signature(of: text), to: &storage) }
        var set = ValidationSet(count: 3)
        set.insert(1)
        let keys: [UInt64] = [1, 2, 3]
        let report = LeakageAudit(sketch: sketch).run(validation: set, userKeys: keys, sketches: storage) {
            SourceLocation(file: "t.csv", line: $0 + 2)
        }
        #expect(report.pairs == 1)
        #expect(report.first == LeakageReport.Pair(train: SourceLocation(file: "t.csv", line: 2), validation: SourceLocation(file: "t.csv", line: 3)))
        #expect(report.warning?.code == "split.leak")
    }

    /// (3) Without groups, every category's validation count is within one record of its share.
    @Test(arguments: [0.05, 0.1, 0.2, 0.33, 0.5])
    func stratifiedWithinOneRecord(fraction: Double) {
        var random = SplitMix64(seed: 11)
        let sizes = ["订单": 497, "物流": 151, "发票": 44, "其他": 7]
        var items: [SplitCorpus.Item] = []
        for (name, size) in sizes.sorted(by: { $0.key < $1.key }) {
            for _ in 0..<size {
                let user = String(random.next(), radix: 36) + String(random.next(), radix: 36)
                items.append(SplitCorpus.Item(user: user, assistant: String(random.next(), radix: 36), category: name))
            }
        }
        var shuffler = SplitMix64(seed: 12)
        items.shuffle(using: &shuffler)
        let plan = planner(items, amount: .fraction(fraction)).plan()
        for (name, size) in sizes {
            let chosen = items.indices.filter { items[$0].category == name && plan.validation.contains($0) }.count
            #expect(abs(chosen - Int((fraction * Double(size)).rounded())) <= 1, "\(name): \(chosen) of \(size)")
        }
    }

    /// A count is met exactly without groups (per-category shares by largest remainder).
    @Test func countIsExactWithoutGroups() {
        var random = SplitMix64(seed: 13)
        let items = (0..<300).map { index in
            SplitCorpus.Item(user: String(random.next(), radix: 36) + String(random.next(), radix: 36), assistant: "a",
                             category: index % 3 == 0 ? "x" : "y")
        }
        #expect(planner(items, amount: .count(37)).plan().validation.count == 37)
    }

    /// (4) Every `--group-by` group and every cluster of near copies is wholly on one side.
    @Test(arguments: [5, 6] as [UInt64])
    func groupsStayWhole(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let customers = fixture.items.indices.map { _ in random.next() % 7 == 0 ? nil : "customer-\(random.next() % 200)" as String? }
        let plan = fixture.planner(amount: .fraction(0.2), seed: seed, groups: customers).plan()
        var sides: [String: Set<Bool>] = [:]
        for (ordinal, customer) in customers.enumerated() {
            if let customer { sides[customer, default: []].insert(plan.validation.contains(ordinal)) }
        }
        #expect(sides.values.allSatisfy { $0.count == 1 })
        #expect(sides.values.contains([true]) && sides.values.contains([false]))
        for (a, b) in fixture.similarPairs { #expect(plan.validation.contains(a) == plan.validation.contains(b)) }
        #expect(plan.leakage.pairs == 0)
    }

    /// (5) The same seed gives the same split; another seed another one.
    @Test func deterministicInTheSeed() {
        let sides = { (seed: UInt64) in
            let plan = fixture.planner(seed: seed).plan()
            return fixture.items.indices.filter { plan.validation.contains($0) }
        }
        #expect(sides(1) == sides(1))
        #expect(sides(1) != sides(2))
    }

    /// (2, planner level) Appending 10 % more records never moves an earlier one, with a fraction.
    @Test(arguments: [21, 22] as [UInt64])
    func appendingMovesNothing(seed: UInt64) {
        let before = fixture.planner(count: 1_800, seed: seed).plan()
        let after = fixture.planner(seed: seed).plan()
        let moved = (0..<1_800).filter { before.validation.contains($0) != after.validation.contains($0) }
        #expect(moved.isEmpty)
        #expect(after.validation.count > before.validation.count)
    }

    /// The sketch layout at the default threshold: 25 bands of 5 rows, verification at 88 of 128 bytes (about
    /// 0.69 estimated), under the audit line (103, 0.8) by the binomial tail of a pair at 0.8 (10⁻³).
    @Test func sketchLayout() {
        let sketch = SplitSketch(threshold: 0.8)
        #expect(sketch.bands == 25 && sketch.rows == 5)
        #expect(sketch.auditMatches == 103)
        #expect(sketch.verifyMatches == 88)
    }

    /// The band sort gives what a comparison sort gives, on keys with few and with many distinct values.
    @Test(arguments: [3, 70_000, 1 << 32] as [UInt64])
    func bandSortMatchesSort(distinctKeys: UInt64) {
        var random = SplitMix64(seed: distinctKeys)
        var entries = (0..<50_000).map { ordinal in (random.next() % distinctKeys) << 32 | UInt64(ordinal) }
        let expected = entries.sorted()
        var sorter = BandSort()
        sorter.sort(&entries)
        #expect(entries == expected)
        var few: [UInt64] = [7 << 32 | 1]
        sorter.sort(&few)
        #expect(few == [7 << 32 | 1])
    }

    /// A pair the bounded grouping cannot see (in every band it shares, 17 other groups came between) is found by
    /// the audit and joined: a copy of record 0 at the end stays on record 0's side, for every seed, and for the
    /// seeds that first put them apart the report counts the joined pair.
    @Test func auditJoinsPairsTheWindowMissed() {
        let layout = SplitSketch(threshold: 0.8)
        var joined = 0
        for seed in 1...8 as ClosedRange<UInt64> {
            var random = SplitMix64(seed: 40 + seed)
            func randomSketch() -> [UInt8] { (0..<SplitSketch.width).map { _ in UInt8(truncatingIfNeeded: random.next()) } }
            let base = randomSketch()
            var sketches = [base]
            for band in 0..<layout.bands {
                for _ in 0..<17 {
                    var other = randomSketch()
                    for row in 0..<layout.rows { other[band * layout.rows + row] = base[band * layout.rows + row] }
                    sketches.append(other)
                }
            }
            sketches.append(base)
            var planner = SplitPlanner(amount: .fraction(0.5), seed: seed)
            for (ordinal, sketch) in sketches.enumerated() {
                var fingerprint = SplitFingerprint(SplitText(user: "x", whole: "x"))
                fingerprint.userKey = UInt64(ordinal + 1)
                fingerprint.user = sketch
                fingerprint.whole = randomSketch()
                planner.add(id: RecordID(rawValue: UInt64(ordinal + 1) &* 0x9E37_79B9_7F4A_7C15), category: nil,
                            source: SourceLocation(file: "t.csv", line: ordinal + 2), fingerprint: fingerprint)
            }
            let plan = planner.plan()
            #expect(plan.validation.contains(0) == plan.validation.contains(sketches.count - 1), "seed \(seed)")
            #expect(plan.leakage.pairs == 0)
            joined += plan.leakage.joined
        }
        #expect(joined > 0, "the window missed the pair, and some seed put its halves apart before the audit")
    }

    /// Templated questions, alike but under the threshold, fill shared buckets; the grouping compares each with a
    /// window of the bucket's groups, the audit finds what that missed, and nothing leaks; the templated records
    /// are not chained into one group (validation gets its share).
    @Test func templatedQuestionsSplitWithoutLeaks() {
        var random = SplitMix64(seed: 31)
        let editions = ["标准版", "Pro", "Max", "青春版", "礼盒装"]
        var items: [SplitCorpus.Item] = []
        for index in 0..<1_200 {
            // A made-up four-character product name: two questions share the template, not the product.
            let product = String((0..<4).map { _ in Character(UnicodeScalar(0x4E00 + UInt32(random.next() % 3_000) * 7)!) })
            let edition = editions[Int(random.next() % UInt64(editions.count))]
            let user = "\(product) \(edition)（货号 \(String(format: "%05d", index))）的规格和价格是多少？"
            items.append(SplitCorpus.Item(user: user, assistant: "售价 \(random.next() % 900 + 99) 元。", category: "商品"))
        }
        // Planted near copies: a question asked again with one character added.
        for index in stride(from: 0, to: 1_200, by: 40) {
            items.append(SplitCorpus.Item(user: items[index].user + "呢", assistant: "同上。", category: "商品"))
        }
        let plan = planner(items, amount: .fraction(0.1)).plan()
        #expect(plan.leakage.pairs == 0)
        #expect(plan.leakage.complete)
        for index in stride(from: 0, to: 1_200, by: 40) {
            #expect(plan.validation.contains(index) == plan.validation.contains(1_200 + index / 40))
        }
        #expect(plan.validation.count >= 100 && plan.validation.count <= 150, "\(plan.validation.count) of \(items.count)")
    }
}
