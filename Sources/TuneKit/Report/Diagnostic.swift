/// A problem or remark found by the library, with where it applies. The library collects diagnostics;
/// only the command-line tool prints them.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Comparable, Codable {
        /// A remark; nothing is wrong.
        case info
        /// Worth a look; never fails a file.
        case warning
        /// A fault: a file with one fails validation.
        case error

        private var rank: Int {
            switch self {
            case .info: return 0
            case .warning: return 1
            case .error: return 2
            }
        }

        /// Orders severities from ``info`` to ``error``.
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// How serious it is.
    public var severity: Severity
    /// A stable code (`role.unknown`, `file.too_large` …).
    public var code: String
    /// A sentence for people.
    public var message: String
    /// Where it applies, when it applies to one place.
    public var location: SourceLocation?
    /// A JSON pointer into the record (`/messages/2/content`), when the problem is inside one.
    public var pointer: String?

    /// Creates a diagnostic.
    public init(_ severity: Severity, _ code: String, _ message: String, at location: SourceLocation? = nil,
                pointer: String? = nil) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
        self.pointer = pointer
    }

    /// `FILE:LINE: [code] message (at /pointer)`; warnings say so before the code.
    public var description: String {
        var text = ""
        if let location { text += "\(location): " }
        if severity == .warning { text += "warning: " } else if severity == .info { text += "note: " }
        text += "[\(code)] \(message)"
        if let pointer, !pointer.isEmpty { text += " (at \(pointer))" }
        return text
    }
}
