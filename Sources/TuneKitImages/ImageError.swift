/// Why a picture cannot be used. Each case has a stable ``code`` for reports and a one-line ``message``.
public enum ImageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bytes are not a JPEG or PNG.
    case notAnImage
    /// A picture in a format this library does not read (WebP, GIF, BMP, TIFF, HEIC, AVIF), by name.
    case unsupportedFormat(String)
    /// The file is damaged or truncated; the decoder's message.
    case corrupt(String)
    /// The picture's data ends before the picture does (cut short, even when an end marker follows); the
    /// decoder would fill the rest with gray. ``ImageOptions/acceptTruncated`` lets it.
    case truncated(String)
    /// The picture's coded data is corrupt so that the decoder would guess pixels (a bad Huffman code, a restart
    /// marker out of sequence, stray bytes inside or after a scan): libjpeg's message. ``ImageOptions/acceptTruncated``
    /// lets it.
    case corruptData(String)
    /// The header declares more pixels than allowed (a decompression bomb, or just too big to decode).
    case tooManyPixels(width: Int, height: Int, limit: Int)
    /// No quality or size down to the floor fits the byte budget.
    case overBudget(limit: Int, smallest: Int)
    /// A path from the data leaves the image root, or names no usable file.
    case badPath(String, problem: PathProblem)
    /// The encoder failed (out of memory, impossible parameters).
    case encodeFailed(String)

    /// A stable reason code, e.g. `img.corrupt`.
    public var code: String {
        switch self {
        case .notAnImage: "img.not_an_image"
        case .unsupportedFormat: "img.unsupported_format"
        case .corrupt: "img.corrupt"
        case .truncated: "img.truncated"
        case .corruptData: "img.corrupt_data"
        case .tooManyPixels: "img.too_many_pixels"
        case .overBudget: "img.over_budget"
        case .badPath(_, let problem): problem.code
        case .encodeFailed: "img.encode_failed"
        }
    }

    /// One line for a person.
    public var message: String {
        switch self {
        case .notAnImage:
            "not a JPEG or PNG file"
        case .unsupportedFormat(let name) where name.hasSuffix("-bit JPEG"):
            "a \(name) picture: only 8-bit JPEG and PNG are read; save it as an 8-bit JPEG or PNG first"
        case .unsupportedFormat(let name):
            "a \(name) picture: only JPEG and PNG are read; save it as JPEG or PNG first"
        case .corrupt(let detail):
            "damaged or truncated image: \(detail)"
        case .truncated(let detail):
            "the picture's data ends early (\(detail)); its missing part would be flat gray (--accept-truncated takes it anyway)"
        case .corruptData(let detail):
            "the picture's data is corrupt (\(detail)); part of it would be guessed by the decoder (--accept-truncated takes it anyway)"
        case .tooManyPixels(let width, let height, let limit):
            "\(width)×\(height) is \(width * height) pixels, more than the \(limit) allowed (--max-input-pixels)"
        case .overBudget(let limit, let smallest):
            "no quality or size fits \(limit) bytes of base64 (smallest tried: \(smallest))"
        case .badPath(let path, let problem):
            "\(path): \(problem.message)"
        case .encodeFailed(let detail):
            "encoding failed: \(detail)"
        }
    }

    /// The ``message``.
    public var description: String { message }
}

/// What is wrong with a picture's path.
public enum PathProblem: Sendable, Equatable {
    /// It resolves outside the image root (lexically, or through a symbolic link).
    case outsideRoot(root: String, throughLink: Bool)
    /// Nothing exists there.
    case missing(root: String)
    /// It is a folder or a device, or an empty or unusable reference.
    case notAFile
    /// The file is larger than a picture may be.
    case tooLarge(bytes: Int, limit: Int)
    /// The file exists but cannot be read.
    case unreadable
    /// The image root itself does not exist.
    case noRoot

    /// A stable reason code.
    public var code: String {
        switch self {
        case .outsideRoot: "img.path_escape"
        case .missing, .noRoot: "img.missing"
        case .notAFile, .unreadable: "img.unreadable"
        case .tooLarge: "img.file_too_large"
        }
    }

    /// A sentence for people.
    public var message: String {
        switch self {
        case .outsideRoot(let root, let throughLink):
            "outside the image root \(root)" + (throughLink ? " (through a symbolic link)" : "")
        case .missing(let root): "no such file under the image root \(root)"
        case .notAFile: "not a picture file"
        case .tooLarge(let bytes, let limit): "the file is \(bytes) bytes, over the \(limit)-byte limit for a picture"
        case .unreadable: "cannot be read"
        case .noRoot: "the image root does not exist"
        }
    }
}
