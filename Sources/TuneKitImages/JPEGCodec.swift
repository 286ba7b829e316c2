import CJPEGShim

/// JPEG through libjpeg-turbo: decoding at a DCT scale (n/8 of full size, for a fraction of the cost when the
/// picture is about to be shrunk) and baseline encoding with optimized Huffman tables.
public enum JPEGCodec {
    /// Chroma subsampling of encoded JPEGs.
    public enum Subsampling: String, Sendable, CaseIterable {
        /// Chroma at half resolution both ways: the usual photo setting, smallest files.
        case s420 = "4:2:0"
        /// Full-resolution chroma: sharper colour edges (text, line art), larger files.
        case s444 = "4:4:4"
    }

    /// The size a decode at `eighths`/8 of full size produces.
    public static func scaledSize(_ bytes: [UInt8], eighths: Int) throws(ImageError) -> (width: Int, height: Int) {
        var header = tk_jpeg_header()
        var message = [CChar](repeating: 0, count: Int(TK_JPEG_MESSAGE_MAX))
        let status = bytes.withUnsafeBufferPointer { buffer in
            tk_jpeg_read_header(buffer.baseAddress, buffer.count, UInt32(eighths), &header, &message)
        }
        guard status == 0 else { throw ImageError.corrupt(ImageHeader.string(message)) }
        return (Int(header.output_width), Int(header.output_height))
    }

    /// Decodes to RGB at `eighths`/8 of full size (8 = full). Gray, CMYK and YCCK come out as RGB.
    /// A picture whose data ends early is ``ImageError/truncated(_:)``, and one whose data is corrupt so that
    /// libjpeg would guess pixels ``ImageError/corruptData(_:)``, unless `acceptTruncated`: then the damaged part
    /// is libjpeg's gray or guess.
    public static func decode(_ bytes: [UInt8], eighths: Int = 8, acceptTruncated: Bool = false) throws(ImageError) -> RGBImage {
        try decodeReporting(bytes, eighths: eighths, acceptTruncated: acceptTruncated).image
    }

    /// ``decode(_:eighths:acceptTruncated:)``, with libjpeg's warnings counted (the first one's text kept).
    public static func decodeReporting(_ bytes: [UInt8], eighths: Int = 8, acceptTruncated: Bool = false)
        throws(ImageError) -> (image: RGBImage, warnings: CodecWarnings) {
        let size = try scaledSize(bytes, eighths: eighths)
        let capacity = size.width * size.height * 3
        var width: UInt32 = 0
        var height: UInt32 = 0
        var status: Int32 = 0
        var truncated: Int32 = 0
        var tally = tk_codec_warnings()
        var message = [CChar](repeating: 0, count: Int(TK_JPEG_MESSAGE_MAX))
        let pixels = [UInt8](unsafeUninitializedCapacity: capacity) { target, count in
            status = bytes.withUnsafeBufferPointer { buffer in
                tk_jpeg_decode_into(buffer.baseAddress, buffer.count, UInt32(eighths), target.baseAddress, capacity,
                                    &width, &height, acceptTruncated ? 1 : 0, &truncated, &tally, &message)
            }
            if status != 0 { target.initialize(repeating: 0) }
            count = capacity
        }
        if status == -2 { throw ImageError.truncated(ImageHeader.string(message)) }
        if status == -3 { throw ImageError.corruptData(ImageHeader.string(message)) }
        guard status == 0 else { throw ImageError.corrupt(ImageHeader.string(message)) }
        let warnings = tally.count == 0 ? CodecWarnings.none
            : CodecWarnings(codec: "libjpeg", count: Int(tally.count), first: ImageHeader.string(tally.first))
        return (RGBImage(width: Int(width), height: Int(height), pixels: pixels), warnings)
    }

    /// Encodes RGB pixels as a baseline JPEG at `quality` 1–100. No metadata is written. `optimize` computes
    /// Huffman tables for this picture: a few percent smaller for about twice the encoding time.
    public static func encode(_ image: RGBImage, quality: Int, subsampling: Subsampling = .s420,
                              optimize: Bool = false) throws(ImageError) -> [UInt8] {
        var output: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = [CChar](repeating: 0, count: Int(TK_JPEG_MESSAGE_MAX))
        let status = image.pixels.withUnsafeBufferPointer { buffer in
            tk_jpeg_encode(buffer.baseAddress, UInt32(image.width), UInt32(image.height), 3, Int32(min(100, max(1, quality))),
                           subsampling == .s420 ? 1 : 0, optimize ? 1 : 0, &output, &size, &message)
        }
        guard status == 0, let output else { throw ImageError.encodeFailed(ImageHeader.string(message)) }
        defer { tk_jpeg_free(output) }
        return Array(UnsafeBufferPointer(start: output, count: size))
    }
}
