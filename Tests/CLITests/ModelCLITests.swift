import Foundation
import Testing

/// `--model`, `--method` and `--tokenizer` on `stats` and `validate`, and `convert --validation` that would leave
/// nothing to train on, as users run them.
@Suite("tunekit --model and guardrails")
struct ModelCLITests {
    static let thinking = #"{"messages":[{"role":"user","content":"问"},{"role":"assistant","reasoning_content":"想","content":"答"}]}"#

    static func file(_ text: String, _ name: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tk-model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func statsAndValidateWarnAboutTheModel() throws {
        let path = try Self.file(Self.thinking + "\n", "train.jsonl")
        let stats = try CLITests.run(["stats", path, "--model", "glm-4-flash"])
        #expect(stats.status == 0)
        #expect(stats.stderr.contains("[model.cannot_train] glm-4-flash does not train on thinking (deep-thinking) data; glm-4.5-air does, with --method full"))
        #expect(stats.stdout.contains("reasoning per record (characters): median 1"))
        let validate = try CLITests.run(["validate", path, "--model", "glm-4.5-air", "--method", "lora", "--json"])
        #expect(validate.status == 0)
        #expect(validate.stdout.contains(#""code":"model.cannot_train""#))
        #expect(validate.stdout.contains(#""model":{"name":"glm-4.5-air","method":"lora","methods":["full"]"#))
    }

    @Test(arguments: [["stats", "--model", "gpt-4o"], ["validate", "--model", "gpt-4o"], ["stats", "--method", "full"],
                      ["stats", "--tokenizer", "/nonexistent/tokenizer.model"]])
    func badChoicesExitTwo(_ arguments: [String]) throws {
        let path = try Self.file(Self.thinking + "\n", "train.jsonl")
        let outcome = try CLITests.run([arguments[0], path] + arguments.dropFirst())
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains(arguments[1]))
    }

    @Test func aValidationThatTakesEverythingExitsTwo() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("tk-val-\(UUID().uuidString)").path
        let outcome = try CLITests.run(["convert", CLITests.sample, "-o", out, "--validation", "5000"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("--validation 5000 would put all 345 kept records in validation.jsonl"))
        #expect(!FileManager.default.fileExists(atPath: out + "/train.jsonl"))
    }
}
