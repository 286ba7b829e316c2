import Foundation

/// A prepared picture: encoded bytes and what was done to get them.
public struct ProcessedImage: Sendable, Equatable {
    /// The encoded file (JPEG or PNG, no metadata).
    public var bytes: [UInt8]
    /// The encoded format.
    public var format: ImageOptions.Format
    /// Size of the encoded picture.
    public var width: Int
    /// Height of the encoded picture.
    public var height: Int
    /// Size of the source as seen (after its orientation).
    public var sourceWidth: Int
    /// Height of the source as seen.
    public var sourceHeight: Int
    /// The EXIF orientation that was applied.
    public var orientation: ImageOrientation
    /// The JPEG quality used (nil for PNG).
    public var quality: Int?
    /// Whether the byte budget made the picture smaller than the size rule asked for.
    public var shrunkForBudget: Bool
    /// The embedded colour profile the pixels were converted from to sRGB (nil when they were sRGB).
    public var convertedFrom: String? = nil
    /// What the decoder warned about while reading the source (``CodecWarnings/none`` for a clean picture).
    public var codecWarnings: CodecWarnings = .none

    /// Characters of the base64 form of ``bytes``.
    public var base64Length: Int { Self.base64Length(of: bytes.count) }

    /// `bytes` as base64 (no line breaks).
    public var base64: String { Data(bytes).base64EncodedString() }

    /// `data:image/jpeg;base64,…` (or `image/png`).
    public var dataURI: String { "data:\(format.mimeType);base64," + base64 }

    /// Characters of the base64 form of `count` bytes.
    public static func base64Length(of count: Int) -> Int { (count + 2) / 3 * 4 }
}
