/// High-quality resizing: a separable Lanczos-3 filter (antialiased downscales, sharp upscales) in 14-bit fixed
/// point. The vertical pass runs first, eight bytes per vector over whole rows, so the costlier horizontal pass
/// has fewer rows to do when shrinking.
public enum Resampler {
    /// A source rectangle in pixel coordinates (fractions allowed), for cropping while resizing.
    public struct Box: Sendable, Equatable {
        public var x0: Double
        public var y0: Double
        public var x1: Double
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
    public static func resize(_ image: RGBImage, width: Int, height: Int, box: Box? = nil) -> RGBImage {
        let box = box ?? Box(x0: 0, y0: 0, x1: Double(image.width), y1: Double(image.height))
        let sameWidth = width == image.width && box.x0 == 0 && box.x1 == Double(image.width)
        let sameHeight = height == image.height && box.y0 == 0 && box.y1 == Double(image.height)
        var result = image
        if !sameHeight {
            result = vertical(result, height: height, bank: FilterBank(sourceSize: image.height, outputSize: height, from: box.y0, to: box.y1))
        }
        if !sameWidth {
            result = horizontal(result, width: width, bank: FilterBank(sourceSize: image.width, outputSize: width, from: box.x0, to: box.x1))
        }
        return result
    }

    /// Each output row is a weighted sum of whole source rows. Eight bytes of a row at a time go through every
    /// tap with the sum kept in one vector register; the tail of a row, under eight bytes, goes byte by byte.
    static func vertical(_ image: RGBImage, height: Int, bank: FilterBank) -> RGBImage {
        let rowLength = image.width * 3
        let half = Int32(1 << (FilterBank.fractionBits - 1))
        let shift = Int32(FilterBank.fractionBits)
        let vectorEnd = rowLength - rowLength % 8
        let pixels = [UInt8](unsafeUninitializedCapacity: rowLength * height) { target, initialized in
            image.pixels.withUnsafeBufferPointer { source in
                bank.wide.withUnsafeBufferPointer { weights in
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
                                let bytes = raw.loadUnaligned(fromByteOffset: at, as: SIMD8<UInt8>.self)
                                sum &+= SIMD8<Int32>(truncatingIfNeeded: bytes) &* taps[tap]
                                at += rowLength
                            }
                            let value = (sum &>> 14).clamped(lowerBound: .zero, upperBound: SIMD8(repeating: 255))
                            UnsafeMutableRawPointer(out + index).storeBytes(of: SIMD8<UInt8>(truncatingIfNeeded: value),
                                                                            as: SIMD8<UInt8>.self)
                            index += 8
                        }
                        while index < rowLength {
                            var sum = half
                            for tap in 0..<count {
                                sum &+= Int32(source[first + tap * rowLength + index]) &* taps[tap]
                            }
                            out[index] = UInt8(clamping: sum >> shift)
                            index += 1
                        }
                    }
                }
            }
            initialized = rowLength * height
        }
        return RGBImage(width: image.width, height: height, pixels: pixels)
    }

    /// Each output pixel is a weighted sum of neighbouring source pixels, in 14-bit fixed point. Two rows go
    /// through together: they share every window and weight load.
    static func horizontal(_ image: RGBImage, width: Int, bank: FilterBank) -> RGBImage {
        let sourceRow = image.width * 3
        let targetRow = width * 3
        let height = image.height
        let half = Int32(1 << (FilterBank.fractionBits - 1))
        let shift = Int32(FilterBank.fractionBits)
        let pixels = [UInt8](unsafeUninitializedCapacity: targetRow * height) { target, initialized in
            image.pixels.withUnsafeBufferPointer { source in
                bank.wide.withUnsafeBufferPointer { weights in
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
                                        r0 &+= Int32(p[0]) &* weight
                                        g0 &+= Int32(p[1]) &* weight
                                        b0 &+= Int32(p[2]) &* weight
                                        r1 &+= Int32(q[0]) &* weight
                                        g1 &+= Int32(q[1]) &* weight
                                        b1 &+= Int32(q[2]) &* weight
                                        p += 3
                                        q += 3
                                    }
                                    let o = out + column * 3
                                    o[0] = UInt8(clamping: r0 >> shift)
                                    o[1] = UInt8(clamping: g0 >> shift)
                                    o[2] = UInt8(clamping: b0 >> shift)
                                    if pair {
                                        o[targetRow] = UInt8(clamping: r1 >> shift)
                                        o[targetRow + 1] = UInt8(clamping: g1 >> shift)
                                        o[targetRow + 2] = UInt8(clamping: b1 >> shift)
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
        return RGBImage(width: width, height: height, pixels: pixels)
    }
}
