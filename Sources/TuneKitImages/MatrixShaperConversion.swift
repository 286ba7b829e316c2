import Foundation

/// The hand-written conversion of a matrix/TRC profile's RGB to sRGB: each channel through the profile's tone
/// curve (a 256-entry table), the 3×3 matrix from its primaries to sRGB's (both relative to D50), then sRGB's curve
/// (a 4096-entry table). Colours outside sRGB are clipped per channel. Kept beside LittleCMS because it is faster on
/// these profiles and its output is what earlier versions wrote (see ``ColorConversion``).
struct MatrixShaperConversion: Sendable {
    private let toLinear: [[Float]]
    private let matrix: [Float]
    private let toSRGB: [UInt8]

    /// A conversion from `profile`; nil when its primaries span no colour space (damaged) or its numbers are not finite.
    init?(from profile: ICCProfile) {
        guard let product = Self.matrixToSRGB(profile.colorants) else { return nil }
        matrix = product
        // A damaged curve (a zero divisor, a negative power) must not reach the pixels as NaN.
        toLinear = profile.curves.map { curve in
            (0...255).map { value in
                let linear = Float(curve.linear(Double(value) / 255))
                return linear.isFinite ? min(max(linear, 0), 1) : 0
            }
        }
        toSRGB = (0..<4096).map { index in
            let linear = Double(index) / 4095
            let encoded = linear <= 0.0031308 ? linear * 12.92 : 1.055 * pow(linear, 1 / 2.4) - 0.055
            return UInt8((min(1, max(0, encoded)) * 255).rounded())
        }
    }

    /// Converts 8-bit RGB pixels in place.
    func apply(to pixels: inout [UInt8]) {
        let (r, g, b) = (toLinear[0], toLinear[1], toLinear[2])
        let m = matrix
        pixels.withUnsafeMutableBufferPointer { pixels in
            var index = 0
            while index + 2 < pixels.count {
                let red = r[Int(pixels[index])]
                let green = g[Int(pixels[index + 1])]
                let blue = b[Int(pixels[index + 2])]
                for channel in 0..<3 {
                    let linear = m[channel * 3] * red + m[channel * 3 + 1] * green + m[channel * 3 + 2] * blue
                    pixels[index + channel] = toSRGB[Int(min(1, max(0, linear)) * 4095 + 0.5)]
                }
                index += 3
            }
        }
    }

    /// Linear RGB of a space with these colorants (columns, XYZ relative to D50) → linear sRGB, row by row; nil when
    /// the colorants span no colour space (damaged) or the numbers are not finite.
    static func matrixToSRGB(_ colorants: [[Double]]) -> [Float]? {
        guard inverse(colorants) != nil, let inverse = inverse(ICCProfile.sRGBColorants) else { return nil }
        // RGB(source) → XYZ: columns are the colorants; XYZ → RGB(sRGB): the inverse of sRGB's.
        var product = [Float](repeating: 0, count: 9)
        for row in 0..<3 {
            for column in 0..<3 {
                var sum = 0.0
                for k in 0..<3 { sum += inverse[row][k] * colorants[column][k] }
                product[row * 3 + column] = Float(sum)
            }
        }
        return product.allSatisfy(\.isFinite) ? product : nil
    }

    /// The inverse of a matrix given by columns, as rows.
    static func inverse(_ columns: [[Double]]) -> [[Double]]? {
        let a = (0..<3).map { row in (0..<3).map { column in columns[column][row] } }
        let determinant = a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1])
            - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
            + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0])
        guard abs(determinant) > 1e-12 else { return nil }
        func cofactor(_ row: Int, _ column: Int) -> Double {
            let rows = (0..<3).filter { $0 != row }
            let columns = (0..<3).filter { $0 != column }
            let minor = a[rows[0]][columns[0]] * a[rows[1]][columns[1]] - a[rows[0]][columns[1]] * a[rows[1]][columns[0]]
            return (row + column) % 2 == 0 ? minor : -minor
        }
        return (0..<3).map { row in (0..<3).map { column in cofactor(column, row) / determinant } }
    }
}
