import Foundation
import Testing
@testable import TuneKit

/// One broken line for every validation code: each must be reported with its code, and the platform's
/// own example lines must pass clean.
@Suite("Validation codes")
struct ValidationCodeTests {
    /// A broken file and the code it must draw.
    struct Case: Sendable, CustomTestStringConvertible {
        var code: String
        var format: OutputFormat
        var bytes: [UInt8]
        var limits: [String: Int] = [:]

        init(_ code: String, _ format: OutputFormat, _ text: String, limits: [String: Int] = [:]) {
            self.code = code
            self.format = format
            bytes = Array(text.utf8)
            self.limits = limits
        }

        init(_ code: String, _ format: OutputFormat, bytes: [UInt8]) {
            self.code = code
            self.format = format
            self.bytes = bytes
        }

        var testDescription: String { code }
    }

    static let user = #"{"role":"user","content":"q"}"#
    static let assistant = #"{"role":"assistant","content":"a"}"#
    static let chat = #"{"messages":[\#(user),\#(assistant)]}"#
    static let definition = #"{"type":"function","function":{"name":"f","description":"d","parameters":{"type":"object","properties":{}}}}"#
    static let call = #"{"id":"call00001","type":"function","function":{"name":"f","arguments":"{\"x\":1}"}}"#
    static let callTurn = #"{"role":"assistant","tool_calls":[\#(call)]}"#
    static let result = #"{"role":"tool","content":"r","tool_call_id":"call00001"}"#

    static func chat(_ messages: String...) -> String { #"{"messages":[\#(messages.joined(separator: ","))]}"# + "\n" }
    static func tools(_ messages: [String], tools: String = "[\(definition)]") -> String {
        #"{"messages":[\#(messages.joined(separator: ","))],"tools":\#(tools)}"# + "\n"
    }
    static func dpo(input: String = #"{"messages":[\#(user)],"tools":[],"parallel_tool_calls":false}"#,
                    preferred: String = #"[{"role":"assistant","content":"good"}]"#,
                    nonPreferred: String = #"[{"role":"assistant","content":"bad"}]"#) -> String {
        #"{"input":\#(input),"preferred_output":\#(preferred),"non_preferred_output":\#(nonPreferred)}"# + "\n"
    }
    static func image(_ url: String) -> String { #"{"type":"image_url","image_url":{"url":"\#(url)"}}"# }
    static func vision(_ url: String) -> String {
        chat(user, #"{"role":"user","content":[\#(image(url))]}"#, assistant)
    }

    /// The small JPEG of the platform's example, as a data URI, and broken versions of it.
    static let jpegURI: String = {
        let text = Fixture.read(Fixture.path("jsonl/vision-base64.jsonl"))
        let range = text.range(of: #"data:image/jpeg;base64,[A-Za-z0-9+/=]+"#, options: .regularExpression)!
        return String(text[range])
    }()
    static let jpegBytes = [UInt8](Data(base64Encoded: String(jpegURI.dropFirst("data:image/jpeg;base64,".count)))!)
    static let truncatedJPEG = "data:image/jpeg;base64," + Data(jpegBytes.prefix(jpegBytes.count / 2)).base64EncodedString()
    /// A data URI of one of TuneKitImages' fixtures (made by Pillow).
    static func pictureURI(_ name: String) -> String {
        let path = Fixture.repositoryRoot.appendingPathComponent("Tests/TuneKitImagesTests/Fixtures/" + name).path
        return "data:image/jpeg;base64," + Data(Fixture.bytes(path)).base64EncodedString()
    }
    static let pngAsJPEG = "data:image/jpeg;base64,iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAIAAAA7ljmRAAAAEElEQVR4nGP8z4AATAy4OAAmdgEF5PO41QAAAABJRU5ErkJggg=="

    static let cases: [Case] = [
        Case("enc.bom", .chat, "\u{FEFF}" + chat + "\n"),
        Case("enc.utf16", .chat, bytes: [0xFF, 0xFE] + Array(chat.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }),
        Case("enc.not_utf8", .chat, bytes: Array(#"{"messages":[{"role":"user","content":""#.utf8) + [0xC4, 0xE3] + Array(#""},\#(assistant)]}"#.utf8) + [0x0A]),
        Case("enc.control_chars", .chat, chat(#"{"role":"user","content":"x\ud800y"}"#, assistant)),
        Case("json.blank_line", .chat, chat + "\n\n" + chat + "\n"),
        Case("json.parse", .chat, "not json\n"),
        Case("json.multiline_object", .chat, "{\n  \"messages\": [\(user), \(assistant)]\n}\n"),
        Case("json.trailing_comma", .chat, #"{"messages":[\#(user),\#(assistant),]}"# + "\n"),
        Case("json.not_object", .chat, "[1,2]\n"),
        Case("json.duplicate_key", .chat, #"{"messages":[\#(user),\#(assistant)],"messages":[\#(user),\#(assistant)]}"# + "\n"),
        Case("json.nonfinite", .chat, chat(#"{"role":"user","content":NaN}"#, assistant)),
        Case("file.empty", .chat, ""),
        Case("file.too_large", .chat, chat + "\n", limits: ["file": 50]),
        Case("file.mixed_formats", .chat, #"{"messages":[\#(user),\#(assistant)],"input":{}}"# + "\n"),
        Case("limit.examples_min", .chat, chat + "\n", limits: ["examples": 5]),
        Case("limit.tokens_example", .chat, chat(user, #"{"role":"assistant","content":"\#(String(repeating: "长", count: 40))"}"#), limits: ["tokens": 20]),
        Case("struct.missing_key", .chat, #"{"msgs":[]}"# + "\n"),
        Case("struct.unknown_top_key", .chat, #"{"messages":[\#(user),\#(assistant)],"id":7}"# + "\n"),
        Case("struct.legacy_prompt_completion", .chat, #"{"prompt":"q","completion":"a"}"# + "\n"),
        Case("struct.messages_type", .chat, #"{"messages":{}}"# + "\n"),
        Case("struct.message_type", .chat, chat(#""hi""#, assistant)),
        Case("struct.missing_role", .chat, chat(#"{"content":"q"}"#, assistant)),
        Case("struct.role_type", .chat, chat(#"{"role":1,"content":"q"}"#, assistant)),
        Case("struct.missing_content", .chat, chat(user, #"{"role":"assistant"}"#)),
        Case("struct.content_type", .chat, chat(user, #"{"role":"assistant","content":[1]}"#)),
        Case("struct.content_empty", .chat, chat(user, #"{"role":"assistant","content":"  "}"#)),
        Case("struct.unknown_message_key", .chat, chat(user, #"{"role":"assistant","content":"a","weight":1}"#)),
        Case("struct.null_value", .tools, tools([user, #"{"role":"assistant","content":null,"tool_calls":[\#(call)]}"#, result, assistant])),
        Case("role.unknown", .chat, chat(user, #"{"role":"gpt","content":"a"}"#)),
        Case("role.system_position", .chat, chat(user, #"{"role":"system","content":"s"}"#, assistant)),
        Case("role.multiple_system", .chat, chat(#"{"role":"system","content":"s"}"#, #"{"role":"system","content":"t"}"#, user, assistant)),
        Case("role.first_turn", .chat, chat(assistant, user, assistant)),
        Case("role.no_assistant", .chat, chat(user)),
        Case("role.last_not_assistant", .chat, chat(user, assistant, user)),
        Case("role.consecutive", .chat, chat(user, user, assistant)),
        Case("role.bad_transition", .tools, tools([user, result, assistant])),
        Case("tool.category", .chat, #"{"messages":[\#(user),\#(assistant)],"tools":[\#(definition)]}"# + "\n"),
        Case("tool.tools_type", .tools, tools([user, callTurn, result, assistant], tools: "[]")),
        Case("tool.def_shape", .tools, tools([user, callTurn, result, assistant], tools: #"[{"type":"function"}]"#)),
        Case("tool.name_invalid", .tools, tools([user, assistant], tools: "[" + definition.replacingOccurrences(of: #""name":"f""#, with: #""name":"查询""#) + "]")),
        Case("tool.name_duplicate", .tools, tools([user, callTurn, result, assistant], tools: "[\(definition),\(definition)]")),
        Case("tool.params_schema", .tools, tools([user, assistant], tools: "[" + definition.replacingOccurrences(of: #""parameters":{"type":"object","properties":{}}"#, with: #""parameters":"x""#) + "]")),
        Case("tool.call_shape", .tools, tools([user, callTurn.replacingOccurrences(of: #""type":"function","#, with: ""), result, assistant])),
        Case("tool.arguments_type", .tools, tools([user, callTurn.replacingOccurrences(of: #""arguments":"{\"x\":1}""#, with: #""arguments":{"x":1}"#), result, assistant])),
        Case("tool.arguments_json", .tools, tools([user, callTurn.replacingOccurrences(of: #""arguments":"{\"x\":1}""#, with: #""arguments":"x=1""#), result, assistant])),
        Case("tool.call_unknown_function", .tools, tools([user, callTurn.replacingOccurrences(of: #""name":"f""#, with: #""name":"g""#), result, assistant])),
        Case("tool.call_id_duplicate", .tools, tools([user, #"{"role":"assistant","tool_calls":[\#(call),\#(call)]}"#, result, assistant])),
        Case("tool.call_id_format", .tools, tools([user, callTurn.replacingOccurrences(of: "call00001", with: "c1"), result.replacingOccurrences(of: "call00001", with: "c1"), assistant])),
        Case("tool.result_missing_id", .tools, tools([user, callTurn, #"{"role":"tool","content":"r"}"#, assistant])),
        Case("tool.result_unknown_id", .tools, tools([user, callTurn, result.replacingOccurrences(of: "call00001", with: "other9999"), assistant])),
        Case("tool.call_unanswered", .tools, tools([user, callTurn, assistant])),
        Case("tool.result_extra", .tools, tools([user, callTurn, result, result, assistant])),
        Case("tool.content_type", .tools, tools([user, callTurn, #"{"role":"tool","content":{"x":1},"tool_call_id":"call00001"}"#, assistant])),
        Case("tool.content_and_calls", .tools, tools([user, #"{"role":"assistant","content":"let me check","tool_calls":[\#(call)]}"#, result, assistant])),
        Case("tool.legacy_functions", .chat, #"{"messages":[\#(user),\#(assistant)],"functions":[]}"# + "\n"),
        Case("reason.type", .thinking, chat(user, #"{"role":"assistant","content":"a","reasoning_content":1}"#)),
        Case("reason.role", .thinking, chat(#"{"role":"user","content":"q","reasoning_content":"r"}"#, #"{"role":"assistant","content":"a","reasoning_content":"r"}"#)),
        Case("reason.empty", .thinking, chat(user, assistant)),
        Case("reason.dialect_tags", .chat, chat(user, #"{"role":"assistant","content":"<think>x</think>a"}"#)),
        Case("dpo.dialect", .dpo, #"{"prompt":"q","chosen":"a","rejected":"b"}"# + "\n"),
        Case("dpo.input_type", .dpo, dpo(input: #""q""#)),
        Case("dpo.input_last_assistant", .dpo, dpo(input: #"{"messages":[\#(user),\#(assistant)]}"#)),
        Case("dpo.output_type", .dpo, dpo(preferred: #"{"role":"assistant","content":"good"}"#)),
        Case("dpo.output_count", .dpo, dpo(preferred: "[]")),
        Case("dpo.output_role", .dpo, dpo(preferred: #"[{"role":"user","content":"good"}]"#)),
        Case("dpo.outputs_identical", .dpo, dpo(nonPreferred: #"[{"role":"assistant","content":" good "}]"#)),
        Case("dpo.multi_turn_output", .dpo, dpo(preferred: #"[{"role":"assistant","content":"a"},{"role":"assistant","content":"b"}]"#)),
        Case("dpo.tools_shape", .dpo, dpo(input: #"{"messages":[\#(user)],"parallel_tool_calls":"no"}"#)),
        Case("img.part_shape", .vision, chat(user, #"{"role":"user","content":[{"type":"video"}]}"#, assistant)),
        Case("img.url_scheme", .vision, vision("ftp://example.com/a.jpg")),
        Case("img.data_prefix", .vision, vision(jpegURI.replacingOccurrences(of: "image/jpeg", with: "image/png"))),
        Case("img.base64", .vision, vision("data:image/jpeg;base64,!!!")),
        Case("img.decode", .vision, vision(truncatedJPEG)),
        Case("img.mime_mismatch", .vision, vision(pngAsJPEG)),
        Case("img.bytes", .vision, vision(jpegURI), limits: ["image_bytes": 100]),
        Case("img.pixels", .vision, vision(jpegURI), limits: ["image_side": 8]),
        Case("img.exif_orientation", .vision, vision(pictureURI("orient-6.jpg"))),
        Case("img.color_mode", .vision, vision(pictureURI("cmyk-adobe.jpg"))),
        Case("img.count", .vision, chat(user, assistant)),
        Case("img.role", .imageGen, chat(#"{"role":"user","content":[\#(image("https://example.com/a.jpg"))]}"#, #"{"role":"assistant","content":[\#(image("https://example.com/b.jpg"))]}"#)),
        Case("img.layout_glm4v", .vision, chat(#"{"role":"user","content":[{"type":"text","text":"what?"},\#(image("https://example.com/a.jpg"))]}"#, assistant)),
        Case("content.special_tokens", .chat, chat(user, #"{"role":"assistant","content":"a<|user|>"}"#)),
    ]

    static func validator(_ limits: [String: Int]) -> JSONLValidator {
        var profile = PlatformProfile.bigModel
        profile.minimumExamples = limits["examples"] ?? 0
        profile.maxFileBytes = limits["file"] ?? profile.maxFileBytes
        profile.tokenWarning = limits["tokens"] ?? profile.tokenWarning
        profile.maxImageBytes = limits["image_bytes"] ?? profile.maxImageBytes
        profile.maxImageSide = limits["image_side"] ?? profile.maxImageSide
        return JSONLValidator(profile: profile)
    }

    @Test(arguments: cases)
    func eachCodeIsReported(_ testCase: Case) {
        let path = Fixture.write(testCase.bytes, name: "broken.jsonl")
        let result = Self.validator(testCase.limits).validate(path: path, format: testCase.format)
        let codes = result.diagnostics.map(\.code)
        #expect(codes.contains(testCase.code), "\(codes)")
        #expect(result.diagnostics.allSatisfy { $0.severity == PlatformProfile.bigModel.severity(of: $0.code) })
    }

    /// JPEGs whose coded data is damaged although they end in an end-of-image marker (they pass a header read and
    /// the marker check) are decoded and refused; a clean one and one whose only warning is in its header pass.
    @Test(arguments: [
        ("codec/pillow-hopper_bad_exif.jpg", true),
        ("codec/made-cut-eoi.jpg", true),
        ("codec/made-rst-wrong.jpg", true),
        ("codec/pillow-photoshop-200dpi-broken.jpg", false),
        ("orient-1.jpg", false),
    ])
    func damagedCodedDataIsRefused(file: String, refused: Bool) {
        let result = Self.validator([:]).validate(path: Fixture.write(Self.vision(Self.pictureURI(file)), name: "damaged.jsonl"), format: .vision)
        let decode = result.diagnostics.filter { $0.code == "img.decode" }
        #expect(decode.count == (refused ? 1 : 0), "\(result.diagnostics)")
        #expect(decode.allSatisfy { $0.message.contains("coded data is damaged") })
    }

    /// convert never writes what validate refuses: a damaged inline JPEG kept as a URL (`--image-mode url`, which
    /// passes pictures through) was written unread; now the line gate decodes it. Preparing pictures refuses it
    /// with the decoder's own code.
    @Test(arguments: [(ImageEmbedding.Mode.url, "img.decode"), (.base64, "img.corrupt_data")])
    func convertNeverWritesADamagedInlinePicture(mode: ImageEmbedding.Mode, code: String) throws {
        let path = Fixture.write(Self.vision(Self.pictureURI("codec/pillow-hopper_bad_exif.jpg")), name: "damaged.jsonl")
        var options = ConvertOptions(inputs: [path], format: .vision, outputDirectory: Fixture.temporaryDirectory())
        options.images.mode = mode
        let result = try ConvertJob(options: options).run()
        #expect(result.report.counts.train == 0)
        #expect(result.report.rejectsByReason == [code: 1])
    }

    /// A colour profile is named; an sRGB one, and a converted picture, raise nothing.
    @Test func colourProfilesAreNamed() {
        let adobe = Self.validator([:]).validate(path: Fixture.write(Self.vision(Self.pictureURI("adobe-rgb.jpg")), name: "adobe.jsonl"), format: .vision)
        #expect(adobe.diagnostics.contains { $0.code == "img.color_mode" && $0.message.contains("Adobe RGB") }, "\(adobe.diagnostics)")
        let srgb = Self.validator([:]).validate(path: Fixture.write(Self.vision(Self.pictureURI("srgb-profile.jpg")), name: "srgb.jsonl"), format: .vision)
        #expect(srgb.diagnostics.isEmpty, "\(srgb.diagnostics)")
    }

    @Test func everyCodeHasACase() {
        let tested = Set(Self.cases.map(\.code))
        let catalogued = Set(ValidationCode.all.map(\.code))
        #expect(tested == catalogued, "untested: \(catalogued.subtracting(tested).sorted()), unknown: \(tested.subtracting(catalogued).sorted())")
        #expect(Self.cases.count == tested.count)
    }

    /// Whatever the table's lines draw is a registered code, at its registered severity.
    @Test func everyEmittedCodeIsRegistered() {
        for testCase in Self.cases {
            let path = Fixture.write(testCase.bytes, name: "broken.jsonl")
            for diagnostic in Self.validator(testCase.limits).validate(path: path, format: testCase.format).diagnostics {
                let registered = ValidationCode.named(diagnostic.code)
                #expect(registered != nil, "\(diagnostic.code) is not registered")
                #expect(registered?.severity == diagnostic.severity, "\(diagnostic)")
            }
        }
    }

    /// The platform's severities are the registry's: no code listed that nothing registers (the old drift).
    @Test func severitiesComeFromTheRegistry() {
        let registered = Set(ValidationCode.all.map(\.code))
        #expect(Set(PlatformProfile.bigModel.severities.keys).isSubset(of: registered))
        for code in ValidationCode.all {
            #expect(PlatformProfile.bigModel.severity(of: code) == code.severity, "\(code)")
        }
        #expect(registered.count == ValidationCode.all.count)
        #expect(ValidationCode.all.allSatisfy { !$0.meaning.isEmpty && $0.code.split(separator: ".").count == 2 })
    }

    static let examples: [(String, OutputFormat)] = [
        ("chat.jsonl", .chat), ("chat-no-system.jsonl", .chat), ("thinking.jsonl", .thinking),
        ("tools.jsonl", .tools), ("thinking-tools.jsonl", .thinking), ("dpo.jsonl", .dpo),
        ("image-gen-url.jsonl", .imageGen), ("image-gen-base64.jsonl", .imageGen),
        ("vision-url.jsonl", .vision), ("vision-base64.jsonl", .vision),
    ]

    /// The ten documented lines validate clean, and their format is detected without being named.
    @Test(arguments: examples)
    func platformExamplesAreClean(file: String, format: OutputFormat) {
        let validator = Self.validator([:])
        let given = validator.validate(path: Fixture.path("jsonl/" + file), format: format)
        #expect(given.diagnostics.isEmpty, "\(given.diagnostics)")
        let detected = validator.validate(path: Fixture.path("jsonl/" + file))
        #expect(detected.format == format)
        #expect(detected.diagnostics.isEmpty)
    }
}
