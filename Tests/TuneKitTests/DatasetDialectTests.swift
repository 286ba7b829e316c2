import Foundation
import Testing
@testable import TuneKit

/// LLaMA-Factory's dataset dialects, on excerpts of its own sample files (`Fixtures/dialects/README.md`): every
/// line written passes the validator, and what cannot be written is rejected with a code that names what decides.
@Suite("LLaMA-Factory dataset dialects")
struct DatasetDialectTests {
    /// One conversion: the report, the training lines and the rejects, parsed.
    struct Run {
        var result: ConvertJob.Result
        var directory: String
        var lines: [[String: Any]]
        var rejects: [[String: Any]]

        var reasons: [String: Int] { result.report.rejectsByReason }
        var counts: ConversionReport.Counts { result.report.counts }
        func fact(_ key: String) -> String? { result.report.inputs.first?.facts.first { $0.key == key }?.value }
        var trainText: String { String(decoding: Fixture.bytes(directory + "/train.jsonl"), as: UTF8.self) }
    }

    static func convert(_ inputs: [String], to format: OutputFormat, change: (inout ConvertOptions) -> Void = { _ in }) throws -> Run {
        let directory = Fixture.temporaryDirectory()
        var options = ConvertOptions(inputs: inputs, format: format, outputDirectory: directory, dedup: .none)
        change(&options)
        let result = try ConvertJob(options: options).run()
        func objects(_ name: String) -> [[String: Any]] {
            String(decoding: Fixture.bytes(directory + "/" + name), as: UTF8.self).split(separator: "\n").map {
                try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
            }
        }
        return Run(result: result, directory: directory, lines: objects("train.jsonl"), rejects: objects("rejects.jsonl"))
    }

    static func fixture(_ name: String) -> String { Fixture.path("dialects/" + name) }

    /// The items of a fixture, parsed independently of TuneKit.
    static func items(_ name: String) -> [[String: Any]] {
        try! JSONSerialization.jsonObject(with: Data(Fixture.bytes(fixture(name)))) as! [[String: Any]]
    }

    /// Every line written passes `validate` in the format, with no error.
    static func expectValid(_ run: Run, _ format: OutputFormat, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let result = JSONLValidator(minimumRecords: 0).validate(path: run.directory + "/train.jsonl", format: format)
        #expect(result.errorCount == 0, "\(result.diagnostics)", sourceLocation: sourceLocation)
    }

    // MARK: ShareGPT tool calls

    /// `function_call` / `observation` turns become calls with generated ids and results linked to them; the
    /// record's `tools` string becomes its tool list. Records without tools cannot be tools lines.
    @Test func shareGPTToolCallsBecomeToolsLines() throws {
        let items = Self.items("glaive_toolcall_en_demo.json")
        let withTools = items.filter { ($0["tools"] as! String) != "[]" && ($0["tools"] as! String) != "" }.count
        let run = try Self.convert([Self.fixture("glaive_toolcall_en_demo.json")], to: .tools)
        #expect(run.counts.read == 20 && run.counts.train == withTools && withTools == 8)
        #expect(run.reasons == ["tool.tools_type": 20 - withTools])
        Self.expectValid(run, .tools)
        #expect(run.fact("dialect") == "sharegpt 12, sharegpt tool calls 8")

        // The first item: a call to search_recipes, its result linked by id, the definition from the string.
        let first = run.lines[0]
        let messages = first["messages"] as! [[String: Any]]
        let call = try #require((messages[3]["tool_calls"] as? [[String: Any]])?.first)
        let function = call["function"] as! [String: Any]
        #expect(function["name"] as? String == "search_recipes")
        #expect(function["arguments"] as? String == #"{"ingredients":["chicken","bell peppers","rice"]}"#)
        #expect(messages[4]["role"] as? String == "tool" && messages[4]["tool_call_id"] as? String == call["id"] as? String)
        #expect((call["id"] as! String).count == 9)
        let tools = first["tools"] as! [[String: Any]]
        #expect(((tools.first?["function"]) as? [String: Any])?["name"] as? String == "search_recipes")

        // Ids are deterministic: a second run writes the same bytes.
        let again = try Self.convert([Self.fixture("glaive_toolcall_en_demo.json")], to: .tools)
        #expect(again.trainText == run.trainText)
    }

    /// For chat, a record with tool turns is rejected naming `--to tools`, never written as half a conversation.
    @Test func shareGPTToolCallsAreRefusedForChat() throws {
        let items = Self.items("glaive_toolcall_en_demo.json")
        let plain = items.filter { ($0["tools"] as! String) == "[]" || ($0["tools"] as! String) == "" }.count
        let run = try Self.convert([Self.fixture("glaive_toolcall_en_demo.json")], to: .chat)
        #expect(run.counts.train == plain && run.counts.rejected == 20 - plain)
        #expect(run.reasons == ["export.tools_in_chat": 20 - plain])
        #expect(run.rejects.allSatisfy { ($0["message"] as! String).contains("--to tools") })
        #expect(!run.trainText.contains("search_recipes") && !run.trainText.contains("\"tool\""))
        Self.expectValid(run, .chat)
    }

    /// Turns that break the tool-call shape are refused with their own codes.
    @Test(arguments: [
        (#"{"conversations":[{"from":"human","value":"hi"},{"from":"observation","value":"{}"},{"from":"gpt","value":"ok"}],"tools":"[]"}"#,
         "tools.result_without_call"),
        (#"{"conversations":[{"from":"human","value":"hi"},{"from":"function_call","value":"[{\"name\":\"a\",\"arguments\":{}},{\"name\":\"b\",\"arguments\":{}}]"},{"from":"observation","value":"{}"},{"from":"gpt","value":"ok"}],"tools":"[]"}"#,
         "tools.parallel_results"),
        (#"{"conversations":[{"from":"human","value":"hi"},{"from":"function_call","value":"call a please"},{"from":"observation","value":"{}"},{"from":"gpt","value":"ok"}],"tools":"[]"}"#,
         "tools.call_not_json"),
        (#"{"conversations":[{"from":"human","value":"hi"},{"from":"gpt","value":"ok"}],"tools":"not json"}"#,
         "tools.tools_not_json"),
        (#"{"conversations":[{"from":"human","value":"hi"},{"from":"narrator","value":"ok"}]}"#, "jsonl.shape"),
    ])
    func brokenToolTurnsAreRejected(line: String, reason: String) throws {
        let run = try Self.convert([Fixture.write(line + "\n", name: "broken.jsonl")], to: .tools)
        #expect(run.reasons == [reason: 1])
    }

    // MARK: Preference data

    /// ShareGPT DPO: `conversations` and `chosen` / `rejected` turn objects become preference pairs.
    @Test func shareGPTPreferenceDataBecomesDPO() throws {
        let run = try Self.convert([Self.fixture("dpo_en_demo.json")], to: .dpo)
        #expect(run.counts.read == 20 && run.counts.train == 20 && run.counts.rejected == 0)
        Self.expectValid(run, .dpo)
        #expect(run.fact("dialect") == "sharegpt dpo 20")
        let items = Self.items("dpo_en_demo.json")
        for (item, line) in zip(items, run.lines) {
            let chosen = (item["chosen"] as! [String: Any])["value"] as! String
            let preferred = (line["preferred_output"] as! [[String: Any]])[0]["content"] as! String
            #expect(preferred == chosen)
            let turns = item["conversations"] as! [[String: Any]]
            let messages = (line["input"] as! [String: Any])["messages"] as! [[String: Any]]
            #expect(messages.count == turns.count)
            #expect(messages[0]["role"] as? String == ((turns[0]["from"] as? String) == "system" ? "system" : "user"))
        }
    }

    /// Alpaca DPO (the shape of LLaMA-Factory's `data/README.md`): no more "\"input\" has no \"messages\"".
    @Test func alpacaPreferenceDataBecomesDPO() throws {
        let lines = [
            #"{"instruction":"Translate to French.","input":"Good morning","chosen":"Bonjour","rejected":"Bonsoir"}"#,
            #"{"instruction":"Name a colour.","input":"","chosen":"Blue.","rejected":"Seven."}"#,
            #"{"instruction":"Name a colour.","input":"","chosen":"Red."}"#,
        ]
        let run = try Self.convert([Fixture.write(lines.joined(separator: "\n") + "\n", name: "alpaca-dpo.jsonl")], to: .dpo)
        #expect(run.counts.train == 2 && run.reasons == ["dpo.missing_reply": 1])
        Self.expectValid(run, .dpo)
        let messages = (run.lines[0]["input"] as! [String: Any])["messages"] as! [[String: Any]]
        #expect(messages.map { $0["content"] as! String } == ["Translate to French.\nGood morning"])
        #expect((run.lines[0]["non_preferred_output"] as! [[String: Any]])[0]["content"] as? String == "Bonsoir")
    }

    // MARK: KTO

    /// A reply labelled `false` never becomes a chat target; the `true` ones do.
    @Test func ktoFalseRepliesAreNeverTargets() throws {
        let items = Self.items("kto_en_demo.json")
        let desirable = items.filter { $0["label"] as! Bool }.count
        let run = try Self.convert([Self.fixture("kto_en_demo.json")], to: .chat)
        #expect(desirable == 12)
        #expect(run.counts.train == desirable && run.reasons == ["kto.undesired": 20 - desirable])
        Self.expectValid(run, .chat)
        let targets = Set(run.lines.flatMap { ($0["messages"] as! [[String: Any]]).filter { $0["role"] as? String == "assistant" } }
            .map { $0["content"] as! String })
        for item in items {
            let reply = (item["messages"] as! [[String: Any]]).last!["content"] as! String
            #expect(targets.contains(reply) == (item["label"] as! Bool))
        }
    }

    /// With `--to dpo`, a `false` reply is paired with a `true` reply to the same prompt; the rest are unpaired.
    @Test func ktoRepliesArePairedForDPO() throws {
        let run = try Self.convert([Self.fixture("kto_en_demo.json")], to: .dpo)
        #expect(run.counts.train == 1 && run.reasons == ["kto.unpaired": 18])
        #expect(run.fact("kto pairs") == "1 made from 2 records, 18 records unpaired (kto.unpaired)")
        #expect(run.result.diagnostics.contains { $0.code == "convert.rejects" && $0.message == "18 input records were rejected (kto.unpaired 18); see rejects.jsonl" })
        Self.expectValid(run, .dpo)
        // Items 18 and 20 of the excerpt share the prompt: 20 is the false reply.
        let items = Self.items("kto_en_demo.json")
        #expect(items[17]["label"] as? Bool == true && items[19]["label"] as? Bool == false)
        let chosen = (items[17]["messages"] as! [[String: Any]]).last!["content"] as! String
        let rejected = (items[19]["messages"] as! [[String: Any]]).last!["content"] as! String
        #expect((run.lines[0]["preferred_output"] as! [[String: Any]])[0]["content"] as? String == chosen)
        #expect((run.lines[0]["non_preferred_output"] as! [[String: Any]])[0]["content"] as? String == rejected)
        #expect(run.rejects.contains { ($0["source"] as! String).hasSuffix("!item 16") })

        // The same records as JSONL lines (streamed, the pairs written after the last line): the same pair.
        let lines = try items.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
        let streamed = try Self.convert([Fixture.write(lines.joined(separator: "\n") + "\n", name: "kto.jsonl")], to: .dpo)
        #expect(streamed.trainText == run.trainText && streamed.reasons == run.reasons)
        #expect(streamed.rejects.contains { ($0["source"] as! String).hasSuffix("kto.jsonl:16") })
    }

    /// Pairing is deterministic: the n-th false reply takes the n-th true one (the first again when there are fewer),
    /// a true reply no false one took is unpaired, and a prompt with false replies only pairs nothing.
    @Test func ktoPairingTable() {
        func item(_ prompt: String, _ reply: String, _ desirable: Bool) -> KTOItem {
            KTOItem(context: Conversation(messages: [Message(.user, prompt)]), reply: Message(.assistant, reply), desirable: desirable)
        }
        var pairing = KTOPairing()
        let entries = [item("p", "good 1", true), item("p", "bad 1", false), item("p", "bad 2", false),
                       item("q", "good q1", true), item("q", "good q2", true), item("q", "bad q", false),
                       item("r", "bad r", false)]
        for (index, entry) in entries.enumerated() {
            pairing.add(entry, source: SourceLocation(file: "k.jsonl", line: index + 1), category: nil)
        }
        let outcomes = pairing.finish().map { outcome -> String in
            switch outcome {
            case .success(let record):
                guard case .preference(let pair) = record.example else { return "?" }
                return "\(record.source.line!): \(pair.preferred.text!) > \(pair.nonPreferred.text!)"
            case .failure(let reject): return "\(reject.source.line!): \(reject.reason)"
            }
        }
        #expect(outcomes == ["2: good 1 > bad 1", "3: good 1 > bad 2", "5: kto.unpaired", "6: good q1 > bad q", "7: kto.unpaired"])
        #expect(pairing.pairs == 3 && pairing.pairedRecords == 5 && pairing.unpaired == 2)
    }

    // MARK: Multimodal

    /// `images` with `<image>` markers: the pictures are inlined (base64, from the data file's folder) where the
    /// markers were, each in a user message of its own; two pictures in one example exceed the platform's one.
    @Test func multimodalShareGPTBecomesVision() throws {
        let run = try Self.convert([Self.fixture("mllm_demo.json")], to: .vision) { $0.images = ImageEmbedding(mode: .base64, jobs: 1) }
        #expect(run.counts.train == 4 && run.reasons == ["img.count": 2])
        #expect(run.trainText.components(separatedBy: "data:image/jpeg;base64,").count - 1 == 4)
        Self.expectValid(run, .vision)
        let messages = run.lines[0]["messages"] as! [[String: Any]]
        let parts = try #require(messages[0]["content"] as? [[String: Any]])
        #expect(((parts[0]["image_url"] as? [String: Any])?["url"] as? String)?.hasPrefix("data:image/jpeg;base64,") == true)
        #expect(messages[1]["role"] as? String == "user" && messages[1]["content"] as? String == "Who is he?")
        #expect(messages.count == 5)
    }

    /// Local pictures while images stay URLs, and markers that do not match the pictures, are refused.
    @Test func multimodalMismatchesAreRejected() throws {
        let url = try Self.convert([Self.fixture("mllm_demo.json")], to: .vision)
        #expect(url.reasons == ["map.local_image": 6])
        let lines = [
            #"{"messages":[{"role":"user","content":"<image><image>Same?"},{"role":"assistant","content":"Yes."}],"images":["a.jpg"]}"#,
            #"{"messages":[{"role":"user","content":"Draw it."},{"role":"assistant","content":"<image>"}],"images":["a.jpg"]}"#,
            #"{"messages":[{"role":"user","content":"<video>What happens?"},{"role":"assistant","content":"A goal."}],"videos":["a.mp4"]}"#,
        ]
        let run = try Self.convert([Fixture.write(lines.joined(separator: "\n") + "\n", name: "mm.jsonl")], to: .vision) {
            $0.images = ImageEmbedding(mode: .base64, jobs: 1)
        }
        #expect(run.reasons == ["image.count_mismatch": 1, "image.marker_in_reply": 1, "media.unsupported": 1])

        // A text record (no `images` key) that mentions the marker keeps it as text.
        let text = #"{"conversations":[{"from":"human","value":"What does <image> mean in LLaMA-Factory data?"},{"from":"gpt","value":"It marks where a picture goes."}]}"#
        let plain = try Self.convert([Fixture.write(text + "\n", name: "text.jsonl")], to: .chat)
        #expect(plain.counts.train == 1 && plain.trainText.contains("What does <image> mean"))
    }

    // MARK: Alpaca

    /// Instruction and input are joined by one line feed, as LLaMA-Factory's converter does ("\n".join of the
    /// non-empty ones); an empty instruction leaves the input alone.
    @Test func alpacaJoinsInstructionAndInputLikeLLaMAFactory() throws {
        let run = try Self.convert([Self.fixture("alpaca_en_demo.json")], to: .chat)
        #expect(run.counts.train == 20)
        Self.expectValid(run, .chat)
        for (item, line) in zip(Self.items("alpaca_en_demo.json"), run.lines) {
            let user = (line["messages"] as! [[String: Any]])[0]["content"] as! String
            let input = item["input"] as! String
            #expect(user == (input.isEmpty ? item["instruction"] as! String : "\(item["instruction"]!)\n\(input)"))
        }
        let lines = [#"{"instruction":"","input":"only input","output":"ok"}"#,
                     #"{"instruction":"q","output":"a","system":"S","history":[["h1","a1"]]}"#]
        let small = try Self.convert([Fixture.write(lines.joined(separator: "\n") + "\n", name: "a.jsonl")], to: .chat)
        #expect(small.trainText == #"{"messages":[{"role":"user","content":"only input"},{"role":"assistant","content":"ok"}]}"# + "\n"
            + #"{"messages":[{"role":"system","content":"S"},{"role":"user","content":"h1"},{"role":"assistant","content":"a1"},{"role":"user","content":"q"},{"role":"assistant","content":"a"}]}"# + "\n")
    }

    // MARK: dataset_info.json

    /// An entry of `dataset_info.json` names the file (relative to its folder) and the mapping; the lines are the
    /// ones the keys alone give.
    @Test(arguments: [("glaive_toolcall_en_demo", OutputFormat.tools), ("dpo_en_demo", .dpo), ("kto_en_demo", .chat),
                      ("alpaca_en_demo", .chat)])
    func datasetInfoEntriesReadTheirFile(name: String, format: OutputFormat) throws {
        let options = try ConvertOptions(inputs: [], overriding: Recipe(text: [
            .datasetInfo: Self.fixture("dataset_info.json"), .dataset: name, .to: format.rawValue, .dedup: "none",
            .output: Fixture.temporaryDirectory(),
        ]))
        #expect(options.inputs == [Self.fixture(name + ".json")])
        let viaInfo = try ConvertJob(options: options).run()
        let byKeys = try Self.convert([Self.fixture(name + ".json")], to: format)
        #expect(viaInfo.report.counts.train == byKeys.counts.train && viaInfo.report.rejectsByReason == byKeys.reasons)
        #expect(Fixture.bytes(options.outputDirectory + "/train.jsonl") == Fixture.bytes(byKeys.directory + "/train.jsonl"))
        #expect(viaInfo.report.inputs.first?.facts.first { $0.key == "dataset" }?.value.hasPrefix(name + " (") == true)
    }

    /// Columns and tags of an entry decode records the keys alone would not: renamed turns, roles and columns.
    @Test func datasetInfoColumnsAndTagsDecide() throws {
        let folder = Fixture.temporaryDirectory()
        let info = #"{"support": {"file_name": "chats.jsonl", "formatting": "sharegpt", "columns": {"messages": "dialog", "system": "persona", "tools": "functions"}, "tags": {"role_tag": "speaker", "content_tag": "text", "user_tag": "customer", "assistant_tag": "agent", "function_tag": "lookup", "observation_tag": "result"}}}"#
        FileManager.default.createFile(atPath: folder + "/dataset_info.json", contents: Data(info.utf8))
        let line = #"{"persona":"You help.","dialog":[{"speaker":"customer","text":"Where is order 7?"},{"speaker":"lookup","text":"{\"name\":\"track\",\"arguments\":{\"order\":7}}"},{"speaker":"result","text":"shipped"},{"speaker":"agent","text":"It has shipped."}],"functions":"[{\"name\":\"track\",\"description\":\"Track an order\",\"parameters\":{\"type\":\"object\",\"properties\":{\"order\":{\"type\":\"integer\"}}}}]"}"#
        FileManager.default.createFile(atPath: folder + "/chats.jsonl", contents: Data((line + "\n").utf8))
        let run = try Self.convert([], to: .tools) {
            $0.datasetInfo = folder + "/dataset_info.json"
            $0.dataset = "support"
        }
        #expect(run.counts.train == 1, "\(run.rejects)")
        Self.expectValid(run, .tools)
        let messages = run.lines[0]["messages"] as! [[String: Any]]
        #expect(messages.map { $0["role"] as! String } == ["system", "user", "assistant", "tool", "assistant"])
        // Without the entry the record is of no known shape.
        let plain = try Self.convert([folder + "/chats.jsonl"], to: .tools)
        #expect(plain.reasons == ["jsonl.shape": 1])

        // The `openai` formatting with its messages under another column; keys that do not change a record are
        // passed over, and the report says so.
        let openAI = #"{"turns": {"file_name": "turns.jsonl", "formatting": "openai", "columns": {"messages": "dialog"}, "num_samples": 1}}"#
        FileManager.default.createFile(atPath: folder + "/info-openai.json", contents: Data(openAI.utf8))
        let turns = #"{"dialog":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello."}]}"#
        FileManager.default.createFile(atPath: folder + "/turns.jsonl", contents: Data((turns + "\n" + turns.replacingOccurrences(of: "Hi", with: "Hey") + "\n").utf8))
        let run2 = try Self.convert([], to: .chat) {
            $0.datasetInfo = folder + "/info-openai.json"
            $0.dataset = "turns"
        }
        #expect(run2.counts.train == 2)
        #expect(run2.fact("dataset") == "turns (openai)" && run2.fact("dataset keys passed over") == "num_samples")
    }

    /// An unknown name lists the names there are; hub entries are refused (no network); both before reading.
    @Test func datasetInfoRefusesUnknownNamesAndHubEntries() throws {
        func failure(_ name: String) -> String {
            do {
                _ = try ConvertOptions(inputs: [], overriding: Recipe(text: [.datasetInfo: Self.fixture("dataset_info.json"), .dataset: name]))
                return "no error"
            } catch {
                return error.message
            }
        }
        let unknown = failure("nope")
        #expect(unknown.contains("no dataset of that name") && unknown.contains("alpaca_en_demo, glaive_toolcall_en_demo, mllm_demo"))
        let hub = failure("alpaca_en")
        #expect(hub.contains("hf_hub_url") && hub.contains("local files only"))
        #expect(failure("mllm_demo") == "no error")
    }

    // MARK: --from sharegpt, --from alpaca

    /// `--from sharegpt` / `--from alpaca` read JSONL or a `.json` array as that dialect only: a record of
    /// another shape is rejected naming the flag.
    @Test(arguments: [
        (ConvertOptions.InputKind.sharegpt, "dpo_en_demo.json", OutputFormat.dpo, 20),
        (.alpaca, "alpaca_en_demo.json", .chat, 20),
        (.alpaca, "dpo_en_demo.json", .dpo, 0),
        (.sharegpt, "alpaca_en_demo.json", .chat, 0),
    ])
    func fromNamesTheDialect(kind: ConvertOptions.InputKind, file: String, format: OutputFormat, train: Int) throws {
        let run = try Self.convert([Self.fixture(file)], to: format) { $0.inputKind = kind }
        #expect(run.counts.train == train && run.counts.read == 20)
        if train == 0 {
            #expect(run.reasons == ["jsonl.shape": 20])
            #expect(run.rejects.allSatisfy { ($0["message"] as! String).hasSuffix("(--from \(kind.rawValue))") })
        } else {
            Self.expectValid(run, format)
        }
    }

    // MARK: Recognition

    /// Without `--to`, records that all call for one format decide it (and say so); a mix decides nothing.
    @Test(arguments: [("dpo_en_demo.json", OutputFormat.dpo), ("mllm_demo.json", .vision),
                      ("glaive_toolcall_en_demo.json", .chat), ("kto_en_demo.json", .chat), ("alpaca_en_demo.json", .chat)])
    func recordsDecideTheFormatWithoutTo(file: String, format: OutputFormat) throws {
        let options = try ConvertOptions(inputs: [Self.fixture(file)], overriding: Recipe(text: [
            .output: Fixture.temporaryDirectory(), .imageMode: "base64"]))
        let result = try ConvertJob(options: options).run()
        #expect(result.report.format == format)
        let note = result.diagnostics.first { $0.code == "convert.format" }
        #expect((note != nil) == (format != .chat))
        #expect(note?.message.contains("LLaMA-Factory") ?? true)
        // The same input as JSONL lines decides the same way from its sample.
        let lines = try Self.items(file).map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
        let folder = (Self.fixture(file) as NSString).deletingLastPathComponent
        let jsonl = Fixture.write(lines.joined(separator: "\n") + "\n", name: "records.jsonl")
        let streamed = try ConvertJob(options: ConvertOptions(inputs: [jsonl], overriding: Recipe(text: [
            .output: Fixture.temporaryDirectory(), .imageMode: "base64", .imageRoot: folder]))).run()
        #expect(streamed.report.format == format)
    }

    /// Each sample is recognised from its keys alone, and the report names the dialect read.
    @Test(arguments: [
        ("glaive_toolcall_en_demo.json", OutputFormat.tools, "sharegpt 12, sharegpt tool calls 8"),
        ("dpo_en_demo.json", .dpo, "sharegpt dpo 20"),
        ("kto_en_demo.json", .chat, "sharegpt kto 20"),
        ("alpaca_en_demo.json", .chat, "alpaca 20"),
    ])
    func dialectsAreRecognisedFromTheirKeys(file: String, format: OutputFormat, dialect: String) throws {
        let run = try Self.convert([Self.fixture(file)], to: format)
        #expect(run.fact("dialect") == dialect)
        #expect(run.result.diagnostics.contains { $0.code == "input.dialect" && $0.message == "dialect: \(dialect)" })
    }
}
