import CLibPNG
import CPNGShim

/// PNG through libpng: 1- to 8-bit files (palette with tRNS, gray+alpha, interlaced) through its simplified API,
/// 16-bit ones through its row API with their colour chunks applied here (``PNG16Decoder``); transparency is
/// flattened onto a background colour.
public enum PNGCodec {
    /// Decodes to RGB, compositing any alpha onto `background`.
    public static func decode(_ bytes: [UInt8], background: RGBColor = .white) throws(ImageError) -> RGBImage {
        try decodeReporting(bytes, background: background).image
    }

    /// ``decode(_:background:)``, with libpng's warnings counted (the first one's text kept). libpng's warnings
    /// never refuse a picture: it warns about what it skips or finds odd (an ancillary chunk with a bad CRC, an ICC
    /// profile it knows to be wrong), and fails on damage to the image data itself.
    public static func decodeReporting(_ bytes: [UInt8], background: RGBColor = .white)
        throws(ImageError) -> (image: RGBImage, warnings: CodecWarnings) {
        if appliesProfileWhileDecoding(bytes) { return try PNG16Decoder.decodeReporting(bytes, background: background) }
        // An ICC profile governs over gAMA (the PNG specification's order): the simplified API would apply the
        // gamma, and the profile would then be applied on top (see ImageProcessor).
        let source = Self.hasProfileAndGamma(bytes) ? Self.removingChunk("gAMA", from: bytes) : bytes
        // libpng reads the memory until png_image_finish_read: both calls stay inside one access to the bytes.
        let (image, first) = try source.withUnsafeBytes { raw in decodeSimplified(raw, background: background) }.get()
        guard let first else { return (image, .none) }
        // The simplified API keeps only the first warning: a second read, of the rare warned file only, counts them.
        var info = tk_png_info()
        var message = [CChar](repeating: 0, count: Int(TK_PNG_MESSAGE_MAX))
        let counted = source.withUnsafeBufferPointer { tk_png_count_warnings($0.baseAddress, $0.count, &info, &message) }
        let count = counted == 0 ? max(1, Int(info.warnings)) : 1
        return (image, CodecWarnings(codec: "libpng", count: count, first: first))
    }

    /// An 8-bit (or lower) PNG in memory through the simplified API, and libpng's first warning, if any.
    private static func decodeSimplified(_ raw: UnsafeRawBufferPointer, background: RGBColor) -> Result<(RGBImage, String?), ImageError> {
        var image = png_image()
        image.version = tk_png_image_version
        let begun = png_image_begin_read_from_memory(&image, raw.baseAddress, raw.count)
        defer { png_image_free(&image) }
        guard begun != 0 else { return .failure(.corrupt(ImageHeader.string(image.message))) }
        let hasAlpha = image.format & UInt32(PNG_FORMAT_FLAG_ALPHA) != 0
        let width = Int(image.width)
        let height = Int(image.height)
        image.format = hasAlpha ? tk_png_format_rgba : tk_png_format_rgb
        var pixels = [UInt8](repeating: 0, count: Int(tk_png_image_size(&image)))
        let finished = pixels.withUnsafeMutableBytes { target in
            png_image_finish_read(&image, nil, target.baseAddress, 0, nil)
        }
        guard finished != 0 else { return .failure(.corrupt(ImageHeader.string(image.message))) }
        let warning = image.warning_or_error & UInt32(PNG_IMAGE_WARNING) != 0 ? ImageHeader.string(image.message) : nil
        guard hasAlpha else { return .success((RGBImage(width: width, height: height, pixels: pixels), warning)) }
        return .success((RGBImage(width: width, height: height, pixels: flatten(rgba: pixels, onto: background)), warning))
    }

    /// Whether ``decode(_:background:)`` applies the embedded profile itself (16-bit files, where it is applied at
    /// 16 bits before transparency is flattened), so that it must not be applied again.
    public static func appliesProfileWhileDecoding(_ bytes: [UInt8]) -> Bool {
        bytes.count > 33 && bytes[0] == 0x89 && bytes[1] == 0x50 && bytes[2] == 0x4E && bytes[24] == 16
    }

    /// A file with both an iCCP and a gAMA chunk before its image data.
    static func hasProfileAndGamma(_ bytes: [UInt8]) -> Bool {
        var profile = false
        var gamma = false
        ContainerWalk.pngChunks(bytes) { type, _ in
            if type == "iCCP" { profile = true }
            if type == "gAMA" { gamma = true }
            return type != "IDAT"
        }
        return profile && gamma
    }

    /// The PNG without its chunks of `type` (the rest byte for byte; chunk CRCs cover only their own chunk).
    static func removingChunk(_ type: String, from bytes: [UInt8]) -> [UInt8] {
        let name = Array(type.utf8)
        var out = Array(bytes.prefix(8))
        var offset = 8
        while offset + 12 <= bytes.count {
            let length = Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            let end = offset + 12 + length
            guard end <= bytes.count else { break }
            if !bytes[(offset + 4)..<(offset + 8)].elementsEqual(name) { out += bytes[offset..<end] }
            offset = end
        }
        out += bytes[min(offset, bytes.count)...]
        return out
    }

    /// Straight (not premultiplied) RGBA over an opaque background, in sRGB values as viewers composite.
    static func flatten(rgba: [UInt8], onto background: RGBColor) -> [UInt8] {
        let count = rgba.count / 4
        let back = (UInt32(background.red), UInt32(background.green), UInt32(background.blue))
        return [UInt8](unsafeUninitializedCapacity: count * 3) { target, initialized in
            rgba.withUnsafeBufferPointer { source in
                for index in 0..<count {
                    let alpha = UInt32(source[index * 4 + 3])
                    let rest = 255 - alpha
                    target[index * 3] = UInt8((UInt32(source[index * 4]) * alpha + back.0 * rest + 127) / 255)
                    target[index * 3 + 1] = UInt8((UInt32(source[index * 4 + 1]) * alpha + back.1 * rest + 127) / 255)
                    target[index * 3 + 2] = UInt8((UInt32(source[index * 4 + 2]) * alpha + back.2 * rest + 127) / 255)
                }
            }
            initialized = count * 3
        }
    }

    /// Encodes RGB pixels as an 8-bit PNG. No metadata is written.
    public static func encode(_ source: RGBImage) throws(ImageError) -> [UInt8] {
        var image = png_image()
        image.version = tk_png_image_version
        image.width = UInt32(source.width)
        image.height = UInt32(source.height)
        image.format = tk_png_format_rgb
        var size = 0
        let measured = source.pixels.withUnsafeBytes { pixels in
            png_image_write_to_memory(&image, nil, &size, 0, pixels.baseAddress, 0, nil)
        }
        guard measured != 0, size > 0 else { throw ImageError.encodeFailed(ImageHeader.string(image.message)) }
        var output = [UInt8](repeating: 0, count: size)
        let written = output.withUnsafeMutableBytes { target in
            source.pixels.withUnsafeBytes { pixels in
                png_image_write_to_memory(&image, target.baseAddress, &size, 0, pixels.baseAddress, 0, nil)
            }
        }
        guard written != 0 else { throw ImageError.encodeFailed(ImageHeader.string(image.message)) }
        output.removeLast(output.count - size)
        return output
    }
}
