import Testing
import TuneKitImages

/// Every kind of JPEG and PNG the platform's users bring, decoded to upright RGB.
@Suite("Image decoding")
struct ImageDecodeTests {
    @Test(arguments: ["rgb-baseline.jpg", "rgb-progressive.jpg", "rgb8.png", "rgb16.png", "interlaced.png"])
    func decodesColourPictures(_ name: String) throws {
        let image = try RGBImage.decode(try Fixture.bytes(name))
        #expect(Fixture.isQuadrantPicture(image), "\(name): \(Fixture.quadrants(image))")
    }

    @Test(arguments: ["gray.jpg", "gray8.png", "gray16.png"])
    func expandsGrayToRGB(_ name: String) throws {
        let image = try RGBImage.decode(try Fixture.bytes(name))
        #expect(image.width == 48 && image.height == 32)
        #expect(Fixture.near(image[10, 16], (30, 30, 30), tolerance: 2))
        #expect(Fixture.near(image[40, 16], (220, 220, 220), tolerance: 2))
    }

    /// Adobe CMYK (inverted samples) and YCCK: cyan, magenta, yellow and half black.
    @Test(arguments: ["cmyk-adobe.jpg", "ycck-adobe.jpg"])
    func convertsCMYKAndYCCK(_ name: String) throws {
        let bytes = try Fixture.bytes(name)
        #expect(try ImageHeader.read(bytes).channels == 4)
        let image = try RGBImage.decode(bytes)
        let expected = [(0, 255, 255), (255, 0, 255), (255, 255, 0), (127, 127, 127)]
        for (pixel, colour) in zip(Fixture.quadrants(image), expected) {
            #expect(Fixture.near(pixel, colour, tolerance: 4), "\(name): \(pixel) should be \(colour)")
        }
    }

    @Test func flattensGrayAlphaOntoTheBackground() throws {
        let bytes = try Fixture.bytes("gray-alpha.png")
        let onWhite = try RGBImage.decode(bytes)
        #expect(Fixture.near(onWhite[10, 16], (0, 0, 0), tolerance: 0))
        #expect(Fixture.near(onWhite[40, 16], (255, 255, 255), tolerance: 0))
        let onRed = try RGBImage.decode(bytes, background: RGBColor(red: 255, green: 0, blue: 0))
        #expect(Fixture.near(onRed[40, 16], (255, 0, 0), tolerance: 0))
    }

    @Test func flattensPaletteTransparency() throws {
        let image = try RGBImage.decode(try Fixture.bytes("palette-trns.png"), background: RGBColor(red: 0, green: 0, blue: 255))
        #expect(Fixture.near(image[10, 16], (255, 0, 0), tolerance: 0))
        #expect(Fixture.near(image[40, 16], (0, 0, 255), tolerance: 0))
    }

    /// Opaque stays, transparent becomes the background, half-transparent black on white is mid gray
    /// (composited in sRGB values, as viewers do), never black.
    @Test func flattensRGBA() throws {
        let image = try RGBImage.decode(try Fixture.bytes("rgba.png"))
        let corners = Fixture.quadrants(image)
        #expect(Fixture.near(corners[0], (255, 0, 0), tolerance: 0))
        #expect(Fixture.near(corners[1], (255, 255, 255), tolerance: 0))
        #expect(Fixture.near(corners[2], (127, 127, 127), tolerance: 1))
        #expect(Fixture.near(corners[3], (0, 0, 255), tolerance: 0))
        let onBlack = try RGBImage.decode(try Fixture.bytes("rgba.png"), background: .black)
        #expect(Fixture.near(Fixture.quadrants(onBlack)[1], (0, 0, 0), tolerance: 0))
    }

    /// All eight EXIF orientations come out with red top-left, green top-right, blue bottom-left, white bottom-right.
    @Test(arguments: 1...8)
    func appliesEXIFOrientation(_ value: Int) throws {
        let bytes = try Fixture.bytes("orient-\(value).jpg")
        let header = try ImageHeader.read(bytes)
        #expect(header.orientation.rawValue == value)
        #expect(header.displayWidth == 48 && header.displayHeight == 32)
        #expect((header.width == 32) == (value >= 5))
        let image = try RGBImage.decode(bytes)
        #expect(Fixture.isQuadrantPicture(image), "orientation \(value): \(Fixture.quadrants(image))")
    }

    /// PNG keeps EXIF in an eXIf chunk; the turn applies there too.
    @Test func appliesOrientationOfPNG() throws {
        let bytes = try Fixture.bytes("orient-6.png")
        #expect(try ImageHeader.read(bytes).orientation == .right)
        #expect(Fixture.isQuadrantPicture(try RGBImage.decode(bytes), tolerance: 0))
    }

    @Test func appliesOrientationOfProgressiveFiles() throws {
        let image = try RGBImage.decode(try Fixture.bytes("orient-6-progressive.jpg"))
        #expect(Fixture.isQuadrantPicture(image))
    }

    @Test func filesWithoutEXIFAreUpright() throws {
        #expect(try ImageHeader.read(try Fixture.bytes("rgb-baseline.jpg")).orientation == .up)
        #expect(try ImageHeader.read(try Fixture.bytes("rgb8.png")).orientation == .up)
    }

    @Test(arguments: ["bomb.jpg", "bomb.png"])
    func refusesBombsFromTheHeader(_ name: String) throws {
        let bytes = try Fixture.bytes(name)
        let header = try ImageHeader.read(bytes)
        #expect(header.width >= 65000 && header.height >= 65000)
        #expect(throws: ImageError.tooManyPixels(width: header.width, height: header.height, limit: 100_000_000)) {
            try RGBImage.decode(bytes)
        }
    }

    /// A file cut inside its header is damaged; one cut inside its picture data is truncated.
    @Test(arguments: [("truncated.jpg", "img.corrupt"), ("truncated-progressive.jpg", "img.truncated"),
                      ("truncated.png", "img.corrupt")])
    func refusesTruncatedFiles(_ name: String, code: String) throws {
        let bytes = try Fixture.bytes(name)
        do {
            _ = try RGBImage.decode(bytes)
            Issue.record("\(name) decoded")
        } catch {
            #expect(error.code == code)
            #expect(!error.message.isEmpty)
        }
    }

    /// A JPEG cut short and given an end marker (EOI) again decoded with its missing part flat gray and passed as
    /// whole; it is refused as truncated, and taken, gray and all, only when asked.
    @Test(arguments: [2, 4, 6])
    func aCutJPEGEndingInEOIIsTruncated(_ tenths: Int) throws {
        // A 256×256 gradient, baseline, encoded by libjpeg-turbo: its scan is most of the file.
        var pixels: [UInt8] = []
        for y in 0..<256 { for x in 0..<256 { pixels += [UInt8(x), UInt8(y), UInt8((x + y) / 2)] } }
        let whole = try JPEGCodec.encode(RGBImage(width: 256, height: 256, pixels: pixels), quality: 90)
        let cut = Array(whole.prefix(whole.count * tenths / 10)) + [0xFF, 0xD9]
        do {
            _ = try JPEGCodec.decode(cut)
            Issue.record("a JPEG cut at \(tenths)/10 decoded")
        } catch {
            #expect(error.code == "img.truncated")
            #expect(error.message.contains("--accept-truncated"))
        }
        let taken = try JPEGCodec.decode(cut, acceptTruncated: true)
        let full = try JPEGCodec.decode(whole)
        #expect(taken.width == full.width && taken.height == full.height)
        // The last row is libjpeg's fill, not the picture's.
        let lastRow = Array(taken.pixels.suffix(taken.width * 3))
        #expect(lastRow != Array(full.pixels.suffix(full.width * 3)))
    }

    /// Formats recognised by their signature are named in the reason, so the fix is obvious.
    @Test(arguments: [("GIF89a\u{1}\u{0}\u{1}\u{0}", "GIF"), ("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ", "WebP"),
                      ("\u{0}\u{0}\u{0}\u{18}ftypheic\u{0}\u{0}\u{0}\u{0}", "HEIC"),
                      ("\u{0}\u{0}\u{0}\u{1C}ftypavif\u{0}\u{0}\u{0}\u{0}", "AVIF")])
    func namesUnsupportedFormats(_ signature: String, _ name: String) {
        #expect(throws: ImageError.unsupportedFormat(name)) { try RGBImage.decode(Array(signature.utf8)) }
        #expect(ImageError.unsupportedFormat(name).code == "img.unsupported_format")
    }

    /// A JPEG whose frame declares 12 (or 16) bits per sample is named as such, not called damaged: the
    /// cjpeg-made `gradient-8x8.jpg` with its SOF precision byte set to 12, which libjpeg's 8-bit build refuses.
    @Test(arguments: [12, 16])
    func namesJPEGPrecision(_ precision: Int) throws {
        var bytes = try Fixture.bytes("gradient-8x8.jpg")
        let sof = try #require((2..<(bytes.count - 4)).first { bytes[$0] == 0xFF && (bytes[$0 + 1] == 0xC0 || bytes[$0 + 1] == 0xC1) })
        #expect(ImageHeader.jpegPrecision(bytes) == 8)
        bytes[sof + 4] = UInt8(precision)
        #expect(ImageHeader.jpegPrecision(bytes) == precision)
        #expect(throws: ImageError.unsupportedFormat("\(precision)-bit JPEG")) { try RGBImage.decode(bytes) }
        #expect(ImageError.unsupportedFormat("\(precision)-bit JPEG").message.contains("only 8-bit JPEG and PNG are read"))
    }

    /// A 16-bit PNG whose only colour information is an ICC profile keeps its values (not washed out as linear
    /// light), and the full preparation gives the same grays.
    @Test func sixteenBitPNGWithOnlyAProfile() throws {
        let bytes = try Fixture.bytes("rgb16-srgb-icc.png")
        let image = try RGBImage.decode(bytes)
        #expect(image.width == 4 && image.height == 2)
        #expect(Array(image.pixels.prefix(12)) == [0, 0, 0, 30, 30, 30, 128, 128, 128, 255, 255, 255])
    }

    @Test func refusesText() throws {
        #expect(throws: ImageError.notAnImage) { try RGBImage.decode(try Fixture.bytes("not-an-image.jpg")) }
    }
}
