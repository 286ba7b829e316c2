/// An input that cannot be read at all (as opposed to a bad row, which becomes a reject).
public struct ImportError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure.
    public enum Kind: String, Sendable {
        /// The input cannot be opened or read.
        case unreadable
        /// The text is in an encoding that cannot be converted.
        case unsupportedEncoding = "unsupported_encoding"
        /// A table without a header row (an empty file or sheet).
        case noHeader = "no_header"
        /// The container is not one TuneKit reads (a damaged, encrypted or ZIP64 archive …).
        case unknownFormat = "unknown_format"
        /// A template or function definition that cannot be used.
        case badMapping = "bad_mapping"
    }

    /// What kind of failure.
    public var kind: Kind
    /// A sentence for people.
    public var message: String
    /// The input (and place in it) that failed.
    public var location: SourceLocation

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, at location: SourceLocation) {
        self.kind = kind
        self.message = message
        self.location = location
    }

    /// `location: message`.
    public var description: String { "\(location): \(message)" }
}
