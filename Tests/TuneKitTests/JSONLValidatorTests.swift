import Foundation
import Testing
@testable import TuneKit

@Suite("Validating chat JSONL")
struct JSONLValidatorTests {
    let validator = JSONLValidator(minimumRecords: 0)

    private func problems(_ text: String) -> [String] {
        let path = Fixture.write(text, name: "data.jsonl")
        return validator.validate(path: path).diagnostics.map { "\($0.location?.line ?? 0) \($0.code)" }
    }

    @Test(arguments: ["jsonl/chat.jsonl", "jsonl/chat-no-system.jsonl"])
    func platformExamplesAreClean(file: String) {
        let result = validator.validate(path: Fixture.path(file))
        #expect(result.diagnostics.isEmpty)
        #expect(result.records == 1)
    }

    static let good = #"{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}]}"#

    @Test(arguments: [
        ("not json at all", "json.parse"),
        ("[1,2]", "json.not_object"),
        (#"{"message":[]}"#, "struct.missing_key"),
        (#"{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}],"id":3}"#, "struct.unknown_top_key"),
        (#"{"messages":{}}"#, "struct.messages_type"),
        (#"{"messages":[]}"#, "struct.messages_type"),
        (#"{"messages":["hi",{"role":"assistant","content":"a"}]}"#, "struct.message_type"),
        (#"{"messages":[{"content":"q"},{"role":"assistant","content":"a"}]}"#, "struct.missing_role"),
        (#"{"messages":[{"role":"human","content":"q"},{"role":"assistant","content":"a"}]}"#, "role.unknown"),
        (#"{"messages":[{"role":"user","content":"q"},{"role":"system","content":"s"},{"role":"assistant","content":"a"}]}"#, "role.system_position"),
        (#"{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":""}]}"#, "struct.content_empty"),
        (#"{"messages":[{"role":"user","content":"q"},{"role":"assistant"}]}"#, "struct.missing_content"),
        (#"{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":[{"type":"text"}]}]}"#, "struct.content_type"),
        (#"{"messages":[{"role":"user","content":"q"},{"role":"user","content":"q2"}]}"#, "role.no_assistant"),
        (#"{"messages":[{"role":"assistant","content":"a"},{"role":"user","content":"q"},{"role":"assistant","content":"a"}]}"#, "role.first_turn"),
        (#"{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a",}]}"#, "json.trailing_comma"),
        (#"{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a","weight":1}]}"#, "struct.unknown_message_key"),
        (#"{"messages":[{"role":"system","content":"s"},{"role":"system","content":"s"},{"role":"user","content":"q"},{"role":"assistant","content":"a"}]}"#, "role.multiple_system"),
        (#"{"messages":[{"role":"user","content":"q"},{"role":"tool","content":"r"},{"role":"assistant","content":"a"}]}"#, "tool.category"),
        (#"{"prompt":"q","completion":"a"}"#, "struct.legacy_prompt_completion"),
        (#"{"messages":[{"role":"user","content":NaN},{"role":"assistant","content":"a"}]}"#, "json.nonfinite"),
    ])
    func findsEachProblem(line: String, code: String) {
        #expect(problems(line + "\n").contains("1 \(code)"))
    }

    @Test func lastTurnNotAssistantIsAWarning() {
        let path = Fixture.write(#"{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"},{"role":"user","content":"more"}]}"# + "\n", name: "d.jsonl")
        let result = validator.validate(path: path)
        #expect(result.diagnostics.map(\.code) == ["role.last_not_assistant"])
        #expect(result.diagnostics[0].severity == .warning)
        #expect(result.errorCount == 0)
    }

    @Test func reportsEveryProblemNotTheFirstOnly() {
        let text = [Self.good, "oops", Self.good, "", #"{"messages":[{"role":"bot","content":"x"}]}"#, Self.good].joined(separator: "\n") + "\n"
        #expect(problems(text) == ["2 json.parse", "4 json.blank_line", "5 role.unknown", "5 role.no_assistant"])
    }

    @Test func prettyPrintedObjectsAreOneProblem() {
        let pretty = """
            {
              "messages": [
                {"role": "user", "content": "q"},
                {"role": "assistant", "content": "a"}
              ]
            }
            """
        let text = Self.good + "\n" + pretty + "\n" + Self.good + "\n"
        #expect(problems(text) == ["2 json.multiline_object"])
    }

    @Test func byteOrderMarkIsFlagged() {
        let path = Fixture.write([0xEF, 0xBB, 0xBF] + Array((Self.good + "\n").utf8), name: "bom.jsonl")
        let result = validator.validate(path: path)
        #expect(result.diagnostics.map(\.code) == ["enc.bom"])
        #expect(result.records == 1)
    }

    @Test func invalidUTF8IsNamed() {
        let bytes = Array(#"{"messages":[{"role":"user","content":""#.utf8) + [0xB0, 0xA1]
            + Array(#""},{"role":"assistant","content":"a"}]}"#.utf8) + [0x0A]
        let path = Fixture.write(bytes, name: "gbk.jsonl")
        #expect(validator.validate(path: path).diagnostics.map(\.code) == ["enc.not_utf8"])
    }

    @Test func emptyFileAndSizeLimit() {
        #expect(problems("") == ["0 file.empty"])
        let small = JSONLValidator(maxFileBytes: 100, minimumRecords: 0)
        let path = Fixture.write(String(repeating: Self.good + "\n", count: 3), name: "big.jsonl")
        #expect(small.validate(path: path).diagnostics.map(\.code) == ["file.too_large"])
    }

    @Test func fewRecordsIsAWarningOnly() {
        let result = JSONLValidator().validate(path: Fixture.write(Self.good + "\n", name: "one.jsonl"))
        #expect(result.diagnostics.map(\.code) == ["limit.examples_min"])
        #expect(result.errorCount == 0)
    }

    @Test func diagnosticsPrintWithLineCodeAndPointer() {
        let path = Fixture.write(#"{"messages":[{"role":"user","content":"q"},{"role":"gpt","content":"a"}]}"# + "\n", name: "p.jsonl")
        let first = validator.validate(path: path).diagnostics[0]
        #expect(first.description == "\(path):1: [role.unknown] unknown role \"gpt\" (chat roles: system, user, assistant); use \"assistant\" (at /messages/1/role)")
    }

    @Test func everyLineTheConverterWritesValidates() throws {
        let directory = Fixture.temporaryDirectory()
        _ = try ConvertJob(options: ConvertOptions(inputs: [ConvertJobTests.sample], outputDirectory: directory,
                                                   validation: .fraction(0.1))).run()
        for name in ["train.jsonl", "validation.jsonl"] {
            let result = validator.validate(path: directory + "/" + name)
            #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
            #expect(result.records > 0)
        }
    }
}
