import Foundation
import Testing
import TuneKitImages

/// libpng and libjpeg-turbo are linked and work through the C shims, on files made by Pillow and cjpeg.
@Suite("Image codecs")
struct ImageCodecTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil))
        return [UInt8](try Data(contentsOf: url))
    }

    @Test func readsPNGHeaderAndPixels() throws {
        let bytes = try Self.fixture("red-4x3.png")
        #expect(try ImageHeader.read(bytes) == ImageHeader(format: .png, width: 4, height: 3, channels: 3))
        let image = try RGBImage.decode(bytes)
        #expect(image.width == 4 && image.height == 3)
        #expect(stride(from: 0, to: image.pixels.count, by: 3).allSatisfy { image[$0 / 3 % 4, $0 / 12] == (255, 0, 0) })
    }

    @Test func decodesJPEGMadeByCjpeg() throws {
        let bytes = try Self.fixture("gradient-8x8.jpg")
        #expect(try ImageHeader.read(bytes) == ImageHeader(format: .jpeg, width: 8, height: 8, channels: 3))
        let image = try RGBImage.decode(bytes)
        let topLeft = image[0, 0]
        let bottomRight = image[7, 7]
        #expect(topLeft.r > 240 && topLeft.g > 240 && topLeft.b > 240)
        #expect(bottomRight.r < 15 && bottomRight.g < 15 && bottomRight.b < 15)
    }

    @Test func jpegEncodingRoundTrips() throws {
        let red = RGBImage(width: 16, height: 16, pixels: Array(repeating: [200, 30, 40], count: 256).flatMap { $0 })
        let encoded = try JPEGCodec.encode(red, quality: 90)
        #expect(encoded.starts(with: [0xFF, 0xD8, 0xFF]))
        let decoded = try RGBImage.decode(encoded)
        let pixel = decoded[8, 8]
        #expect(abs(Int(pixel.r) - 200) < 8 && abs(Int(pixel.g) - 30) < 8 && abs(Int(pixel.b) - 40) < 8)
    }

    @Test func pngEncodingIsLossless() throws {
        let pixels = (0..<(37 * 23 * 3)).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let image = RGBImage(width: 37, height: 23, pixels: pixels)
        let encoded = try PNGCodec.encode(image)
        #expect(encoded.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(try PNGCodec.decode(encoded) == image)
    }

    /// Output carries no metadata: no EXIF, so the orientation of a re-encoded picture is never applied twice.
    @Test func encodingStripsMetadata() throws {
        let upright = try RGBImage.decode(try Self.fixture("orient-6.jpg"))
        let encoded = try JPEGCodec.encode(upright, quality: 90)
        #expect(try ImageHeader.read(encoded).orientation == .up)
        #expect(!encoded.indices.dropLast(4).contains { encoded[$0] == 0xFF && encoded[$0 + 1] == 0xE1 })
    }

    @Test func subsamplingIsChosen() throws {
        let image = try RGBImage.decode(try Self.fixture("rgb8.png"))
        let full = try JPEGCodec.encode(image, quality: 90, subsampling: .s444)
        let half = try JPEGCodec.encode(image, quality: 90, subsampling: .s420)
        #expect(full != half)
        #expect(Fixture.isQuadrantPicture(try RGBImage.decode(full)))
    }

    @Test func decodesAtDCTScale() throws {
        let bytes = try Self.fixture("rgb-baseline.jpg")
        #expect(try JPEGCodec.scaledSize(bytes, eighths: 4) == (24, 16))
        let half = try JPEGCodec.decode(bytes, eighths: 4)
        #expect(half.width == 24 && half.height == 16)
        #expect(Fixture.near(half[6, 4], (255, 0, 0)) && Fixture.near(half[18, 12], (255, 255, 255)))
    }
}
