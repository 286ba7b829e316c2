import Foundation
import Testing
@testable import TuneKit

/// The report's new facts on a small table whose answers are known: length bins per role, the first location
/// of each reject reason, duplicate clusters, unused columns and the sample — the same whichever lane rendered
/// the rows.
@Suite("report fields")
struct ReportFieldsTests {
    /// Rows 2–9: two distinct short records repeated, two empty answers, one long record.
    static let table = [
        ["question", "answer", "note"],
        ["你好", "您好，请问有什么可以帮您？", "a"],
        [String(repeating: "a", count: 25), String(repeating: "b", count: 60), ""],
        ["你好", "您好，请问有什么可以帮您？", "b"],
        ["空的回答", "", "c"],
        ["你好", "您好，请问有什么可以帮您?", "d"],
        [String(repeating: "a", count: 25), String(repeating: "b", count: 60), "e"],
        ["又一个空的", " ", "f"],
        [String(repeating: "x", count: 200), String(repeating: "y", count: 201), "g"],
    ]

    static func convert(byteLane: Bool) throws -> ConversionReport {
        let csv = table.map { $0.joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
        let input = Fixture.write(csv, name: "faq.csv")
        var options = ConvertOptions(inputs: [input], outputDirectory: Fixture.temporaryDirectory())
        options.useFastLane = byteLane
        return try ConvertJob(options: options).run().report
    }

    @Test(arguments: [true, false])
    func lengthsRejectsAndClusters(byteLane: Bool) throws {
        let report = try Self.convert(byteLane: byteLane)
        let file = report.inputs[0].file
        #expect(report.counts == ConversionReport.Counts(read: 8, train: 3, validation: 0, duplicates: 3, rejected: 2))

        // Bounds 0, 20, 50, 100, 200, 500 …: 2 → ≤20, 25 → ≤50, 200 → ≤200 (a bound is inclusive).
        let user = report.lengths[.user]
        #expect(user.counts == [0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0])
        #expect((user.min, user.median, user.max) == (2, 25, 200))
        // 13 → ≤20, 60 → ≤100, 201 → ≤500.
        let assistant = report.lengths[.assistant]
        #expect(assistant.counts == [0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0])
        #expect((assistant.min, assistant.median, assistant.max) == (13, 60, 201))
        #expect(report.lengths.present.map(\.role) == [.user, .assistant])

        #expect(report.rejectReasons == [RejectReason(code: "map.empty_assistant", count: 2,
                                                       first: SourceLocation(file: file, line: 5),
                                                       message: "the mapped assistant turn is empty")])
        #expect(report.rejectReasons[0].fix.contains("--assistant"))

        // Row 6 differs from row 2 only in full-/half-width punctuation: an exact duplicate after normalising.
        #expect(report.duplicateClusters == [
            DuplicateCluster(kept: "\(file):2", duplicates: ["\(file):4", "\(file):6"], count: 2, near: false),
            DuplicateCluster(kept: "\(file):3", duplicates: ["\(file):7"], count: 1, near: false),
        ])
        #expect(report.unusedColumns == ["note"])
        #expect(report.sample == ReportSample(location: SourceLocation(file: file, line: 2),
            line: #"{"messages":[{"role":"user","content":"你好"},{"role":"assistant","content":"您好，请问有什么可以帮您？"}]}"#))

        let json = report.json
        #expect(json["schema_version"] == .number("2"))
        #expect(json["tokens"]?["exact"] == .bool(false))
        #expect(json["tokens"]?["error_bar"] == .string(TokenEstimator.errorBar))
        #expect(json["reject_reasons"]?.arrayValue?.first?["first"] == .string("\(file):5"))
        #expect(json["lengths"]?["user"]?["counts"] == .array([0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0].map { .number(String($0)) }))
    }

    /// Only the 20 largest clusters are listed, largest first, each with its first five duplicates.
    @Test func clustersAreBoundedAndOrdered() throws {
        var rows = [["question", "answer"]]
        for cluster in 0..<25 {
            for _ in 0...(cluster % 8) { rows.append(["问题 \(cluster)", "回答 \(cluster)"]) }
        }
        let input = Fixture.write(rows.map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n", name: "many.csv")
        let report = try ConvertJob(options: ConvertOptions(inputs: [input], outputDirectory: Fixture.temporaryDirectory())).run().report
        let clusters = report.duplicateClusters
        #expect(clusters.count == 20)
        #expect(clusters.map(\.count) == clusters.map(\.count).sorted(by: >))
        #expect(clusters[0].count == 7 && clusters[0].duplicates.count == 5)
        // Cluster 7 (rows 30–37) is the first of the largest: kept at row 30, duplicates from row 31.
        #expect(clusters[0].kept.hasSuffix("many.csv:30") && clusters[0].duplicates.first?.hasSuffix("many.csv:31") == true)
        #expect(report.counts.duplicates == (0..<25).reduce(0) { $0 + $1 % 8 })
    }

    /// Locations whose file name needs escaping in JSON come back as written.
    @Test func clusterLocationsWithQuotesAndBackslashes() throws {
        let input = Fixture.write("question,answer\nq,a\nq,a\n", name: #"faq "v2" \ 副本.csv"#)
        let report = try ConvertJob(options: ConvertOptions(inputs: [input], outputDirectory: Fixture.temporaryDirectory())).run().report
        #expect(report.duplicateClusters == [DuplicateCluster(kept: input + ":2", duplicates: [input + ":3"], count: 1, near: false)])
    }

    /// Near duplicates form clusters of their own, marked near.
    @Test func nearClustersAreMarked() throws {
        let rows = [["question", "answer"], ["请问退货运费由谁来承担呢", "质量问题由我们承担运费，其他情况由买家承担"],
                    ["请问退货运费由谁来承担呀", "质量问题由我们承担运费，其他情况由买家承担"]]
        let input = Fixture.write(rows.map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n", name: "near.csv")
        var options = ConvertOptions(inputs: [input], outputDirectory: Fixture.temporaryDirectory(), dedup: .near)
        options.nearThreshold = 0.5
        let report = try ConvertJob(options: options).run().report
        #expect(report.duplicateClusters.map(\.near) == [true])
        #expect(report.duplicateClusters.first?.duplicates.first?.hasSuffix("near.csv:3") == true)
    }

    @Test func dataURIPayloadsAreShortened() {
        let line = #"{"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/4AAQSkZJRg=="}}]}]}"#
        let shortened = Array(line.utf8).withUnsafeBufferPointer { ReportSample.shortened($0) }
        #expect(shortened == #"{"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/jpeg;base64,…(16 chars)"}}]}]}"#)
    }

    /// Characters are Unicode scalars, counted the same on bytes (the byte lane) and on strings.
    @Test(arguments: ["", "abc", "你好，世界", "emoji 😀 é", String(repeating: "数据", count: 37) + "x"])
    func charactersOnBytesAndStrings(_ text: String) {
        let onBytes = Array(text.utf8).withUnsafeBufferPointer { LengthHistogram.characters($0) }
        #expect(onBytes == text.unicodeScalars.count)
        #expect(LengthHistogram.characters(text) == text.unicodeScalars.count)
    }

    /// Lengths past the exact table still give an exact median and the last bin.
    @Test func longTextsKeepAnExactMedian() {
        var histogram = LengthHistogram()
        for length in [5, 20_000, 30_000, 40_000] { histogram.add(length) }
        #expect(histogram.median == 20_000)
        #expect(histogram.counts == [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 3])
        #expect((histogram.min, histogram.max, histogram.total) == (5, 40_000, 4))
    }
}
