import Foundation

/// Converts 16-bit samples (gray, or RGB) of a PNG's colour space to 16-bit sRGB, for ``PNG16Decoder``:
/// - tone curves and matrices by hand, with 65536-entry tables: RGB matrix/TRC profiles, gray profiles with a `kTRC`
///   curve, and the spaces gAMA and cHRM describe. Exact to the 16-bit step where LittleCMS's 16-bit transforms, a
///   precalculated grid, are up to 15 levels off (steep curves near black, colours that clip), and its float ones,
///   evaluated stage by stage, take 0.8 µs a pixel (10 s for 12 megapixels);
/// - lookup-table profiles by LittleCMS's 16-bit transform (their own data is a grid).
struct DeepColorConversion: Sendable {
    private enum Engine: Sendable {
        /// Per-channel tables to linear light, the 3×3 matrix to linear sRGB (rows), then sRGB's curve.
        case matrix(toLinear: [[Float]], matrix: [Float])
        /// Gray sample → sRGB value (R = G = B).
        case gray(table: [UInt16])
        case littleCMS(LittleCMSTransform)
    }

    private let engine: Engine
    /// Whether the input has one channel (gray) rather than three.
    let isGray: Bool

    /// The conversion an embedded ICC profile calls for; nil for an sRGB profile (nothing to do), and for a profile
    /// that is unusable or of another kind than the picture.
    static func fromProfile(_ data: [UInt8], gray: Bool) -> DeepColorConversion? {
        if gray {
            if let curve = ICCProfile.grayCurve(data) { return DeepColorConversion(grayCurve: curve) }
            return LittleCMSTransform.fromProfile(data, layout: .gray16).map { DeepColorConversion(engine: .littleCMS($0), isGray: true) }
        }
        if let profile = ICCProfile(data) {
            return profile.isSRGB ? nil : DeepColorConversion(curves: profile.curves, colorants: profile.colorants)
        }
        return LittleCMSTransform.fromProfile(data, layout: .rgb16).map { DeepColorConversion(engine: .littleCMS($0), isGray: false) }
    }

    /// The conversion a PNG's gAMA (`gamma`, the encoding exponent: 0.45455 for 1/2.2) and cHRM chunks (white, red,
    /// green, blue as CIE xy; sRGB's primaries when nil) call for.
    static func fromChunks(gamma: Double, chromaticities: [Double]?, gray: Bool) -> DeepColorConversion? {
        guard gamma > 0, gamma.isFinite else { return nil }
        let curve = ICCProfile.ToneCurve.gamma(1 / gamma)
        if gray { return DeepColorConversion(grayCurve: curve) }
        let colorants = chromaticities.flatMap { ICCProfile.colorants(chromaticities: $0) } ?? ICCProfile.sRGBColorants
        return DeepColorConversion(curves: [curve, curve, curve], colorants: colorants)
    }

    private init(engine: Engine, isGray: Bool) {
        self.engine = engine
        self.isGray = isGray
    }

    private init?(curves: [ICCProfile.ToneCurve], colorants: [[Double]]) {
        guard curves.count == 3, let matrix = MatrixShaperConversion.matrixToSRGB(colorants) else { return nil }
        var tables: [[Float]] = []
        for (index, curve) in curves.enumerated() {
            if index > 0, curve == curves[index - 1] {
                tables.append(tables[index - 1])
                continue
            }
            tables.append((0...65535).map { value in
                let linear = Float(curve.linear(Double(value) / 65535))
                return linear.isFinite ? min(max(linear, 0), 1) : 0
            })
        }
        self.init(engine: .matrix(toLinear: tables, matrix: matrix), isGray: false)
    }

    private init(grayCurve curve: ICCProfile.ToneCurve) {
        let encode = Self.encode
        let table = (0...65535).map { value -> UInt16 in
            let linear = curve.linear(Double(value) / 65535)
            return linear.isFinite ? encode[Int(min(max(linear, 0), 1) * 65535 + 0.5)] : 0
        }
        self.init(engine: .gray(table: table), isGray: true)
    }

    /// Linear light (index / 65535) → sRGB value, 16 bits.
    static let encode: [UInt16] = (0...65535).map { index in
        let linear = Double(index) / 65535
        let encoded = linear <= 0.0031308 ? linear * 12.92 : 1.055 * pow(linear, 1 / 2.4) - 0.055
        return UInt16((min(1, max(0, encoded)) * 65535).rounded())
    }

    /// The sRGB values, three per pixel, of `count` pixels whose colour samples (one or three, as ``isGray`` says)
    /// start every `stride` values of `samples`.
    func apply(_ samples: [UInt16], stride: Int, count: Int) -> [UInt16] {
        let channels = isGray ? 1 : 3
        guard count > 0 else { return [] }
        switch engine {
        case .matrix(let toLinear, let m):
            let encode = Self.encode
            let (r, g, b) = (toLinear[0], toLinear[1], toLinear[2])
            return [UInt16](unsafeUninitializedCapacity: count * 3) { target, initialized in
                samples.withUnsafeBufferPointer { source in
                    for index in 0..<count {
                        let at = index * stride
                        let red = r[Int(source[at])]
                        let green = g[Int(source[at + 1])]
                        let blue = b[Int(source[at + 2])]
                        for channel in 0..<3 {
                            let linear = m[channel * 3] * red + m[channel * 3 + 1] * green + m[channel * 3 + 2] * blue
                            target[index * 3 + channel] = encode[Int(min(1, max(0, linear)) * 65535 + 0.5)]
                        }
                    }
                }
                initialized = count * 3
            }
        case .gray(let table):
            return [UInt16](unsafeUninitializedCapacity: count * 3) { target, initialized in
                samples.withUnsafeBufferPointer { source in
                    for index in 0..<count {
                        let value = table[Int(source[index * stride])]
                        target[index * 3] = value
                        target[index * 3 + 1] = value
                        target[index * 3 + 2] = value
                    }
                }
                initialized = count * 3
            }
        case .littleCMS(let transform):
            let plain = [UInt16](unsafeUninitializedCapacity: count * channels) { target, initialized in
                for index in 0..<count {
                    for channel in 0..<channels { target[index * channels + channel] = samples[index * stride + channel] }
                }
                initialized = count * channels
            }
            var converted = [UInt16](repeating: 0, count: count * 3)
            plain.withUnsafeBytes { input in
                converted.withUnsafeMutableBytes { output in
                    transform.apply(input.baseAddress!, output.baseAddress!, count: count)
                }
            }
            return converted
        }
    }
}
