import CJPEGShim
import CLibPNG

/// What an image file's header says — format, size, colour layout — read without decoding pixels,
/// so that oversized pictures (decompression bombs) are refused before any allocation.
public struct ImageHeader: Sendable, Equatable {
    /// Image container formats.
    public enum Format: String, Sendable {
        /// JPEG (JFIF or EXIF).
        case jpeg
        /// PNG.
        case png
    }

    /// The container format.
    public var format: Format
    /// Stored size in pixels (before the orientation is applied).
    public var width: Int
    /// Stored height in pixels.
    public var height: Int
    /// Colour channels in the file (1 gray, 2 gray+alpha, 3 colour, 4 CMYK or RGBA).
    public var channels: Int
    /// The EXIF turn to apply before the picture is seen upright.
    public var orientation: ImageOrientation

    /// Creates a header value.
    public init(format: Format, width: Int, height: Int, channels: Int, orientation: ImageOrientation = .up) {
        self.format = format
        self.width = width
        self.height = height
        self.channels = channels
        self.orientation = orientation
    }

    /// Width as seen, after the orientation is applied.
    public var displayWidth: Int { orientation.swapsAxes ? height : width }
    /// Height as seen, after the orientation is applied.
    public var displayHeight: Int { orientation.swapsAxes ? width : height }

    /// Reads the header of JPEG or PNG bytes.
    public static func read(_ bytes: [UInt8]) throws(ImageError) -> ImageHeader {
        if bytes.count >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF {
            var header = tk_jpeg_header()
            var message = [CChar](repeating: 0, count: Int(TK_JPEG_MESSAGE_MAX))
            let status = bytes.withUnsafeBufferPointer { buffer in
                tk_jpeg_read_header(buffer.baseAddress, buffer.count, 8, &header, &message)
            }
            guard status == 0 else {
                // libjpeg built for 8 bits stops at a 12- or 16-bit frame: that file is fine, just not readable here.
                if let precision = jpegPrecision(bytes), precision != 8 { throw ImageError.unsupportedFormat("\(precision)-bit JPEG") }
                throw ImageError.corrupt(Self.string(message))
            }
            return ImageHeader(format: .jpeg, width: Int(header.width), height: Int(header.height),
                               channels: Int(header.components), orientation: ImageOrientation.read(from: bytes))
        }
        if bytes.count >= 8 && bytes[0..<8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            var image = png_image()
            image.version = tk_png_image_version
            let ok = bytes.withUnsafeBytes { raw in
                png_image_begin_read_from_memory(&image, raw.baseAddress, raw.count)
            }
            defer { png_image_free(&image) }
            guard ok != 0 else {
                throw ImageError.corrupt(Self.string(image.message))
            }
            let channels = Int(image.format & UInt32(PNG_FORMAT_FLAG_COLOR) != 0 ? 3 : 1)
                + Int(image.format & UInt32(PNG_FORMAT_FLAG_ALPHA) != 0 ? 1 : 0)
            return ImageHeader(format: .png, width: Int(image.width), height: Int(image.height), channels: channels,
                               orientation: ImageOrientation.read(from: bytes))
        }
        if let name = otherFormat(bytes) { throw ImageError.unsupportedFormat(name) }
        throw ImageError.notAnImage
    }

    /// The sample precision of a JPEG's frame (its SOF marker), or nil when no frame header is found.
    package static func jpegPrecision(_ bytes: [UInt8]) -> Int? {
        var i = 2
        while i + 4 < bytes.count {
            guard bytes[i] == 0xFF else { return nil }
            let marker = bytes[i + 1]
            if marker == 0xFF { i += 1; continue }
            // SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC).
            if (0xC0...0xCF).contains(marker) && ![0xC4, 0xC8, 0xCC].contains(marker) {
                return i + 4 < bytes.count ? Int(bytes[i + 4]) : nil
            }
            if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) { i += 2; continue }
            if marker == 0xDA || marker == 0xD9 { return nil }
            i += 2 + (Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]))
        }
        return nil
    }

    /// The name of a picture format recognised by its signature but not read here.
    static func otherFormat(_ bytes: [UInt8]) -> String? {
        func starts(_ text: String, at offset: Int = 0) -> Bool {
            let signature = Array(text.utf8)
            return bytes.count >= offset + signature.count && bytes[offset..<(offset + signature.count)].elementsEqual(signature)
        }
        if starts("GIF87a") || starts("GIF89a") { return "GIF" }
        if starts("RIFF") && starts("WEBP", at: 8) { return "WebP" }
        if starts("BM") && bytes.count >= 26 { return "BMP" }
        if bytes.starts(with: [0x49, 0x49, 0x2A, 0x00]) || bytes.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) { return "TIFF" }
        if starts("ftyp", at: 4) {
            if starts("avif", at: 8) || starts("avis", at: 8) { return "AVIF" }
            if starts("heic", at: 8) || starts("heix", at: 8) || starts("mif1", at: 8) || starts("msf1", at: 8) { return "HEIC" }
        }
        return nil
    }

    static func string<T>(_ tuple: T) -> String {
        withUnsafeBytes(of: tuple) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    static func string(_ chars: [CChar]) -> String {
        String(decoding: chars.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
