import Foundation
import TuneKitImages

/// Replaces the pictures of records by prepared JPEG data, several at a time: local paths (from a table, or an
/// `image_url` of a JSONL record that is a path or `file://` URL) are read under the image root; data URIs that
/// the platform would refuse (PNG, sideways, larger than the size rule or the byte budget, CMYK) are decoded and
/// prepared, while a JPEG data URI that already fits is kept byte for byte; http(s) URLs are kept (never
/// fetched). A picture that cannot be used (missing, outside the image root, not an image, damaged, too large)
/// rejects its record with the reason, and the reference as it was written in the data.
struct ImageInliner {
    let embedding: ImageEmbedding
    let processor: ImageProcessor
    /// What was done, for the report.
    private(set) var facts = ConversionReport.ImageFacts()
    private var roots: [String: Result<ImageRoot, ImageError>] = [:]

    init(embedding: ImageEmbedding, profile: PlatformProfile) {
        self.embedding = embedding
        var options = embedding.image
        options.format = .jpeg
        if options.maxBytes == nil {
            options.maxBytes = ProcessedImage.base64Length(of: profile.maxImageBytes)
        }
        processor = ImageProcessor(options: options)
    }

    /// The records with their pictures inlined, or the reject of each that failed, in order.
    mutating func inline(_ records: [Record]) -> [Result<Record, Reject>] {
        let roots = records.map { root(for: $0) }
        let processor = processor
        let outcomes = ParallelMap.map(records.count, jobs: embedding.jobs) { index in
            Self.inline(records[index], root: roots[index], processor: processor)
        }
        return outcomes.map { outcome in
            if case .success(let done) = outcome {
                for picture in done.pictures {
                    facts.embedded += 1
                    facts.bytes += picture.bytes.count
                    if picture.orientation != .up { facts.turnedUpright += 1 }
                    if picture.width != picture.sourceWidth || picture.height != picture.sourceHeight { facts.resized += 1 }
                    if picture.shrunkForBudget { facts.shrunkForBudget += 1 }
                    facts.largestBase64 = max(facts.largestBase64, picture.base64Length)
                }
            }
            return outcome.map(\.record)
        }
    }

    private mutating func root(for record: Record) -> Result<ImageRoot, ImageError> {
        let folder = embedding.root ?? Self.folder(of: record.source.file)
        if let known = roots[folder] { return known }
        let made: Result<ImageRoot, ImageError> = Result { () throws(ImageError) in try ImageRoot(folder) }
        roots[folder] = made
        return made
    }

    static func folder(of file: String) -> String {
        guard file != "-", let slash = file.lastIndex(of: "/") else { return "." }
        return slash == file.startIndex ? "/" : String(file[..<slash])
    }

    private static func inline(_ record: Record, root: Result<ImageRoot, ImageError>,
                               processor: ImageProcessor) -> Result<(record: Record, pictures: [ProcessedImage]), Reject> {
        var record = record
        var pictures: [ProcessedImage] = []
        guard case .conversation(var conversation) = record.example else { return .success((record, [])) }
        for messageIndex in conversation.messages.indices {
            for partIndex in conversation.messages[messageIndex].parts.indices {
                guard case .image(let image) = conversation.messages[messageIndex].parts[partIndex] else { continue }
                let reference: String
                let source: Source
                switch image {
                case .path(let path):
                    (reference, source) = (path, .file(path))
                case .url(let url):
                    guard let found = Self.source(of: url) else { continue }
                    (reference, source) = (String(url.prefix(60)) + (url.count > 60 ? "…" : ""), found)
                case .data:
                    continue
                }
                do throws(ImageError) {
                    let bytes: [UInt8]
                    switch source {
                    case .file(let path): bytes = try root.get().load(path)
                    case .inline(let data):
                        guard !data.isEmpty else { throw ImageError.corrupt("the data URI holds no valid base64") }
                        if processor.accepts(data) { continue }
                        bytes = data
                    }
                    let picture = try processor.process(bytes)
                    pictures.append(picture)
                    conversation.messages[messageIndex].parts[partIndex] = .image(.data(picture.bytes, mimeType: "image/jpeg"))
                } catch {
                    let message = if case .badPath = error { error.message } else { "\(reference): \(error.message)" }
                    return .failure(Reject(reason: error.code, message: message, source: record.source,
                                           fields: [(key: "image", value: reference)]))
                }
            }
        }
        record.example = .conversation(conversation)
        return .success((record, pictures))
    }

    /// Where a picture named by a URL comes from, when it needs preparing.
    enum Source {
        case file(String)
        case inline([UInt8])
    }

    /// nil for http(s) URLs (kept as they are); the bytes of a `data:` URI; the path of a `file://` URL or of a
    /// bare path.
    static func source(of url: String) -> Source? {
        let lower = url.prefix(12).lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") { return nil }
        if lower.hasPrefix("data:") {
            guard let comma = url.firstIndex(of: ","), url[..<comma].lowercased().hasSuffix(";base64"),
                  let data = Data(base64Encoded: String(url[url.index(after: comma)...]), options: .ignoreUnknownCharacters) else {
                return .inline([])
            }
            return .inline([UInt8](data))
        }
        if lower.contains("://") && !lower.hasPrefix("file://") { return nil }
        return .file(url)
    }
}
