import Testing
@testable import TuneKit

/// One unit per format, each found from its format, each consistent with itself.
@Suite("Format units")
struct FormatUnitTests {
    @Test(arguments: OutputFormat.allCases)
    func eachFormatHasItsUnit(_ format: OutputFormat) {
        let unit = format.unit
        #expect(unit.format == format)
        for calls in [false, true] {
            #expect(Set(unit.required(calls: calls)).isSubset(of: unit.fields(calls: calls)))
        }
        #expect(unit.billsText == (format != .imageGen))
        #expect(!unit.detectionReason.isEmpty)
    }

    /// What each format's lines may carry, as the writer and the line rules read it.
    @Test func whatLinesCarry() {
        #expect(OutputFormat.allCases.filter { $0.unit.carriesReasoning } == [.tools, .thinking])
        #expect(OutputFormat.allCases.filter { $0.unit.carriesTools } == [.tools, .thinking])
        #expect(OutputFormat.allCases.filter { $0.unit.requiresReasoning } == [.thinking])
        #expect(OutputFormat.allCases.compactMap { $0.unit.imageRole } == [.assistant, .user])
        #expect(OutputFormat.allCases.filter { $0.unit.repeatedUserTurns } == [.vision])
    }

    @Test func theRegistryHoldsEveryFormatOnce() {
        #expect(FormatUnits.all.map(\.format) == OutputFormat.allCases)
    }

    @Test func detectionRanksOrderEveryFormatOnce() {
        #expect(FormatUnits.byDetectionRank.map(\.format) == [.dpo, .tools, .thinking, .imageGen, .vision, .chat])
        #expect(OutputFormat.allCases.filter { $0.unit.detectedByMajority } == [.dpo])
    }

    /// Lines of each shape, with the format validate takes them for: exactly one unit claims each.
    static let claimedLines: [(line: String, format: OutputFormat)] = [
        (#"{"messages":[{"role":"user","content":"问"},{"role":"assistant","content":"答"}]}"#, .chat),
        (#"{"prompt":"问","completion":"答"}"#, .chat),
        (#"{"input":{"messages":[]},"preferred_output":[],"non_preferred_output":[]}"#, .dpo),
        (#"{"chosen":"a","rejected":"b","tools":[]}"#, .dpo),
        (#"{"tools":[]}"#, .tools),
        (#"{"functions":[]}"#, .tools),
        (#"{"messages":[{"role":"tool","content":"x"}]}"#, .tools),
        (#"{"messages":[{"role":"assistant","content":"a","reasoning_content":"r","tool_calls":[]}]}"#, .tools),
        (#"{"messages":[{"role":"assistant","reasoning_content":"r","tool_calls":[]}],"tools":[]}"#, .thinking),
        (#"{"messages":[{"role":"assistant","content":"a","reasoning_content":"r"}]}"#, .thinking),
        (#"{"messages":[{"role":"assistant","content":[{"type":"image_url","image_url":{"url":"u"}}]}]}"#, .imageGen),
        (#"{"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"u"}}]}]}"#, .vision),
        (#"{"messages":[{"role":"user","content":[{"image_url":{}}]},{"content":[{"image_url":{}}]}]}"#, .chat),
    ]

    @Test(arguments: claimedLines)
    func oneUnitClaimsEachLine(_ line: String, _ format: OutputFormat) throws {
        var tape = JSONTape()
        let bytes = Array(line.utf8)
        try bytes.withUnsafeBufferPointer { try tape.parse($0) }
        let clues = try #require(LineClues(tape))
        #expect(FormatUnits.all.filter { $0.claims(clues) }.map(\.format) == [format])
        #expect(FormatDetector.classify(tape) == format)
    }

    /// A row with every field of the format filled, as ``TableMapper`` hands it to the unit.
    static func row(for unit: any FormatUnit) -> MappedRow {
        let calls = unit.makesCalls(toolsGiven: true, callNameMapped: true)
        let fields = unit.required(calls: calls)
        let texts = fields.map { field -> String in
            switch field {
            case .image: return "https://example.com/cat.jpg"
            case .callName: return "get_weather"
            case .callArguments: return #"{"city":"北京"}"#
            case .rejected: return "不知道。"
            default: return "\(field.rawValue) 的文字"
            }
        }
        let tool = ToolDefinition(name: "get_weather", description: "天气", parameters: .object([:]))
        return MappedRow(fields: fields, texts: texts, system: "你是客服。", tools: [tool], makesCalls: calls, allowsLocalImages: false)
    }

    /// What a unit builds from a full row it can write, the line passes its own rules (as convert's gate applies
    /// them) and validate takes the line for that format.
    @Test(arguments: OutputFormat.allCases)
    func eachUnitWritesWhatItBuildsAndItsRulesPassIt(_ format: OutputFormat) throws {
        let unit = format.unit
        guard case .example(let example) = unit.buildExample(from: Self.row(for: unit)) else {
            Issue.record("the full row was rejected")
            return
        }
        let record = Record(source: SourceLocation(file: "t.csv"), example: example)
        #expect(unit.problem(with: record) == nil)
        var writer = JSONWriter()
        unit.write(record, to: &writer, profile: .bigModel)
        #expect(writer.bytes.last == 0x0A)
        var gate = LineGate(format: format, profile: .bigModel)
        #expect(gate.firstError(in: writer.bytes, from: 0) == nil)
        var tape = JSONTape()
        try writer.bytes.dropLast().withUnsafeBufferPointer { try tape.parse($0) }
        #expect(FormatDetector.classify(tape) == format)
        // The other formats that take the record and pass the line they write: only the function-calling
        // exchange, in either of its two homes, and plain chat as a deep-thinking line without thinking (a warning).
        var takers: [OutputFormat] = []
        for other in OutputFormat.allCases where other != format && other.unit.problem(with: record) == nil {
            var line = JSONWriter()
            other.unit.write(record, to: &line, profile: .bigModel)
            var otherGate = LineGate(format: other, profile: .bigModel)
            if otherGate.firstError(in: line.bytes, from: 0) == nil { takers.append(other) }
        }
        let expected: [OutputFormat: [OutputFormat]] = [.chat: [.thinking], .tools: [.thinking], .thinking: [.tools]]
        #expect(takers == expected[format, default: []])
    }

    /// The row-level refusals the units make: an unknown function, arguments that are not an object, the same
    /// reply twice, an image cell that is not an image.
    @Test func unitsRefuseRowsTheyCannotBuild() {
        func reason(_ format: OutputFormat, _ field: ColumnAliases.Field, _ text: String) -> String? {
            let unit = format.unit
            let row = Self.row(for: unit)
            var texts = row.texts
            texts[row.fields.firstIndex(of: field)!] = text
            let changed = MappedRow(fields: row.fields, texts: texts, system: nil, tools: row.tools, makesCalls: row.makesCalls,
                                    allowsLocalImages: false)
            guard case .reject(let reason, _) = unit.buildExample(from: changed) else { return nil }
            return reason
        }
        #expect(reason(.tools, .callName, "send_mail") == "map.unknown_function")
        #expect(reason(.thinking, .callArguments, "[1]") == "map.arguments_not_object")
        #expect(reason(.dpo, .rejected, "chosen 的文字") == "map.identical_preference")
        #expect(reason(.vision, .image, "一只猫") == "map.image_reference")
        #expect(reason(.imageGen, .image, "cat.jpg") == "map.local_image")
    }
}
