/// One output format's rules in one place: the fields a table maps to it, which of them a row must fill, how a
/// mapped row becomes its record, how its lines are written, how the platform bills them and how validate
/// recognises and names it. One conforming type per format (`Formats/<Format>/`), found through
/// ``OutputFormat/unit``, instead of a switch over the format in every file that needs one of these. (The line
/// rules, which work on the validator's internal types, are the units' ``FormatLineRules`` side.)
package protocol FormatUnit: Sendable {
    /// The format this unit describes.
    var format: OutputFormat { get }
    /// The fields a table maps to this format, in report order (`calls`: the function-calling variant, where
    /// the format has one).
    func fields(calls: Bool) -> [ColumnAliases.Field]
    /// The fields every row must fill.
    func required(calls: Bool) -> [ColumnAliases.Field]
    /// Whether rows become a function-calling exchange, given whether function definitions were given and
    /// whether a call-name template is mapped.
    func makesCalls(toolsGiven: Bool, callNameMapped: Bool) -> Bool
    /// How the mapping error names this format's function-calling form when its definitions are missing.
    var callsName: String { get }
    /// What to add when a column of a call field is unused, for a format that could read it another way.
    func otherReaders(of field: ColumnAliases.Field) -> String
    /// The record's example built from one mapped row, or why the row is rejected.
    func buildExample(from row: MappedRow) -> MappedRow.Outcome
    /// Why the record cannot be written in this format at all, or `nil` (``RecordWriter/problem(with:)``).
    func problem(with record: Record) -> (reason: String, message: String)?
    /// Appends the record's line (with its newline). Call ``problem(with:)`` first.
    func write(_ record: Record, to writer: inout JSONWriter, profile: PlatformProfile)
    /// Whether a conversation's line gets a top-level `tools` array.
    func writesTools(_ conversation: Conversation) -> Bool
    /// The files of the format's fill-in template (`Templates/`).
    var templateFiles: [String] { get }
    /// Whether the text of a line is billed (image generation bills its images only).
    var billsText: Bool { get }
    /// What the report adds to the estimate's image sentence, when the format bills images in its own way.
    var billingNote: String { get }
    /// Whether one parsed line's clues are this format's (exactly one unit claims each line).
    func claims(_ clues: LineClues) -> Bool
    /// Where the format stands when a file's first lines are of several formats: the lowest rank seen wins.
    var detectionRank: Int { get }
    /// Whether the format is taken for a file only when at least half its first lines are of it.
    var detectedByMajority: Bool { get }
    /// Why validate took a file for this format, when it detected it from the first lines.
    var detectionReason: String { get }
    /// Whether assistant turns may carry `reasoning_content` (written, and allowed by the line rules).
    var carriesReasoning: Bool { get }
    /// Whether a line without any reasoning is a warning (`reason.empty`).
    var requiresReasoning: Bool { get }
    /// Whether lines may hold tool definitions and calls (always for tools; deep thinking's variant).
    var carriesTools: Bool { get }
    /// The turn that holds the line's image, for formats with one (content is then a parts array).
    var imageRole: Role? { get }
    /// Whether two user turns in a row are the documented form (the question, then the image).
    var repeatedUserTurns: Bool { get }
}

extension FormatUnit {
    package func makesCalls(toolsGiven: Bool, callNameMapped: Bool) -> Bool { false }
    package var callsName: String { "--to \(format.rawValue)" }
    package func otherReaders(of field: ColumnAliases.Field) -> String { "" }
    package var templateFiles: [String] { [format.rawValue + ".csv"] }
    package var billsText: Bool { true }
    package var billingNote: String { "" }
    package var detectedByMajority: Bool { false }
    package var carriesReasoning: Bool { false }
    package var requiresReasoning: Bool { false }
    package var carriesTools: Bool { false }
    package var imageRole: Role? { nil }
    package var repeatedUserTurns: Bool { false }

    /// A conversation format: a preference pair has no place, nor content the format cannot carry (tool calls,
    /// reasoning, pictures), which the line would silently lose.
    package func problem(with record: Record) -> (reason: String, message: String)? {
        switch record.example {
        case .preference:
            return ("export.not_conversation", "a preference pair can only be written with --to dpo")
        case .conversation(let conversation):
            let hasCalls = conversation.messages.contains { !$0.toolCalls.isEmpty || $0.role == .tool }
            if !carriesTools && (hasCalls || !conversation.tools.isEmpty) {
                return ("export.tools_in_\(format.rawValue)", "the record has tool definitions or calls; use --to tools")
            }
            if !carriesReasoning && conversation.messages.contains(where: { $0.reasoning != nil }) {
                return ("export.reasoning_in_\(format.rawValue)", "the record has reasoning; use --to thinking")
            }
            if imageRole == nil && conversation.messages.contains(where: \.hasImage) {
                return ("export.image_in_\(format.rawValue)", "the record has an image; use --to vision or image-gen")
            }
            return nil
        }
    }

    /// A conversation format's line: `{"messages":[…]}`, with `tools` where ``writesTools(_:)`` says.
    package func write(_ record: Record, to writer: inout JSONWriter, profile: PlatformProfile) {
        let lines = MessageLines(carriesReasoning: carriesReasoning, profile: profile)
        switch record.example {
        case .conversation(let conversation):
            writer.beginObject()
            writer.key("messages")
            lines.writeMessages(conversation, to: &writer)
            if writesTools(conversation) {
                writer.key("tools")
                MessageLines.writeTools(conversation.tools, to: &writer)
            }
            writer.endObject()
        case .preference(let preference):
            DPOFormat.writePreference(preference, lines: lines, to: &writer)
        }
        writer.newline()
    }

    package func writesTools(_ conversation: Conversation) -> Bool {
        carriesTools && !conversation.tools.isEmpty
    }
}

/// The registry of format units.
package enum FormatUnits {
    /// One unit per format, in ``OutputFormat`` order.
    static let units: [any FormatLineRules] = [
        ChatFormat(), ToolsFormat(), ThinkingFormat(), DPOFormat(), ImageGenFormat(), VisionFormat(),
    ]

    /// One unit per format, in ``OutputFormat`` order.
    package static let all: [any FormatUnit] = units.map { $0 }

    /// The units in the order a file's first lines settle its format (``FormatUnit/detectionRank``).
    static let byDetectionRank: [any FormatUnit] = units.sorted { $0.detectionRank < $1.detectionRank }
}

extension OutputFormat {
    /// This format's unit.
    package var unit: any FormatUnit { lineRules }

    /// This format's line rules (its unit).
    var lineRules: any FormatLineRules {
        switch self {
        case .chat: return FormatUnits.units[0]
        case .tools: return FormatUnits.units[1]
        case .thinking: return FormatUnits.units[2]
        case .dpo: return FormatUnits.units[3]
        case .imageGen: return FormatUnits.units[4]
        case .vision: return FormatUnits.units[5]
        }
    }
}
