/// Turns JPEG or PNG bytes into a prepared picture: refuse bombs from the header, decode (at a reduced DCT
/// scale when the picture is about to shrink anyway), resize in the stored orientation, turn upright, pad,
/// and encode within the byte budget.
public struct ImageProcessor: Sendable {
    /// How pictures are prepared.
    public var options: ImageOptions

    /// Creates a processor.
    public init(options: ImageOptions = ImageOptions()) {
        self.options = options
    }

    /// Prepares one picture.
    public func process(_ bytes: [UInt8]) throws(ImageError) -> ProcessedImage {
        let header = try ImageHeader.read(bytes)
        guard header.width > 0, header.height > 0,
              header.width.multipliedReportingOverflow(by: header.height).partialValue <= options.maxInputPixels else {
            throw ImageError.tooManyPixels(width: header.width, height: header.height, limit: options.maxInputPixels)
        }
        var geometry = ImageGeometry(sourceWidth: header.displayWidth, sourceHeight: header.displayHeight,
                                     rule: options.resize, upscale: options.upscale)
        let (source, warnings) = try decode(bytes, header: header, geometry: geometry)
        let conversion = Self.colorConversion(of: bytes, header: header)
        let pending = header.format == .png && PNGCodec.appliesProfileWhileDecoding(bytes) ? nil : conversion
        var shrunk = false
        while true {
            let picture = render(source, header: header, geometry: geometry, conversion: pending)
            let encoded = try encode(picture)
            if let bytes = encoded.bytes {
                return ProcessedImage(bytes: bytes, format: options.format, width: picture.width,
                                      height: picture.height, sourceWidth: header.displayWidth,
                                      sourceHeight: header.displayHeight, orientation: header.orientation,
                                      quality: encoded.quality, shrunkForBudget: shrunk,
                                      convertedFrom: conversion?.name, codecWarnings: warnings)
            }
            // Even the lowest quality is over budget: shrink by the square root of the overshoot (and at
            // least a tenth), keeping the shown region.
            let limit = options.maxBytes ?? 0
            let smallest = encoded.smallestTried
            let factor = min(0.9, max(0.5, (Double(limit) / Double(smallest)).squareRoot() * 0.95))
            let width = Int(Double(geometry.width) * factor)
            let height = Int(Double(geometry.height) * factor)
            guard width >= 16, height >= 16 else {
                throw ImageError.overBudget(limit: limit, smallest: smallest)
            }
            let padded = geometry.canvasWidth != geometry.width || geometry.canvasHeight != geometry.height
            geometry.canvasWidth = padded ? max(width, Int(Double(geometry.canvasWidth) * factor)) : width
            geometry.canvasHeight = padded ? max(height, Int(Double(geometry.canvasHeight) * factor)) : height
            geometry.width = width
            geometry.height = height
            shrunk = true
        }
    }

    /// Whether `bytes` are already what ``process(_:)`` would make, so that re-encoding would only lose quality:
    /// an upright RGB or gray JPEG in sRGB within the size rule, the input pixel limit and the byte budget, that
    /// libjpeg reads without a warning. The last is checked by decoding at 1/8 scale (every coded byte is still
    /// read, the inverse DCT mostly skipped): a damaged picture goes to ``process(_:)``, which refuses it or
    /// reports its warnings, instead of being passed on unread.
    public func accepts(_ bytes: [UInt8]) -> Bool {
        guard options.format == .jpeg, let header = try? ImageHeader.read(bytes), header.format == .jpeg,
              header.orientation == .up, header.channels != 4, Self.colorConversion(of: bytes, header: header) == nil,
              header.width * header.height <= options.maxInputPixels,
              ProcessedImage.base64Length(of: bytes.count) <= options.maxBytes ?? .max else { return false }
        let geometry = ImageGeometry(sourceWidth: header.width, sourceHeight: header.height,
                                     rule: options.resize, upscale: options.upscale)
        guard geometry.width == header.width && geometry.height == header.height
            && geometry.canvasWidth == header.width && geometry.canvasHeight == header.height && !geometry.resamples
        else { return false }
        guard let read = try? JPEGCodec.decodeReporting(bytes, eighths: 1), read.warnings.isEmpty else { return false }
        return true
    }

    /// The source pixels in stored orientation, and the decoder's warnings. JPEGs decode at the smallest of 1/8, 1/4, 1/2 and full size
    /// that still covers the output: libjpeg-turbo's DCT scaling skips most of the work of the full decode.
    func decode(_ bytes: [UInt8], header: ImageHeader, geometry: ImageGeometry) throws(ImageError) -> (RGBImage, CodecWarnings) {
        switch header.format {
        case .png:
            return try PNGCodec.decodeReporting(bytes, background: options.background)
        case .jpeg:
            var eighths = 8
            if geometry.resamples {
                let needed = max(Double(geometry.width) / (geometry.box.x1 - geometry.box.x0),
                                 Double(geometry.height) / (geometry.box.y1 - geometry.box.y0))
                eighths = [1, 2, 4, 8].first { Double($0) / 8 >= needed } ?? 8
            }
            return try JPEGCodec.decodeReporting(bytes, eighths: eighths, acceptTruncated: options.acceptTruncated)
        }
    }

    /// The conversion to sRGB an embedded RGB or gray profile calls for; nil without one, for an sRGB profile, and
    /// for a gray profile on a colour picture.
    static func colorConversion(of bytes: [UInt8], header: ImageHeader) -> ColorConversion? {
        guard let conversion = ColorConversion.embedded(in: bytes), !conversion.isGray || header.channels <= 2 else { return nil }
        return conversion
    }

    /// Resize (in stored orientation, on whatever scale was decoded), convert to sRGB, turn upright, pad.
    func render(_ source: RGBImage, header: ImageHeader, geometry: ImageGeometry, conversion: ColorConversion?) -> RGBImage {
        let orientation = header.orientation
        // The shown region, mapped from upright coordinates back to the stored picture as decoded.
        let scaleX = Double(source.width) / Double(header.width)
        let scaleY = Double(source.height) / Double(header.height)
        let box = Self.storedBox(geometry.box, orientation: orientation,
                                 width: Double(header.width), height: Double(header.height))
        let scaledBox = Resampler.Box(x0: box.x0 * scaleX, y0: box.y0 * scaleY, x1: box.x1 * scaleX, y1: box.y1 * scaleY)
        let targetWidth = orientation.swapsAxes ? geometry.height : geometry.width
        let targetHeight = orientation.swapsAxes ? geometry.width : geometry.height
        var picture = source
        let whole = scaledBox == Resampler.Box(x0: 0, y0: 0, x1: Double(source.width), y1: Double(source.height))
        if !whole || targetWidth != source.width || targetHeight != source.height {
            picture = Resampler.resize(source, width: targetWidth, height: targetHeight, box: scaledBox,
                                       linearLight: options.linearLight)
        }
        if let conversion { picture = conversion.apply(to: picture) }
        picture = orientation.apply(to: picture)
        if geometry.canvasWidth != picture.width || geometry.canvasHeight != picture.height {
            picture = picture.padded(toWidth: geometry.canvasWidth, height: geometry.canvasHeight,
                                     background: options.background)
        }
        return picture
    }

    /// An upright-coordinates box in the stored picture's coordinates.
    static func storedBox(_ box: Resampler.Box, orientation: ImageOrientation, width: Double, height: Double) -> Resampler.Box {
        func point(_ x: Double, _ y: Double) -> (Double, Double) {
            switch orientation {
            case .up: (x, y)
            case .upMirrored: (width - x, y)
            case .down: (width - x, height - y)
            case .downMirrored: (x, height - y)
            case .leftMirrored: (y, x)
            case .right: (y, height - x)
            case .rightMirrored: (width - y, height - x)
            case .left: (width - y, x)
            }
        }
        let a = point(box.x0, box.y0)
        let b = point(box.x1, box.y1)
        return Resampler.Box(x0: min(a.0, b.0), y0: min(a.1, b.1), x1: max(a.0, b.0), y1: max(a.1, b.1))
    }

    /// An encoding attempt: the bytes at the highest quality that fits (nil when none does), and the base64
    /// size of the smallest encoding tried.
    struct Encoded {
        var bytes: [UInt8]?
        var quality: Int?
        var smallestTried: Int
    }

    /// The picture encoded at the highest quality whose base64 fits the budget.
    func encode(_ picture: RGBImage) throws(ImageError) -> Encoded {
        let limit = options.maxBytes ?? Int.max
        switch options.format {
        case .png:
            let bytes = try PNGCodec.encode(picture)
            let size = ProcessedImage.base64Length(of: bytes.count)
            return Encoded(bytes: size <= limit ? bytes : nil, quality: nil, smallestTried: size)
        case .jpeg:
            let top = min(100, max(1, options.quality))
            let first = try JPEGCodec.encode(picture, quality: top, subsampling: options.subsampling)
            if ProcessedImage.base64Length(of: first.count) <= limit { return Encoded(bytes: first, quality: top, smallestTried: 0) }
            // Binary search for the highest quality that fits: file size grows with quality. Under a budget
            // every try gets optimized Huffman tables, which buy quality for the same bytes.
            var smallest = Int.max
            func attempt(_ quality: Int) throws(ImageError) -> [UInt8]? {
                let bytes = try JPEGCodec.encode(picture, quality: quality, subsampling: options.subsampling, optimize: true)
                let size = ProcessedImage.base64Length(of: bytes.count)
                smallest = min(smallest, size)
                return size <= limit ? bytes : nil
            }
            if let tuned = try attempt(top) { return Encoded(bytes: tuned, quality: top, smallestTried: smallest) }
            // The floor first: when even it is over budget, the picture must shrink and the search is moot.
            let floor = min(top - 1, max(1, options.minimumQuality))
            guard floor >= 1, let floorBytes = try attempt(floor) else {
                return Encoded(bytes: nil, quality: nil, smallestTried: smallest)
            }
            var best = (bytes: floorBytes, quality: floor)
            var low = floor + 1
            var high = top - 1
            while low <= high {
                let quality = (low + high) / 2
                if let bytes = try attempt(quality) {
                    best = (bytes, quality)
                    low = quality + 1
                } else {
                    high = quality - 1
                }
            }
            return Encoded(bytes: best.bytes, quality: best.quality, smallestTried: smallest)
        }
    }
}
