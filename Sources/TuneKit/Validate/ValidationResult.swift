/// What validating one file found.
public struct ValidationResult: Sendable {
    public var file: String
    /// Lines read (the last line without a newline counts).
    public var lines = 0
    /// Records (JSON lines) checked.
    public var records = 0
    public var diagnostics: [Diagnostic] = []
    /// Set when the file could not be read at all.
    public var unreadable: String?

    /// Errors found.
    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    /// Warnings found.
    public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }
}
