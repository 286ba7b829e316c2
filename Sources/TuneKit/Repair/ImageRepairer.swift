import Foundation
import TuneKitImages

/// Re-encodes the inline pictures of a line that the platform would refuse — a PNG, a CMYK or sideways JPEG,
/// one over the platform's side or byte limits, or a JPEG under another MIME prefix — as a baseline JPEG that
/// fits, with the same preparation `convert --image-mode base64` uses (``ImageProcessor``). A JPEG data URI
/// that already fits is kept byte for byte; http(s) URLs and paths are never touched. A picture that cannot be
/// decoded (WebP, GIF, damaged base64 …) is left as it is, and the reason is returned for the reject that the
/// format rules then make.
struct ImageRepairer: Sendable {
    /// A picture that needed preparing and could not be prepared: the image code (`img.corrupt_data`,
    /// `img.truncated`, `img.base64` …) and the decoder's reason.
    struct Problem: Sendable, Equatable {
        let code: String
        let message: String
    }

    let processor: ImageProcessor
    let prefix: String

    init(profile: PlatformProfile = .bigModel) {
        var options = ImageOptions(resize: .fit(maxSide: profile.maxImageSide))
        options.format = .jpeg
        options.maxBytes = ProcessedImage.base64Length(of: profile.maxImageBytes)
        processor = ImageProcessor(options: options)
        prefix = profile.imageDataPrefix
    }

    /// The value with its pictures repaired, how many were, and why others could not be.
    func repair(_ value: JSONValue) -> (value: JSONValue, count: Int, problems: [Problem]) {
        var count = 0
        var problems: [Problem] = []
        let repaired = walk(value, count: &count, problems: &problems)
        return (count > 0 ? repaired : value, count, problems)
    }

    private func walk(_ value: JSONValue, count: inout Int, problems: inout [Problem]) -> JSONValue {
        switch value {
        case .array(let items):
            return .array(items.map { walk($0, count: &count, problems: &problems) })
        case .object(var object):
            if object["type"]?.stringValue == "image_url", case .object(var holder)? = object["image_url"],
               case .string(let url)? = holder["url"] {
                if let fixed = repairURL(url, problems: &problems) {
                    holder.replace("url", with: .string(fixed))
                    object.replace("image_url", with: .object(holder))
                    count += 1
                }
                return .object(object)
            }
            object.members = object.members.map { ($0.key, walk($0.value, count: &count, problems: &problems)) }
            return .object(object)
        default:
            return value
        }
    }

    /// The URL to write instead, or nil to keep it.
    private func repairURL(_ url: String, problems: inout [Problem]) -> String? {
        guard url.utf8.count > 5, url.prefix(5).lowercased() == "data:" else { return nil }
        guard let comma = url.firstIndex(of: ","), url[..<comma].lowercased().hasSuffix(";base64"),
              let data = Data(base64Encoded: String(url[url.index(after: comma)...]), options: .ignoreUnknownCharacters),
              !data.isEmpty else {
            problems.append(Problem(code: ValidationCode.imgBase64.code, message: "the data URI holds no valid base64"))
            return nil
        }
        let bytes = [UInt8](data)
        if processor.accepts(bytes) {
            // A JPEG that fits: at most its prefix is wrong (image/jpg, upper case, a charset parameter).
            return url.hasPrefix(prefix) ? nil : prefix + Data(bytes).base64EncodedString()
        }
        do {
            return try processor.process(bytes).dataURI
        } catch {
            problems.append(Problem(code: error.code, message: error.message))
            return nil
        }
    }
}
