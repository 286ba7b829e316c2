import CZlib
import Foundation

/// The colour space an RGB picture's embedded ICC profile declares, when it is a matrix/TRC profile (Adobe RGB,
/// Display P3, ProPhoto, sRGB and most camera and phone profiles are): three tone curves and the primaries as
/// XYZ colorants (relative to the D50 connection space). Outputs carry no profile, so pictures in another space
/// are converted to sRGB (``ColorConversion``); without that, Adobe RGB and P3 photos come out dull.
public struct ICCProfile: Sendable, Equatable {
    /// A tone curve: encoded value 0…1 → linear light 0…1.
    public enum ToneCurve: Sendable, Equatable {
        /// A pure power curve with this exponent.
        case gamma(Double)
        /// Samples over 0…1, each 0…1.
        case table([Double])
        /// ICC `para` function type 0–4 with its parameters (g, a, b, c, d, e, f).
        case parametric(type: Int, parameters: [Double])

        /// Linear light of an encoded value.
        public func linear(_ x: Double) -> Double {
            switch self {
            case .gamma(let g):
                return pow(max(0, x), g)
            case .table(let samples):
                guard samples.count > 1 else { return samples.first.map { pow(max(0, x), $0) } ?? x }
                let position = min(max(x, 0), 1) * Double(samples.count - 1)
                let low = Int(position)
                let high = min(low + 1, samples.count - 1)
                return samples[low] + (samples[high] - samples[low]) * (position - Double(low))
            case .parametric(let type, let p):
                func value(_ index: Int) -> Double { index < p.count ? p[index] : 0 }
                let (g, a, b, c, d, e, f) = (value(0), value(1), value(2), value(3), value(4), value(5), value(6))
                switch type {
                case 0: return pow(max(0, x), g)
                case 1: return x >= -b / a ? pow(max(0, a * x + b), g) : 0
                case 2: return x >= -b / a ? pow(max(0, a * x + b), g) + c : c
                case 3: return x >= d ? pow(max(0, a * x + b), g) : c * x
                case 4: return x >= d ? pow(max(0, a * x + b), g) + e : c * x + f
                default: return x
                }
            }
        }
    }

    /// The profile's own name (its `desc` tag), e.g. "Adobe RGB (1998)".
    public var name: String
    /// Red, green and blue tone curves.
    public var curves: [ToneCurve]
    /// Columns: the XYZ (D50) of full red, green and blue.
    public var colorants: [[Double]]

    /// sRGB's colorants, adapted to D50 (as in the ICC's own sRGB profile).
    static let sRGBColorants = [[0.4360747, 0.2225045, 0.0139322], [0.3850649, 0.7168786, 0.0971045],
                                [0.1430804, 0.0606169, 0.7141733]]

    /// Whether the profile is sRGB in all but name: colorants within 0.003 and curves within 1/255 of sRGB's.
    public var isSRGB: Bool {
        for (ours, theirs) in zip(colorants, Self.sRGBColorants) where zip(ours, theirs).contains(where: { abs($0 - $1) > 0.003 }) {
            return false
        }
        let reference = ToneCurve.parametric(type: 3, parameters: [2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045])
        return curves.allSatisfy { curve in
            stride(from: 0.0, through: 1.0, by: 1.0 / 32).allSatisfy { abs(curve.linear($0) - reference.linear($0)) < 1.0 / 255 }
        }
    }

    /// Parses an ICC profile; nil unless it is an RGB matrix/TRC profile with an XYZ connection space.
    public init?(_ data: [UInt8]) {
        guard data.count >= 132, Self.text(data, 16, 4) == "RGB ", Self.text(data, 20, 4) == "XYZ ",
              let count = Self.u32(data, 128), count < 1000 else { return nil }
        var tags: [String: Range<Int>] = [:]
        for index in 0..<count {
            let at = 132 + index * 12
            guard let offset = Self.u32(data, at + 4), let size = Self.u32(data, at + 8),
                  offset >= 0, size >= 0, offset + size <= data.count else { return nil }
            tags[Self.text(data, at, 4)] = offset..<(offset + size)
        }
        var colorants: [[Double]] = []
        for key in ["rXYZ", "gXYZ", "bXYZ"] {
            guard let range = tags[key], range.count >= 20, Self.text(data, range.lowerBound, 4) == "XYZ " else { return nil }
            colorants.append((0..<3).map { Self.fixed(data, range.lowerBound + 8 + $0 * 4) })
        }
        var curves: [ToneCurve] = []
        for key in ["rTRC", "gTRC", "bTRC"] {
            guard let range = tags[key], let curve = Self.curve(data, range) else { return nil }
            curves.append(curve)
        }
        self.colorants = colorants
        self.curves = curves
        self.name = tags["desc"].flatMap { Self.description(data, $0) } ?? "unnamed profile"
    }

    /// A profile made of its parts (e.g. from a PNG's gAMA and cHRM chunks).
    init(name: String, curves: [ToneCurve], colorants: [[Double]]) {
        self.name = name
        self.curves = curves
        self.colorants = colorants
    }

    /// The tone curve (`kTRC`) of a gray profile with an XYZ connection space: encoded value → luminance relative
    /// to white; nil for any other profile (a gray profile with lookup tables only, say).
    static func grayCurve(_ data: [UInt8]) -> ToneCurve? {
        guard data.count >= 132, text(data, 16, 4) == "GRAY", text(data, 20, 4) == "XYZ ",
              let count = u32(data, 128), count < 1000 else { return nil }
        for index in 0..<count {
            let at = 132 + index * 12
            guard text(data, at, 4) == "kTRC" else { continue }
            guard let offset = u32(data, at + 4), let size = u32(data, at + 8), offset + size <= data.count else { return nil }
            return curve(data, offset..<(offset + size))
        }
        return nil
    }

    /// The name in a profile's `desc` tag, whatever its colour space.
    static func description(of data: [UInt8]) -> String? {
        guard data.count >= 132, let count = u32(data, 128), count < 1000 else { return nil }
        for index in 0..<count where text(data, 132 + index * 12, 4) == "desc" {
            guard let offset = u32(data, 132 + index * 12 + 4), let size = u32(data, 132 + index * 12 + 8),
                  offset + size <= data.count else { return nil }
            return description(data, offset..<(offset + size))
        }
        return nil
    }

    /// The colorants (relative to D50, as ICC profiles state them) of the RGB space with these CIE xy chromaticities
    /// of white, red, green and blue: adapted from its white to D50 with the Bradford transform, as LittleCMS does.
    static func colorants(chromaticities xy: [Double]) -> [[Double]]? {
        guard xy.count == 8, stride(from: 1, to: 8, by: 2).allSatisfy({ xy[$0] > 0 }) else { return nil }
        func xyz(_ x: Double, _ y: Double) -> [Double] { [x / y, 1, (1 - x - y) / y] }
        let primaries = [xyz(xy[2], xy[3]), xyz(xy[4], xy[5]), xyz(xy[6], xy[7])]
        let white = xyz(xy[0], xy[1])
        // Scale each primary so that the three add up to white.
        guard let inverse = MatrixShaperConversion.inverse(primaries) else { return nil }
        let scale = (0..<3).map { row in (0..<3).reduce(0.0) { $0 + inverse[row][$1] * white[$1] } }
        let bradford = [[0.8951, 0.2664, -0.1614], [-0.7502, 1.7135, 0.0367], [0.0389, -0.0685, 1.0296]]
        func times(_ m: [[Double]], _ v: [Double]) -> [Double] { m.map { row in zip(row, v).reduce(0.0) { $0 + $1.0 * $1.1 } } }
        let bradfordColumns = (0..<3).map { column in bradford.map { $0[column] } }
        guard let unbradford = MatrixShaperConversion.inverse(bradfordColumns) else { return nil }
        let source = times(bradford, white)
        let target = times(bradford, [0.9642, 1, 0.8249])
        return (0..<3).map { index in
            let cone = times(bradford, primaries[index].map { $0 * scale[index] })
            return times(unbradford, (0..<3).map { cone[$0] * target[$0] / source[$0] })
        }
    }

    /// The profile embedded in JPEG (APP2 `ICC_PROFILE` chunks, in sequence) or PNG (`iCCP`) bytes.
    public static func embedded(in bytes: [UInt8]) -> [UInt8]? {
        fromJPEG(bytes) ?? fromPNG(bytes)
    }

    private static func fromJPEG(_ bytes: [UInt8]) -> [UInt8]? {
        var chunks: [Int: ArraySlice<UInt8>] = [:]
        let signature = Array("ICC_PROFILE\0".utf8)
        ContainerWalk.jpegSegments(bytes) { marker, body in
            // APP2 "ICC_PROFILE\0", sequence number, count, then this chunk of the profile.
            if marker == 0xE2, body.count > signature.count + 2, bytes[body.prefix(signature.count)].elementsEqual(signature) {
                chunks[Int(bytes[body.lowerBound + signature.count])] = bytes[body.dropFirst(signature.count + 2)]
            }
            return true
        }
        guard !chunks.isEmpty else { return nil }
        return chunks.keys.sorted().flatMap { chunks[$0]! }
    }

    private static func fromPNG(_ bytes: [UInt8]) -> [UInt8]? {
        var profile: [UInt8]?
        ContainerWalk.pngChunks(bytes) { type, data in
            // iCCP: name, NUL, compression method (0), zlib stream.
            if type == "iCCP", let end = bytes[data].firstIndex(of: 0), end + 2 <= data.upperBound {
                profile = inflate(Array(bytes[(end + 2)..<data.upperBound]))
                return false
            }
            return type != "IDAT"
        }
        return profile
    }

    /// A zlib stream, inflated up to 4 MiB (profiles are a few kilobytes).
    private static func inflate(_ compressed: [UInt8]) -> [UInt8]? {
        var capacity = 64 << 10
        while capacity <= 4 << 20 {
            var output = [UInt8](repeating: 0, count: capacity)
            var length = uLongf(capacity)
            let status = output.withUnsafeMutableBufferPointer { target in
                compressed.withUnsafeBufferPointer { source in
                    uncompress(target.baseAddress, &length, source.baseAddress, uLong(source.count))
                }
            }
            if status == Z_OK { return Array(output.prefix(Int(length))) }
            guard status == Z_BUF_ERROR else { return nil }
            capacity *= 4
        }
        return nil
    }

    private static func curve(_ data: [UInt8], _ range: Range<Int>) -> ToneCurve? {
        let at = range.lowerBound
        switch text(data, at, 4) {
        case "curv":
            guard let count = u32(data, at + 8), range.count >= 12 + count * 2 else { return nil }
            if count == 0 { return .gamma(1) }
            if count == 1 { return .gamma(Double(u16(data, at + 12)) / 256) }
            return .table((0..<count).map { Double(u16(data, at + 12 + $0 * 2)) / 65535 })
        case "para":
            let type = u16(data, at + 8)
            let counts = [1, 3, 4, 5, 7]
            guard type < counts.count, range.count >= 12 + counts[type] * 4 else { return nil }
            return .parametric(type: type, parameters: (0..<counts[type]).map { fixed(data, at + 12 + $0 * 4) })
        default:
            return nil
        }
    }

    /// The name in a v2 `desc` (ASCII) or v4 `mluc` (first record, UTF-16) tag.
    private static func description(_ data: [UInt8], _ range: Range<Int>) -> String? {
        let at = range.lowerBound
        switch text(data, at, 4) {
        case "desc":
            guard let count = u32(data, at + 8), count > 0, at + 12 + count <= range.upperBound else { return nil }
            return String(decoding: data[(at + 12)..<(at + 12 + count)].prefix { $0 != 0 }, as: UTF8.self)
        case "mluc":
            guard let records = u32(data, at + 8), records > 0, let length = u32(data, at + 20),
                  let offset = u32(data, at + 24), at + offset + length <= range.upperBound else { return nil }
            let units = stride(from: at + offset, to: at + offset + length - 1, by: 2).map { UInt16(data[$0]) << 8 | UInt16(data[$0 + 1]) }
            return String(decoding: units, as: UTF16.self)
        default:
            return nil
        }
    }

    private static func text(_ data: [UInt8], _ at: Int, _ count: Int) -> String {
        guard at + count <= data.count else { return "" }
        return String(decoding: data[at..<(at + count)], as: UTF8.self)
    }

    private static func u16(_ data: [UInt8], _ at: Int) -> Int {
        at + 2 <= data.count ? Int(data[at]) << 8 | Int(data[at + 1]) : 0
    }

    private static func u32(_ data: [UInt8], _ at: Int) -> Int? {
        guard at + 4 <= data.count else { return nil }
        return Int(data[at]) << 24 | Int(data[at + 1]) << 16 | Int(data[at + 2]) << 8 | Int(data[at + 3])
    }

    /// An s15Fixed16Number.
    private static func fixed(_ data: [UInt8], _ at: Int) -> Double {
        guard let raw = u32(data, at) else { return 0 }
        return Double(Int32(truncatingIfNeeded: raw)) / 65536
    }
}
