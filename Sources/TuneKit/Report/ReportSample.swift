/// The first training line of a run as written, for people to look at: where its record came from and the
/// line with every data-URI payload shortened to `data:image/jpeg;base64,…(123456 chars)`.
public struct ReportSample: Sendable, Equatable {
    /// Where the record came from.
    public var location: SourceLocation
    /// The line (without its line end), data-URI payloads shortened.
    public var line: String

    /// Takes a written line; `bytes` are the line without its line end.
    init(location: SourceLocation, bytes: UnsafeBufferPointer<UInt8>) {
        self.location = location
        line = Self.shortened(bytes)
    }

    /// Creates a sample from a line already shortened.
    public init(location: SourceLocation, line: String) {
        self.location = location
        self.line = line
    }

    private static let marker = Array(";base64,".utf8)

    /// The line with the payload after each `;base64,` (up to the closing quote) replaced by
    /// `…(N chars)`.
    static func shortened(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(min(bytes.count, 4_096))
        var index = 0
        while index < bytes.count {
            if bytes[index] == marker[0], bytes.count - index >= marker.count,
               (0..<marker.count).allSatisfy({ bytes[index + $0] == marker[$0] }) {
                out.append(contentsOf: marker)
                var end = index + marker.count
                while end < bytes.count && bytes[end] != UInt8(ascii: "\"") { end += 1 }
                out.append(contentsOf: Array("…(\(end - index - marker.count) chars)".utf8))
                index = end
                continue
            }
            out.append(bytes[index])
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The sample as report JSON.
    var json: JSONValue {
        .object(["location": .string(location.description), "line": .string(line)])
    }
}
