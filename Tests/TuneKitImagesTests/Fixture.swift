import Foundation
import Testing
import TuneKitImages

/// Test fixtures made by Pillow, pypng, cjpeg and libjpeg (see Fixtures/README.md and make_fixtures.py).
enum Fixture {
    static func bytes(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil))
        return [UInt8](try Data(contentsOf: url))
    }

    /// Within `tolerance` of each channel of `expected`.
    static func near(_ pixel: (r: UInt8, g: UInt8, b: UInt8), _ expected: (Int, Int, Int), tolerance: Int = 6) -> Bool {
        abs(Int(pixel.r) - expected.0) <= tolerance && abs(Int(pixel.g) - expected.1) <= tolerance
            && abs(Int(pixel.b) - expected.2) <= tolerance
    }

    /// The colours at the centres of the four quadrants: top-left, top-right, bottom-left, bottom-right.
    static func quadrants(_ image: RGBImage) -> [(r: UInt8, g: UInt8, b: UInt8)] {
        let w = image.width
        let h = image.height
        return [image[w / 4, h / 4], image[3 * w / 4, h / 4], image[w / 4, 3 * h / 4], image[3 * w / 4, 3 * h / 4]]
    }

    /// The canonical quadrant picture Q: red, green / blue, white.
    static let quadrantColors = [(255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255)]

    static func isQuadrantPicture(_ image: RGBImage, tolerance: Int = 6) -> Bool {
        image.width == 48 && image.height == 32
            && zip(quadrants(image), quadrantColors).allSatisfy { near($0, $1, tolerance: tolerance) }
    }

    /// PSNR in dB of two same-sized pictures over all channels.
    static func psnr(_ a: RGBImage, _ b: RGBImage) -> Double {
        precondition(a.width == b.width && a.height == b.height)
        var squared = 0.0
        for index in a.pixels.indices {
            let difference = Double(a.pixels[index]) - Double(b.pixels[index])
            squared += difference * difference
        }
        let mse = squared / Double(a.pixels.count)
        return mse == 0 ? .infinity : 10 * log10(255 * 255 / mse)
    }
}
