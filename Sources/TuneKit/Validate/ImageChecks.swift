import Foundation
import TuneKitImages

/// The images of one conversation: where they are, for the per-format placement rules.
struct ImageTally {
    /// (role, pointer of the part) for each image.
    var images: [(role: Role?, pointer: String, message: String)] = []
    /// Messages that mix an image and text.
    var mixed: [String] = []
}

extension LineChecker {
    /// Checks a parts array: each part `{"type":"image_url","image_url":{"url"}}` or `{"type":"text","text"}`.
    func checkParts(_ tape: JSONTape, _ parts: Int, role: Role?, pointer: String, images: inout ImageTally, emit: Emit) {
        var hasText = false
        var hasImage = false
        for (position, part) in tape.elements(parts).enumerated() {
            let partPointer = "\(pointer)/\(position)"
            guard tape.nodes[part].kind == .object, let type = tape.member(part, "type") else {
                emit(.imgPartShape, "a content part must be an object with a \"type\"", partPointer)
                continue
            }
            if tape.equals(type, "text") {
                guard let text = tape.member(part, "text"), tape.nodes[text].kind == .string else {
                    emit(.imgPartShape, "a text part needs a string \"text\"", partPointer)
                    continue
                }
                hasText = true
            } else if tape.equals(type, "image_url") {
                guard let holder = tape.member(part, "image_url"), let url = tape.member(holder, "url"),
                      let text = tape.string(url) else {
                    emit(.imgPartShape, "an image part is {\"type\": \"image_url\", \"image_url\": {\"url\": …}}", partPointer)
                    continue
                }
                hasImage = true
                images.images.append((role: role, pointer: partPointer, message: pointer))
                checkImageURL(text, pointer: partPointer + "/image_url/url", emit: emit)
            } else {
                emit(.imgPartShape, "unknown content part type \"\(tape.string(type) ?? "?")\" (image_url or text)", partPointer + "/type")
            }
        }
        if hasText && hasImage { images.mixed.append(pointer) }
    }

    /// Pictures up to this many pixels have their coded data decoded (at 1/8 scale: a 100-megapixel picture takes
    /// 4.7 MB); larger ones are over every platform's pixel cap and reported as such.
    static let decodedPixelLimit = 100_000_000

    /// An image URL: http(s) to a public host, or a complete, decodable JPEG data URI within the limits.
    func checkImageURL(_ url: String, pointer: String, emit: Emit) {
        let lower = url.lowercased()
        if lower.hasPrefix("https://") || lower.hasPrefix("http://") {
            let host = URL(string: url)?.host?.lowercased() ?? ""
            if host.isEmpty || host == "localhost" || host.hasPrefix("127.") || host.hasPrefix("10.") || host.hasPrefix("192.168.")
                || host.range(of: #"^172\.(1[6-9]|2[0-9]|3[01])\."#, options: .regularExpression) != nil {
                emit(.imgUrlScheme, "the platform fetches images from outside: \(host.isEmpty ? "the URL has no host" : "\(host) is not reachable from it")", pointer)
            }
            return
        }
        guard lower.hasPrefix("data:") else {
            emit(.imgUrlScheme, "an image is an http(s) URL or a data URI, not \(url.prefix(40)) (convert --image-mode base64 inlines local pictures)", pointer)
            return
        }
        let prefix = profile.imageDataPrefix
        guard url.hasPrefix(prefix) else {
            emit(.imgDataPrefix, "inline images must start with exactly \(prefix) (found \(url.prefix(30))…); convert --image-mode base64 re-encodes it", pointer)
            return
        }
        let payload = url.dropFirst(prefix.count)
        guard !payload.isEmpty, let data = Data(base64Encoded: String(payload)) else {
            emit(.imgBase64, "the image is not valid base64 (no white space or line breaks allowed)", pointer)
            return
        }
        let bytes = [UInt8](data)
        if bytes.count > profile.maxImageBytes {
            emit(.imgBytes, "the image is \(bytes.count / 1024) KB; the platform takes at most \(profile.maxImageBytes / 1024 / 1024) MB", pointer)
        }
        guard checkImages else { return }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) {
            emit(.imgMimeMismatch, "the data URI says JPEG but holds a PNG; re-encode it as JPEG", pointer)
            return
        }
        let header: ImageHeader
        do {
            header = try ImageHeader.read(bytes)
        } catch {
            emit(.imgDecode, "the image does not decode: \(error)", pointer)
            return
        }
        guard header.format == .jpeg else {
            emit(.imgMimeMismatch, "the data URI says JPEG but holds \(header.format.rawValue)", pointer)
            return
        }
        if !(bytes.count >= 4 && bytes[bytes.count - 2] == 0xFF && bytes[bytes.count - 1] == 0xD9) {
            emit(.imgDecode, "the JPEG is cut off (no end-of-image marker)", pointer)
        } else if decodesImages && header.width * header.height <= Self.decodedPixelLimit {
            // The coded data itself, at 1/8 scale (every coded byte is still read; 0.8 ms for 1024 × 768): a scan
            // that ends early before an end marker, or damaged data libjpeg would fill with guesses.
            do {
                _ = try JPEGCodec.decodeReporting(bytes, eighths: 1)
            } catch {
                emit(.imgDecode, "the JPEG's coded data is damaged: \(error.message)", pointer)
            }
        }
        if header.width > profile.maxImageSide || header.height > profile.maxImageSide {
            emit(.imgPixels, "\(header.width)×\(header.height) px; the platform takes at most \(profile.maxImageSide)×\(profile.maxImageSide)", pointer)
        }
        if header.orientation != .up {
            emit(.imgExifOrientation, "the picture is stored turned (EXIF orientation \(header.orientation.rawValue)); viewers turn it, a model may not: re-encode it upright (convert --image-mode base64)", pointer)
        }
        if header.channels == 4 {
            emit(.imgColorMode, "the picture is CMYK; convert it to RGB (convert --image-mode base64 does)", pointer)
        } else if let profile = ICCProfile.embedded(in: bytes).flatMap({ ICCProfile($0) }), !profile.isSRGB {
            emit(.imgColorMode, "the picture carries a \(profile.name) colour profile; where it is ignored its colours shift: convert it to sRGB (convert --image-mode base64 does)", pointer)
        }
    }

    /// Where the images of a conversation may be: the format's unit says (the assistant's turn for image-gen, a
    /// user turn of its own for vision, nowhere else).
    func checkImageLayout(_ tally: ImageTally, base: String, emit: Emit) {
        let cap = profile.maxImagesPerExample[format.rawValue] ?? 1
        rules.checkImageLayout(tally, cap: cap, base: base, emit: emit)
    }
}
