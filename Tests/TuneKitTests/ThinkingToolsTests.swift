import Foundation
import Testing
@testable import TuneKit

/// Deep thinking's function-calling variant (the platform guide offers it under 深度思考): assistant turns with
/// `reasoning_content` and `tool_calls`, `tool` results and a top-level `tools` array.
@Suite("Thinking with tools")
struct ThinkingToolsTests {
    static let validator = JSONLValidator(maxFileBytes: 100 * 1_000_000, minimumRecords: 0)

    /// The documented line (`formats/examples/thinking-tools.jsonl`) validates clean as thinking, given or
    /// detected, and as tools.
    @Test func theExampleIsAThinkingLine() {
        let path = Fixture.path("jsonl/thinking-tools.jsonl")
        let given = Self.validator.validate(path: path, format: .thinking)
        #expect(given.diagnostics.isEmpty, "\(given.diagnostics)")
        let detected = Self.validator.validate(path: path)
        #expect(detected.format == .thinking)
        #expect(detected.diagnostics.isEmpty, "\(detected.diagnostics)")
        #expect(Self.validator.validate(path: path, format: .tools).diagnostics.isEmpty)
    }

    /// A thinking line with calls but no `tools` array, and one whose call is unanswered, are still errors.
    @Test(arguments: [
        (#"{"messages":[{"role":"user","content":"q"},{"role":"assistant","reasoning_content":"r","tool_calls":[{"id":"call00001","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","content":"x","tool_call_id":"call00001"},{"role":"assistant","content":"a"}]}"#, "tool.category"),
        (#"{"messages":[{"role":"user","content":"q"},{"role":"assistant","reasoning_content":"r","tool_calls":[{"id":"call00001","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"assistant","content":"a"}],"tools":[{"type":"function","function":{"name":"f","description":"d","parameters":{"type":"object","properties":{}}}}]}"#, "tool.call_unanswered"),
    ])
    func brokenVariantsAreErrors(line: String, code: String) {
        let result = Self.validator.validate(path: Fixture.write(line + "\n", name: "t.jsonl"), format: .thinking)
        #expect(result.diagnostics.contains { $0.code == code && $0.severity == .error }, "\(result.diagnostics)")
    }

    /// The all-formats table converts to the variant with `--tools` and the call columns; every line validates.
    @Test func convertWritesTheVariantFromCallColumns() throws {
        let directory = Fixture.temporaryDirectory()
        var options = ConvertOptions(inputs: [Fixture.path("formats/all-formats.csv")], format: .thinking,
                                     outputDirectory: directory, dedup: .none)
        options.mapping.allowUnused = true  // the table has columns for every format
        options.mapping.tools = try ToolDefinition.load(path: Fixture.path("formats/tools.json"))
        options.mapping[.callName] = try FieldTemplate("{{函数名}}")
        options.mapping[.callArguments] = try FieldTemplate("{{参数}}")
        options.mapping[.toolResult] = try FieldTemplate("{{结果}}")
        options.mapping[.reasoning] = try FieldTemplate("{{思考}}")
        let result = try ConvertJob(options: options).run()
        #expect(result.report.counts.train >= 2)
        let train = directory + "/train.jsonl"
        let validation = Self.validator.validate(path: train, format: .thinking)
        #expect(validation.records == result.report.counts.train)
        #expect(validation.errorCount == 0, "\(validation.diagnostics)")
        #expect(Self.validator.validate(path: train).format == .thinking)
        let line = try JSONReader.parse(String(Fixture.read(train).split(separator: "\n")[1])).value
        #expect(line.objectValue?.keys == ["messages", "tools"])
        let messages = try #require(line["messages"]?.arrayValue)
        #expect(messages.map { $0["role"]?.stringValue } == ["user", "assistant", "tool", "assistant"])
        #expect(messages[1].objectValue?.keys == ["role", "reasoning_content", "tool_calls"])
        #expect(messages[1]["reasoning_content"] == JSONValue.string("The user wants today's weather; call the weather tool for Hangzhou."))
    }

    /// Call columns alone (named like a tools table) leave thinking plain; a call template without definitions
    /// is a clear error.
    @Test func aCallNeedsDefinitions() throws {
        var options = ConvertOptions(inputs: [Fixture.path("formats/all-formats.csv")], format: .thinking,
                                     outputDirectory: Fixture.temporaryDirectory(), dedup: .none)
        options.mapping.allowUnused = true
        options.mapping[.callName] = try FieldTemplate("{{函数名}}")
        let error = #expect(throws: ConvertError.self) { try ConvertJob(options: options).run() }
        #expect(error?.message.contains("--tools FILE") == true, "\(String(describing: error))")
    }
}
