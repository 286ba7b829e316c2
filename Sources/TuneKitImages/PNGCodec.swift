import CLibPNG

/// PNG through libpng's simplified API: every bit depth and colour type (palette with tRNS, gray+alpha,
/// 16-bit, interlaced) is read as 8-bit; transparency is flattened onto a background colour.
public enum PNGCodec {
    /// Decodes to RGB, compositing any alpha onto `background`.
    public static func decode(_ bytes: [UInt8], background: RGBColor = .white) throws(ImageError) -> RGBImage {
        // A 16-bit file whose only colour information is an ICC profile: libpng's simplified API would take its
        // samples as linear light (washed out); without the profile it reads them as they are, and the profile is
        // applied afterwards from the original bytes like any other (see ImageProcessor).
        let bytes = Self.isProfileOnly16Bit(bytes) ? Self.removingChunk("iCCP", from: bytes) : bytes
        var image = png_image()
        image.version = tk_png_image_version
        let begun = bytes.withUnsafeBytes { raw in
            png_image_begin_read_from_memory(&image, raw.baseAddress, raw.count)
        }
        defer { png_image_free(&image) }
        guard begun != 0 else { throw ImageError.corrupt(ImageHeader.string(image.message)) }
        let hasAlpha = image.format & UInt32(PNG_FORMAT_FLAG_ALPHA) != 0
        let width = Int(image.width)
        let height = Int(image.height)
        if Self.isUntagged16Bit(bytes) {
            return try decodeRaw16(&image, hasAlpha: hasAlpha, background: background)
        }
        image.format = hasAlpha ? tk_png_format_rgba : tk_png_format_rgb
        var raw = [UInt8](repeating: 0, count: Int(tk_png_image_size(&image)))
        let finished = raw.withUnsafeMutableBytes { target in
            png_image_finish_read(&image, nil, target.baseAddress, 0, nil)
        }
        guard finished != 0 else { throw ImageError.corrupt(ImageHeader.string(image.message)) }
        guard hasAlpha else { return RGBImage(width: width, height: height, pixels: raw) }
        return RGBImage(width: width, height: height, pixels: flatten(rgba: raw, onto: background))
    }

    /// A 16-bit file with no gAMA, sRGB or iCCP chunk. libpng's simplified API takes such samples as linear
    /// light and gamma-encodes them on the way to 8 bits (30·257 would become 96); every other reader, and the
    /// tools that write them, mean plain sRGB values. Read them as "linear" 16-bit (unchanged) and scale down.
    static func isUntagged16Bit(_ bytes: [UInt8]) -> Bool {
        guard bytes.count > 33, bytes[24] == 16 else { return false }
        var tagged = false
        ContainerWalk.pngChunks(bytes) { type, _ in
            tagged = type == "gAMA" || type == "sRGB" || type == "iCCP"
            return !tagged && type != "IDAT"
        }
        return !tagged
    }

    /// A 16-bit file with an iCCP chunk and neither gAMA nor sRGB.
    static func isProfileOnly16Bit(_ bytes: [UInt8]) -> Bool {
        guard bytes.count > 33, bytes[24] == 16 else { return false }
        var profile = false
        var gamma = false
        ContainerWalk.pngChunks(bytes) { type, _ in
            if type == "iCCP" { profile = true }
            if type == "gAMA" || type == "sRGB" { gamma = true }
            return type != "IDAT"
        }
        return profile && !gamma
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

    /// 16-bit samples as they are (alpha comes premultiplied, which makes flattening a sum), rounded to 8 bits.
    private static func decodeRaw16(_ image: inout png_image, hasAlpha: Bool, background: RGBColor) throws(ImageError) -> RGBImage {
        let channels = hasAlpha ? 4 : 3
        image.format = (hasAlpha ? tk_png_format_rgba : tk_png_format_rgb) | UInt32(PNG_FORMAT_FLAG_LINEAR)
        let width = Int(image.width)
        let height = Int(image.height)
        var samples = [UInt16](repeating: 0, count: width * height * channels)
        let finished = samples.withUnsafeMutableBytes { target in
            png_image_finish_read(&image, nil, target.baseAddress, 0, nil)
        }
        guard finished != 0 else { throw ImageError.corrupt(ImageHeader.string(image.message)) }
        let back = [UInt32(background.red) * 257, UInt32(background.green) * 257, UInt32(background.blue) * 257]
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for index in 0..<(width * height) {
            let rest = hasAlpha ? 65535 - UInt32(samples[index * 4 + 3]) : 0
            for channel in 0..<3 {
                let value = UInt32(samples[index * channels + channel]) + (back[channel] * rest + 32767) / 65535
                pixels[index * 3 + channel] = UInt8((min(value, 65535) + 128) / 257)
            }
        }
        return RGBImage(width: width, height: height, pixels: pixels)
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
