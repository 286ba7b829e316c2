/// Why a picture cannot be used. Each case has a stable ``code`` for reports and a one-line ``message``.
public enum ImageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bytes are not a JPEG or PNG.
    case notAnImage
    /// The file is damaged or truncated; the decoder's message.
    case corrupt(String)
    /// The header declares more pixels than allowed (a decompression bomb, or just too big to decode).
    case tooManyPixels(width: Int, height: Int, limit: Int)
    /// No quality or size down to the floor fits the byte budget.
    case overBudget(limit: Int, smallest: Int)
    /// A path from the data leaves the image root, or names no readable file.
    case badPath(String, reason: String)
    /// The encoder failed (out of memory, impossible parameters).
    case encodeFailed(String)

    /// A stable reason code, e.g. `img.corrupt`.
    public var code: String {
        switch self {
        case .notAnImage: "img.not_an_image"
        case .corrupt: "img.corrupt"
        case .tooManyPixels: "img.too_many_pixels"
        case .overBudget: "img.over_budget"
        case .badPath(_, let reason): reason.hasPrefix("outside") ? "img.path_escape" : "img.missing"
        case .encodeFailed: "img.encode_failed"
        }
    }

    /// One line for a person.
    public var message: String {
        switch self {
        case .notAnImage:
            "not a JPEG or PNG file"
        case .corrupt(let detail):
            "damaged or truncated image: \(detail)"
        case .tooManyPixels(let width, let height, let limit):
            "\(width)×\(height) is \(width * height) pixels, more than the \(limit) allowed (--max-input-pixels)"
        case .overBudget(let limit, let smallest):
            "no quality or size fits \(limit) bytes of base64 (smallest tried: \(smallest))"
        case .badPath(let path, let reason):
            "\(path): \(reason)"
        case .encodeFailed(let detail):
            "encoding failed: \(detail)"
        }
    }

    public var description: String { message }
}
