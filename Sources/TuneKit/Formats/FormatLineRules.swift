/// A format unit's line rules: what validate (and convert, through ``LineGate``) checks on a parsed line beyond
/// the message and turn rules every format shares (``LineChecker``).
protocol FormatLineRules: FormatUnit {
    /// Whether every line is checked for function calls (definitions, calls, results and their links).
    var linksTools: Bool { get }
    /// For a format with a function-calling variant: the format whose keys and roles a line with a top-level
    /// `tools` array is checked with (plus this format's own rules).
    var toolsVariantKeys: OutputFormat? { get }
    /// Where else function calls may go, added to the message that refuses them.
    var callsElsewhereHint: String { get }
    /// Checks the line's shape (keys, messages) with the shared checks of `checker`.
    func checkLine(_ checker: LineChecker, _ tape: JSONTape, _ root: Int, emit: LineChecker.Emit)
    /// Where the images of a conversation may be and how many (`cap`: the profile's images per example).
    func checkImageLayout(_ tally: ImageTally, cap: Int, base: String, emit: LineChecker.Emit)
}

extension FormatLineRules {
    var linksTools: Bool { false }
    var toolsVariantKeys: OutputFormat? { nil }
    var callsElsewhereHint: String { "" }

    /// A line with messages.
    func checkLine(_ checker: LineChecker, _ tape: JSONTape, _ root: Int, emit: LineChecker.Emit) {
        checker.checkConversationLine(tape, root, emit: emit)
    }

    /// Text formats take no images: the parts array is already refused as content.
    func checkImageLayout(_ tally: ImageTally, cap: Int, base: String, emit: LineChecker.Emit) {}
}
