import Testing
@testable import TuneKit

@Suite("De-duplication and splitting")
struct CleaningTests {
    @Test func deduplicatorReturnsTheFirstOccurrence() {
        var dedup = Deduplicator(expectedCount: 4)
        #expect(dedup.insert(RecordID(rawValue: 10), file: "a.csv", line: 2) == nil)
        #expect(dedup.insert(RecordID(rawValue: 11), file: "a.csv", line: 3) == nil)
        #expect(dedup.insert(RecordID(rawValue: 12), file: "b.csv", line: 2) == nil)
        let again = dedup.insert(RecordID(rawValue: 11), file: "b.csv", line: 9)
        #expect(again == Deduplicator.Original(id: RecordID(rawValue: 11), source: SourceLocation(file: "a.csv", line: 3)))
        #expect(dedup.insert(RecordID(rawValue: 12), file: "b.csv", line: 10)?.source == SourceLocation(file: "b.csv", line: 2))
        #expect(dedup.count == 3)
    }

    /// Growth and pre-sizing keep every id findable.
    @Test func deduplicatorSurvivesGrowth() {
        var dedup = Deduplicator(expectedCount: 1)
        var generator = SplitMix64(seed: 1)
        let ids = (0..<50_000).map { _ in RecordID(rawValue: generator.next()) }
        for (line, id) in ids.enumerated() { #expect(dedup.insert(id, file: "f", line: line + 1) == nil) }
        dedup.reserve(expectedCount: 200_000)
        for (line, id) in ids.enumerated() where line % 1000 == 0 {
            #expect(dedup.insert(id, file: "g", line: 1)?.source.line == line + 1)
        }
        #expect(dedup.insert(RecordID(rawValue: 0), file: "f", line: 1) == nil)
        #expect(dedup.insert(RecordID(rawValue: 0), file: "f", line: 2) != nil)
    }

    private func plan(_ amount: SplitPlanner.Amount, seed: UInt64 = 42, records: [(UInt64, String?)]) -> [Int] {
        var planner = SplitPlanner(amount: amount, seed: seed)
        for record in records {
            // Distinct ids get unrelated texts (hex of two hashes), so only equal ids are grouped.
            let text = String(record.0, radix: 16) + " " + String(record.0 &* 0x9E37_79B9_7F4A_7C15, radix: 16)
            planner.add(id: RecordID(rawValue: record.0), category: record.1, source: SourceLocation(file: "t"),
                        text: SplitText(user: text, whole: text))
        }
        let set = planner.plan().validation
        return (0..<records.count).filter { set.contains($0) }
    }

    @Test(arguments: [
        (SplitPlanner.Amount.fraction(0.1), 1000, 100),
        (.fraction(0.25), 12, 3),
        (.count(50), 1000, 50),
        (.count(5000), 1000, 1000),
        (.fraction(0), 100, 0),
    ])
    func splitSizeIsExact(amount: SplitPlanner.Amount, count: Int, expected: Int) {
        var generator = SplitMix64(seed: 3)
        let records = (0..<count).map { _ in (generator.next(), nil as String?) }
        #expect(plan(amount, records: records).count == expected)
    }

    @Test func splitIsStratifiedByCategory() {
        var generator = SplitMix64(seed: 4)
        let categories = ["订单": 600, "物流": 300, "发票": 100]
        var records: [(UInt64, String?)] = []
        for (name, count) in categories.sorted(by: { $0.key < $1.key }) {
            records += (0..<count).map { _ in (generator.next(), name) }
        }
        let chosen = plan(.fraction(0.1), records: records)
        #expect(chosen.count == 100)
        var perCategory: [String: Int] = [:]
        for ordinal in chosen { perCategory[records[ordinal].1!, default: 0] += 1 }
        #expect(perCategory == ["订单": 60, "物流": 30, "发票": 10])
    }

    @Test func splitIsDeterministicInTheSeed() {
        var generator = SplitMix64(seed: 5)
        let records = (0..<500).map { _ in (generator.next(), nil as String?) }
        #expect(plan(.fraction(0.2), seed: 1, records: records) == plan(.fraction(0.2), seed: 1, records: records))
        #expect(plan(.fraction(0.2), seed: 1, records: records) != plan(.fraction(0.2), seed: 2, records: records))
    }

    /// Identical records (equal ids, as with `--dedup none`) land on the same side.
    @Test func identicalRecordsStayTogether() {
        var generator = SplitMix64(seed: 6)
        var records: [(UInt64, String?)] = []
        for _ in 0..<200 {
            let id = generator.next()
            records += Array(repeating: (id, nil as String?), count: Int(generator.next() % 3) + 1)
        }
        for seed in 0..<20 as Range<UInt64> {
            let chosen = Set(plan(.fraction(0.3), seed: seed, records: records))
            for (i, record) in records.enumerated() {
                for (j, other) in records.enumerated() where j > i && other.0 == record.0 {
                    #expect(chosen.contains(i) == chosen.contains(j))
                }
            }
        }
    }

    @Test(arguments: [("0.1", SplitPlanner.Amount.fraction(0.1)), ("10%", .fraction(0.1)), ("50", .count(50)),
                      ("1.0", .fraction(1)), ("0", .count(0))])
    func parsesAmounts(text: String, amount: SplitPlanner.Amount) {
        #expect(SplitPlanner.Amount(text) == amount)
    }

    @Test(arguments: ["-1", "1.5", "abc", "120%"])
    func refusesBadAmounts(text: String) {
        #expect(SplitPlanner.Amount(text) == nil)
    }

    /// A duplicate's own sheet/cell location is never taken for the next new record's.
    @Test func originalsKeepTheirOwnCellLocations() {
        var dedup = Deduplicator()
        let a = RecordID(rawValue: 11), b = RecordID(rawValue: 22)
        #expect(dedup.insert(a, source: SourceLocation(file: "x.json", cell: "item 1")) == nil)
        #expect(dedup.insert(a, source: SourceLocation(file: "x.json", cell: "item 2"))?.source.description == "x.json!item 1")
        #expect(dedup.insert(b, source: SourceLocation(file: "y.csv", line: 7)) == nil)
        #expect(dedup.insert(b, source: SourceLocation(file: "y.csv", line: 9))?.source.description == "y.csv:7")
    }

    /// Records located by item rather than line keep that location in duplicates.jsonl.
    @Test func duplicatesOfJSONArrayItemsNameTheItems() throws {
        let path = Fixture.write(#"[{"instruction": "hi", "output": "hello"}, {"instruction": "hi", "output": "hello"}]"#,
                                 name: "twice.json")
        let directory = Fixture.temporaryDirectory()
        let result = try ConvertJob(options: ConvertOptions(inputs: [path], outputDirectory: directory)).run()
        #expect(result.report.counts.duplicates == 1)
        let line = String(decoding: Fixture.bytes(directory + "/duplicates.jsonl"), as: UTF8.self)
        #expect(line.contains(#""source":"\#(path)!item 2""#), "\(line)")
        #expect(line.contains(#""duplicate_of_source":"\#(path)!item 1""#), "\(line)")
    }
}
