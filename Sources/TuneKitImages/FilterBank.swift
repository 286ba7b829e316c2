import Foundation

/// The Lanczos-3 windows of one axis: for each output position, the first source index and one weight per tap,
/// renormalised at the edges so that border pixels keep their brightness (the windows are clipped to the
/// picture, not padded with black). The positions follow Pillow's `precompute_coeffs`, so results match its
/// `Image.LANCZOS` to within rounding.
struct FilterBank {
    /// Taps per output position (the widest window; shorter ones are zero-padded).
    let taps: Int
    /// First source index of each output position's window.
    let starts: [Int]
    /// Source pixels in each window (at most `taps`; windows are clipped at the picture's edges).
    let counts: [Int]
    /// `taps` weights per output position in fixed point, `1 << FilterBank.fractionBits` = 1; they sum to exactly 1.
    /// Kept at the accumulators' width, so the passes multiply without converting.
    let weights: [Int32]

    static let fractionBits = 14
    static let support = 3.0

    /// Windows mapping `[from, to)` of a source axis of `sourceSize` pixels onto `outputSize` pixels.
    init(sourceSize: Int, outputSize: Int, from: Double = 0, to: Double? = nil) {
        let end = to ?? Double(sourceSize)
        let scale = (end - from) / Double(outputSize)
        let filterScale = max(scale, 1)
        let support = Self.support * filterScale
        let taps = Int(support.rounded(.up)) * 2 + 1
        var starts = [Int](repeating: 0, count: outputSize)
        var counts = [Int](repeating: 0, count: outputSize)
        var fixed = [Int32](repeating: 0, count: outputSize * taps)
        var window = [Double](repeating: 0, count: taps)
        for position in 0..<outputSize {
            let center = from + (Double(position) + 0.5) * scale
            let low = max(0, Int(center - support + 0.5))
            let high = min(sourceSize, Int(center + support + 0.5))
            let count = max(0, high - low)
            var total = 0.0
            for tap in 0..<count {
                let weight = Self.lanczos((Double(tap + low) - center + 0.5) / filterScale)
                window[tap] = weight
                total += weight
            }
            starts[position] = low
            counts[position] = count
            // Fixed-point weights are rounded one by one, then the rounding error goes to the largest so the
            // sum is exactly one: a flat picture stays exactly flat.
            var fixedTotal = 0
            var largest = 0
            for tap in 0..<count {
                let weight = total != 0 ? window[tap] / total : 0
                let value = Int((weight * Double(1 << Self.fractionBits)).rounded())
                fixed[position * taps + tap] = Int32(value)
                fixedTotal += value
                if abs(value) > abs(Int(fixed[position * taps + largest])) { largest = tap }
            }
            if count > 0 {
                fixed[position * taps + largest] += Int32((1 << Self.fractionBits) - fixedTotal)
            }
        }
        self.taps = taps
        self.starts = starts
        self.counts = counts
        self.weights = fixed
    }

    /// sinc(x)·sinc(x/3) on (−3, 3).
    static func lanczos(_ x: Double) -> Double {
        if x == 0 { return 1 }
        guard x > -support && x < support else { return 0 }
        let pix = Double.pi * x
        return (sin(pix) / pix) * (sin(pix / support) / (pix / support))
    }
}
