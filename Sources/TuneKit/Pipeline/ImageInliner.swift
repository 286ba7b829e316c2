import TuneKitImages

/// Replaces the local image paths of records by prepared JPEG data, several pictures at a time. A picture that
/// cannot be used (missing, outside the image root, not an image, damaged, too large) rejects its record with
/// the reason, and the path as it was written in the data.
struct ImageInliner {
    /// What was done, for the report.
    struct Facts: Sendable, Equatable {
        var embedded = 0
        var bytes = 0
        var turnedUpright = 0
        var resized = 0
        var shrunkForBudget = 0
        var largestBase64 = 0
    }

    let embedding: ImageEmbedding
    let processor: ImageProcessor
    private(set) var facts = Facts()
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

    /// Whether any message of `record` names a local file.
    static func hasLocalImages(_ record: Record) -> Bool {
        guard case .conversation(let conversation) = record.example else { return false }
        return conversation.messages.contains { message in
            message.parts.contains { if case .image(.path) = $0 { true } else { false } }
        }
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
                guard case .image(.path(let path)) = conversation.messages[messageIndex].parts[partIndex] else { continue }
                do throws(ImageError) {
                    let bytes = try root.get().load(path)
                    let picture = try processor.process(bytes)
                    pictures.append(picture)
                    conversation.messages[messageIndex].parts[partIndex] = .image(.data(picture.bytes, mimeType: "image/jpeg"))
                } catch {
                    let message = if case .badPath = error { error.message } else { "\(path): \(error.message)" }
                    return .failure(Reject(reason: error.code, message: message, source: record.source,
                                           fields: [(key: "image", value: path)]))
                }
            }
        }
        record.example = .conversation(conversation)
        return .success((record, pictures))
    }
}
