import Foundation
import Testing
@testable import TuneKit

/// The gate convert puts before every written line answers as `tunekit validate` does, line by line, and its byte
/// scan never lets through a line the full rules would stop.
@Suite("Line gate")
struct LineGateTests {
    /// The first error the validator reports for a one-line file, as (code, message).
    static func validatorFirstError(_ line: String, format: OutputFormat) -> LineGate.Failure? {
        validatorFirstError(Array(line.utf8), format: format)
    }

    static func validatorFirstError(_ line: [UInt8], format: OutputFormat) -> LineGate.Failure? {
        var profile = PlatformProfile.bigModel
        profile.minimumExamples = 0
        let bytes = line.last == 0x0A ? line : line + [0x0A]
        let result = JSONLValidator(profile: profile).validate(path: Fixture.write(bytes, name: "line.jsonl"), format: format)
        return result.diagnostics.first { $0.severity == .error }.map { LineGate.Failure(code: $0.code, message: $0.message) }
    }

    static func gateFirstError(_ line: String, format: OutputFormat) -> LineGate.Failure? {
        var gate = LineGate(format: format, profile: .bigModel)
        let bytes = Array(line.utf8)
        return gate.firstError(in: bytes, from: 0)
    }

    /// Codes the validator gives for the file, not for one line.
    static let fileLevel: Set<String> = [
        "enc.bom", "enc.utf16", "json.blank_line", "json.multiline_object", "file.empty", "file.too_large",
        "limit.examples_min", "limit.tokens_example",
    ]

    /// Every one-line case of the validation-code table: the gate's answer is the validator's first error.
    static let lineCases = ValidationCodeTests.cases.filter { testCase in
        !fileLevel.contains(testCase.code) && testCase.limits.isEmpty
            && testCase.bytes.filter { $0 == 0x0A }.count <= 1
    }

    @Test(arguments: lineCases)
    func answersAsTheValidator(_ testCase: ValidationCodeTests.Case) {
        let expected = Self.validatorFirstError(testCase.bytes, format: testCase.format)
        var gate = LineGate(format: testCase.format, profile: .bigModel)
        let answer = gate.firstError(in: testCase.bytes, from: 0)
        #expect(answer == expected)
        if PlatformProfile.bigModel.severity(of: testCase.code) == .error {
            #expect(answer != nil, "an error case passed the gate")
        }
    }

    static let user = #"{"role":"user","content":"问题"}"#
    static let assistant = #"{"role":"assistant","content":"答案"}"#
    static let system = #"{"role":"system","content":"你是客服。"}"#
    static func chat(_ messages: String...) -> String { #"{"messages":[\#(messages.joined(separator: ","))]}"# }

    /// Chat lines around the byte scan's edges: what the scan proves and what it leaves to the full rules.
    static let chatLines: [(line: String, scanned: Bool)] = [
        (chat(user, assistant), true),
        (chat(system, user, assistant), true),
        (chat(user, assistant, user, assistant), true),
        (chat(user, user, assistant), true),  // role.consecutive is a warning
        (chat(user, assistant, user), true),  // role.last_not_assistant is a warning
        (chat(#"{"role":"user","content":"say \"hi\\\""}"#, assistant), true),
        (chat(#"{"role":"user","content":"\u3000x"}"#, assistant), false),  // an escape: left to the full rules
        (chat(#"{"role":"user","content":"　x"}"#, assistant), false),  // starts with U+3000: maybe blank
        (chat(#"{"role":"user","content":"  "}"#, assistant), false),
        (chat(#"{"role":"user","content":""}"#, assistant), false),
        (chat(#"{"role":"user","content":"\n"}"#, assistant), false),
        (chat(assistant, user, assistant), false),
        (chat(user, system, assistant), false),
        (chat(system, system, user, assistant), false),
        (chat(user), false),
        (chat(user, #"{"role":"assistant","content":"a<|user|>b"}"#), false),
        (chat(user, #"{"role":"assistant","content":"[gMASK]b"}"#), false),
        (chat(user, #"{"role":"assistant","content":"<think>x</think>b"}"#), false),
        (chat(user, #"{"role":"assistant","content":"a < b"}"#), false),
        (chat(user, #"{"role":"tool","content":"r"}"#), false),
        (chat(user, #"{"role":"assistant","content":"a","weight":1}"#), false),
        (#"{"messages":[\#(user),\#(assistant)],"id":1}"#, false),
        (chat(user, assistant) + " ", false),
        (chat(user, #"{"role":"assistant","content":"a"#) + "\u{01}" + #"b"}"#, false),
    ]

    @Test(arguments: chatLines.indices)
    func scanProvesOnlyCleanLines(_ index: Int) {
        let (line, scanned) = Self.chatLines[index]
        let bytes = Array(line.utf8)
        let passes = bytes.withUnsafeBufferPointer { ChatLineScan.passes($0) }
        #expect(passes == scanned, "\(line)")
        let expected = Self.validatorFirstError(line, format: .chat)
        if passes { #expect(expected == nil, "the scan passed a line the validator rejects: \(line)") }
        #expect(Self.gateFirstError(line, format: .chat) == expected)
        #expect(Self.gateFirstError(line + "\n", format: .chat) == expected)
    }

    /// Lines cut from a clean line at every byte: whatever the scan accepts, the validator accepts; vouching for
    /// UTF-8 or for escaping only skips that check.
    @Test func scanNeverPassesABrokenLine() {
        let line = Array(Self.chat(Self.system, Self.user, #"{"role":"assistant","content":"a \"quoted\\\" 答"}"#).utf8)
        for cut in 0..<line.count {
            for variant in [Array(line[..<cut]), Array(line[..<cut] + line[(cut + 1)...]), Array(line[..<cut] + [0x5C] + line[cut...])] {
                let passes = variant.withUnsafeBufferPointer { ChatLineScan.passes($0) }
                let valid = variant.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset($0) } == nil
                if valid { #expect(variant.withUnsafeBufferPointer { ChatLineScan.passes($0, validUTF8: true) } == passes) }
                // Vouching for escaping skips only the raw-control-byte check.
                if valid && !variant.contains(where: { $0 < 0x20 }) {
                    #expect(variant.withUnsafeBufferPointer { ChatLineScan.passes($0, validUTF8: true, escaped: true) } == passes)
                }
                guard passes else { continue }
                #expect(Self.validatorFirstError(variant, format: .chat) == nil, "\(String(decoding: variant, as: UTF8.self))")
            }
        }
    }

    @Test func countsWhatTheScanSettled() {
        var gate = LineGate(format: .chat, profile: .bigModel)
        let clean = Array((Self.chat(Self.user, Self.assistant) + "\n").utf8)
        let tokens = Array((Self.chat(Self.user, #"{"role":"assistant","content":"<|user|>"}"#) + "\n").utf8)
        #expect(gate.firstError(in: clean, from: 0) == nil)
        #expect(gate.firstError(in: tokens, from: 0)?.code == "content.special_tokens")
        #expect(gate.scanned == 1 && gate.parsed == 1)
    }
}

extension LineGateTests {
    /// Lines of the byte lane's shape: the two byte searches agree with the full rules.
    @Test(arguments: [
        (#"{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}]}"#, nil),
        (#"{"messages":[{"role":"system","content":"s"},{"role":"user","content":"问"},{"role":"assistant","content":"答"}]}"#, nil),
        (#"{"messages":[{"role":"user","content":"<|im_start|>q"},{"role":"assistant","content":"a"}]}"#, "content.special_tokens"),
        (#"{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"[sMASK] a"}]}"#, "content.special_tokens"),
        (#"{"messages":[{"role":"user","content":"<think>q</think>"},{"role":"assistant","content":"a"}]}"#, "reason.dialect_tags"),
        (#"{"messages":[{"role":"user","content":"1 < 2"},{"role":"assistant","content":"a"}]}"#, nil),
    ] as [(String, String?)])
    func laneLines(_ line: String, code: String?) {
        var gate = LineGate(format: .chat, profile: .bigModel)
        let bytes = [UInt8](repeating: 0x78, count: 3) + Array((line + "\n").utf8)
        #expect(gate.firstError(inLaneLine: bytes, from: 3)?.code == code)
        #expect(Self.validatorFirstError(line, format: .chat)?.code == code)
    }
}
