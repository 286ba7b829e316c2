/// Decoded 8-bit RGB pixels, row-major, three bytes per pixel.
public struct RGBImage: Sendable, Equatable {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// `width`·`height`·3 bytes: R, G, B per pixel, rows top to bottom.
    public var pixels: [UInt8]

    /// Creates an image from pixels (`width`·`height`·3 bytes).
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height * 3, "RGB pixels must be width·height·3 bytes")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// A picture of one colour.
    public init(width: Int, height: Int, color: RGBColor) {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for index in stride(from: 0, to: pixels.count, by: 3) {
            pixels[index] = color.red
            pixels[index + 1] = color.green
            pixels[index + 2] = color.blue
        }
        self.init(width: width, height: height, pixels: pixels)
    }

    /// The colour at (x, y).
    public subscript(x: Int, y: Int) -> (r: UInt8, g: UInt8, b: UInt8) {
        let offset = (y * width + x) * 3
        return (pixels[offset], pixels[offset + 1], pixels[offset + 2])
    }

    /// Decodes JPEG or PNG bytes upright (EXIF orientation applied), transparency flattened onto `background`,
    /// refusing pictures above `maxPixels` from the header alone.
    public static func decode(_ bytes: [UInt8], maxPixels: Int = ImageOptions.defaultMaxInputPixels,
                              background: RGBColor = .white) throws(ImageError) -> RGBImage {
        let header = try ImageHeader.read(bytes)
        guard header.width * header.height <= maxPixels else {
            throw ImageError.tooManyPixels(width: header.width, height: header.height, limit: maxPixels)
        }
        let stored: RGBImage = switch header.format {
        case .jpeg: try JPEGCodec.decode(bytes)
        case .png: try PNGCodec.decode(bytes, background: background)
        }
        return header.orientation.apply(to: stored)
    }

    /// `self` centred on a `width`×`height` canvas of `background` (the picture must fit).
    public func padded(toWidth canvasWidth: Int, height canvasHeight: Int, background: RGBColor) -> RGBImage {
        var canvas = RGBImage(width: canvasWidth, height: canvasHeight, color: background)
        let left = (canvasWidth - width) / 2
        let top = (canvasHeight - height) / 2
        for row in 0..<height {
            let from = row * width * 3
            let to = ((top + row) * canvasWidth + left) * 3
            canvas.pixels.replaceSubrange(to..<(to + width * 3), with: pixels[from..<(from + width * 3)])
        }
        return canvas
    }
}
