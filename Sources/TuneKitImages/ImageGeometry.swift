/// Where a size rule takes a picture: the output size, the part of the source it shows, and the canvas it
/// sits on (for padding).
public struct ImageGeometry: Sendable, Equatable {
    /// Size of the resized picture.
    public var width: Int
    /// Height of the resized picture.
    public var height: Int
    /// The part of the (upright) source that is shown.
    public var box: Resampler.Box
    /// The final canvas, larger than the picture when padding; equal to it otherwise.
    public var canvasWidth: Int
    /// Height of the final canvas.
    public var canvasHeight: Int

    /// The geometry of `rule` for an upright source of `sourceWidth`×`sourceHeight`.
    public init(sourceWidth: Int, sourceHeight: Int, rule: ImageOptions.Resize, upscale: Bool) {
        let w = Double(sourceWidth)
        let h = Double(sourceHeight)
        let whole = Resampler.Box(x0: 0, y0: 0, x1: w, y1: h)
        func scaled(_ ratio: Double, rounding: FloatingPointRoundingRule = .toNearestOrEven) -> (Int, Int) {
            let ratio = upscale ? ratio : min(ratio, 1)
            return (max(1, Int((w * ratio).rounded(rounding))), max(1, Int((h * ratio).rounded(rounding))))
        }
        switch rule {
        case .original:
            (width, height) = (sourceWidth, sourceHeight)
            box = whole
        case .fit(let side):
            (width, height) = scaled(min(Double(side) / w, Double(side) / h))
            box = whole
        case .maxPixels(let limit):
            (width, height) = scaled((Double(limit) / (w * h)).squareRoot(), rounding: .down)
            box = whole
        case .crop(let targetWidth, let targetHeight):
            let ratio = max(Double(targetWidth) / w, Double(targetHeight) / h)
            if ratio <= 1 || upscale {
                (width, height) = (targetWidth, targetHeight)
            } else {
                // Too small to fill the target without enlarging: the largest region of the target's shape, as is.
                let aspect = Double(targetWidth) / Double(targetHeight)
                (width, height) = w / h > aspect ? (max(1, Int((h * aspect).rounded())), sourceHeight)
                                                 : (sourceWidth, max(1, Int((w / aspect).rounded())))
            }
            let shown = min(w / Double(width), h / Double(height))
            let boxWidth = Double(width) * shown
            let boxHeight = Double(height) * shown
            box = Resampler.Box(x0: (w - boxWidth) / 2, y0: (h - boxHeight) / 2,
                                x1: (w + boxWidth) / 2, y1: (h + boxHeight) / 2)
        case .pad(let targetWidth, let targetHeight):
            (width, height) = scaled(min(Double(targetWidth) / w, Double(targetHeight) / h))
            width = min(width, targetWidth)
            height = min(height, targetHeight)
            box = whole
            canvasWidth = targetWidth
            canvasHeight = targetHeight
            return
        }
        canvasWidth = width
        canvasHeight = height
    }

    /// Whether the picture is resampled at all (a crop of whole pixels at scale 1 still is not).
    var resamples: Bool {
        let ratioX = (box.x1 - box.x0) / Double(width)
        let ratioY = (box.y1 - box.y0) / Double(height)
        return ratioX != 1 || ratioY != 1 || box.x0 != box.x0.rounded() || box.y0 != box.y0.rounded()
    }
}
