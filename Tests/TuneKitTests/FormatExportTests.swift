import Foundation
import Testing
@testable import TuneKit

/// A CSV with columns for every format converts to each documented shape, key for key.
@Suite("Every format from a table")
struct FormatExportTests {
    private func convert(to format: OutputFormat, tools: Bool = false) throws -> (ConvertJob.Result, [String], [String]) {
        let directory = Fixture.temporaryDirectory()
        var options = ConvertOptions(inputs: [Fixture.path("formats/all-formats.csv")], format: format,
                                     outputDirectory: directory, dedup: .none)
        options.mapping.allowUnused = true  // the table has columns for every format
        if tools { options.mapping.tools = try ToolDefinition.load(path: Fixture.path("formats/tools.json")) }
        let result = try ConvertJob(options: options).run()
        func lines(_ name: String) -> [String] {
            Fixture.read(directory + "/" + name).split(separator: "\n").map(String.init)
        }
        return (result, lines("train.jsonl"), lines("rejects.jsonl"))
    }

    @Test func chat() throws {
        let (_, lines, _) = try convert(to: .chat)
        #expect(lines.count == 3)
        #expect(lines[0] == #"{"messages":[{"role":"user","content":"北京到上海的快递要几天？"},{"role":"assistant","content":"一般 2–3 天送达，偏远地区顺延。"}]}"#)
    }

    @Test func thinking() throws {
        let (_, lines, _) = try convert(to: .thinking)
        #expect(lines.count == 3)
        #expect(lines[0] == #"{"messages":[{"role":"user","content":"北京到上海的快递要几天？"},{"role":"assistant","content":"一般 2–3 天送达，偏远地区顺延。","reasoning_content":"用户问京沪线时效，陆运一般 2–3 天。"}]}"#)
    }

    @Test func dpo() throws {
        let (_, lines, _) = try convert(to: .dpo)
        #expect(lines.count == 3)
        #expect(lines[1] == #"{"input":{"messages":[{"role":"user","content":"What's the weather in Hangzhou today?"}],"tools":[],"parallel_tool_calls":false},"preferred_output":[{"role":"assistant","content":"It is sunny in Hangzhou today, 18–25 °C."}],"non_preferred_output":[{"role":"assistant","content":"Weather is weather."}]}"#)
    }

    @Test func imageGenerationTakesURLsAndRejectsLocalFiles() throws {
        let (result, lines, rejects) = try convert(to: .imageGen)
        #expect(lines.count == 2)
        #expect(lines[0] == #"{"messages":[{"role":"user","content":"一只在上海外滩散步的柴犬，水彩风格"},{"role":"assistant","content":[{"type":"image_url","image_url":{"url":"https://example.com/img/shiba.jpg"}}]}]}"#)
        #expect(result.report.rejectsByReason == ["map.local_image": 1])
        #expect(rejects.first?.contains("/photos/courier.jpg is a local file") == true)
    }

    @Test func visionPutsTheImageInItsOwnUserTurn() throws {
        let (_, lines, _) = try convert(to: .vision)
        #expect(lines.count == 2)
        #expect(lines[1] == #"{"messages":[{"role":"user","content":"What's the weather in Hangzhou today?"},{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://example.com/img/hangzhou.png"}}]},{"role":"assistant","content":"Sunny, 18–25 °C."}]}"#)
    }

    @Test func functionCalling() throws {
        let (_, lines, _) = try convert(to: .tools, tools: true)
        #expect(lines.count == 3)
        let line = try JSONReader.parse(lines[1]).value
        #expect(line.objectValue?.keys == ["messages", "tools"])
        let messages = try #require(line["messages"]?.arrayValue)
        #expect(messages.map { $0["role"]?.stringValue } == ["user", "assistant", "tool", "assistant"])
        let call = try #require(messages[1]["tool_calls"]?.arrayValue?.first)
        #expect(messages[1].objectValue?.keys == ["role", "tool_calls"])
        #expect(call.objectValue?.keys == ["id", "type", "function"])
        #expect(call["function"]?["name"] == .string("get_weather"))
        #expect(call["function"]?["arguments"] == .string(#"{"city":"Hangzhou"}"#))
        let id = try #require(call["id"]?.stringValue)
        #expect(id.count == 9 && id.allSatisfy { $0.isLetter || $0.isNumber })
        #expect(messages[2].objectValue?.keys == ["role", "content", "tool_call_id"])
        #expect(messages[2]["tool_call_id"] == .string(id))
        #expect(messages[2]["content"] == .string(#"{"weather": "sunny", "high": 25, "low": 18}"#))
        let tools = try #require(line["tools"]?.arrayValue)
        #expect(tools.map { $0["function"]?["name"]?.stringValue } == ["track_parcel", "get_weather"])
        #expect(tools[1].objectValue?.keys == ["type", "function"])
        #expect(tools[1]["function"]?.objectValue?.keys == ["name", "description", "parameters"])
    }

    @Test func toolsNeedDefinitions() {
        #expect(throws: ConvertError.self) { try convert(to: .tools, tools: false) }
    }

    @Test func identicalPreferenceIsRejected() throws {
        let path = Fixture.write("问题,好回答,差回答\nq,\"同一个答案。\",同一个答案.\nq2,a,b\n", name: "same.csv")
        let directory = Fixture.temporaryDirectory()
        let result = try ConvertJob(options: ConvertOptions(inputs: [path], format: .dpo, outputDirectory: directory)).run()
        #expect(result.report.rejectsByReason == ["map.identical_preference": 1])
        #expect(result.report.counts.train == 1)
    }

    @Test func callArgumentsMustBeAnObject() throws {
        let csv = "问题,函数名,参数,结果,答案\nq,get_weather,\"[1,2]\",r,a\nq,nope,{},r,a\n"
        let path = Fixture.write(csv, name: "args.csv")
        var options = ConvertOptions(inputs: [path], format: .tools, outputDirectory: Fixture.temporaryDirectory())
        options.mapping.tools = try ToolDefinition.load(path: Fixture.path("formats/tools.json"))
        let result = try ConvertJob(options: options).run()
        #expect(result.report.rejectsByReason == ["map.arguments_not_object": 1, "map.unknown_function": 1])
        #expect(result.exitStatus == 1)
    }
}
