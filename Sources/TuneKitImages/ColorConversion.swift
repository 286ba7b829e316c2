import Foundation

/// Converts pixels from an embedded ICC profile's colour space to sRGB (outputs carry no profile; without this,
/// Adobe RGB and P3 photos come out dull). Two engines:
/// - RGB matrix/TRC profiles (Adobe RGB, Display P3, ProPhoto, most camera and phone profiles): the hand-written
///   ``MatrixShaperConversion``: on the same 1024 px pictures it took 12 ms where LittleCMS took 19 (and its output
///   is what earlier versions wrote), within a level of LittleCMS;
/// - gray profiles with a tone curve (`kTRC`): a 256-entry table by hand (LittleCMS's 8-bit gray transform is up to 9
///   levels off near black for a linear gray profile);
/// - every other profile LittleCMS reads — lookup-table ones (`mAB`/`mBA`/`mft1`/`mft2` A2B0, such as the ICC's
///   sRGB v4 preference profile): LittleCMS with the perceptual intent, as Pillow's ImageCms does.
/// CMYK and Lab profiles say nothing about RGB pixels and give no conversion.
public struct ColorConversion: Sendable {
    /// The source profile's name, for reports.
    public let name: String
    private let engine: Engine

    private enum Engine: Sendable {
        case matrixShaper(MatrixShaperConversion)
        /// Gray value (the first of each pixel's three) → sRGB value.
        case grayCurve([UInt8])
        case littleCMS(LittleCMSTransform)
    }

    /// The hand-written conversion from a matrix/TRC `profile`; nil when the profile is sRGB already (nothing to
    /// do) or unusable.
    public init?(from profile: ICCProfile) {
        guard !profile.isSRGB, let conversion = MatrixShaperConversion(from: profile) else { return nil }
        name = profile.name
        engine = .matrixShaper(conversion)
    }

    /// The conversion an ICC profile's bytes call for; nil for an sRGB matrix/TRC profile (nothing to do), a
    /// profile neither engine can use, or one of another colour space than RGB or gray. `alwaysLittleCMS` skips the
    /// hand-written engine (to compare the two).
    public init?(profileData data: [UInt8], alwaysLittleCMS: Bool = false) {
        if !alwaysLittleCMS, let profile = ICCProfile(data) {
            guard let conversion = ColorConversion(from: profile) else { return nil }
            self = conversion
            return
        }
        if !alwaysLittleCMS, let curve = ICCProfile.grayCurve(data) {
            name = ICCProfile.description(of: data) ?? "unnamed gray profile"
            engine = .grayCurve((0...255).map { value in
                let linear = curve.linear(Double(value) / 255)
                guard linear.isFinite else { return 0 }
                let encoded = linear <= 0.0031308 ? linear * 12.92 : 1.055 * pow(linear, 1 / 2.4) - 0.055
                return UInt8((min(1, max(0, encoded)) * 255).rounded())
            })
            return
        }
        guard let transform = LittleCMSTransform.fromProfile(data, layout: .rgb8) else { return nil }
        name = transform.name
        engine = .littleCMS(transform)
    }

    /// The conversion the profile embedded in JPEG or PNG `bytes` calls for; nil without one (see
    /// ``init(profileData:)``).
    public static func embedded(in bytes: [UInt8]) -> ColorConversion? {
        ICCProfile.embedded(in: bytes).flatMap { ColorConversion(profileData: $0) }
    }

    /// Whether LittleCMS does the work (a lookup-table or gray profile).
    public var usesLittleCMS: Bool {
        if case .littleCMS = engine { true } else { false }
    }

    /// Whether the source profile is a gray one (it reads the first channel of each pixel).
    public var isGray: Bool {
        switch engine {
        case .matrixShaper: false
        case .grayCurve: true
        case .littleCMS(let transform): transform.isGray
        }
    }

    /// `image` in sRGB.
    public func apply(to image: RGBImage) -> RGBImage {
        var result = image
        switch engine {
        case .matrixShaper(let conversion):
            conversion.apply(to: &result.pixels)
        case .grayCurve(let table):
            result.pixels.withUnsafeMutableBufferPointer { pixels in
                var index = 0
                while index + 2 < pixels.count {
                    let value = table[Int(pixels[index])]
                    pixels[index] = value
                    pixels[index + 1] = value
                    pixels[index + 2] = value
                    index += 3
                }
            }
        case .littleCMS(let transform):
            result.pixels.withUnsafeMutableBytes { pixels in
                guard let base = pixels.baseAddress else { return }
                transform.apply(base, base, count: image.width * image.height)
            }
        }
        return result
    }
}
