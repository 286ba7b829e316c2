import Foundation
import TuneKitImages

/// Thumbnails for the report page, taken from written training lines: the first pictures in file order, each
/// `data:` URI decoded and made small (≤ 160 px, JPEG), each web address kept as text and never loaded.
///
/// The file is read a line at a time and reading stops once `limit` pictures are found, so memory holds one
/// line and the small thumbnails, however large the file.
enum ReportThumbnails {
    /// The longest side of a thumbnail, in pixels.
    static let side = 160

    /// The first `limit` pictures of the JSONL file at `path`, located as `name:line`.
    static func collect(path: String, name: String, limit: Int = 24) -> [ReportPage.Thumbnail] {
        guard limit > 0, let reader = try? TextLineReader(path: path, encoding: .utf8) else { return [] }
        var thumbnails: [ReportPage.Thumbnail] = []
        while thumbnails.count < limit, let line = try? reader.next() {
            guard line.contains("image_url"), let parsed = try? JSONReader.parse(line) else { continue }
            for url in imageURLs(in: parsed.value).prefix(limit - thumbnails.count) {
                thumbnails.append(ReportPage.Thumbnail(location: "\(name):\(reader.line)", content: thumbnail(of: url)))
            }
        }
        return thumbnails
    }

    /// The URLs of `{"type":"image_url","image_url":{"url":…}}` parts, in document order.
    static func imageURLs(in value: JSONValue) -> [String] {
        switch value {
        case .object(let object):
            if case .object(let holder)? = object["image_url"], let url = holder["url"]?.stringValue { return [url] }
            return object.members.flatMap { imageURLs(in: $0.value) }
        case .array(let array):
            return array.flatMap(imageURLs(in:))
        default:
            return []
        }
    }

    /// What the page shows for one picture URL.
    static func thumbnail(of url: String) -> ReportPage.Thumbnail.Content {
        guard url.hasPrefix("data:") else { return .address(url) }
        guard let comma = url.firstIndex(of: ","), url[..<comma].hasSuffix(";base64"),
              let data = Data(base64Encoded: String(url[url.index(after: comma)...])) else {
            return .unreadable("not a base64 data URI")
        }
        let processor = ImageProcessor(options: ImageOptions(resize: .fit(maxSide: side), quality: 75))
        do {
            return .picture(dataURI: try processor.process(Array(data)).dataURI)
        } catch {
            return .unreadable("\(error)")
        }
    }
}
