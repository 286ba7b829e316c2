import Foundation
import Testing
@testable import TuneKit

/// Every fill-in file in Templates/ converts without a mapping flag, with no reject, into lines the validator
/// passes.
@Suite("Templates")
struct TemplateTests {
    @Test(arguments: OutputFormat.allCases)
    func templateConvertsAsItIs(_ format: OutputFormat) throws {
        let folder = Fixture.repositoryRoot.appendingPathComponent("Templates").path
        let out = Fixture.temporaryDirectory()
        var options = ConvertOptions(inputs: [folder + "/\(format.rawValue).csv"], format: format, outputDirectory: out)
        if format == .tools { options.mapping.tools = try ToolDefinition.load(path: folder + "/tools.json") }
        let result = try ConvertJob(options: options).run()
        #expect(result.report.counts.read == 2 && result.report.counts.train == 2, "\(format)")
        #expect(result.report.counts.rejected == 0, "\(result.report.rejectsByReason)")
        let validation = JSONLValidator().validate(path: out + "/train.jsonl", format: format)
        #expect(validation.errorCount == 0, "\(validation.diagnostics)")
    }
}
