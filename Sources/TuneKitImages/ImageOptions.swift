/// How pictures are prepared: the size rule, the background for transparency and padding, the output format,
/// and the byte budget.
public struct ImageOptions: Sendable, Equatable {
    /// The size rule. Pictures are never enlarged unless ``ImageOptions/upscale`` is set.
    public enum Resize: Sendable, Equatable {
        /// Keep the size.
        case original
        /// Fit within a square of this side, keeping the aspect ratio.
        case fit(maxSide: Int)
        /// Fit within this many pixels, keeping the aspect ratio.
        case maxPixels(Int)
        /// Fill exactly `width`×`height`, cutting the overflow from both sides of the longer axis.
        case crop(width: Int, height: Int)
        /// Fit within `width`×`height` and fill the rest with the background, centred.
        case pad(width: Int, height: Int)
    }

    /// Output container formats.
    public enum Format: String, Sendable, CaseIterable {
        /// Baseline JPEG.
        case jpeg
        /// PNG.
        case png

        /// The MIME type for data URIs.
        public var mimeType: String { self == .jpeg ? "image/jpeg" : "image/png" }
        /// The usual file extension, without the dot.
        public var fileExtension: String { self == .jpeg ? "jpg" : "png" }
    }

    /// The size rule.
    public var resize: Resize
    /// Allow output larger than the source.
    public var upscale: Bool
    /// What transparency and padding become.
    public var background: RGBColor
    /// The output container.
    public var format: Format
    /// JPEG quality to start from (1–100); the byte budget may lower it.
    public var quality: Int
    /// The lowest JPEG quality the byte budget may use before it shrinks the picture instead.
    public var minimumQuality: Int
    /// JPEG chroma subsampling.
    public var subsampling: JPEGCodec.Subsampling
    /// The most base64 characters the encoded picture may take (the payload of its data URI); nil for no limit.
    public var maxBytes: Int?
    /// Pictures whose header declares more pixels are refused before decoding (decompression bombs).
    public var maxInputPixels: Int
    /// 100 megapixels: any camera's full picture, while a bomb's 65000×65000 is refused.
    public static let defaultMaxInputPixels = 100_000_000
    /// Resample in linear light rather than on sRGB values (see ``Resampler``).
    public var linearLight: Bool
    /// Decode JPEGs whose data ends early, with libjpeg's gray for the missing part, or whose data is corrupt, with
    /// libjpeg's guess for the damaged part, instead of refusing them (``ImageError/truncated(_:)``,
    /// ``ImageError/corruptData(_:)``); the picture's ``ProcessedImage/codecWarnings`` say what was patched.
    public var acceptTruncated = false

    /// The default: fit within 1024 px, white background, JPEG quality 85 at 4:2:0, no byte budget,
    /// inputs up to 100 megapixels.
    public init(resize: Resize = .fit(maxSide: 1024), upscale: Bool = false, background: RGBColor = .white,
                format: Format = .jpeg, quality: Int = 85, minimumQuality: Int = 40,
                subsampling: JPEGCodec.Subsampling = .s420, maxBytes: Int? = nil,
                maxInputPixels: Int = ImageOptions.defaultMaxInputPixels, linearLight: Bool = false) {
        self.resize = resize
        self.upscale = upscale
        self.background = background
        self.format = format
        self.quality = quality
        self.minimumQuality = minimumQuality
        self.subsampling = subsampling
        self.maxBytes = maxBytes
        self.maxInputPixels = maxInputPixels
        self.linearLight = linearLight
    }
}
