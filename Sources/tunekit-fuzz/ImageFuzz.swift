import TuneKitImages

/// Pictures: the header reader and the whole preparation (libjpeg/libpng decode, EXIF orientation, ICC profile,
/// resize, encode) with the pixel limit lowered to 4 megapixels, and the ICC profile parser on its own.
enum ImageFuzz {
    static let processor = ImageProcessor(options: ImageOptions(resize: .fit(maxSide: 128), maxInputPixels: 4_000_000))

    static let jpeg = FuzzTarget(name: "jpeg", maxLength: 65_536, seedExtensions: ["jpg", "jpeg"], dictionary: nil,
                                 covers: "ImageHeader.read, ICCProfile.embedded, ImageProcessor.process (JPEG)") { data in
        prepare(Array(data.bindMemory(to: UInt8.self)))
    }
    static let png = FuzzTarget(name: "png", maxLength: 65_536, seedExtensions: ["png"], dictionary: nil,
                                covers: "ImageHeader.read, ICCProfile.embedded, ImageProcessor.process (PNG)") { data in
        prepare(Array(data.bindMemory(to: UInt8.self)))
    }
    static let icc = FuzzTarget(name: "icc", maxLength: 65_536, seedExtensions: ["icc", "icm"], dictionary: nil,
                                covers: "ICCProfile init") { data in
        _ = ICCProfile(Array(data.bindMemory(to: UInt8.self)))
    }

    static func prepare(_ bytes: [UInt8]) {
        _ = try? ImageHeader.read(bytes)
        if let profile = ICCProfile.embedded(in: bytes) { _ = ICCProfile(profile) }
        _ = try? processor.process(bytes)
    }
}
