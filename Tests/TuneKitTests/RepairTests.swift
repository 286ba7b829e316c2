import Foundation
import Testing
@testable import TuneKit
import TuneKitImages

@Suite("Repairing JSONL files")
struct RepairTests {
    struct Outcome {
        var output: String
        var report: RepairReport
    }

    /// Repairs `text` (written to a file) and returns the repaired file and the report.
    static func repair(_ text: String, format: OutputFormat? = nil, name: String = "in.jsonl") throws -> Outcome {
        let input = Fixture.write(text, name: name)
        let output = Fixture.temporaryDirectory() + "/out.jsonl"
        let report = try RepairJob(input: input, output: output, format: format).run()
        return Outcome(output: Fixture.read(output), report: report)
    }

    static func validates(_ text: String, format: OutputFormat?) -> Bool {
        let path = Fixture.write(text, name: "check.jsonl")
        let result = JSONLValidator(minimumRecords: 0).validate(path: path, format: format)
        return result.errorCount == 0
    }

    static let ok = #"{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}]}"#

    /// Each fixable fault: the input, the format, the line written, the repairs counted.
    static let fixable: [(String, String, OutputFormat?, String, [RepairKind: Int])] = [
        ("trailing comma in an array",
         #"{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"},]}"#, nil, ok, [.trailingComma: 1]),
        ("trailing commas in objects, with white space",
         #"{"messages":[{"role":"user","content":"a" , },{"role":"assistant","content":"b"}] ,}"#, nil, ok, [.trailingComma: 2]),
        ("a comma inside a string is text", #"{"messages":[{"role":"user","content":"a,]"},{"role":"assistant","content":"b,}"},]}"#, nil,
         #"{"messages":[{"role":"user","content":"a,]"},{"role":"assistant","content":"b,}"}]}"#, [.trailingComma: 1]),
        ("byte-order mark", "\u{FEFF}" + ok, nil, ok, [.bom: 1]),
        ("pretty-printed object", "{\n  \"messages\": [\n    {\"role\": \"user\", \"content\": \"a\"},\n    {\"role\": \"assistant\", \"content\": \"b\"}\n  ]\n}",
         nil, ok, [.multilineObject: 1]),
        ("pretty-printed object with a trailing comma and CRLF", "{\r\n \"messages\": [\r\n  {\"role\": \"user\", \"content\": \"a\"},\r\n  {\"role\": \"assistant\", \"content\": \"b\"},\r\n ]\r\n}",
         nil, ok, [.multilineObject: 1, .trailingComma: 1]),
        ("object written over lines without indentation", "{\"messages\": [\n{\"role\": \"user\", \"content\": \"a\"},\n\n{\"role\": \"assistant\", \"content\": \"b\"}\n]}",
         nil, ok, [.multilineObject: 1]),
        ("blank line", ok + "\n\n" + ok, nil, ok + "\n" + ok, [.blankLine: 1]),
        ("ShareGPT and Gemini role names",
         #"{"messages":[{"role":"human","content":"a"},{"role":"gpt","content":"b"},{"role":"User","content":"c"},{"role":"model","content":"d"},{"role":"HUMAN","content":"e"},{"role":"bot","content":"f"},{"role":"user","content":"g"},{"role":"ai","content":"h"},{"role":"user","content":"i"},{"role":"chatgpt","content":"j"}]}"#,
         nil, #"{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"},{"role":"user","content":"c"},{"role":"assistant","content":"d"},{"role":"user","content":"e"},{"role":"assistant","content":"f"},{"role":"user","content":"g"},{"role":"assistant","content":"h"},{"role":"user","content":"i"},{"role":"assistant","content":"j"}]}"#,
         [.roleAlias: 8]),
        ("system role in capitals", #"{"messages":[{"role":"System","content":"s"},{"role":"user","content":"a"},{"role":"assistant","content":"b"}]}"#, nil,
         #"{"messages":[{"role":"system","content":"s"},{"role":"user","content":"a"},{"role":"assistant","content":"b"}]}"#, [.roleAlias: 1]),
        ("roles inside a preference pair",
         #"{"input":{"messages":[{"role":"human","content":"Hi?"}]},"preferred_output":[{"role":"gpt","content":"Hello!"}],"non_preferred_output":[{"role":"Assistant","content":"What."}]}"#,
         .dpo, #"{"input":{"messages":[{"role":"user","content":"Hi?"}]},"preferred_output":[{"role":"assistant","content":"Hello!"}],"non_preferred_output":[{"role":"assistant","content":"What."}]}"#,
         [.roleAlias: 3]),
        // OpenAI's legacy function-calling fine-tuning line (functions, function_call with object arguments, a function result).
        ("legacy function calling",
         #"{"messages":[{"role":"user","content":"Weather in Paris?"},{"role":"assistant","content":null,"function_call":{"name":"get_weather","arguments":{"city":"Paris"}}},{"role":"function","name":"get_weather","content":"{\"t\":21}"},{"role":"assistant","content":"21 °C."}],"functions":[{"name":"get_weather","description":"Weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}]}"#,
         .tools,
         #"{"messages":[{"role":"user","content":"Weather in Paris?"},{"role":"assistant","content":null,"tool_calls":[{"id":"\#(TableMapper.callID(user: "1", name: "get_weather", arguments: #"{"city":"Paris"}"#))","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},{"role":"tool","content":"{\"t\":21}","tool_call_id":"\#(TableMapper.callID(user: "1", name: "get_weather", arguments: #"{"city":"Paris"}"#))"},{"role":"assistant","content":"21 °C."}],"tools":[{"type":"function","function":{"name":"get_weather","description":"Weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]}"#,
         [.legacyFunctions: 1, .legacyFunctionCall: 1, .argumentsString: 1, .functionRole: 1, .toolCallLink: 1]),
        ("NaN where null is allowed (content beside tool_calls)",
         #"{"messages":[{"role":"user","content":"Hi?"},{"role":"assistant","content":NaN,"tool_calls":[{"id":"call12345","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"call12345","content":"1"},{"role":"assistant","content":"One."}],"tools":[{"type":"function","function":{"name":"f","description":"F","parameters":{"type":"object","properties":{}}}}]}"#,
         .tools,
         #"{"messages":[{"role":"user","content":"Hi?"},{"role":"assistant","content":null,"tool_calls":[{"id":"call12345","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"call12345","content":"1"},{"role":"assistant","content":"One."}],"tools":[{"type":"function","function":{"name":"f","description":"F","parameters":{"type":"object","properties":{}}}}]}"#,
         [.nonfiniteNull: 1]),
    ]

    @Test(arguments: fixable)
    func fixableFaultIsRepaired(name: String, input: String, format: OutputFormat?, expected: String, kinds: [RepairKind: Int]) throws {
        let outcome = try Self.repair(input + "\n", format: format)
        #expect(outcome.report.rejects.isEmpty, "\(name): \(outcome.report.rejects)")
        #expect(outcome.output == expected + "\n", "\(name)")
        #expect(outcome.report.repairs.counts == kinds, "\(name)")
        #expect(Self.validates(outcome.output, format: format), "\(name)")
        // Idempotent: the output repaired again is the same bytes, with nothing repaired.
        let again = try Self.repair(outcome.output, format: format)
        #expect(again.output == outcome.output, "\(name)")
        #expect(again.report.repairs.isEmpty, "\(name)")
    }

    /// Each fault that cannot be fixed without guessing: the input, the format, the validator's code.
    /// The first six come from the invalid-line tables of gh640/openai-fine-tuning-validate's test suite.
    static let unrepairable: [(String, String, OutputFormat?, String)] = [
        ("a missing assistant turn is never invented", #"{"messages":[{"role":"user","content":"Please write a blog post about ChatGPT."}]}"#, nil, "role.no_assistant"),
        ("empty object", "{}", nil, "struct.missing_key"),
        ("prompt only", #"{"prompt":"xyz"}"#, nil, "struct.legacy_prompt_completion"),
        ("no role", #"{"messages":[{"content":"Hello"},{"role":"assistant","content":"b"}]}"#, nil, "struct.missing_role"),
        ("unknown role func", #"{"messages":[{"role":"func","content":"a"},{"role":"assistant","content":"b"}]}"#, nil, "role.unknown"),
        ("unknown role admin", #"{"messages":[{"role":"admin","content":"a"},{"role":"assistant","content":"b"}]}"#, nil, "role.unknown"),
        ("function result without a call", #"{"messages":[{"role":"user","content":"a"},{"role":"function","content":"b"},{"role":"assistant","content":"c"}]}"#, nil, "role.unknown"),
        ("NaN as text content", #"{"messages":[{"role":"user","content":NaN},{"role":"assistant","content":"b"}]}"#, nil, "json.nonfinite"),
        ("-Infinity as content", #"{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":-Infinity}]}"#, nil, "json.nonfinite"),
        ("missing comma", #"{"messages":[{"role":"user","content":"a"} {"role":"assistant","content":"b"}]}"#, nil, "json.trailing_comma"),
        ("single quotes", "{'messages': []}", nil, "json.parse"),
        ("a line cut short", #"{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}]"#, nil, "json.parse"),
        ("not an object", #"[1, 2,]"#, nil, "json.not_object"),
        // openai-cookbook's drone_training.jsonl writes some arguments as a JSON string inside a string; unwrapping it would be a guess.
        ("arguments encoded twice",
         #"{"messages":[{"role":"user","content":"Land here"},{"role":"assistant","tool_calls":[{"id":"call12345","type":"function","function":{"name":"land_drone","arguments":"\"{\\\"location\\\": \\\"current\\\"}\""}}]},{"role":"tool","tool_call_id":"call12345","content":"ok"},{"role":"assistant","content":"Landed."}],"tools":[{"type":"function","function":{"name":"land_drone","description":"Land","parameters":{"type":"object","properties":{}}}}]}"#,
         .tools, "tool.arguments_json"),
        ("a tool result that could answer two calls",
         #"{"messages":[{"role":"user","content":"a"},{"role":"assistant","tool_calls":[{"id":"call11111","type":"function","function":{"name":"f","arguments":"{}"}},{"id":"call22222","type":"function","function":{"name":"f","arguments":"{\"x\":1}"}}]},{"role":"tool","content":"1"},{"role":"tool","content":"2"},{"role":"assistant","content":"c"}],"tools":[{"type":"function","function":{"name":"f","description":"F","parameters":{"type":"object","properties":{}}}}]}"#,
         .tools, "tool.result_missing_id"),
    ]

    @Test(arguments: unrepairable)
    func unrepairableFaultIsRejectedWithTheValidatorsCode(name: String, input: String, format: OutputFormat?, code: String) throws {
        // Chat cases sit between two good lines, which are kept; the others are alone in their file.
        let chat = format == nil
        let text = chat ? Self.ok + "\n" + input + "\n" + Self.ok + "\n" : input + "\n"
        let outcome = try Self.repair(text, format: format ?? .chat)
        let reject = try #require(outcome.report.rejects.first, "\(name)")
        #expect(reject.code == code, "\(name): \(reject.message)")
        #expect(reject.source.line == (chat ? 2 : 1), "\(name)")
        #expect(outcome.report.rejects.count == 1, "\(name): \(outcome.report.rejects)")
        #expect(outcome.output == (chat ? Self.ok + "\n" + Self.ok + "\n" : ""), "\(name)")
    }

    /// While the format is being decided, rejects wait with the units: everything is reported in input order.
    @Test func rejectsComeInInputOrder() throws {
        let text = "{'bad': 1}\n" + Self.ok + "\n" + #"{"messages":[{"role":"user","content":"only"}]}"# + "\n{\n" + Self.ok + "\n"
        var seen: [Int] = []
        let input = Fixture.write(text, name: "order.jsonl")
        let report = try RepairJob(input: input, output: Fixture.temporaryDirectory() + "/out.jsonl").run { seen.append($0.source.line ?? 0) }
        #expect(report.rejects.map(\.code) == ["json.parse", "role.no_assistant", "json.parse"])
        #expect(report.rejects.map { $0.source.line ?? 0 } == [1, 3, 4])
        #expect(seen == [1, 3, 4])
        #expect(report.kept == 2)
    }

    @Test func utf16IsRefusedNotGuessed() throws {
        let input = Fixture.write([0xFF, 0xFE] + Array(Self.ok.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }, name: "utf16.jsonl")
        let output = Fixture.temporaryDirectory() + "/out.jsonl"
        let report = try RepairJob(input: input, output: output).run()
        #expect(report.rejectCodes == ["enc.utf16": 1])
        #expect(report.kept == 0)
        #expect(Fixture.read(output).isEmpty)
    }

    @Test func multilineObjectCutShortAtTheEndIsARejectNotAHang() throws {
        let outcome = try Self.repair(Self.ok + "\n{\n  \"messages\": [\n    {\"role\": \"user\", \"content\": \"a\"},\n")
        #expect(outcome.output == Self.ok + "\n")
        let reject = try #require(outcome.report.rejects.first)
        #expect(reject.code == "json.multiline_object")
        #expect(reject.source.line == 2)
        #expect(reject.lastLine == 4)
        #expect(outcome.report.units == 2)
    }

    @Test func aLineCutShortDoesNotSwallowTheNextLine() throws {
        let outcome = try Self.repair(#"{"messages":[{"role":"user","content":"a"}"# + "\n" + Self.ok + "\n")
        #expect(outcome.output == Self.ok + "\n")
        #expect(outcome.report.rejects.map(\.code) == ["json.parse"])
        #expect(outcome.report.rejects.first?.source.line == 1)
    }

    /// A cut-off line followed by whole records (which would continue its open array): the records stay records.
    @Test func aCutLineBeforeRecordsDoesNotSwallowThem() throws {
        let outcome = try Self.repair("{\"messages\": [\n" + Self.ok + "\n\n" + Self.ok + "\n")
        #expect(outcome.output == Self.ok + "\n" + Self.ok + "\n")
        #expect(outcome.report.rejects.map(\.code) == ["json.parse"])
        #expect(outcome.report.rejects.first?.source.line == 1)
        #expect(outcome.report.units == 3)
    }

    /// A cut-off line followed by one whole record and the end of the file: the record is kept.
    @Test func aCutLineBeforeTheLastRecordDoesNotSwallowIt() throws {
        let outcome = try Self.repair("{\"messages\": [\n" + Self.ok + "\n")
        #expect(outcome.output == Self.ok + "\n")
        #expect(outcome.report.rejects.map(\.code) == ["json.parse"])
        #expect(outcome.report.rejects.map(\.lastLine) == [1])
    }

    /// Records pretty-printed one after another (Python's json.dumps(indent=2)) are recognised as JSONL by
    /// convert, and each becomes one record.
    @Test func prettyPrintedRecordsConvertAsRecords() throws {
        let directory = Fixture.temporaryDirectory()
        let result = try ConvertJob(options: ConvertOptions(inputs: [Fixture.path("repair/gh640-dataset-2-multi-turn.pretty.jsonl")],
                                                            outputDirectory: directory, dedup: .none)).run()
        #expect(result.report.counts.read == 3)
        #expect(result.report.counts.train == 3)
        #expect(result.report.counts.rejected == 0)
        let facts = result.report.inputs.first?.facts ?? []
        #expect(facts.contains { $0.key == "repaired: multiline_object" && $0.value.hasPrefix("multiline_object=3 ") })
    }

    @Test func pngDataURIIsReencodedAsJPEG() throws {
        let line = try Self.lines(of: "repair/five-records.jsonl").last!
        let outcome = try Self.repair(line + "\n", format: .vision)
        #expect(outcome.report.repairs.counts == [.imageReencoded: 1])
        #expect(outcome.output.contains("data:image/jpeg;base64,/9j/"))
        #expect(!outcome.output.contains("image/png"))
        #expect(Self.validates(outcome.output, format: .vision))
        let again = try Self.repair(outcome.output, format: .vision)
        #expect(again.output == outcome.output)
    }

    /// A vision line whose picture is `bytes` under `prefix`.
    static func visionLine(_ bytes: [UInt8], prefix: String) -> String {
        #"{"messages":[{"role":"user","content":"What is this?"},{"role":"user","content":[{"type":"image_url","image_url":{"url":""#
            + prefix + Data(bytes).base64EncodedString() + #""}}]},{"role":"assistant","content":"A picture."}]}"#
    }

    static func picture(_ name: String) throws -> [UInt8] {
        if name == "wide-6400x2.png" {
            let pixels = (0..<(6400 * 2 * 3)).map { UInt8(truncatingIfNeeded: $0 * 7) }
            return try PNGCodec.encode(RGBImage(width: 6400, height: 2, pixels: pixels))
        }
        return Fixture.bytes(Fixture.repositoryRoot.appendingPathComponent("Tests/TuneKitImagesTests/Fixtures/" + name).path)
    }

    /// Pictures the platform refuses or may show wrongly become a JPEG that validates without image warnings.
    @Test(arguments: [("cmyk-adobe.jpg", "data:image/jpeg;base64,"), ("ycck-adobe.jpg", "data:image/jpeg;base64,"),
                      ("orient-6.jpg", "data:image/jpeg;base64,"), ("rgba.png", "data:image/png;base64,"),
                      ("palette-trns.png", "data:image/png;base64,"), ("wide-6400x2.png", "data:image/png;base64,")])
    func refusedPictureIsReencoded(name: String, prefix: String) throws {
        let outcome = try Self.repair(Self.visionLine(try Self.picture(name), prefix: prefix) + "\n", format: .vision)
        #expect(outcome.report.rejects.isEmpty, "\(name): \(outcome.report.rejects)")
        #expect(outcome.report.repairs.counts == [.imageReencoded: 1], "\(name)")
        let path = Fixture.write(outcome.output, name: "check.jsonl")
        let result = JSONLValidator(minimumRecords: 0).validate(path: path, format: .vision)
        #expect(result.errorCount == 0 && result.warningCount == 0, "\(name): \(result.diagnostics)")
        let again = try Self.repair(outcome.output, format: .vision)
        #expect(again.output == outcome.output && again.report.repairs.isEmpty, "\(name)")
    }

    /// A JPEG that fits is never re-encoded: kept as it is, or only its prefix corrected (same base64).
    @Test func fittingJPEGKeepsItsBytes() throws {
        let bytes = try Self.picture("rgb-baseline.jpg")
        let exact = Self.visionLine(bytes, prefix: "data:image/jpeg;base64,")
        let kept = try Self.repair(exact + "\n", format: .vision)
        #expect(kept.output == exact + "\n")
        #expect(kept.report.repairs.isEmpty)
        let renamed = try Self.repair(Self.visionLine(bytes, prefix: "data:image/jpg;base64,") + "\n", format: .vision)
        #expect(renamed.output == exact + "\n")
        #expect(renamed.report.repairs.counts == [.imageReencoded: 1])
    }

    /// A picture that cannot be decoded is refused with the validator's code and the decoder's reason.
    @Test func undecodablePictureIsRefused() throws {
        let outcome = try Self.repair(Self.visionLine(try Self.picture("truncated.png"), prefix: "data:image/png;base64,") + "\n",
                                      format: .vision)
        #expect(outcome.output.isEmpty)
        let reject = try #require(outcome.report.rejects.first)
        #expect(reject.code == "img.data_prefix")
        #expect(reject.message.contains("; "), "\(reject.message)")
    }

    /// A JPEG whose scan data is damaged makes libjpeg guess pixels (validate decodes it and refuses it too):
    /// repair refuses the line with the decoder's code instead of writing it as it was. (Fixtures made by
    /// Tests/TuneKitImagesTests/Fixtures/codec/make_codec_fixtures.py, and Pillow's hopper_bad_exif.jpg.)
    @Test(arguments: ["codec/made-rst-wrong.jpg", "codec/pillow-hopper_bad_exif.jpg"])
    func damagedJPEGIsRefusedNotKept(name: String) throws {
        let line = Self.visionLine(try Self.picture(name), prefix: "data:image/jpeg;base64,")
        #expect(!Self.validates(line + "\n", format: .vision), "validate refuses \(name)")
        let outcome = try Self.repair(line + "\n", format: .vision)
        #expect(outcome.output.isEmpty, "\(name)")
        let reject = try #require(outcome.report.rejects.first)
        #expect(reject.code == "img.corrupt_data", "\(name): \(reject.code)")
        #expect(reject.message.hasPrefix("a picture could not be prepared: "), "\(reject.message)")
    }

    static func lines(of fixture: String) throws -> [String] {
        Fixture.read(Fixture.path(fixture)).split(separator: "\n").map(String.init)
    }

    /// The five hand-written records (BOM, trailing comma, gpt/human, pretty-printed over six lines, a PNG data
    /// URI): repair keeps the four chat records and names why the picture line is not chat.
    @Test func fiveRecordFileThroughRepair() throws {
        let path = Fixture.path("repair/five-records.jsonl")
        let output = Fixture.temporaryDirectory() + "/out.jsonl"
        let report = try RepairJob(input: path, output: output).run()
        #expect(report.lines == 10)
        #expect(report.units == 5)
        #expect(report.kept == 4)
        #expect(report.format == .chat)
        #expect(report.repairs.counts == [.bom: 1, .trailingComma: 1, .roleAlias: 2, .multilineObject: 1])
        #expect(report.repairs.lines[.multilineObject] == [4])
        #expect(report.rejects.map(\.code) == ["struct.content_type"])
        #expect(report.rejects.first?.source.line == 10)
        #expect(Self.validates(Fixture.read(output), format: nil))
        // Idempotent and deterministic.
        let second = Fixture.temporaryDirectory() + "/again.jsonl"
        let again = try RepairJob(input: output, output: second).run()
        #expect(Fixture.bytes(second) == Fixture.bytes(output))
        #expect(again.repairs.isEmpty && again.rejects.isEmpty)
        let third = Fixture.temporaryDirectory() + "/third.jsonl"
        _ = try RepairJob(input: path, output: third).run()
        #expect(Fixture.bytes(third) == Fixture.bytes(output))
    }

    @Test func fiveRecordFileThroughConvert() throws {
        let path = Fixture.path("repair/five-records.jsonl")
        let directory = Fixture.temporaryDirectory()
        let result = try ConvertJob(options: ConvertOptions(inputs: [path], format: .chat, outputDirectory: directory, dedup: .none)).run()
        #expect(result.report.counts.train == 4)
        let rejects = Fixture.read(directory + "/rejects.jsonl").split(separator: "\n")
        #expect(rejects.count == 1)
        #expect(rejects.first?.contains(#""source":"\#(path):10""#) == true)
        #expect(rejects.first?.contains("export.image_in_chat") == true)
        #expect(Self.validates(Fixture.read(directory + "/train.jsonl"), format: .chat))
    }

    @Test func convertCountsRepairsByKindInTheReader() throws {
        let text = Fixture.read(Fixture.path("repair/five-records.jsonl"))
        let path = Fixture.write(text, name: "five.jsonl")
        let reader = try JSONLRecordReader(source: ByteSource(path: path), repairing: true)
        var records = 0
        var rejects: [Reject] = []
        while let event = try reader.next() {
            switch event {
            case .record: records += 1
            case .reject(let reject): rejects.append(reject)
            }
        }
        #expect(records == 5)
        #expect(rejects.isEmpty)
        #expect(reader.repairs.summary == "bom=1 trailing_comma=1 multiline_object=1 role_alias=2")
        let facts = JSONRecordFacts.facts(format: "jsonl", rewrites: reader.rewrites, repairs: reader.repairs)
        #expect(facts.contains { $0.key == "repaired: multiline_object" && $0.value == "multiline_object=1 (line 4)" })
    }

    /// Files made by another project pass through byte for byte with nothing repaired.
    @Test(arguments: ["repair/gh640-dataset-1-simple.jsonl", "repair/gh640-dataset-2-multi-turn.jsonl"])
    func validThirdPartyFilesAreCopiedByteForByte(fixture: String) throws {
        let path = Fixture.path(fixture)
        let output = Fixture.temporaryDirectory() + "/out.jsonl"
        let report = try RepairJob(input: path, output: output).run()
        #expect(report.repairs.isEmpty)
        #expect(report.rejects.isEmpty)
        #expect(report.kept == 3)
        #expect(Fixture.bytes(output) == Fixture.bytes(path))
    }

    /// The same third-party lines pretty-printed by Python's json.dumps(indent=2) come back as one line each.
    @Test func thirdPartyLinesPrettyPrintedComeBack() throws {
        let pretty = Fixture.path("repair/gh640-dataset-2-multi-turn.pretty.jsonl")
        let output = Fixture.temporaryDirectory() + "/out.jsonl"
        let report = try RepairJob(input: pretty, output: output).run()
        #expect(report.rejects.isEmpty)
        #expect(report.repairs.counts[.multilineObject] == 3)
        // json.dumps writes ", " and ": "; the repaired lines are compact, with the same values.
        let expected = try Self.lines(of: "repair/gh640-dataset-2-multi-turn.jsonl").map { line in
            var writer = JSONWriter()
            writer.value(try JSONReader.parse(line).value)
            return String(decoding: writer.bytes, as: UTF8.self)
        }
        #expect(Fixture.read(output) == expected.joined(separator: "\n") + "\n")
    }

    /// Lines quoted in issue threads: the byte-order mark is repaired; prompt/completion lines are a conversion,
    /// not a repair, and unquoted keys or unescaped quotes are never guessed at.
    @Test(arguments: [
        ("repair/issue-openai-python-426.jsonl", [RepairKind.bom: 1], ["struct.legacy_prompt_completion", "struct.legacy_prompt_completion"]),
        ("repair/issue-openai-php-107.jsonl", [:], ["json.parse", "struct.legacy_prompt_completion", "json.parse"]),
    ])
    func issueThreadLines(fixture: String, repairs: [RepairKind: Int], codes: [String]) throws {
        let output = Fixture.temporaryDirectory() + "/out.jsonl"
        let report = try RepairJob(input: Fixture.path(fixture), output: output, format: .chat).run()
        #expect(report.repairs.counts == repairs)
        #expect(report.rejects.map(\.code) == codes)
        #expect(report.rejects.map { $0.source.line ?? 0 } == Array(1...codes.count))
        #expect(Fixture.read(output).isEmpty)
        // convert rejects them too: prompt/completion is not a shape it reads, and the broken lines are not JSON.
        let directory = Fixture.temporaryDirectory()
        let result = try ConvertJob(options: ConvertOptions(inputs: [Fixture.path(fixture)], inputKind: .jsonl, format: .chat,
                                                            outputDirectory: directory)).run()
        #expect(result.report.counts.read == codes.count)
        #expect(result.report.counts.train == 0)
    }

    @Test func syntaxRepairLeavesStringsAndWordsAlone() {
        let input = Array(#"{"a":"NaN, ]","b":[NaN,Infinity,-Infinity,],"NaNa":1,}"#.utf8)
        let outcome = JSONSyntaxRepair.repair(input)
        #expect(String(decoding: outcome.bytes, as: UTF8.self) == #"{"a":"NaN, ]","b":[null,null,null],"NaNa":1}"#)
        #expect(outcome.trailingCommas == 2)
        #expect(outcome.nonFinite == 3)
    }
}
