/// An input that cannot be read at all (as opposed to a bad row, which becomes a reject).
public struct ImportError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure.
    public enum Kind: String, Sendable {
        case unreadable
        case unsupportedEncoding = "unsupported_encoding"
        case noHeader = "no_header"
        case unknownFormat = "unknown_format"
        case badMapping = "bad_mapping"
    }

    public var kind: Kind
    public var message: String
    public var location: SourceLocation

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, at location: SourceLocation) {
        self.kind = kind
        self.message = message
        self.location = location
    }

    public var description: String { "\(location): \(message)" }
}
