import Foundation
import Testing
@testable import TuneKit

/// `--clusters FILE` and the report's largest clusters, both from the duplicates collected as they are found.
@Suite("Duplicate clusters")
struct DuplicateClusterLogTests {
    static let answer = "退货签收后 1–3 个工作日内原路退回，如超过 7 个工作日仍未到账，请联系在线客服并提供订单号。"

    static var lines: [String] {
        [
            NearDuplicateTests.chatLine("退货多久到账？", answer),                                  // 1 kept
            NearDuplicateTests.chatLine("发票怎么开？", "在订单详情页点击申请发票，填写抬头和税号即可，电子发票会发到您的邮箱。"), // 2 kept
            NearDuplicateTests.chatLine("退货多久到账?", answer + "谢谢您的耐心！"),                 // 3 near 1
            NearDuplicateTests.chatLine("退货多久到账？", answer),                                  // 4 exact 1
            NearDuplicateTests.chatLine("发票怎么开？", "在订单详情页点击申请发票，填写抬头和税号即可，电子发票会发到您的邮箱。"), // 5 exact 2
            NearDuplicateTests.chatLine("退货多久到账?", answer + "谢谢您的耐心！"),                 // 6 exact 3 → near 1
        ]
    }

    /// One JSON line per kept record, in input order, every member with its kind and similarity; a repeat of a
    /// near duplicate belongs to the record that one resembles.
    @Test func dedupWritesEveryCluster() throws {
        let path = Fixture.write(Self.lines.joined(separator: "\n") + "\n", name: "cluster-input.jsonl")
        let folder = (path as NSString).deletingLastPathComponent
        let result = try DedupJob(input: path, output: folder + "/kept.jsonl", nearThreshold: 0.8,
                                  clustersFile: folder + "/clusters.jsonl").run()
        #expect(result.duplicates == 4 && result.nearDuplicates == 1 && result.clusters == 2)
        let clusters = Fixture.read(folder + "/clusters.jsonl").split(separator: "\n").map {
            try? JSONReader.parse(Array($0.utf8)).value
        }
        #expect(clusters.count == 2)
        #expect(clusters[0]?["kept"] == .string(path + ":1"))
        let members = clusters[0]?["members"]?.arrayValue ?? []
        #expect(members.map { $0["source"]?.stringValue } == [path + ":3", path + ":4", path + ":6"])
        #expect(members.map { $0["kind"]?.stringValue } == ["near", "exact", "near"])
        #expect(members[1]["similarity"] == .number("1"))
        var similarity = 0.0
        if case .number(let text)? = members[0]["similarity"] { similarity = Double(text) ?? 0 }
        #expect(similarity >= 0.8 && similarity < 1)
        #expect(members[2]["similarity"] == members[0]["similarity"])
        #expect(clusters[1]?["kept"] == .string(path + ":2"))
        #expect(clusters[1]?["members"]?.arrayValue?.count == 1)
        // The same input gives the same bytes.
        _ = try DedupJob(input: path, output: folder + "/kept2.jsonl", nearThreshold: 0.8, clustersFile: folder + "/clusters2.jsonl").run()
        #expect(Fixture.read(folder + "/clusters.jsonl") == Fixture.read(folder + "/clusters2.jsonl"))
    }

    /// The report's clusters made from the collected duplicates equal the ones read back from duplicates.jsonl,
    /// on the customer-service sample; convert writes `--clusters` and names it.
    @Test(arguments: [ConvertOptions.DedupMode.exact, .near])
    func reportClustersEqualTheFileReading(_ dedup: ConvertOptions.DedupMode) throws {
        let sample = Fixture.repositoryRoot.appendingPathComponent("Converters/customer-service-faq/sample.csv").path
        let out = Fixture.temporaryDirectory()
        var options = ConvertOptions(inputs: [sample], outputDirectory: out, dedup: dedup)
        options.clustersPath = out + "/clusters.jsonl"
        let report = try ConvertJob(options: options).run().report
        #expect(report.counts.duplicates >= 2)
        #expect(!report.duplicateClusters.isEmpty)
        #expect(report.duplicateClusters == DuplicateCluster.largest(inDuplicatesFile: out + "/duplicates.jsonl"))
        let written = Fixture.read(out + "/clusters.jsonl").split(separator: "\n")
        let members = written.reduce(0) { count, line in
            count + ((try? JSONReader.parse(Array(line.utf8)).value)?["members"]?.arrayValue?.count ?? 0)
        }
        #expect(members == report.counts.duplicates)
        #expect(report.outputs.contains { $0.role == "clusters" && $0.lines == written.count })
    }

    @Test(arguments: [(10_000, "1"), (9_300, "0.93"), (9_000, "0.9"), (8_049, "0.8"), (8_051, "0.81")])
    func similarityText(_ value: UInt16, _ text: String) {
        #expect(DuplicateClusterLog.similarityText(value) == text)
    }
}
