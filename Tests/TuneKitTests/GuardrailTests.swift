import Foundation
import Testing
@testable import TuneKit

/// A validation split that would leave nothing to train on, the few-hundred-records advice applied to training
/// data only, and `stats` keeping reasoning and DPO sides apart.
@Suite("Guardrails")
struct GuardrailTests {
    static let sample = Fixture.repositoryRoot.appendingPathComponent("Converters/customer-service-faq/sample.csv").path

    /// `--validation 5000` on 345 kept records: exit 2 naming both numbers, nothing written, the earlier run's
    /// files untouched.
    @Test func aValidationCountThatTakesEverythingIsRefused() throws {
        let out = Fixture.temporaryDirectory()
        _ = try ConvertJob(options: ConvertOptions(inputs: [Self.sample], outputDirectory: out)).run()
        let before = Fixture.bytes(out + "/train.jsonl")
        let report = Fixture.bytes(out + "/report.json")
        let page = Fixture.bytes(out + "/report.html")
        #expect {
            try ConvertJob(options: ConvertOptions(inputs: [Self.sample], outputDirectory: out, validation: .count(5000))).run()
        } throws: { error in
            let error = error as! ConvertError
            return error.exitStatus == 2 && error.message.contains("--validation 5000") && error.message.contains("all 345 kept records")
        }
        #expect(Fixture.bytes(out + "/train.jsonl") == before)
        #expect(Fixture.bytes(out + "/report.json") == report)
        #expect(Fixture.bytes(out + "/report.html") == page)
        #expect(!FileManager.default.fileExists(atPath: out + "/validation.jsonl"))
        let left = try FileManager.default.contentsOfDirectory(atPath: out).filter { !$0.hasSuffix(".jsonl") && !$0.hasPrefix("report.") }
        #expect(left.isEmpty, "\(left)")
    }

    @Test(arguments: ["1.0", "100%"])
    func aWholeFractionIsRefusedBeforeReading(_ amount: String) {
        #expect {
            try ConvertOptions(inputs: [Self.sample], overriding: Recipe(text: [.validation: amount]))
        } throws: { error in
            "\(error)".contains("--validation") && "\(error)".contains("none in train")
        }
    }

    /// 345 records with 100 for validation: 240 train (105 in validation: the FAQ's templated questions that share
    /// an answer stay together), under the platform's few hundred — warned about, naming the training count
    /// (before, the 345 together hid it).
    @Test func theMinimumCountsTrainingRecordsOnly() throws {
        let out = Fixture.temporaryDirectory()
        let result = try ConvertJob(options: ConvertOptions(inputs: [Self.sample], outputDirectory: out, validation: .count(100))).run()
        #expect(result.report.counts.train == 240 && result.report.counts.validation == 105)
        let warning = try #require(result.report.warnings.first { $0.code == "limit.examples_min" })
        #expect(warning.message.hasPrefix("only 240 training records (105 more in validation.jsonl)"))
        let whole = try ConvertJob(options: ConvertOptions(inputs: [Self.sample], outputDirectory: Fixture.temporaryDirectory())).run()
        #expect(!whole.report.warnings.contains { $0.code == "limit.examples_min" })
    }

    /// `validate` gives the advice for a training file, not for validation.jsonl or its parts.
    @Test(arguments: [("train.jsonl", true), ("validation.jsonl", false), ("validation-002.jsonl", false), ("validation-set.jsonl", true)])
    func validateAdvisesOnTrainingFilesOnly(_ name: String, _ advised: Bool) {
        let line = #"{"messages":[{"role":"user","content":"你好"},{"role":"assistant","content":"您好"}]}"#
        let path = Fixture.write(String(repeating: line + "\n", count: 5), name: name)
        let result = JSONLValidator().validate(path: path, format: .chat)
        #expect(result.diagnostics.contains { $0.code == "limit.examples_min" } == advised)
    }

    static func dpoLine(_ index: Int, rejected: String) -> String {
        #"{"input":{"messages":[{"role":"user","content":"问题\#(index)"}]},"preferred_output":[{"role":"assistant","content":"详细的回答\#(index)"}],"non_preferred_output":[{"role":"assistant","content":"\#(rejected)"}]}"#
    }

    /// 12 pairs whose rejected answer is always 挺好的。: said, with the count, and warned about; the chosen side
    /// is all distinct and gets no warning.
    @Test func dpoSidesAndTheirRepeats() throws {
        let text = (1...12).map { Self.dpoLine($0, rejected: "挺好的。") }.joined(separator: "\n") + "\n"
        let stats = try DatasetStats.measure(path: Fixture.write(text, name: "dpo.jsonl"))
        let rejected = try #require(stats.rejectedAnswers)
        #expect(rejected.total == 12 && rejected.distinct == 1)
        #expect(rejected.description(side: "rejected") == "12 rejected answers, 1 distinct: 挺好的。 ×12")
        #expect(stats.chosenAnswers?.distinct == 12 && stats.chosenAnswers?.mostlyRepeated == false)
        #expect(stats.rejectedCharacters.median == 4 && stats.assistantCharacters.minimum == 6)
        #expect(stats.warnings.map(\.code) == ["content.dpo_repeated"])
        #expect(stats.warnings.first?.message.contains("rejected") == true)
        let varied = (1...12).map { Self.dpoLine($0, rejected: "不好\($0)") }.joined(separator: "\n") + "\n"
        #expect(try DatasetStats.measure(path: Fixture.write(varied, name: "dpo.jsonl")).warnings.isEmpty)
    }

    /// Reasoning is measured apart from the answer.
    @Test func reasoningIsApartFromTheAnswer() throws {
        let line = #"{"messages":[{"role":"user","content":"问"},{"role":"assistant","reasoning_content":"想一想再回答","content":"答"}]}"#
        let stats = try DatasetStats.measure(path: Fixture.write(line + "\n", name: "thinking.jsonl"))
        #expect(stats.format == .thinking)
        #expect(stats.assistantCharacters.total == 1 && stats.reasoningCharacters.total == 6)
    }
}
