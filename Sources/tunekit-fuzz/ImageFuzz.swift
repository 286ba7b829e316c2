import Foundation
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

    /// The input as the ICC profile of a small real JPEG (one APP2 `ICC_PROFILE` segment after SOI), prepared
    /// through the whole pipeline: LittleCMS opens the profile and, when it is an RGB or gray one, builds the
    /// transform to sRGB and applies it.
    static let iccTransform = FuzzTarget(name: "icc-transform", maxLength: 65_000, seedExtensions: ["icc", "icm"],
                                         dictionary: nil, covers: "ICCProfile, LittleCMS (cmsOpenProfileFromMem, cmsCreateTransform, cmsDoTransform) via ImageProcessor.process") { data in
        let profile = Array(data.bindMemory(to: UInt8.self))
        let length = 2 + 14 + profile.count
        var jpeg = Array(tinyJPEG[0..<2])
        jpeg += [0xFF, 0xE2, UInt8(length >> 8), UInt8(length & 0xFF)]
        jpeg += Array("ICC_PROFILE".utf8) + [0, 1, 1]
        jpeg += profile
        jpeg += tinyJPEG[2...]
        prepare(jpeg)
    }

    /// An 8 × 8 baseline JPEG made by Pillow (`Image.new("RGB", (8, 8), (200, 80, 40)).save(…, quality=80)`).
    static let tinyJPEG: [UInt8] = Array(Data(base64Encoded: """
        /9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMC\
        UoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAIAAgDASIA\
        AhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0\
        KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWm\
        p6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8\
        QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElK\
        U1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6O\
        nq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDIooor5E/SD//Z
        """)!)

    static func prepare(_ bytes: [UInt8]) {
        _ = try? ImageHeader.read(bytes)
        if let profile = ICCProfile.embedded(in: bytes) { _ = ICCProfile(profile) }
        _ = try? processor.process(bytes)
    }
}
