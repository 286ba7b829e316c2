/// What validating one file found.
public struct ValidationResult: Sendable {
    /// The file checked.
    public var file: String
    /// The format checked (given, or detected from the first lines).
    public var format: OutputFormat?
    /// How the format was decided ("given", or what the first lines hold).
    public var formatReason = ""
    /// Lines read (the last line without a newline counts).
    public var lines = 0
    /// Records (JSON lines) checked.
    public var records = 0
    /// Problems kept (all of them, unless the caller streams them elsewhere).
    public var diagnostics: [Diagnostic] = []
    /// Errors found: any error makes the file invalid.
    public var errorCount = 0
    /// Warnings found.
    public var warningCount = 0
    /// Bytes read.
    public var bytes = 0
    /// Set when the file could not be read at all.
    public var unreadable: String?
}
