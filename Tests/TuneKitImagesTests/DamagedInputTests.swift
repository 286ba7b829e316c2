import Foundation
import Testing
import TuneKitImages

/// Damaged pictures never crash the decoder or hang it: every cut and every flipped byte of every fixture ends
/// as a usable picture or as an ``ImageError`` with a code and a message.
@Suite("Damaged pictures")
struct DamagedInputTests {
    static let sources = ["rgb-baseline.jpg", "rgb-progressive.jpg", "gray.jpg", "cmyk-adobe.jpg", "ycck-adobe.jpg",
                          "orient-6.jpg", "rgb8.png", "rgb16.png", "gray-alpha.png", "palette-trns.png", "rgba.png",
                          "interlaced.png", "adobe-rgb.jpg", "prophoto.png"]
    static let codes: Set<String> = ["img.not_an_image", "img.corrupt", "img.truncated", "img.corrupt_data", "img.too_many_pixels", "img.unsupported_format"]

    /// The same damage every run (a fixed linear congruential sequence), so a failure can be replayed.
    static func variants(of bytes: [UInt8]) -> [[UInt8]] {
        var variants: [[UInt8]] = []
        for step in 1..<16 {
            variants.append(Array(bytes.prefix(bytes.count * step / 16)))
        }
        var seed: UInt64 = 0x5EED
        for _ in 0..<40 {
            var copy = bytes
            for _ in 0..<3 {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let position = Int(seed >> 33) % copy.count
                copy[position] ^= UInt8(truncatingIfNeeded: seed >> 13) | 1
            }
            variants.append(copy)
        }
        return variants
    }

    @Test(arguments: sources)
    func damagedFilesEndAsPicturesOrErrors(_ name: String) throws {
        let processor = ImageProcessor(options: ImageOptions(resize: .fit(maxSide: 16), maxInputPixels: 1_000_000))
        var outcomes = (pictures: 0, errors: 0)
        for damaged in Self.variants(of: try Fixture.bytes(name)) {
            do {
                let picture = try processor.process(damaged)
                let decoded = try RGBImage.decode(picture.bytes)
                #expect(decoded.width == picture.width && decoded.height == picture.height)
                outcomes.pictures += 1
            } catch {
                #expect(Self.codes.contains(error.code), "\(name): \(error.code)")
                #expect(!error.message.isEmpty)
                outcomes.errors += 1
            }
        }
        #expect(outcomes.pictures + outcomes.errors == 55)
        #expect(outcomes.errors >= 15, "\(name): every cut short of the whole file is an error")
    }
}
