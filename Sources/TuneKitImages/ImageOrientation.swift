/// The EXIF orientation of a picture (tag 0x0112): how the stored pixels must be turned to be seen upright.
/// Cameras and phones store the sensor's pixels as shot and record the turn here; an image set that ignores it
/// trains on sideways pictures.
public enum ImageOrientation: Int, Sendable, CaseIterable {
    /// EXIF value 1: stored upright.
    case up = 1
    /// EXIF value 2: mirrored left to right.
    case upMirrored = 2
    /// EXIF value 3: upside down (turn 180°).
    case down = 3
    /// EXIF value 4: mirrored top to bottom.
    case downMirrored = 4
    /// EXIF value 5: mirrored along the top-left to bottom-right diagonal (transposed).
    case leftMirrored = 5
    /// EXIF value 6: turn 90° clockwise to see it upright.
    case right = 6
    /// EXIF value 7: mirrored along the top-right to bottom-left diagonal.
    case rightMirrored = 7
    /// EXIF value 8: turn 90° counter-clockwise to see it upright.
    case left = 8

    /// Whether width and height trade places when the turn is applied (values 5–8).
    public var swapsAxes: Bool { rawValue >= 5 }

    /// The stored pixel shown at displayed position (x, y), for a stored picture of `width`×`height`.
    func storedPosition(x: Int, y: Int, width: Int, height: Int) -> (x: Int, y: Int) {
        switch self {
        case .up: (x, y)
        case .upMirrored: (width - 1 - x, y)
        case .down: (width - 1 - x, height - 1 - y)
        case .downMirrored: (x, height - 1 - y)
        case .leftMirrored: (y, x)
        case .right: (y, height - 1 - x)
        case .rightMirrored: (width - 1 - y, height - 1 - x)
        case .left: (width - 1 - y, x)
        }
    }

    /// The picture as it should be seen.
    public func apply(to image: RGBImage) -> RGBImage {
        if self == .up { return image }
        let width = image.width
        let height = image.height
        let outWidth = swapsAxes ? height : width
        let outHeight = swapsAxes ? width : height
        // Along an output row the source walks with one fixed step (a pixel, or a whole row when turning).
        // Turning reads down the source's columns, so the output goes in 32×32 tiles: the source rows a tile
        // touches stay in cache while it is copied.
        let origin = storedPosition(x: 0, y: 0, width: width, height: height)
        let next = storedPosition(x: 1, y: 0, width: width, height: height)
        let below = storedPosition(x: 0, y: 1, width: width, height: height)
        let stepX = ((next.y - origin.y) * width + (next.x - origin.x)) * 3
        let stepY = ((below.y - origin.y) * width + (below.x - origin.x)) * 3
        let start = (origin.y * width + origin.x) * 3
        let tile = swapsAxes ? 32 : max(outWidth, 1)
        let pixels = [UInt8](unsafeUninitializedCapacity: outWidth * outHeight * 3) { target, initialized in
            image.pixels.withUnsafeBufferPointer { source in
                for tileX in stride(from: 0, to: outWidth, by: tile) {
                    let columns = min(tile, outWidth - tileX)
                    for y in 0..<outHeight {
                        var from = start + y * stepY + tileX * stepX
                        var to = (y * outWidth + tileX) * 3
                        for _ in 0..<columns {
                            target[to] = source[from]
                            target[to + 1] = source[from + 1]
                            target[to + 2] = source[from + 2]
                            from += stepX
                            to += 3
                        }
                    }
                }
            }
            initialized = outWidth * outHeight * 3
        }
        return RGBImage(width: outWidth, height: outHeight, pixels: pixels)
    }

    /// The orientation recorded in a JPEG (APP1 Exif segment) or PNG (`eXIf` chunk); `.up` when there is none
    /// or it is unreadable: a broken EXIF block never makes a picture unusable.
    public static func read(from bytes: [UInt8]) -> ImageOrientation {
        var found: ImageOrientation?
        ContainerWalk.jpegSegments(bytes) { marker, body in
            // APP1 "Exif\0\0" followed by a TIFF block.
            if marker == 0xE1, body.count >= 8, bytes[body.prefix(6)].elementsEqual([0x45, 0x78, 0x69, 0x66, 0, 0]) {
                found = fromTIFF(Array(bytes[body.dropFirst(6)]))
            }
            return found == nil
        }
        ContainerWalk.pngChunks(bytes) { type, data in
            if type == "eXIf" { found = fromTIFF(Array(bytes[data])) }
            return found == nil
        }
        return found ?? .up
    }

    /// Tag 0x0112 in IFD0 of a TIFF block ("II*\0" little-endian or "MM\0*" big-endian).
    private static func fromTIFF(_ tiff: [UInt8]) -> ImageOrientation? {
        guard tiff.count >= 8 else { return nil }
        let little: Bool
        switch (tiff[0], tiff[1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default: return nil
        }
        func u16(_ at: Int) -> Int? {
            guard at >= 0, at + 2 <= tiff.count else { return nil }
            return little ? Int(tiff[at]) | Int(tiff[at + 1]) << 8 : Int(tiff[at]) << 8 | Int(tiff[at + 1])
        }
        func u32(_ at: Int) -> Int? {
            guard let high = u16(little ? at + 2 : at), let low = u16(little ? at : at + 2) else { return nil }
            return high << 16 | low
        }
        guard u16(2) == 42, let ifd = u32(4), let count = u16(ifd) else { return nil }
        for entry in 0..<count {
            let at = ifd + 2 + entry * 12
            guard let tag = u16(at) else { return nil }
            if tag == 0x0112 {
                guard u16(at + 2) == 3, let value = u16(at + 8) else { return nil }
                return ImageOrientation(rawValue: value)
            }
        }
        return nil
    }
}
