/// Decides a JSONL file's format from what its first lines hold.
enum FormatDetector {
    /// The format one parsed line looks like (the unit that claims its clues), or `nil` for a line that is not
    /// an object.
    static func classify(_ tape: JSONTape) -> OutputFormat? {
        guard let clues = LineClues(tape) else { return nil }
        return FormatUnits.all.first { $0.claims(clues) }?.format ?? .chat
    }

    /// The format of a file from its lines' kinds: one taken by majority when it has it (DPO), else the most
    /// specific one seen (the lowest ``FormatUnit/detectionRank``).
    static func decide(_ kinds: [OutputFormat]) -> (OutputFormat, String) {
        guard !kinds.isEmpty else { return (.chat, "no readable line; checked as chat") }
        var counts: [OutputFormat: Int] = [:]
        for kind in kinds { counts[kind, default: 0] += 1 }
        for unit in FormatUnits.byDetectionRank where unit.detectedByMajority {
            if let count = counts[unit.format], count * 2 >= kinds.count { return (unit.format, unit.detectionReason) }
        }
        let format = FormatUnits.byDetectionRank.first { !$0.detectedByMajority && counts[$0.format] != nil }?.format ?? .chat
        return (format, format.unit.detectionReason)
    }
}
