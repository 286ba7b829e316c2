import Testing
import TuneKitImages

/// The Lanczos-3 resampler against Pillow's, and its edge handling.
@Suite("Resampling")
struct ResamplerTests {
    /// The 4000×3000 gray test picture of Fixtures/README.md: rings, 128-pixel blocks, and a 6×8-pixel checker
    /// far finer than the output can show (aliasing shows up as a large error).
    static func testPicture() -> RGBImage {
        let width = 4000
        let height = 3000
        let pixels = [UInt8](unsafeUninitializedCapacity: width * height * 3) { buffer, count in
            for y in 0..<height {
                for x in 0..<width {
                    let a = ((x * x + y * y) >> 12) & 511
                    let rings = a < 256 ? a : 511 - a
                    let fine = ((x / 3 + y / 4) & 1) * 255
                    let block = ((x >> 7) ^ (y >> 7)) & 1
                    let value = UInt8(block == 1 ? (rings + fine) / 2 : rings)
                    let at = (y * width + x) * 3
                    buffer[at] = value
                    buffer[at + 1] = value
                    buffer[at + 2] = value
                }
            }
            count = width * height * 3
        }
        return RGBImage(width: width, height: height, pixels: pixels)
    }

    /// 4000×3000 → 1024×768, written losslessly as PNG and read back, against Pillow 13's LANCZOS on the same
    /// picture. Nearest neighbour scores 15 dB here and Pillow's antialiased bilinear 42 dB.
    @Test func matchesPillowLanczos() throws {
        let picture = Self.testPicture()
        #expect(picture[100, 50] == (3, 3, 3) && picture[200, 300] == (143, 143, 143) && picture[3999, 2999] == (43, 43, 43))
        let resized = Resampler.resize(picture, width: 1024, height: 768)
        let written = try PNGCodec.decode(try PNGCodec.encode(resized))
        let reference = try PNGCodec.decode(try Fixture.bytes("lanczos-4000x3000-to-1024x768.png"))
        let psnr = Fixture.psnr(written, reference)
        print("Lanczos 4000×3000 → 1024×768: PSNR \(psnr) dB against Pillow")
        #expect(psnr >= 35, "PSNR \(psnr) dB")
        #expect(psnr >= 45, "PSNR \(psnr) dB: the same filter should agree to rounding")
    }

    /// Windows are clipped and renormalised at the edges: a flat picture stays exactly flat, borders included.
    @Test(arguments: [(97, 61, 30, 20), (30, 20, 97, 61), (10, 10, 3, 7), (5, 1, 2, 1)])
    func flatStaysFlat(_ sizes: (Int, Int, Int, Int)) {
        let flat = RGBImage(width: sizes.0, height: sizes.1, color: RGBColor(red: 200, green: 17, blue: 255))
        let resized = Resampler.resize(flat, width: sizes.2, height: sizes.3)
        #expect(resized.width == sizes.2 && resized.height == sizes.3)
        #expect(resized == RGBImage(width: sizes.2, height: sizes.3, color: RGBColor(red: 200, green: 17, blue: 255)))
    }

    /// A box picks the region: the right half of a left-black/right-white picture is white (but for the
    /// first columns, whose windows reach across the box's edge, as Pillow's do).
    @Test func resizesABox() {
        var pixels = [UInt8]()
        for _ in 0..<40 { pixels += Array(repeating: 0, count: 60) + Array(repeating: 255, count: 60) }
        let picture = RGBImage(width: 40, height: 40, pixels: pixels)
        let right = Resampler.resize(picture, width: 10, height: 10,
                                     box: Resampler.Box(x0: 20, y0: 0, x1: 40, y1: 40))
        #expect((0..<10).allSatisfy { y in (3..<10).allSatisfy { x in right[x, y] == (255, 255, 255) } })
        #expect(right[0, 5].r < 255)
    }

    /// One-pixel white lines on black, halved: averaging sRGB values gives 128, which looks darker than the
    /// lines and gaps do from afar; averaging light gives sRGB 188 (half the light).
    @Test func linearLightKeepsBrightness() {
        let pixels = (0..<(64 * 16)).flatMap { index -> [UInt8] in index % 2 == 0 ? [255, 255, 255] : [0, 0, 0] }
        let lines = RGBImage(width: 64, height: 16, pixels: pixels)
        let plain = Resampler.resize(lines, width: 32, height: 16)
        let linear = Resampler.resize(lines, width: 32, height: 16, linearLight: true)
        #expect(abs(Int(plain[16, 8].r) - 128) <= 2)
        #expect(abs(Int(linear[16, 8].r) - 188) <= 2)
    }

    /// The 15-bit linear scale keeps every 8-bit value: a flat picture of any colour stays exactly flat.
    @Test func linearLightRoundTripsEveryValue() {
        let row = (0...255).flatMap { value in [UInt8(value), UInt8(value), UInt8(value)] }
        let ramp = RGBImage(width: 256, height: 4, pixels: Array([row, row, row, row].joined()))
        let same = Resampler.resize(ramp, width: 256, height: 2, linearLight: true)
        #expect(same.pixels == row + row)
    }
}
