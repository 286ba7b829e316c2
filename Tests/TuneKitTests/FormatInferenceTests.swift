import Foundation
import Testing
@testable import TuneKit

/// Without `--to` the columns decide the format; a column of another format that nothing uses is named.
@Suite("The format follows the columns")
struct FormatInferenceTests {
    @Test(arguments: [
        (["question", "answer"], OutputFormat.chat, "no column of another format"),
        (["system", "user", "reasoning", "assistant"], .thinking, "column reasoning"),
        (["问题", "思考过程", "函数名", "参数", "结果", "答案"], .thinking, "column 思考过程"),
        (["user", "chosen", "rejected"], .dpo, "columns chosen, rejected"),
        (["问题", "好回答", "差回答", "类别"], .dpo, "columns 好回答, 差回答"),
        (["user", "call_name", "call_arguments", "tool_result", "assistant"], .tools, "column call_name"),
        (["prompt", "image"], .imageGen, "columns image, prompt"),
        (["question", "图片", "answer"], .vision, "columns 图片, question"),
        // Generic names decide nothing: a link column is not a picture, a result not a tool call.
        (["question", "answer", "url", "result"], .chat, "no column of another format"),
    ])
    func columnsDecide(columns: [String], format: OutputFormat, reason: String) {
        let inferred = FormatInference.infer(header: TableHeader(columns: columns), mapping: MappingSpec())
        #expect(inferred.format == format)
        #expect(inferred.reason == reason)
    }

    @Test func callColumnsMakeThinkingsVariantWithDefinitions() throws {
        var mapping = MappingSpec()
        mapping.tools = try ToolDefinition.load(path: Fixture.path("formats/tools.json"))
        let inferred = FormatInference.infer(header: TableHeader(columns: ["问题", "思考过程", "函数名", "参数", "结果", "答案"]), mapping: mapping)
        #expect(inferred.format == .thinking)
        #expect(inferred.reason == "columns 思考过程, 函数名")
    }

    @Test func templatesDecideToo() throws {
        var mapping = MappingSpec()
        mapping[.chosen] = try FieldTemplate("{{a}}")
        mapping[.rejected] = try FieldTemplate("{{b}}")
        let inferred = FormatInference.infer(header: TableHeader(columns: ["q", "a", "b"]), mapping: mapping)
        #expect(inferred.format == .dpo)
        #expect(inferred.reason == "--chosen, --rejected")
    }

    /// Each fill-in template converts without `--to` into its own format, every line valid.
    @Test(arguments: OutputFormat.allCases)
    func templatesNeedNoTo(_ format: OutputFormat) throws {
        let folder = Fixture.repositoryRoot.appendingPathComponent("Templates").path
        let out = Fixture.temporaryDirectory()
        var options = ConvertOptions(inputs: [folder + "/\(format.rawValue).csv"], outputDirectory: out)
        options.mapping.formatFromColumns = true
        if format == .tools { options.mapping.tools = try ToolDefinition.load(path: folder + "/tools.json") }
        let result = try ConvertJob(options: options).run()
        #expect(result.report.format == format)
        #expect(result.diagnostics.contains { $0.code == "convert.format" && $0.message.hasPrefix("format: \(format.rawValue) (") })
        #expect(result.report.counts.train == 2, "\(result.report.rejectsByReason)")
        let validation = JSONLValidator(maxFileBytes: 100 * 1_000_000, minimumRecords: 0).validate(path: out + "/train.jsonl", format: format)
        #expect(validation.errorCount == 0 && validation.records == 2, "\(validation.diagnostics)")
    }

    /// A column named for another format's field that no template reads is an error naming it and the --to
    /// that reads it; with allowUnused it is a warning.
    @Test func unusedColumnsOfAnotherFormatAreNamed() throws {
        let header = TableHeader(columns: ["问题", "答案", "思考", "图片"])
        var spec = MappingSpec()
        let error = #expect(throws: ImportError.self) { try TableMapper(spec: spec, header: header, file: "t.csv", format: .chat) }
        let message = error?.description ?? ""
        #expect(message.contains("\"思考\"") && message.contains("--to thinking"), "\(message)")
        #expect(message.contains("\"图片\"") && message.contains("--to vision"), "\(message)")
        spec.allowUnused = true
        let mapper = try TableMapper(spec: spec, header: header, file: "t.csv", format: .chat)
        #expect(mapper.warnings.map(\.code) == ["map.unused_column", "map.unused_column"])
        // A template that reads the column uses it.
        spec.allowUnused = false
        spec[.user] = try FieldTemplate("{{问题}}（{{思考}}）")
        spec[.image] = nil
        let used = #expect(throws: ImportError.self) { try TableMapper(spec: spec, header: header, file: "t.csv", format: .chat) }
        #expect(used?.description.contains("思考") == false)
    }
}
