/// The bounds every reader keeps on one piece of its input, whatever the input holds: a line, a field or a
/// cell longer than ``defaultMaxLineBytes`` is refused naming its file and line (`--max-line-bytes` raises it)
/// instead of being gathered whole into memory.
public enum InputLimits {
    /// 256 MiB: far above any real record (a line that inlines a few pictures as base64 takes about 10 MB).
    public static let defaultMaxLineBytes = 256 << 20

    /// The one-line refusal of a line (`what`: "line", "field", "cell") longer than `limit` bytes.
    static func overLong(_ what: String, limit: Int, at location: SourceLocation) -> ImportError {
        ImportError(.unreadable, "a \(what) longer than \(ZipArchive.describe(limit)) (--max-line-bytes raises it)", at: location)
    }
}
