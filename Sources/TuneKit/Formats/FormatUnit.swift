/// One output format's rules in one place: the fields a table maps to it, which of them a row must fill, how
/// the platform bills its lines and how validate names it when it detects it. One conforming type per format
/// (`Formats/<Format>/`), found through ``OutputFormat/unit``, instead of a switch over the format in every file
/// that needs one of these.
package protocol FormatUnit: Sendable {
    /// The format this unit describes.
    var format: OutputFormat { get }
    /// The fields a table maps to this format, in report order (`calls`: the function-calling variant, where
    /// the format has one).
    func fields(calls: Bool) -> [ColumnAliases.Field]
    /// The fields every row must fill.
    func required(calls: Bool) -> [ColumnAliases.Field]
    /// Whether the text of a line is billed (image generation bills its images only).
    var billsText: Bool { get }
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
    package var billsText: Bool { true }
    package var carriesReasoning: Bool { false }
    package var requiresReasoning: Bool { false }
    package var carriesTools: Bool { false }
    package var imageRole: Role? { nil }
    package var repeatedUserTurns: Bool { false }
}

/// The registry of format units.
package enum FormatUnits {
    /// One unit per format, in ``OutputFormat`` order.
    package static let all: [any FormatUnit] = [
        ChatFormat(), ToolsFormat(), ThinkingFormat(), DPOFormat(), ImageGenFormat(), VisionFormat(),
    ]
}

extension OutputFormat {
    /// This format's unit.
    package var unit: any FormatUnit {
        switch self {
        case .chat: return FormatUnits.all[0]
        case .tools: return FormatUnits.all[1]
        case .thinking: return FormatUnits.all[2]
        case .dpo: return FormatUnits.all[3]
        case .imageGen: return FormatUnits.all[4]
        case .vision: return FormatUnits.all[5]
        }
    }
}
