import Foundation
import Testing
import TuneKitImages

/// Pictures in Adobe RGB and ProPhoto (profiles from Debian's icc-profiles-free and colord, embedded by Pillow)
/// come out as LittleCMS shows them in sRGB (Fixtures/color-expected.json, from make_color_fixtures.py).
@Suite("Colour profiles")
struct ColorProfileTests {
    struct Expected: Decodable {
        var profile: String
        var stored: [[Int]]
        var srgb: [[Int]]
    }

    static func expected() throws -> [String: Expected] {
        try JSONDecoder().decode([String: Expected].self, from: Data(Fixture.bytes("color-expected.json")))
    }

    static func centres(_ image: RGBImage) -> [(r: UInt8, g: UInt8, b: UInt8)] {
        (0..<6).map { image[$0 % 3 * 16 + 8, $0 / 3 * 16 + 8] }
    }

    @Test(arguments: ["adobe-rgb.jpg", "prophoto.png", "srgb-profile.jpg"])
    func convertsToSRGBAsLittleCMSDoes(_ name: String) throws {
        let expected = try #require(try Self.expected()[name])
        let bytes = try Fixture.bytes(name)
        let result = try ImageProcessor(options: ImageOptions(resize: .original, format: .png)).process(bytes)
        let image = try RGBImage.decode(result.bytes)
        for (pixel, colour) in zip(Self.centres(image), expected.srgb) {
            #expect(Fixture.near(pixel, (colour[0], colour[1], colour[2]), tolerance: 2), "\(name): \(pixel) should be \(colour)")
        }
        #expect((result.convertedFrom == nil) == (name == "srgb-profile.jpg"), "\(result.convertedFrom ?? "none")")
    }

    /// The check can fail: the stored values are far from what the picture shows.
    @Test func storedValuesDifferFromTheirLook() throws {
        let expected = try #require(try Self.expected()["adobe-rgb.jpg"])
        #expect(abs(expected.stored[0][0] - expected.srgb[0][0]) > 20)
        let plain = try RGBImage.decode(try Fixture.bytes("adobe-rgb.jpg"))
        #expect(abs(Int(Self.centres(plain)[0].r) - expected.srgb[0][0]) > 20)
    }

    @Test func readsProfilesOfBothVersions() throws {
        let adobe = try #require(ICCProfile.embedded(in: try Fixture.bytes("adobe-rgb.jpg")).flatMap { ICCProfile($0) })
        #expect(adobe.name.contains("Adobe RGB"))
        #expect(adobe.curves.allSatisfy { if case .gamma(let g) = $0 { abs(g - 2.2) < 0.01 } else { false } })
        let prophoto = try #require(ICCProfile.embedded(in: try Fixture.bytes("prophoto.png")).flatMap { ICCProfile($0) })
        #expect(prophoto.name.contains("ProPhoto"), "\(prophoto.name)")
        let srgb = try #require(ICCProfile.embedded(in: try Fixture.bytes("srgb-profile.jpg")).flatMap { ICCProfile($0) })
        #expect(srgb.isSRGB && !adobe.isSRGB && !prophoto.isSRGB)
        #expect(ICCProfile.embedded(in: try Fixture.bytes("rgb-baseline.jpg")) == nil)
    }

    /// A JPEG data URI in Adobe RGB is not "already fine": it needs converting.
    @Test func profiledJPEGIsNotKeptAsIs() throws {
        let processor = ImageProcessor(options: ImageOptions(resize: .original))
        #expect(!processor.accepts(try Fixture.bytes("adobe-rgb.jpg")))
        #expect(processor.accepts(try Fixture.bytes("srgb-profile.jpg")))
    }

    /// Damaged curves (a zero divisor, a negative power, no samples) crash nothing; primaries that span no colour
    /// space make the profile ignored.
    @Test func damagedProfilesAreHarmless() throws {
        var profile = try #require(ICCProfile.embedded(in: try Fixture.bytes("adobe-rgb.jpg")).flatMap { ICCProfile($0) })
        profile.curves = [.parametric(type: 1, parameters: [2.2, 0, 0]), .gamma(-1), .table([])]
        let conversion = try #require(ColorConversion(from: profile))
        let image = conversion.apply(to: RGBImage(width: 2, height: 1, pixels: [0, 128, 255, 255, 255, 255]))
        #expect(image.pixels.count == 6)
        profile.colorants = [[0, 0, 0], [0, 0, 0], [0, 0, 0]]
        #expect(ColorConversion(from: profile) == nil)
    }
}
