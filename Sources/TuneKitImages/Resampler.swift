import Foundation
/// High-quality resizing: a separable Lanczos-3 filter (antialiased downscales, sharp upscales) in 14-bit fixed
/// point. The vertical pass runs first, eight samples per vector over whole rows, so the costlier horizontal
/// pass has fewer rows to do when shrinking. By default it filters the sRGB values as they are, like Pillow and
/// libvips; `linearLight` filters in linear light (15-bit), which keeps fine bright detail on dark ground (text,
/// stars, hair) from turning too dark, at about twice the cost.
public enum Resampler {
    /// A source rectangle in pixel coordinates (fractions allowed), for cropping while resizing.
    public struct Box: Sendable, Equatable {
        /// Left edge.
        public var x0: Double
        /// Top edge.
        public var y0: Double
        /// Right edge.
        public var x1: Double
        /// Bottom edge.
        public var y1: Double

        /// Creates a box from its corners.
        public init(x0: Double, y0: Double, x1: Double, y1: Double) {
            self.x0 = x0
            self.y0 = y0
            self.x1 = x1
            self.y1 = y1
        }
    }

    /// `image` (or its `box`) resized to `width`×`height`.
    public static func resize(_ image: RGBImage, width: Int, height: Int, box: Box? = nil,
                              linearLight: Bool = false) -> RGBImage {
        let box = box ?? Box(x0: 0, y0: 0, x1: Double(image.width), y1: Double(image.height))
        let vertical = height == image.height && box.y0 == 0 && box.y1 == Double(image.height) ? nil
            : FilterBank(sourceSize: image.height, outputSize: height, from: box.y0, to: box.y1)
        let horizontal = width == image.width && box.x0 == 0 && box.x1 == Double(image.width) ? nil
            : FilterBank(sourceSize: image.width, outputSize: width, from: box.x0, to: box.x1)
        guard linearLight else {
            let plane = resize(SamplePlane(width: image.width, height: image.height, samples: image.pixels),
                               vertical: vertical, horizontal: horizontal)
            return RGBImage(width: plane.width, height: plane.height, pixels: plane.samples)
        }
        let table = LinearLight.shared
        let linear = SamplePlane(width: image.width, height: image.height,
                                 samples: image.pixels.map { table.toLinear[Int($0)] })
        let plane = resize(linear, vertical: vertical, horizontal: horizontal)
        return RGBImage(width: plane.width, height: plane.height,
                        pixels: plane.samples.map { table.toSRGB[Int($0)] })
    }

    static func resize<Sample: ResamplingSample>(_ plane: SamplePlane<Sample>, vertical: FilterBank?,
                                                 horizontal: FilterBank?) -> SamplePlane<Sample> {
        var result = plane
        if let vertical { result = verticalPass(result, bank: vertical) }
        if let horizontal { result = horizontalPass(result, bank: horizontal) }
        return result
    }

    /// Each output row is a weighted sum of whole source rows. Eight samples of a row at a time go through every
    /// tap with the sum kept in one vector register; the tail of a row, under eight samples, goes one by one.
    static func verticalPass<Sample: ResamplingSample>(_ plane: SamplePlane<Sample>, bank: FilterBank) -> SamplePlane<Sample> {
        let rowLength = plane.width * 3
        let height = bank.starts.count
        let half = Int32(1 << (FilterBank.fractionBits - 1))
        let maximum = Sample.maximum
        let stride = MemoryLayout<Sample>.stride
        let vectorEnd = rowLength - rowLength % 8
        let samples = [Sample](unsafeUninitializedCapacity: rowLength * height) { target, initialized in
            plane.samples.withUnsafeBufferPointer { source in
                bank.weights.withUnsafeBufferPointer { weights in
                    let raw = UnsafeRawPointer(source.baseAddress!)
                    for row in 0..<height {
                        let first = bank.starts[row] * rowLength
                        let count = bank.counts[row]
                        let taps = weights.baseAddress! + row * bank.taps
                        let out = target.baseAddress! + row * rowLength
                        var index = 0
                        while index < vectorEnd {
                            var sum = SIMD8<Int32>(repeating: half)
                            var at = first + index
                            for tap in 0..<count {
                                let values = raw.loadUnaligned(fromByteOffset: at * stride, as: SIMD8<Sample>.self)
                                sum &+= SIMD8<Int32>(truncatingIfNeeded: values) &* taps[tap]
                                at += rowLength
                            }
                            let value = (sum &>> 14).clamped(lowerBound: .zero, upperBound: SIMD8(repeating: maximum))
                            UnsafeMutableRawPointer(out + index).storeBytes(of: SIMD8<Sample>(truncatingIfNeeded: value),
                                                                            as: SIMD8<Sample>.self)
                            index += 8
                        }
                        while index < rowLength {
                            var sum = half
                            for tap in 0..<count {
                                sum &+= Int32(truncatingIfNeeded: source[first + tap * rowLength + index]) &* taps[tap]
                            }
                            out[index] = Sample(truncatingIfNeeded: min(maximum, max(0, sum >> 14)))
                            index += 1
                        }
                    }
                }
            }
            initialized = rowLength * height
        }
        return SamplePlane(width: plane.width, height: height, samples: samples)
    }

    /// Each output pixel is a weighted sum of neighbouring source pixels, in 14-bit fixed point. Two rows go
    /// through together: they share every window and weight load.
    static func horizontalPass<Sample: ResamplingSample>(_ plane: SamplePlane<Sample>, bank: FilterBank) -> SamplePlane<Sample> {
        let width = bank.starts.count
        let sourceRow = plane.width * 3
        let targetRow = width * 3
        let height = plane.height
        let half = Int32(1 << (FilterBank.fractionBits - 1))
        let maximum = Sample.maximum
        @inline(__always) func clamp(_ sum: Int32) -> Sample {
            Sample(truncatingIfNeeded: min(maximum, max(0, sum >> 14)))
        }
        let samples = [Sample](unsafeUninitializedCapacity: targetRow * height) { target, initialized in
            plane.samples.withUnsafeBufferPointer { source in
                bank.weights.withUnsafeBufferPointer { weights in
                    bank.starts.withUnsafeBufferPointer { starts in
                        bank.counts.withUnsafeBufferPointer { counts in
                            var row = 0
                            while row < height {
                                let pair = row + 1 < height
                                let line = source.baseAddress! + row * sourceRow
                                let next = pair ? line + sourceRow : line
                                let out = target.baseAddress! + row * targetRow
                                for column in 0..<width {
                                    var r0 = half, g0 = half, b0 = half, r1 = half, g1 = half, b1 = half
                                    var p = line + starts[column] * 3
                                    var q = next + starts[column] * 3
                                    let taps = weights.baseAddress! + column * bank.taps
                                    for tap in 0..<counts[column] {
                                        let weight = taps[tap]
                                        r0 &+= Int32(truncatingIfNeeded: p[0]) &* weight
                                        g0 &+= Int32(truncatingIfNeeded: p[1]) &* weight
                                        b0 &+= Int32(truncatingIfNeeded: p[2]) &* weight
                                        r1 &+= Int32(truncatingIfNeeded: q[0]) &* weight
                                        g1 &+= Int32(truncatingIfNeeded: q[1]) &* weight
                                        b1 &+= Int32(truncatingIfNeeded: q[2]) &* weight
                                        p += 3
                                        q += 3
                                    }
                                    let o = out + column * 3
                                    o[0] = clamp(r0)
                                    o[1] = clamp(g0)
                                    o[2] = clamp(b0)
                                    if pair {
                                        o[targetRow] = clamp(r1)
                                        o[targetRow + 1] = clamp(g1)
                                        o[targetRow + 2] = clamp(b1)
                                    }
                                }
                                row += 2
                            }
                        }
                    }
                }
            }
            initialized = targetRow * height
        }
        return SamplePlane(width: width, height: height, samples: samples)
    }
}

/// RGB samples, row-major, three per pixel: 8-bit sRGB values, or 15-bit linear light.
struct SamplePlane<Sample> {
    var width: Int
    var height: Int
    var samples: [Sample]
}

/// A sample type the resampler works in, with its largest value.
protocol ResamplingSample: FixedWidthInteger, UnsignedInteger, SIMDScalar {
    static var maximum: Int32 { get }
}

extension UInt8: ResamplingSample {
    static var maximum: Int32 { 255 }
}

/// Linear light in 15 bits: 14-bit weights times 32767 leave room in 32-bit sums for Lanczos' negative lobes.
extension UInt16: ResamplingSample {
    static var maximum: Int32 { 32767 }
}

/// The sRGB transfer curve as tables: 8-bit sRGB → 15-bit linear, and back (32768 entries, rounded).
struct LinearLight: Sendable {
    let toLinear: [UInt16]
    let toSRGB: [UInt8]

    static let shared = LinearLight()

    private init() {
        func linear(_ encoded: Double) -> Double {
            encoded <= 0.04045 ? encoded / 12.92 : pow((encoded + 0.055) / 1.055, 2.4)
        }
        func encoded(_ linear: Double) -> Double {
            linear <= 0.0031308 ? linear * 12.92 : 1.055 * pow(linear, 1 / 2.4) - 0.055
        }
        toLinear = (0...255).map { UInt16((linear(Double($0) / 255) * 32767).rounded()) }
        toSRGB = (0...32767).map { UInt8((encoded(Double($0) / 32767) * 255).rounded()) }
    }
}
