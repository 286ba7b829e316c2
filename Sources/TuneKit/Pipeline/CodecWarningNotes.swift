import TuneKitImages

/// The pictures whose decoder (libjpeg, libpng) warned while reading them, each noted once: a count for the report
/// (`images.codec_warnings`) and a warning diagnostic (`img.codec_warning`) per picture naming it, the first
/// warning's text and how many there were, up to ``shown`` of them and then one line counting the rest.
/// Warnings that mean pixels were guessed refuse the picture instead (`img.truncated`, `img.corrupt_data`) unless
/// `--accept-truncated` takes it; then they are noted here.
struct CodecWarningNotes: Sendable {
    /// Diagnostics written one per picture; past them, one line counts the rest.
    static let shown = 100
    /// The stable code of the diagnostics.
    static let code = "img.codec_warning"
    /// Keys of the pictures noted (only warned pictures are kept).
    private var noted: Set<String> = []
    private var diagnostics: [Diagnostic] = []

    /// Notes the picture under `key` once; false when it was noted before.
    mutating func note(_ key: String, reference: String, _ warnings: CodecWarnings, at location: SourceLocation?) -> Bool {
        guard noted.insert(key).inserted else { return false }
        if noted.count <= Self.shown {
            diagnostics.append(Diagnostic(.warning, Self.code, Self.message(reference, warnings), at: location))
        }
        return true
    }

    /// The sentence for one picture.
    static func message(_ reference: String, _ warnings: CodecWarnings) -> String {
        "\(reference): \(warnings); the picture was used as the decoder read it"
    }

    /// The diagnostics, with one counting those past ``shown``.
    var warnings: [Diagnostic] {
        guard noted.count > Self.shown else { return diagnostics }
        return diagnostics + [Diagnostic(.warning, Self.code, "and \(noted.count - Self.shown) more pictures with decoder warnings (report.json images.codec_warnings counts them all)")]
    }
}
