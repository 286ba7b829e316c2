import Foundation
import Testing
@testable import TuneKit

@Suite("Importing JSONL records")
struct JSONLImportTests {
    static let examples: [(String, OutputFormat)] = ValidationCodeTests.examples

    /// Each documented line, read as a record and written again in its format, comes back byte for byte.
    @Test(arguments: examples)
    func documentedLinesRoundTrip(file: String, format: OutputFormat) throws {
        let path = Fixture.path("jsonl/" + file)
        let directory = Fixture.temporaryDirectory()
        let result = try ConvertJob(options: ConvertOptions(inputs: [path], format: format, outputDirectory: directory,
                                                            dedup: .none)).run()
        #expect(result.report.counts.train == 1)
        #expect(Fixture.bytes(directory + "/train.jsonl") == Fixture.bytes(path))
    }

    @Test func legacySpellingsAreRewrittenAndCounted() throws {
        let lines = [
            #"{"messages":[{"role":"user","content":"Weather in Paris?"},{"role":"assistant","content":null,"function_call":{"name":"get_weather","arguments":{"city":"Paris"}}},{"role":"function","name":"get_weather","content":"{\"t\":21}"},{"role":"assistant","content":"21 °C."}],"functions":[{"name":"get_weather","description":"Weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}]}"#,
            #"{"prompt":"Say hi","chosen":"Hi! How can I help?","rejected":"no","id":17}"#,
            "not json",
        ]
        let path = Fixture.write(lines.joined(separator: "\n") + "\n", name: "legacy.jsonl")
        let reader = try JSONLRecordReader(path: path)
        var records: [Record] = []
        var rejects: [Reject] = []
        while let event = try reader.next() {
            switch event {
            case .record(let record): records.append(record)
            case .reject(let reject): rejects.append(reject)
            }
        }
        #expect(records.count == 2)
        #expect(rejects.map(\.reason) == ["jsonl.parse"])
        #expect(rejects.first?.source.line == 3)
        #expect(reader.rewrites["\"functions\" rewritten as \"tools\""] == 1)
        #expect(reader.rewrites["\"function_call\" rewritten as \"tool_calls\""] == 1)
        #expect(reader.rewrites["role \"function\" rewritten as \"tool\""] == 1)
        #expect(reader.rewrites["arguments object rewritten as a JSON string"] == 1)
        #expect(reader.rewrites["\"chosen\"/\"rejected\" rewritten as preferred_output/non_preferred_output"] == 1)
        #expect(reader.rewrites["key \"id\" left out"] == 1)
        guard case .conversation(let conversation) = records[0].example else {
            Issue.record("not a conversation")
            return
        }
        let call = try #require(conversation.messages[1].toolCalls.first)
        #expect(call.arguments == #"{"city":"Paris"}"#)
        #expect(conversation.messages[2].role == .tool)
        #expect(conversation.messages[2].toolCallID == call.id)

        // Written as the platform's shapes, both pass the validator.
        for (index, format) in [(0, OutputFormat.tools), (1, .dpo)] {
            var writer = JSONWriter()
            RecordWriter(format: format).write(records[index], to: &writer)
            let out = Fixture.write(writer.bytes, name: "out.jsonl")
            let result = JSONLValidator(minimumRecords: 0).validate(path: out, format: format)
            #expect(result.errorCount == 0, "\(result.diagnostics)")
        }
    }
}
