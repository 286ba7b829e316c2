/// The warnings a decoder (libjpeg-turbo, libpng) emitted while reading one picture: damage it recovered from
/// (stray bytes between markers, an ancillary chunk with a bad CRC that it skipped) or something it found odd (an
/// ICC profile libpng knows to be wrong). Damage that makes libjpeg guess pixels is not a warning here but an
/// ``ImageError`` (``ImageError/truncated(_:)``, ``ImageError/corruptData(_:)``) unless
/// ``ImageOptions/acceptTruncated`` takes it, and then it is counted here too.
public struct CodecWarnings: Sendable, Equatable, CustomStringConvertible {
    /// The library that warned: `libjpeg` or `libpng`.
    public var codec: String
    /// How many warnings it emitted (0 for a clean picture).
    public var count: Int
    /// The first warning's text, as the library wrote it (`iCCP: known incorrect sRGB profile`).
    public var first: String

    /// No warning.
    public static let none = CodecWarnings(codec: "", count: 0, first: "")

    /// Creates a tally.
    public init(codec: String, count: Int, first: String) {
        self.codec = codec
        self.count = count
        self.first = first
    }

    /// Whether the decoder said nothing.
    public var isEmpty: Bool { count == 0 }

    /// `2 libpng warnings, the first: "cLLI: CRC error"`.
    public var description: String {
        isEmpty ? "no codec warning"
            : "\(count) \(codec) warning\(count == 1 ? "" : "s"), the first: \"\(first)\""
    }
}
