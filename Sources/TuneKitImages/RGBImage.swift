import CJPEGShim
import CLibPNG

/// Decoded 8-bit RGB pixels, row-major, three bytes per pixel.
public struct RGBImage: Sendable, Equatable {
    public var width: Int
    public var height: Int
    public var pixels: [UInt8]

    /// Creates an image from pixels.
    public init(width: Int, height: Int, pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The colour at (x, y).
    public subscript(x: Int, y: Int) -> (r: UInt8, g: UInt8, b: UInt8) {
        let offset = (y * width + x) * 3
        return (pixels[offset], pixels[offset + 1], pixels[offset + 2])
    }

    /// Decodes JPEG or PNG bytes (PNG transparency is composited onto white), refusing images above
    /// `maxPixels` from the header alone.
    public static func decode(_ bytes: [UInt8], maxPixels: Int = 6000 * 6000) throws(ImageError) -> RGBImage {
        let header = try ImageHeader.read(bytes)
        guard header.width * header.height <= maxPixels else {
            throw ImageError.corrupt("\(header.width)×\(header.height) is more than \(maxPixels) pixels")
        }
        switch header.format {
        case .jpeg:
            var output: UnsafeMutablePointer<UInt8>?
            var width: UInt32 = 0
            var height: UInt32 = 0
            var message = [CChar](repeating: 0, count: Int(TK_JPEG_MESSAGE_MAX))
            let status = bytes.withUnsafeBufferPointer { buffer in
                tk_jpeg_decode_rgb(buffer.baseAddress, buffer.count, 1, UInt64(maxPixels), &output, &width, &height, &message)
            }
            guard status == 0, let output else { throw ImageError.corrupt(ImageHeader.string(message)) }
            defer { tk_jpeg_free(output) }
            let count = Int(width) * Int(height) * 3
            return RGBImage(width: Int(width), height: Int(height),
                            pixels: Array(UnsafeBufferPointer(start: output, count: count)))
        case .png:
            var image = png_image()
            image.version = tk_png_image_version
            let begun = bytes.withUnsafeBytes { raw in
                png_image_begin_read_from_memory(&image, raw.baseAddress, raw.count)
            }
            guard begun != 0 else { throw ImageError.corrupt(ImageHeader.string(image.message)) }
            image.format = tk_png_format_rgb
            var pixels = [UInt8](repeating: 0, count: Int(tk_png_image_size(&image)))
            var white = png_color(red: 255, green: 255, blue: 255)
            let finished = pixels.withUnsafeMutableBytes { raw in
                png_image_finish_read(&image, &white, raw.baseAddress, 0, nil)
            }
            defer { png_image_free(&image) }
            guard finished != 0 else { throw ImageError.corrupt(ImageHeader.string(image.message)) }
            return RGBImage(width: Int(image.width), height: Int(image.height), pixels: pixels)
        }
    }

    /// Encodes as baseline JPEG (4:2:0) at `quality` 1–100.
    public func jpegData(quality: Int = 85) throws(ImageError) -> [UInt8] {
        var output: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = [CChar](repeating: 0, count: Int(TK_JPEG_MESSAGE_MAX))
        let status = pixels.withUnsafeBufferPointer { buffer in
            tk_jpeg_encode(buffer.baseAddress, UInt32(width), UInt32(height), 3, Int32(quality), &output, &size, &message)
        }
        guard status == 0, let output else { throw ImageError.corrupt(ImageHeader.string(message)) }
        defer { tk_jpeg_free(output) }
        return Array(UnsafeBufferPointer(start: output, count: size))
    }
}
