import Testing
import TuneKitImages

/// 16-bit PNGs (PngSuite's and files with iCCP, gAMA, cHRM and sRGB chunks) and a JPEG with a lookup-table ICC
/// profile, decoded as Pillow + LittleCMS with the colour chunks honoured show them: each `NAME.ref.png` beside the
/// fixture is that reference at 8-bit sRGB, flattened onto white (Fixtures/png16/make_png_references.py). The
/// stored values are 26 to 144 levels from the reference in all but four of them (printed by the script), so
/// ignoring a file's colour information fails these checks.
@Suite("Reference decodes: 16-bit PNG, interlacing, gAMA/cHRM/iCCP, LUT profiles")
struct ReferenceDecodeTests {
    static let pngs = [
        "basn0g16", "basi0g16", "basn2c16", "basi2c16", "basn4a16", "basi4a16", "basn6a16", "basi6a16",
        "g03n0g16", "g25n0g16", "tbbn2c16",
        "rgb16-p3-icc", "rgb16-lut-icc", "rgba16-p3-icc-interlaced", "rgba16-srgb-icc-gama1", "gray16-linear-icc",
        "ga16-sgrey-icc-interlaced", "rgb16-gama1-chrm-p3", "rgb16-srgb-chunk-interlaced", "rgb8-p3-icc-gama1", "gray8-linear-icc",
    ]

    static func reference(_ name: String) throws -> RGBImage {
        try PNGCodec.decode(try Fixture.bytes("png16/\(name).ref.png"))
    }

    /// The largest difference of any channel of any pixel.
    static func maxDifference(_ a: RGBImage, _ b: RGBImage) -> Int {
        zip(a.pixels, b.pixels).map { abs(Int($0) - Int($1)) }.max() ?? 0
    }

    /// The lowest-level decode with the embedded profile applied: 16-bit PNGs apply theirs while decoding, other
    /// pictures get it from ColorConversion, as ImageProcessor applies it.
    static func decode(_ bytes: [UInt8]) throws -> RGBImage {
        let header = try ImageHeader.read(bytes)
        let image = header.format == .png ? try PNGCodec.decode(bytes) : try JPEGCodec.decode(bytes)
        if header.format == .png && PNGCodec.appliesProfileWhileDecoding(bytes) { return image }
        return ColorConversion.embedded(in: bytes).map { $0.apply(to: image) } ?? image
    }

    @Test(arguments: pngs + ["lut-srgb-v4"])
    func decodeIsWithinThreeLevels(_ name: String) throws {
        let bytes = try Fixture.bytes("png16/\(name).\(name.hasPrefix("lut") ? "jpg" : "png")")
        let reference = try Self.reference(name)
        let image = try Self.decode(bytes)
        try #require(image.width == reference.width && image.height == reference.height)
        let difference = Self.maxDifference(image, reference)
        #expect(difference <= 3, "\(name): \(difference) levels from Pillow + LittleCMS")
    }

    /// The whole processor (no resize, PNG out) gives the same: a profile applied while decoding is not applied again.
    @Test(arguments: pngs + ["lut-srgb-v4"])
    func processedPictureIsWithinThreeLevels(_ name: String) throws {
        let bytes = try Fixture.bytes("png16/\(name).\(name.hasPrefix("lut") ? "jpg" : "png")")
        let result = try ImageProcessor(options: ImageOptions(resize: .original, format: .png)).process(bytes)
        let difference = Self.maxDifference(try PNGCodec.decode(result.bytes), try Self.reference(name))
        #expect(difference <= 3, "\(name): \(difference) levels from Pillow + LittleCMS")
        let profiled = name.contains("-icc") || name.hasPrefix("lut")
        #expect((result.convertedFrom != nil) == (profiled && !name.contains("srgb-icc")),
                "\(name): \(result.convertedFrom ?? "none")")
    }

    /// Interlaced files decode to exactly what their non-interlaced twins do (libpng 1.6.39's simplified API
    /// scrambles the 16-bit ones that carry gAMA).
    @Test(arguments: ["0g16", "2c16", "4a16", "6a16"])
    func interlacedEqualsSequential(_ kind: String) throws {
        let sequential = try PNGCodec.decode(try Fixture.bytes("png16/basn\(kind).png"))
        let interlaced = try PNGCodec.decode(try Fixture.bytes("png16/basi\(kind).png"))
        #expect(sequential == interlaced)
    }

    /// The lookup-table profile (mAB/mBA only) is applied by LittleCMS and named.
    @Test func lookupTableProfileGoesThroughLittleCMS() throws {
        let conversion = try #require(ColorConversion.embedded(in: try Fixture.bytes("png16/lut-srgb-v4.jpg")))
        #expect(conversion.usesLittleCMS)
        #expect(conversion.name.contains("sRGB v4"), "\(conversion.name)")
        let matrix = try #require(ColorConversion.embedded(in: try Fixture.bytes("adobe-rgb.jpg")))
        #expect(!matrix.usesLittleCMS)
    }

    /// A cut-off 16-bit file is refused as damaged through the row API's error path (libpng's longjmp), at any cut.
    @Test(arguments: [40, 200, 1000, 3000])
    func truncatedSixteenBitFileIsRefused(_ length: Int) throws {
        let bytes = Array(try Fixture.bytes("png16/basi6a16.png").prefix(length))
        #expect(throws: ImageError.self) { try PNGCodec.decode(bytes) }
        var damaged = try Fixture.bytes("png16/basn2c16.png")
        damaged[100] ^= 0xFF
        #expect { try PNGCodec.decode(damaged) } throws: { ($0 as? ImageError)?.code == "img.corrupt" }
    }

    /// A damaged or foreign profile gives no conversion and crashes nothing.
    @Test func unusableProfilesGiveNoConversion() throws {
        let lut = try #require(ICCProfile.embedded(in: try Fixture.bytes("png16/lut-srgb-v4.jpg")))
        #expect(ColorConversion(profileData: Array(lut.prefix(200))) == nil)
        #expect(ColorConversion(profileData: []) == nil)
        #expect(ColorConversion(profileData: [UInt8](repeating: 0x41, count: 4000)) == nil)
    }
}
