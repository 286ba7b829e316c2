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
        /// 16-bit RGB in, 16-bit RGB out. LittleCMS precalculates these into a grid, whose interpolation is a few
        /// levels off where the curves are steep or colours clip: used for lookup-table profiles only, which are
        /// grids themselves (matrix/TRC and gray-curve profiles go through ``DeepColorConversion``'s tables).
        case rgb16
        /// 16-bit gray in, 16-bit RGB out.
        case gray16
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
        guard space == cmsSigRgbData || isGray, isGray == (layout == .gray16) || layout == .rgb8,
              let srgb = cmsCreate_sRGBProfile() else { return nil }
        defer { cmsCloseProfile(srgb) }
        let (input, output): (cmsUInt32Number, cmsUInt32Number) = switch layout {
        case .rgb8: (isGray ? tk_cms_type_gray_in_rgb_8 : tk_cms_type_rgb_8, tk_cms_type_rgb_8)
        case .rgb16: (tk_cms_type_rgb_16, tk_cms_type_rgb_16)
        case .gray16: (tk_cms_type_gray_16, tk_cms_type_rgb_16)
        }
        // (cmsFLAGS_HIGHRESPRECALC for the 16-bit ones moved the LUT fixture from 3 to 6 levels off Pillow's result.)
        guard let handle = cmsCreateTransform(source, input, srgb, output, cmsUInt32Number(INTENT_PERCEPTUAL), 0) else {
            return nil
        }
        var text = [CChar](repeating: 0, count: 256)
        let length = cmsGetProfileInfoASCII(source, cmsInfoDescription, "en", "US", &text, cmsUInt32Number(text.count))
        let name = length > 1 ? String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
        return LittleCMSTransform(handle: handle, name: name.isEmpty ? "unnamed profile" : name, isGray: isGray)
    }
}
