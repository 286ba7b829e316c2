import CLCMS2
import Foundation

/// A LittleCMS transform from a source colour space to sRGB, with the perceptual intent (Pillow's
/// `ImageCms.profileToProfile` default; matrix/TRC profiles, which have no perceptual table, fall back to relative
/// colorimetric as everywhere). Creating one is the cost (a few milliseconds for a lookup-table profile), so
/// transforms are kept by their source's bytes and pixel layout; applying one is thread-safe.
final class LittleCMSTransform: @unchecked Sendable {
    /// How the pixels handed to ``apply(_:)`` are laid out.
    enum Layout: Hashable, Sendable {
        /// 8-bit RGB in, 8-bit RGB out (for a gray profile: the first of each three bytes is the gray value).
        case rgb8
        /// 32-bit float RGB in, float RGB out (0…1). Float transforms are evaluated stage by stage: 16-bit ones would
        /// be precalculated into a grid, whose interpolation across the gamut boundary is up to 15 levels off.
        case rgbFloat
        /// Float gray in, float RGB out.
        case grayFloat
    }

    /// The source profile's description ("Display P3", "sRGB v4 ICC preference perceptual intent beta").
    let name: String
    /// Whether the source is a gray profile.
    let isGray: Bool
    private let handle: cmsHTRANSFORM

    private init(handle: cmsHTRANSFORM, name: String, isGray: Bool) {
        self.handle = handle
        self.name = name
        self.isGray = isGray
    }

    deinit { cmsDeleteTransform(handle) }

    /// A transform from the ICC profile `data` to sRGB; nil when LittleCMS cannot read the profile, or it is not
    /// an RGB or gray profile (a CMYK or Lab one says nothing about RGB pixels).
    static func fromProfile(_ data: [UInt8], layout: Layout) -> LittleCMSTransform? {
        cached(Key(source: data, layout: layout)) {
            data.withUnsafeBytes { raw in cmsOpenProfileFromMem(raw.baseAddress, cmsUInt32Number(raw.count)) }
        }
    }

    /// A transform from the colour space a PNG's gAMA and cHRM chunks describe (`primaries` as white, red, green,
    /// blue CIE xy; sRGB's when nil) to sRGB; `gamma` is the file's encoding exponent (0.45455 for 1/2.2).
    static func fromChunks(gamma: Double, primaries: [Double]?, layout: Layout) -> LittleCMSTransform? {
        let description = "gAMA \(gamma) cHRM \(primaries.map { "\($0)" } ?? "-")"
        return cached(Key(source: Array(description.utf8), layout: layout)) {
            guard let curve = cmsBuildGamma(nil, 1 / gamma) else { return nil }
            defer { cmsFreeToneCurve(curve) }
            let xy = primaries ?? [0.3127, 0.3290, 0.64, 0.33, 0.30, 0.60, 0.15, 0.06]
            var white = cmsCIExyY(x: xy[0], y: xy[1], Y: 1)
            if layout == .grayFloat {
                return cmsCreateGrayProfile(&white, curve)
            }
            var triple = cmsCIExyYTRIPLE(Red: cmsCIExyY(x: xy[2], y: xy[3], Y: 1), Green: cmsCIExyY(x: xy[4], y: xy[5], Y: 1),
                                         Blue: cmsCIExyY(x: xy[6], y: xy[7], Y: 1))
            var curves: [OpaquePointer?] = [curve, curve, curve]
            return curves.withUnsafeMutableBufferPointer { cmsCreateRGBProfile(&white, &triple, $0.baseAddress) }
        }
    }

    /// Converts `count` pixels from `input` into `output` (which may be the same buffer for ``Layout/rgb8``).
    func apply(_ input: UnsafeRawPointer, _ output: UnsafeMutableRawPointer, count: Int) {
        cmsDoTransform(handle, input, output, cmsUInt32Number(count))
    }

    // MARK: The cache

    private struct Key: Hashable {
        var source: [UInt8]
        var layout: Layout
    }

    /// Transforms made so far (nil where the source was unusable), at most `capacity` of them.
    private static let cache = Cache()
    private static let capacity = 64

    private final class Cache: @unchecked Sendable {
        let lock = NSLock()
        var entries: [Key: LittleCMSTransform?] = [:]
    }

    private static func cached(_ key: Key, open: () -> cmsHPROFILE?) -> LittleCMSTransform? {
        cache.lock.lock()
        defer { cache.lock.unlock() }
        if let known = cache.entries[key] { return known }
        let made = make(open(), layout: key.layout)
        if cache.entries.count >= capacity { cache.entries.removeAll() }
        cache.entries[key] = made
        return made
    }

    private static func make(_ source: cmsHPROFILE?, layout: Layout) -> LittleCMSTransform? {
        guard let source else { return nil }
        defer { cmsCloseProfile(source) }
        let space = cmsGetColorSpace(source)
        let isGray = space == cmsSigGrayData
        guard space == cmsSigRgbData || isGray, isGray == (layout == .grayFloat) || layout == .rgb8,
              let srgb = cmsCreate_sRGBProfile() else { return nil }
        defer { cmsCloseProfile(srgb) }
        let (input, output): (cmsUInt32Number, cmsUInt32Number) = switch layout {
        case .rgb8: (isGray ? tk_cms_type_gray_in_rgb_8 : tk_cms_type_rgb_8, tk_cms_type_rgb_8)
        case .rgbFloat: (tk_cms_type_rgb_float, tk_cms_type_rgb_float)
        case .grayFloat: (tk_cms_type_gray_float, tk_cms_type_rgb_float)
        }
        guard let handle = cmsCreateTransform(source, input, srgb, output, cmsUInt32Number(INTENT_PERCEPTUAL), 0) else {
            return nil
        }
        var text = [CChar](repeating: 0, count: 256)
        let length = cmsGetProfileInfoASCII(source, cmsInfoDescription, "en", "US", &text, cmsUInt32Number(text.count))
        let name = length > 1 ? String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
        return LittleCMSTransform(handle: handle, name: name.isEmpty ? "unnamed profile" : name, isGray: isGray)
    }
}
