import Testing
import TuneKitImages

/// libjpeg-turbo's and libpng's warnings are counted per picture with the first one's text, never swallowed:
/// harmless ones (a profile libpng knows to be wrong, an ancillary chunk with a bad CRC, stray bytes between header
/// markers) leave the picture usable and say so; damage that makes libjpeg guess pixels refuses it (`img.truncated`,
/// `img.corrupt_data`) unless `acceptTruncated`, and then the warning is counted. Third-party files (PngSuite,
/// Pillow's and image-png's test images) and three JPEGs damaged by a script (Fixtures/codec/README.md).
@Suite("Codec warnings")
struct CodecWarningTests {
    enum Outcome: Equatable, CustomStringConvertible {
        case clean
        case warned(Int, String)
        case rejected(String)

        var description: String {
            switch self {
            case .clean: "clean"
            case .warned(let count, let first): "\(count) warnings, first \(first)"
            case .rejected(let code): code
            }
        }
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var file: String
        /// By default, and with `acceptTruncated`.
        var refused: Outcome
        var accepted: Outcome
        var testDescription: String { file }
    }

    static let rows: [Row] = [
        Row(file: "codec/pngsuite-basn2c08.png", refused: .clean, accepted: .clean),
        Row(file: "rgb-baseline.jpg", refused: .clean, accepted: .clean),
        Row(file: "codec/pillow-icc_profile.png", refused: .warned(1, "iCCP: known incorrect sRGB profile"),
            accepted: .warned(1, "iCCP: known incorrect sRGB profile")),
        Row(file: "codec/image-png-cicp_pq.png", refused: .warned(2, "cLLI: CRC error"), accepted: .warned(2, "cLLI: CRC error")),
        Row(file: "codec/image-png-issue1825.png", refused: .warned(2, "iCCP: known incorrect sRGB profile"),
            accepted: .warned(2, "iCCP: known incorrect sRGB profile")),
        Row(file: "codec/made-16bit-text-crc.png", refused: .warned(1, "tEXt: CRC error"), accepted: .warned(1, "tEXt: CRC error")),
        Row(file: "codec/pngsuite-xcsn0g01.png", refused: .rejected("img.corrupt"), accepted: .rejected("img.corrupt")),
        Row(file: "codec/pngsuite-xhdn0g08.png", refused: .rejected("img.corrupt"), accepted: .rejected("img.corrupt")),
        Row(file: "codec/pngsuite-xs1n0g01.png", refused: .rejected("img.not_an_image"), accepted: .rejected("img.not_an_image")),
        Row(file: "codec/pillow-photoshop-200dpi-broken.jpg",
            refused: .warned(1, "Corrupt JPEG data: 16 extraneous bytes before marker 0xe1"),
            accepted: .warned(1, "Corrupt JPEG data: 16 extraneous bytes before marker 0xe1")),
        Row(file: "codec/pillow-truncated_jpeg.jpg", refused: .rejected("img.truncated"),
            accepted: .warned(1, "Premature end of JPEG file")),
        Row(file: "codec/pillow-hopper_bad_exif.jpg", refused: .rejected("img.corrupt_data"),
            accepted: .warned(68, "Corrupt JPEG data: 1214 extraneous bytes before marker 0xd0")),
        Row(file: "codec/made-cut-eoi.jpg", refused: .rejected("img.truncated"),
            accepted: .warned(1, "Corrupt JPEG data: premature end of data segment")),
        Row(file: "codec/made-rst-wrong.jpg", refused: .rejected("img.corrupt_data"),
            accepted: .warned(1, "Corrupt JPEG data: found marker 0xd5 instead of RST1")),
        Row(file: "codec/made-extra-before-eoi.jpg", refused: .rejected("img.corrupt_data"),
            accepted: .warned(1, "Corrupt JPEG data: 2 extraneous bytes before marker 0xd9")),
    ]

    /// What ``ImageProcessor/process(_:)`` (the path `tunekit images` and `convert --image-mode base64` take) makes
    /// of the file.
    static func outcome(_ bytes: [UInt8], acceptTruncated: Bool) -> Outcome {
        var options = ImageOptions()
        options.acceptTruncated = acceptTruncated
        do {
            let picture = try ImageProcessor(options: options).process(bytes)
            return picture.codecWarnings.isEmpty ? .clean : .warned(picture.codecWarnings.count, picture.codecWarnings.first)
        } catch {
            return .rejected(error.code)
        }
    }

    @Test(arguments: rows)
    func warningsAreCountedAndDamageRefused(_ row: Row) throws {
        let bytes = try Fixture.bytes(row.file)
        #expect(Self.outcome(bytes, acceptTruncated: false) == row.refused)
        #expect(Self.outcome(bytes, acceptTruncated: true) == row.accepted)
    }

    /// The codec is named, and the refusal says what the flag does.
    @Test func theWarningNamesTheCodecAndTheRefusalTheFlag() throws {
        let png = try ImageProcessor().process(try Fixture.bytes("codec/image-png-cicp_pq.png"))
        #expect(png.codecWarnings.description == #"2 libpng warnings, the first: "cLLI: CRC error""#)
        let jpeg = try Fixture.bytes("codec/made-rst-wrong.jpg")
        let error = try #require(throws: ImageError.self) { try ImageProcessor().process(jpeg) }
        #expect(error.message.contains("found marker 0xd5 instead of RST1"), "\(error.message)")
        #expect(error.message.contains("--accept-truncated"), "\(error.message)")
    }

    /// A JPEG that would be kept byte for byte (an inline data URI that already fits) is read first: one libjpeg
    /// warns about is prepared instead (and so refused or reported), never passed on unread.
    @Test(arguments: [("rgb-baseline.jpg", true), ("codec/made-rst-wrong.jpg", false), ("codec/made-extra-before-eoi.jpg", false),
                      ("codec/made-cut-eoi.jpg", false), ("codec/pillow-truncated_jpeg.jpg", false)])
    func aJPEGKeptAsItIsIsReadFirst(file: String, kept: Bool) throws {
        let bytes = try Fixture.bytes(file)
        let header = try ImageHeader.read(bytes)
        #expect(header.width <= 1024 && header.height <= 1024 && header.orientation == .up, "the other rules keep it")
        #expect(ImageProcessor().accepts(bytes) == kept)
    }

    /// The codecs' own decode calls count the same, and a 16-bit PNG (libpng's row API) is clean when it is.
    @Test func theCodecsCountDirectly() throws {
        let jpeg = try JPEGCodec.decodeReporting(try Fixture.bytes("codec/pillow-photoshop-200dpi-broken.jpg"))
        #expect(jpeg.warnings.count == 1 && jpeg.warnings.codec == "libjpeg")
        let png = try PNGCodec.decodeReporting(try Fixture.bytes("codec/image-png-issue1825.png"))
        #expect(png.warnings.count == 2 && png.warnings.codec == "libpng")
        let deep = try PNGCodec.decodeReporting(try Fixture.bytes("rgb16.png"))
        #expect(deep.warnings.isEmpty)
    }
}
