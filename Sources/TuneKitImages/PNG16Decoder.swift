import CPNGShim

/// 16-bit PNGs (gray, gray+alpha, RGB, RGBA, interlaced or not) through libpng's row API. libpng 1.6.39's simplified
/// API scrambles interlaced 16-bit files that carry gAMA, and takes 16-bit samples as linear light unless gAMA or sRGB
/// says otherwise, so these are read as stored and their colour chunks applied here, at 16 bits, in the order the PNG
/// specification gives them:
/// - `iCCP`: the profile governs (gAMA and cHRM are ignored) and is applied here at 16 bits (``DeepColorConversion``),
///   whatever its kind (a gray profile to a gray picture, an RGB one to a colour picture; an sRGB one, or one of the
///   wrong kind, leaves the samples as they are), so ``ImageProcessor`` does not apply it again;
/// - `sRGB`, or none of these chunks: sRGB values, rounded to 8 bits;
/// - `gAMA` (and `cHRM`): converted to sRGB from the colour space they describe, unless they describe sRGB
///   (a gamma of 0.45–0.46, libpng's own tolerance, and sRGB's primaries), which is kept as it is.
/// Transparency is flattened onto the background after the conversion, in sRGB values as viewers composite.
enum PNG16Decoder {
    /// Decodes a 16-bit PNG to 8-bit RGB.
    static func decode(_ bytes: [UInt8], background: RGBColor) throws(ImageError) -> RGBImage {
        try decodeReporting(bytes, background: background).image
    }

    /// ``decode(_:background:)``, with libpng's warnings counted (the first one's text kept).
    static func decodeReporting(_ bytes: [UInt8], background: RGBColor) throws(ImageError) -> (image: RGBImage, warnings: CodecWarnings) {
        var info = tk_png_info()
        var message = [CChar](repeating: 0, count: Int(TK_PNG_MESSAGE_MAX))
        let headed = bytes.withUnsafeBufferPointer { tk_png_read_info($0.baseAddress, $0.count, &info, &message) }
        guard headed == 0 else { throw ImageError.corrupt(ImageHeader.string(message)) }
        let width = Int(info.width)
        let height = Int(info.height)
        let channels = Int(info.channels)
        let count = width.multipliedReportingOverflow(by: height)
        guard !count.overflow, count.partialValue.multipliedReportingOverflow(by: channels * 2).overflow == false else {
            throw ImageError.corrupt("the picture is too large to decode")
        }
        let pixelCount = count.partialValue
        let capacity = pixelCount * channels
        var status: Int32 = 0
        let samples = [UInt16](unsafeUninitializedCapacity: capacity) { target, initialized in
            status = bytes.withUnsafeBufferPointer { source in
                tk_png_read16(source.baseAddress, source.count, target.baseAddress, capacity, &info, &message)
            }
            if status != 0 { target.initialize(repeating: 0) }
            initialized = capacity
        }
        guard status == 0 else { throw ImageError.corrupt(ImageHeader.string(message)) }
        let isGray = channels < 3
        let hasAlpha = channels == 2 || channels == 4
        let colorChannels = isGray ? 1 : 3

        // The colour samples in sRGB, three per pixel.
        let rgb: [UInt16]
        if let conversion = Self.profileConversion(bytes, info, gray: isGray) ?? Self.chunkConversion(info, gray: isGray) {
            rgb = conversion.apply(samples, stride: channels, count: pixelCount)
        } else {
            rgb = [UInt16](unsafeUninitializedCapacity: pixelCount * 3) { target, initialized in
                for index in 0..<pixelCount {
                    for channel in 0..<3 {
                        target[index * 3 + channel] = samples[index * channels + (isGray ? 0 : channel)]
                    }
                }
                initialized = pixelCount * 3
            }
        }

        let back = [Int(background.red) * 257, Int(background.green) * 257, Int(background.blue) * 257]
        let pixels = [UInt8](unsafeUninitializedCapacity: pixelCount * 3) { target, initialized in
            for index in 0..<pixelCount {
                let alpha = hasAlpha ? Int(samples[index * channels + channels - 1]) : 65535
                for channel in 0..<3 {
                    let value = (Int(rgb[index * 3 + channel]) * alpha + back[channel] * (65535 - alpha) + 32767) / 65535
                    target[index * 3 + channel] = UInt8((value + 128) / 257)
                }
            }
            initialized = pixelCount * 3
        }
        let warnings = info.warnings == 0 ? CodecWarnings.none
            : CodecWarnings(codec: "libpng", count: Int(info.warnings), first: ImageHeader.string(info.warning))
        return (RGBImage(width: width, height: height, pixels: pixels), warnings)
    }

    /// The conversion the embedded profile calls for; nil without an iCCP chunk, for an sRGB profile, and for a
    /// profile that is unusable or of another kind than the picture.
    static func profileConversion(_ bytes: [UInt8], _ info: tk_png_info, gray: Bool) -> DeepColorConversion? {
        guard info.has_iccp != 0, let data = ICCProfile.embedded(in: bytes) else { return nil }
        return DeepColorConversion.fromProfile(data, gray: gray)
    }

    /// The conversion the gAMA and cHRM chunks call for; nil when an iCCP or sRGB chunk governs, or they describe sRGB.
    static func chunkConversion(_ info: tk_png_info, gray: Bool) -> DeepColorConversion? {
        guard info.has_iccp == 0, info.has_srgb == 0, info.has_gamma != 0 || info.has_chrm != 0 else { return nil }
        let gamma = info.has_gamma != 0 ? info.gamma : 1 / 2.2
        let sRGBGamma = (0.45...0.46).contains(gamma)
        var primaries: [Double]?
        if info.has_chrm != 0, !gray {
            let given = [info.white_x, info.white_y, info.red_x, info.red_y, info.green_x, info.green_y, info.blue_x, info.blue_y]
            let sRGB = [0.3127, 0.3290, 0.64, 0.33, 0.30, 0.60, 0.15, 0.06]
            if zip(given, sRGB).contains(where: { abs($0 - $1) > 0.01 }) { primaries = given }
        }
        if sRGBGamma && primaries == nil { return nil }
        return DeepColorConversion.fromChunks(gamma: gamma, chromaticities: primaries, gray: gray)
    }
}
