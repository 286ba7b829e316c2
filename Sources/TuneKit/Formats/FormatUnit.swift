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
}

extension FormatUnit {
    package var billsText: Bool { true }
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
