import Foundation
import Testing
@testable import TuneKit

/// A run owns the output names of its folder: what an earlier run left there is removed when the new run
/// succeeds, other files are never touched, and a failed run leaves the earlier outputs as they were.
@Suite("Output folder ownership")
struct OutputFolderTests {
    private static var sample: String { ConvertJobTests.sample }

    private func names(_ directory: String) -> Set<String> {
        Set((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
    }

    @Test func aSecondRunRemovesTheFirstRunsValidationFile() throws {
        let directory = Fixture.temporaryDirectory()
        var first = ConvertOptions(inputs: [Self.sample], outputDirectory: directory, validation: .fraction(0.1))
        first.format = .chat
        _ = try ConvertJob(options: first).run()
        #expect(names(directory).contains("validation.jsonl"))
        FileManager.default.createFile(atPath: directory + "/notes.txt", contents: Data("mine".utf8))
        FileManager.default.createFile(atPath: directory + "/train-007.jsonl", contents: Data("{}\n".utf8))
        FileManager.default.createFile(atPath: directory + "/report.html", contents: Data("<p>old</p>".utf8))

        let second = ConvertOptions(inputs: [Self.sample], outputDirectory: directory)
        let result = try ConvertJob(options: second).run()
        #expect(names(directory) == ["train.jsonl", "rejects.jsonl", "duplicates.jsonl", "report.json", "report.html", "notes.txt"])
        #expect(Fixture.read(directory + "/notes.txt") == "mine")
        let page = Fixture.read(directory + "/report.html")
        #expect(page.hasPrefix("<!DOCTYPE html>") && !page.contains("<p>old</p>"))
        #expect(page.contains(#"data-key="counts.train">\#(result.report.counts.train)<"#))
        let train = Fixture.read(directory + "/train.jsonl").split(separator: "\n")
        #expect(train.count == result.report.counts.train)
    }

    @Test func aFailedRunLeavesTheEarlierOutputsUntouched() throws {
        let directory = Fixture.temporaryDirectory()
        let first = ConvertOptions(inputs: [Self.sample], outputDirectory: directory, validation: .count(20))
        _ = try ConvertJob(options: first).run()
        let before = names(directory)
        let trainBefore = Fixture.bytes(directory + "/train.jsonl")
        let validationBefore = Fixture.bytes(directory + "/validation.jsonl")

        // The first input converts, the second does not exist: the run fails after writing lines.
        let failing = ConvertOptions(inputs: [Self.sample, directory + "/missing.csv"], outputDirectory: directory)
        #expect(throws: ConvertError.self) { try ConvertJob(options: failing).run() }
        #expect(names(directory) == before)
        #expect(Fixture.bytes(directory + "/train.jsonl") == trainBefore)
        #expect(Fixture.bytes(directory + "/validation.jsonl") == validationBefore)
    }

    @Test(arguments: [
        ("train.jsonl", true), ("train-001.jsonl", true), ("validation-012.jsonl", true), ("rejects.jsonl", true),
        ("duplicates.jsonl", true), ("report.json", true), ("report.html", true), ("train.jsonl.bak", false),
        ("my-train.jsonl", false), ("train-1.jsonl", false), ("notes.txt", false), ("reports.json", false),
    ])
    func outputNames(name: String, owned: Bool) {
        #expect(OutputSet.isOutputName(name) == owned)
    }
}
