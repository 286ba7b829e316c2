import Foundation
import Testing
import TuneKitImages

/// The whole preparation: size rules, orientation with resizing, padding, the byte budget, and refusals.
@Suite("Image processing")
struct ImageProcessorTests {
    /// A 600×400 JPEG with texture (so that quality changes its size).
    static func texturedJPEG(width: Int = 600, height: Int = 400) throws -> [UInt8] {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        var seed: UInt32 = 12345
        for y in 0..<height {
            for x in 0..<width {
                seed = seed &* 1_103_515_245 &+ 12345
                let noise = Int(seed >> 24) / 4
                let at = (y * width + x) * 3
                pixels[at] = UInt8(min(255, x * 255 / width / 2 + noise))
                pixels[at + 1] = UInt8(min(255, y * 255 / height / 2 + noise))
                pixels[at + 2] = UInt8(min(255, 96 + noise))
            }
        }
        return try JPEGCodec.encode(RGBImage(width: width, height: height, pixels: pixels), quality: 95)
    }

    static func process(_ bytes: [UInt8], _ options: ImageOptions) throws -> (ProcessedImage, RGBImage) {
        let result = try ImageProcessor(options: options).process(bytes)
        return (result, try RGBImage.decode(result.bytes))
    }

    @Test(arguments: [
        (ImageOptions.Resize.fit(maxSide: 300), false, 300, 200),
        (.fit(maxSide: 900), false, 600, 400),          // never enlarged unless asked
        (.fit(maxSide: 900), true, 900, 600),
        (.maxPixels(60_000), false, 300, 200),
        (.maxPixels(50_000), false, 273, 182),
        (.crop(width: 200, height: 200), false, 200, 200),
        (.crop(width: 800, height: 800), false, 400, 400),  // too small: the largest square, as is
        (.crop(width: 800, height: 800), true, 800, 800),
        (.pad(width: 300, height: 300), false, 300, 300),
        (.original, false, 600, 400),
    ])
    func outputSizePerRule(_ rule: ImageOptions.Resize, _ upscale: Bool, _ width: Int, _ height: Int) throws {
        let (result, image) = try Self.process(try Self.texturedJPEG(), ImageOptions(resize: rule, upscale: upscale))
        #expect(result.width == width && result.height == height)
        #expect(image.width == width && image.height == height)
        #expect(result.sourceWidth == 600 && result.sourceHeight == 400)
        if case .maxPixels(let limit) = rule { #expect(width * height <= limit) }
    }

    /// Resizing happens in the stored orientation and the turn after it: the picture still comes out upright.
    @Test(arguments: 1...8)
    func orientationSurvivesResizing(_ value: Int) throws {
        let (result, image) = try Self.process(try Fixture.bytes("orient-\(value).jpg"),
                                               ImageOptions(resize: .fit(maxSide: 24), quality: 95))
        #expect(result.width == 24 && result.height == 16)
        #expect(result.orientation.rawValue == value)
        for (pixel, colour) in zip(Fixture.quadrants(image), Fixture.quadrantColors) {
            #expect(Fixture.near(pixel, colour, tolerance: 40), "orientation \(value): \(pixel) should be \(colour)")
        }
    }

    /// A centre crop keeps the middle: the 32×32 middle of Q still has its four quadrants.
    @Test func cropKeepsTheCentre() throws {
        let (_, image) = try Self.process(try Fixture.bytes("rgb8.png"), ImageOptions(resize: .crop(width: 32, height: 32), format: .png))
        #expect(image.width == 32 && image.height == 32)
        for (pixel, colour) in zip(Fixture.quadrants(image), Fixture.quadrantColors) {
            #expect(Fixture.near(pixel, colour, tolerance: 0))
        }
    }

    @Test func padCentresOnTheBackground() throws {
        let options = ImageOptions(resize: .pad(width: 48, height: 48), background: RGBColor(red: 0, green: 0, blue: 0), format: .png)
        let (_, image) = try Self.process(try Fixture.bytes("rgb8.png"), options)
        #expect(image.width == 48 && image.height == 48)
        #expect(image[24, 2] == (0, 0, 0) && image[24, 45] == (0, 0, 0))
        #expect(image[12, 16] == (255, 0, 0) && image[36, 36] == (255, 255, 255))
    }

    /// The budget is met with the highest quality that fits: one step up would not.
    @Test func byteBudgetPicksTheHighestQualityThatFits() throws {
        let bytes = try Self.texturedJPEG()
        let unlimited = try ImageProcessor(options: ImageOptions(resize: .original, quality: 90)).process(bytes)
        let limit = unlimited.base64Length * 2 / 3
        let result = try ImageProcessor(options: ImageOptions(resize: .original, quality: 90, maxBytes: limit)).process(bytes)
        #expect(result.base64Length <= limit)
        #expect(result.dataURI.count == "data:image/jpeg;base64,".count + result.base64Length)
        let quality = try #require(result.quality)
        #expect(quality < 90 && !result.shrunkForBudget && result.width == 600)
        let next = try JPEGCodec.encode(try RGBImage.decode(bytes), quality: quality + 1, optimize: true)
        #expect(ProcessedImage.base64Length(of: next.count) > limit)
    }

    @Test func byteBudgetShrinksWhenQualityIsNotEnough() throws {
        let bytes = try Self.texturedJPEG()
        let result = try ImageProcessor(options: ImageOptions(resize: .original, maxBytes: 6_000)).process(bytes)
        #expect(result.base64Length <= 6_000)
        #expect(result.shrunkForBudget && result.width < 600)
        #expect(abs(Double(result.width) / Double(result.height) - 1.5) < 0.05)
    }

    /// Shrinking for the budget keeps a padded picture's canvas shape.
    @Test func byteBudgetShrinksPaddedCanvas() throws {
        let bytes = try Self.texturedJPEG()
        let options = ImageOptions(resize: .pad(width: 400, height: 400), maxBytes: 6_000)
        let (result, image) = try Self.process(bytes, options)
        #expect(result.base64Length <= 6_000 && result.shrunkForBudget)
        #expect(image.width == result.width && image.height == result.height)
        #expect(abs(result.width - result.height) <= 1 && result.width < 400)
    }

    @Test func impossibleBudgetIsAnError() throws {
        let bytes = try Self.texturedJPEG()
        #expect(throws: ImageError.self) {
            try ImageProcessor(options: ImageOptions(maxBytes: 200)).process(bytes)
        }
        do {
            _ = try ImageProcessor(options: ImageOptions(maxBytes: 200)).process(bytes)
        } catch {
            #expect(error.code == "img.over_budget")
        }
    }

    /// A 3000×2000 picture shrunk to 1024 px goes through the half-scale decode and still looks like itself.
    @Test func dctScaledPathKeepsTheContent() throws {
        let big = RGBImage(width: 3000, height: 2000, color: RGBColor(red: 10, green: 120, blue: 240))
        let bytes = try JPEGCodec.encode(big, quality: 90)
        let (result, image) = try Self.process(bytes, ImageOptions())
        #expect(result.width == 1024 && result.height == 683)
        #expect(Fixture.near(image[512, 341], (10, 120, 240), tolerance: 4))
        #expect(Fixture.near(image[0, 0], (10, 120, 240), tolerance: 4))
    }

    @Test(arguments: [("bomb.jpg", "img.too_many_pixels"), ("bomb.png", "img.too_many_pixels"),
                      ("truncated-progressive.jpg", "img.truncated"), ("truncated.png", "img.corrupt"),
                      ("not-an-image.jpg", "img.not_an_image")])
    func refusals(_ name: String, _ code: String) throws {
        let bytes = try Fixture.bytes(name)
        do {
            _ = try ImageProcessor().process(bytes)
            Issue.record("\(name) was accepted")
        } catch {
            #expect(error.code == code)
        }
    }

    /// Degenerate shapes: a single pixel, a line, a long strip; every rule gives a picture of the promised size.
    @Test(arguments: [(1, 1), (1, 300), (5000, 3), (17, 9)])
    func extremeShapes(_ size: (Int, Int)) throws {
        let bytes = try PNGCodec.encode(RGBImage(width: size.0, height: size.1, color: RGBColor(red: 9, green: 99, blue: 199)))
        for rule in [ImageOptions.Resize.fit(maxSide: 64), .maxPixels(100), .crop(width: 8, height: 8), .pad(width: 8, height: 8)] {
            let (result, image) = try Self.process(bytes, ImageOptions(resize: rule, format: .png))
            #expect(image.width == result.width && image.height == result.height && result.width >= 1 && result.height >= 1)
            switch rule {
            case .fit(let side): #expect(max(result.width, result.height) <= max(side, 1))
            case .maxPixels(let limit): #expect(result.width * result.height <= max(limit, 1) || (result.width == 1 || result.height == 1))
            case .pad(let width, let height): #expect(result.width == width && result.height == height)
            default: #expect(result.width <= 8 && result.height <= 8)
            }
            // The picture itself (for padding: somewhere on the canvas, which is white elsewhere).
            let pixels = (0..<image.height).flatMap { y in (0..<image.width).map { x in image[x, y] } }
            #expect(pixels.contains { Fixture.near($0, (9, 99, 199), tolerance: 1) }, "\(size) \(rule)")
            #expect(pixels.allSatisfy { Fixture.near($0, (9, 99, 199), tolerance: 1) || $0 == (255, 255, 255) })
        }
    }

    @Test func pngOutput() throws {
        let (result, image) = try Self.process(try Fixture.bytes("rgba.png"), ImageOptions(format: .png))
        #expect(result.format == .png && result.quality == nil)
        #expect(result.dataURI.hasPrefix("data:image/png;base64,iVBOR"))
        #expect(Fixture.near(Fixture.quadrants(image)[1], (255, 255, 255), tolerance: 0))
    }

    @Test func parsesBackgroundColours() {
        #expect(RGBColor(parsing: "#FF8000") == RGBColor(red: 255, green: 128, blue: 0))
        #expect(RGBColor(parsing: "fff") == .white)
        #expect(RGBColor(parsing: "black") == .black)
        #expect(RGBColor(parsing: "#12345") == nil)
        #expect(RGBColor(parsing: "purple-ish") == nil)
    }
}

/// Paths from data stay inside the image root.
@Suite("Image root")
struct ImageRootTests {
    static func makeTree() throws -> String {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("tunekit-root-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: base + "/root/photos", withIntermediateDirectories: true)
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: base + "/root/photos/a.jpg"))
        try Data([4]).write(to: URL(fileURLWithPath: base + "/secret.jpg"))
        try FileManager.default.createSymbolicLink(atPath: base + "/root/link.jpg", withDestinationPath: base + "/secret.jpg")
        return base
    }

    @Test func resolvesInside() throws {
        let base = try Self.makeTree()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let root = try ImageRoot(base + "/root")
        #expect(try root.load("photos/a.jpg") == [1, 2, 3])
        #expect(try root.load("photos\\a.jpg") == [1, 2, 3])
        #expect(try root.load("./photos/../photos/a.jpg") == [1, 2, 3])
        #expect(try root.load(root.path + "/photos/a.jpg") == [1, 2, 3])
    }

    @Test(arguments: ["../secret.jpg", "../../../../etc/passwd", "/etc/passwd", "photos/../../secret.jpg", "link.jpg"])
    func refusesEscapes(_ reference: String) throws {
        let base = try Self.makeTree()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let root = try ImageRoot(base + "/root")
        do {
            _ = try root.load(reference)
            Issue.record("\(reference) was read")
        } catch {
            #expect(error.code == "img.path_escape", "\(reference): \(error.message)")
        }
    }

    @Test func missingAndOversizedFiles() throws {
        let base = try Self.makeTree()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let root = try ImageRoot(base + "/root")
        #expect(throws: ImageError.badPath("photos/none.jpg", problem: .missing(root: root.path))) { try root.load("photos/none.jpg") }
        #expect(throws: ImageError.badPath("photos/a.jpg", problem: .tooLarge(bytes: 3, limit: 2))) {
            try root.load("photos/a.jpg", maxBytes: 2)
        }
        #expect(throws: ImageError.badPath("photos", problem: .notAFile)) { try root.load("photos") }
        // A FIFO is refused at once rather than waited on.
        #expect(mkfifo(root.path + "/pipe.jpg", 0o600) == 0)
        #expect(throws: ImageError.badPath("pipe.jpg", problem: .notAFile)) { try root.load("pipe.jpg") }
        #expect(ImageError.badPath("x", problem: .tooLarge(bytes: 3, limit: 2)).code == "img.file_too_large")
    }
}
