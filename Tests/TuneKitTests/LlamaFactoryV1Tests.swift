import Foundation
import Testing
@testable import TuneKit

/// LLaMA-Factory v1 samples (turns of `{"type", "value"}` content blocks, `chosen_messages` / `rejected_messages`),
/// on excerpts of its own demo files (`Fixtures/dialects/README.md`) and on records made to break one rule each.
@Suite("LLaMA-Factory v1 samples")
struct LlamaFactoryV1Tests {
    typealias Run = DatasetDialectTests.Run

    /// The lines of a JSONL fixture, parsed independently of TuneKit.
    static func records(_ name: String) -> [[String: Any]] {
        Fixture.read(DatasetDialectTests.fixture(name)).split(separator: "\n").map {
            try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }

    /// A turn's blocks of one type, joined as LLaMA-Factory's renderer joins them.
    static func blocks(_ turn: [String: Any], _ type: String) -> String {
        (turn["content"] as! [[String: Any]]).filter { $0["type"] as? String == type }.map { $0["value"] as! String }.joined()
    }

    static func turns(_ record: [String: Any], _ key: String = "messages") -> [[String: Any]] {
        record[key] as! [[String: Any]]
    }

    /// A fixture converted as `tunekit convert FILE` does: no `--to`, the records decide the format.
    static func convertDecidingFormat(_ name: String) throws -> Run {
        try DatasetDialectTests.convert([DatasetDialectTests.fixture(name)], to: .chat) { $0.mapping.formatFromColumns = true }
    }

    /// Every record becomes a chat line whose turns hold exactly the text of the blocks.
    @Test func sftDemoBecomesChatLinesWithTheBlocksText() throws {
        let records = Self.records("v1_sft_demo.jsonl")
        let run = try DatasetDialectTests.convert([DatasetDialectTests.fixture("v1_sft_demo.jsonl")], to: .chat)
        #expect(run.counts.read == 20 && run.counts.train == 20 && run.counts.rejected == 0)
        #expect(run.fact("dialect") == "llamafactory v1 20")
        DatasetDialectTests.expectValid(run, .chat)
        for (record, line) in zip(records, run.lines) {
            let expected = Self.turns(record).map { [$0["role"] as! String, Self.blocks($0, "text")] }
            let written = (line["messages"] as! [[String: Any]]).map { [$0["role"] as! String, $0["content"] as! String] }
            #expect(written == expected)
        }
    }

    /// Each pair's shared turns become the input and the two last turns the compared replies; the format is
    /// decided from the records when `--to` is not given.
    @Test func dpoDemoBecomesPreferencePairs() throws {
        let records = Self.records("v1_dpo_demo.jsonl")
        let run = try Self.convertDecidingFormat("v1_dpo_demo.jsonl")
        #expect(run.result.report.format == .dpo)
        #expect(run.counts.read == 10 && run.counts.train == 10)
        DatasetDialectTests.expectValid(run, .dpo)
        for (record, line) in zip(records, run.lines) {
            let chosen = Self.turns(record, "chosen_messages"), rejected = Self.turns(record, "rejected_messages")
            let input = line["input"] as! [String: Any]
            // The system prompt is the input's first message, as in the platform's DPO example.
            let expected = chosen.dropLast().map { [$0["role"] as! String, Self.blocks($0, "text")] }
            #expect(expected.first?[0] == "system")
            let written = (input["messages"] as! [[String: Any]]).map { [$0["role"] as! String, $0["content"] as! String] }
            #expect(written == expected)
            let preferred = (line["preferred_output"] as! [[String: Any]])[0]["content"] as! String
            let nonPreferred = (line["non_preferred_output"] as! [[String: Any]])[0]["content"] as! String
            #expect(preferred == Self.blocks(chosen.last!, "text"))
            #expect(nonPreferred == Self.blocks(rejected.last!, "text"))
        }
    }

    /// Reasoning blocks make thinking lines (decided from the records); calls with their one result are kept,
    /// and what the platform cannot take is rejected by its rule: one result for several calls, a call never
    /// answered, a tool schema without `"type": "object"`.
    @Test func reasoningToolUseDemoBecomesThinkingLines() throws {
        let records = Self.records("reason_tool_use_demo_12.jsonl")
        let run = try Self.convertDecidingFormat("reason_tool_use_demo_12.jsonl")
        #expect(run.result.report.format == .thinking)
        #expect(run.counts.read == 12 && run.counts.train == 3)
        #expect(run.reasons == ["tool.params_schema": 4, "tools.parallel_results": 2, "tool.call_unanswered": 3])
        #expect(Set(run.rejects.map { $0["source"] as! String }.map { $0.split(separator: ":").last! }) ==
                ["1", "3", "4", "6", "7", "8", "9", "10", "12"])
        DatasetDialectTests.expectValid(run, .thinking)
        // Line 2 of the input: two calls, each answered, every reasoning block carried.
        let source = Self.turns(records[1]).filter { $0["role"] as? String == "assistant" }
        let written = (run.lines[0]["messages"] as! [[String: Any]]).filter { $0["role"] as? String == "assistant" }
        #expect(written.map { $0["reasoning_content"] as? String } == source.map { Self.blocks($0, "reasoning") })
        let sourceCalls = source.flatMap { turn in
            (turn["content"] as! [[String: Any]]).filter { $0["type"] as? String == "tool_call" }.map {
                (try! JSONSerialization.jsonObject(with: Data(($0["value"] as! String).utf8)) as! [String: Any])["name"] as! String
            }
        }
        let writtenCalls = written.flatMap { ($0["tool_calls"] as? [[String: Any]]) ?? [] }
            .map { ($0["function"] as! [String: Any])["name"] as! String }
        #expect(sourceCalls.count == 2 && writtenCalls == sourceCalls)
    }

    /// The multimodal demo names its pictures from the project's root (`data/mllm_demo_data/1.jpg`): read under
    /// `--image-root`, each picture is its own user message where its block stood, inlined as a JPEG data URI;
    /// the two records that ask about two pictures each are rejected by the platform's cap of one.
    @Test func multimodalDemoBecomesVisionLinesUnderTheImageRoot() throws {
        let root = Fixture.temporaryDirectory()
        let pictures = root + "/data/mllm_demo_data"
        try FileManager.default.createDirectory(atPath: pictures, withIntermediateDirectories: true)
        for name in ["1.jpg", "2.jpg", "3.jpg"] {
            try FileManager.default.copyItem(atPath: DatasetDialectTests.fixture("mllm_demo_data/" + name), toPath: pictures + "/" + name)
        }
        let input = root + "/data/v1_multimodal_demo.jsonl"
        try FileManager.default.copyItem(atPath: DatasetDialectTests.fixture("v1_multimodal_demo.jsonl"), toPath: input)
        let run = try DatasetDialectTests.convert([input], to: .vision) {
            $0.images = ImageEmbedding(mode: .base64, root: root, jobs: 1)
        }
        #expect(run.counts.read == 6 && run.counts.train == 4 && run.reasons == ["img.count": 2])
        #expect(Set(run.rejects.map { $0["source"] as! String }.map { $0.split(separator: ":").last! }) == ["1", "4"])
        DatasetDialectTests.expectValid(run, .vision)
        let records = Self.records("v1_multimodal_demo.jsonl")
        for (record, line) in zip([records[1], records[2], records[4], records[5]], run.lines) {
            // Block by block: a picture is a message holding a data URI, text is the block's value.
            let expected = Self.turns(record).flatMap { turn in
                (turn["content"] as! [[String: Any]]).map { [turn["role"] as! String, $0["type"] as! String == "text" ? $0["value"] as! String : "picture"] }
            }
            let written = (line["messages"] as! [[String: Any]]).map { message -> [String] in
                if let parts = message["content"] as? [[String: Any]] {
                    let url = (parts.first?["image_url"] as? [String: Any])?["url"] as? String
                    return [message["role"] as! String, url?.hasPrefix("data:image/jpeg;base64,") == true ? "picture" : "?"]
                }
                return [message["role"] as! String, message["content"] as! String]
            }
            #expect(written == expected)
        }
    }

    /// Records made to break one rule each: the reject code and what its message names.
    @Test(arguments: [
        ("assistant not to learn", #"{"messages":[{"role":"user","content":[{"type":"text","value":"hi"}]},{"role":"assistant","content":[{"type":"text","value":"hello"}],"loss_weight":0.0}]}"#,
         "map.loss_weight", "loss_weight 0.0"),
        ("video", #"{"messages":[{"role":"user","content":[{"type":"video_url","value":"a.mp4"},{"type":"text","value":"what?"}]},{"role":"assistant","content":[{"type":"text","value":"a dog"}]}]}"#,
         "media.unsupported", "video_url"),
        ("labels in extra_info", #"{"messages":[{"role":"user","content":[{"type":"text","value":"hi"}]},{"role":"assistant","content":[{"type":"text","value":"bad"}]}],"extra_info":"{\"kto_labels\": false}"}"#,
         "jsonl.shape", "extra_info"),
        ("pair on two prompts", #"{"chosen_messages":[{"role":"user","content":[{"type":"text","value":"a"}]},{"role":"assistant","content":[{"type":"text","value":"x"}]}],"rejected_messages":[{"role":"user","content":[{"type":"text","value":"b"}]},{"role":"assistant","content":[{"type":"text","value":"y"}]}]}"#,
         "jsonl.shape", "differ before their last turn"),
        ("unknown block", #"{"messages":[{"role":"user","content":[{"type":"html","value":"<b>hi</b>"}]},{"role":"assistant","content":[{"type":"text","value":"hello"}]}]}"#,
         "jsonl.shape", "\"html\""),
        ("picture from the assistant", #"{"messages":[{"role":"user","content":[{"type":"text","value":"draw"}]},{"role":"assistant","content":[{"type":"image_url","value":"https://example.com/a.jpg"}]}]}"#,
         "image.marker_in_reply", "pictures go in user turns"),
    ])
    func brokenRecordIsRejected(name: String, line: String, code: String, names: String) throws {
        let path = Fixture.write(line + "\n", name: "v1.jsonl")
        let run = try DatasetDialectTests.convert([path], to: .chat)
        #expect(run.counts.train == 0, "\(name)")
        #expect(run.reasons == [code: 1], "\(name)")
        #expect((run.rejects.first?["message"] as? String)?.contains(names) == true, "\(name): \(run.rejects)")
    }

    /// Text blocks are one text with nothing added between them; a picture block cuts a user turn into the
    /// platform's consecutive user messages; weights of user turns and an assistant weight of 1 change nothing.
    @Test func blocksJoinAndPicturesCutTheUserTurn() throws {
        let line = #"{"messages":[{"role":"user","content":[{"type":"text","value":"Who is "},{"type":"text","value":"this? "},{"type":"image_url","value":"https://example.com/p.jpg"},{"type":"text","value":" Be brief."}],"loss_weight":0.0},{"role":"assistant","content":[{"type":"text","value":"A "},{"type":"text","value":"player."}],"loss_weight":1.0}]}"#
        let path = Fixture.write(line + "\n", name: "v1.jsonl")
        let run = try DatasetDialectTests.convert([path], to: .vision)
        #expect(run.counts.train == 1)
        DatasetDialectTests.expectValid(run, .vision)
        let messages = run.lines[0]["messages"] as! [[String: Any]]
        #expect(messages.count == 4)
        #expect(messages[0]["content"] as? String == "Who is this?")
        #expect(((messages[1]["content"] as? [[String: Any]])?.first?["image_url"] as? [String: Any])?["url"] as? String
                == "https://example.com/p.jpg")
        #expect(messages[2]["content"] as? String == "Be brief.")
        #expect(messages[3]["content"] as? String == "A player.")
    }

    /// The platform's own content parts (`{"type": "text", "text": …}`) are not this dialect.
    @Test func platformContentPartsAreNotV1() {
        let platform = try! JSONReader.parse(#"{"messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}]}"#).value
        let v1 = try! JSONReader.parse(#"{"messages":[{"role":"user","content":[{"type":"text","value":"hi"}]}]}"#).value
        #expect(DatasetDialect.recognise(platform.objectValue!)?.formatting != .llamaFactoryV1)
        #expect(DatasetDialect.recognise(v1.objectValue!)?.formatting == .llamaFactoryV1)
    }
}
