import Foundation
import Testing
@testable import TuneKit

/// The split end to end: `convert --validation` over CSV through both lanes, and `tunekit split` (``SplitJob``).
@Suite("Grouped splits end to end")
struct SplitConvertTests {
    /// A CSV of `rows` (RFC 4180 quoting) from the split corpus: question, answer, category.
    private static func csv(_ items: ArraySlice<SplitCorpus.Item>) -> String {
        func quote(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        return "question,answer,category\r\n" + items.map { [quote($0.user), quote($0.assistant), quote($0.category)].joined(separator: ",") + "\r\n" }.joined()
    }

    private static let items: [SplitCorpus.Item] = {
        var corpus = SplitCorpus(seed: 77)
        return corpus.items(440)
    }()

    private func convert(_ path: String, seed: UInt64 = 42, fastLane: Bool = true, dedup: ConvertOptions.DedupMode = .exact) throws -> (ConvertJob.Result, String) {
        let directory = Fixture.temporaryDirectory()
        var options = ConvertOptions(inputs: [path], outputDirectory: directory, dedup: dedup, validation: .fraction(0.1), seed: seed)
        options.useFastLane = fastLane
        return (try ConvertJob(options: options).run(), directory)
    }

    private func lines(_ path: String) -> Set<String> {
        Set(((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init))
    }

    /// (2) Appending 10 % new rows to the CSV moves no existing record, through both lanes; both lanes split alike.
    @Test(arguments: [true, false])
    func appendingRowsMovesNoRecord(fastLane: Bool) throws {
        let before = Fixture.write(Self.csv(Self.items.prefix(400)), name: "split-before.csv")
        let after = Fixture.write(Self.csv(Self.items[...]), name: "split-after.csv")
        let (first, one) = try convert(before, fastLane: fastLane)
        let (second, two) = try convert(after, fastLane: fastLane)
        #expect(first.report.counts.validation > 20)
        let trainBefore = lines(one + "/train.jsonl"), validationBefore = lines(one + "/validation.jsonl")
        let trainAfter = lines(two + "/train.jsonl"), validationAfter = lines(two + "/validation.jsonl")
        #expect(trainBefore.isSubset(of: trainAfter))
        #expect(validationBefore.isSubset(of: validationAfter))
        #expect(second.report.leakage?.pairs == 0)
        #expect(second.report.leakage?.checked == second.report.counts.train + second.report.counts.validation)
        let (_, other) = try convert(after, fastLane: !fastLane)
        #expect(lines(other + "/validation.jsonl") == validationAfter)
    }

    /// The report carries the audit (schema-valid key `leakage`) and report.html shows it.
    @Test func reportCarriesTheAudit() throws {
        let path = Fixture.write(Self.csv(Self.items.prefix(200)), name: "split-report.csv")
        let (_, directory) = try convert(path)
        let report = try JSONReader.parse(Fixture.bytes(directory + "/report.json")).value
        #expect(report["leakage"]?["pairs"] == .number("0"))
        #expect(report["leakage"]?["threshold"] == .number("0.8"))
        #expect(report["leakage"]?["on"] == .string("user"))
        let page = ReportPage(document: report, title: "t").render()
        #expect(page.contains("id=\"leakage\""))
    }

    /// (5) The same seed gives byte-identical files; another seed another validation set.
    @Test func sameSeedSameBytes() throws {
        let path = Fixture.write(Self.csv(Self.items.prefix(200)), name: "split-seed.csv")
        let (_, a) = try convert(path, seed: 5)
        let (_, b) = try convert(path, seed: 5)
        let (_, c) = try convert(path, seed: 6)
        for name in ["train.jsonl", "validation.jsonl"] {
            #expect(Fixture.bytes(a + "/" + name) == Fixture.bytes(b + "/" + name))
        }
        #expect(Fixture.bytes(a + "/validation.jsonl") != Fixture.bytes(c + "/validation.jsonl"))
    }

    /// (4) `convert --group-by {{customer}}`: every customer's rows on one side; `{{file}}` keeps each input file whole;
    /// a template naming no column is refused, naming the flag.
    @Test func convertGroupsByATemplate() throws {
        func quote(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        var random = SplitMix64(seed: 4)
        var text = "question,answer,customer\r\n"
        var customers: [String: String] = [:]
        for item in Self.items.prefix(240) {
            let customer = "c\(random.next() % 30)"
            customers[item.user] = customer
            text += [quote(item.user), quote(item.assistant), customer].joined(separator: ",") + "\r\n"
        }
        let path = Fixture.write(text, name: "split-customers.csv")
        let directory = Fixture.temporaryDirectory()
        var options = ConvertOptions(inputs: [path], outputDirectory: directory, validation: .fraction(0.25), seed: 3)
        options.groupBy = try FieldTemplate("{{customer}}")
        let result = try ConvertJob(options: options).run()
        #expect(result.report.counts.validation > 0 && result.report.counts.train > 0)
        #expect(result.report.leakage?.pairs == 0)
        var sides: [String: Set<Bool>] = [:]
        for (name, held) in [("validation.jsonl", true), ("train.jsonl", false)] {
            for line in lines(directory + "/" + name) {
                let user = (try? JSONReader.parse(Array(line.utf8)).value)?["messages"]?.arrayValue?.first?["content"]?.stringValue ?? ""
                sides[customers[user] ?? "?", default: []].insert(held)
            }
        }
        #expect(sides["?"] == nil)
        #expect(sides.values.allSatisfy { $0.count == 1 })

        // Eight input files of 55 rows: each wholly on one side, and both sides used.
        // Unrelated texts (no near copies that would join the files into one group).
        var corpus = SplitCorpus(seed: 8)
        let plain = (0..<440).map { index in
            SplitCorpus.Item(user: "\(index) " + corpus.text(chinese: index % 2 == 0, length: 12), assistant: "\(index) " + corpus.text(chinese: false, length: 6), category: "")
        }
        let paths = (0..<8).map { Fixture.write(Self.csv(plain[($0 * 55)..<($0 * 55 + 55)]), name: "split-part\($0).csv") }
        let byFile = Fixture.temporaryDirectory()
        options = ConvertOptions(inputs: paths, outputDirectory: byFile, validation: .fraction(0.3), seed: 3)
        options.groupBy = try FieldTemplate("{{file}}")
        let files = try ConvertJob(options: options).run()
        #expect(files.report.counts.validation > 0 && files.report.counts.train > 0)
        let held = Set(lines(byFile + "/validation.jsonl").map {
            (try? JSONReader.parse(Array($0.utf8)).value)?["messages"]?.arrayValue?.first?["content"]?.stringValue ?? ""
        })
        for part in 0..<8 {
            let users = plain[(part * 55)..<(part * 55 + 55)].map(\.user)
            #expect(users.allSatisfy(held.contains) || !users.contains(where: held.contains), "file \(part) was split")
        }

        options.groupBy = try FieldTemplate("{{客户}}")
        #expect(throws: ConvertError.self) { try ConvertJob(options: options).run() }
    }

    /// `tunekit split --group-by {{customer_id}}`: every customer on one side, near copies together, the audit 0.
    @Test func splitJobGroupsByATopLevelMember() throws {
        var random = SplitMix64(seed: 3)
        var text = ""
        var customers: [String] = []
        for item in Self.items.prefix(300) {
            let customer = "c\(random.next() % 40)"
            customers.append(customer)
            let user = Self.quoted(item.user), assistant = Self.quoted(item.assistant)
            text += #"{"customer_id":"\#(customer)","messages":[{"role":"user","content":\#(user)},{"role":"assistant","content":\#(assistant)}]}"# + "\n"
        }
        let input = Fixture.write(text, name: "split-groups.jsonl")
        let directory = Fixture.temporaryDirectory()
        let result = try SplitJob(input: input, outputDirectory: directory, amount: .fraction(0.2), seed: 9,
                                  groupBy: try FieldTemplate("{{customer_id}}")).run()
        #expect(result.train + result.validation == 300)
        #expect(result.validation > 0 && result.train > 0)
        #expect(result.leakage.pairs == 0)
        var sides: [String: Set<Bool>] = [:]
        for line in lines(directory + "/validation.jsonl") { sides[customer(line), default: []].insert(true) }
        for line in lines(directory + "/train.jsonl") { sides[customer(line), default: []].insert(false) }
        #expect(sides.count == Set(customers).count)
        #expect(sides.values.allSatisfy { $0.count == 1 })
    }

    private static func quoted(_ text: String) -> String {
        var writer = JSONWriter(capacity: 64)
        writer.string(text)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    private func customer(_ line: String) -> String {
        let value = try? JSONReader.parse(Array(line.utf8)).value
        return value?["customer_id"]?.stringValue ?? ""
    }
}
