import Foundation
import TuneKitImages

/// Replaces the pictures of records by prepared JPEG data, several at a time: local paths (from a table, or an
/// `image_url` of a JSONL record that is a path or `file://` URL) are read under the image root; data URIs that
/// the platform would refuse (PNG, sideways, larger than the size rule or the byte budget, CMYK) are decoded and
/// prepared, while a JPEG data URI that already fits is kept byte for byte; http(s) URLs are kept (never
/// fetched). A picture that cannot be used (missing, outside the image root, not an image, damaged, too large)
/// rejects its record with the reason, and the reference as it was written in the data.
///
/// A picture named by several records (a product photo with five questions) is prepared once: the distinct
/// pictures of a window of records go to the threads, and the last window's results are reused.
struct ImageInliner {
    let embedding: ImageEmbedding
    let processor: ImageProcessor
    /// What was done, for the report.
    private(set) var facts = ConversionReport.ImageFacts()
    /// The pictures the decoder warned about (``CodecWarningNotes``).
    private(set) var codecWarnings = CodecWarningNotes()
    private var roots: [String: Result<ImageRoot, ImageError>] = [:]
    /// Prepared pictures by key, of the last window: a picture named again in the next one is not prepared again.
    private var recent: [String: Outcome] = [:]
    /// The most picture bytes kept from one window for the next.
    static let retainedBytes = 16 << 20

    /// A picture to prepare: where it comes from, and how the data wrote it.
    struct Job: Sendable {
        var key: String
        var reference: String
        var source: Source
        var root: Result<ImageRoot, ImageError>
    }

    /// The prepared picture, nil for an inline JPEG kept as it is, or why it cannot be used.
    typealias Outcome = Result<ProcessedImage?, ImageError>

    /// Where a picture named by a URL comes from.
    enum Source: Sendable {
        case file(String)
        case inline([UInt8])
        /// A picture inside an input workbook, read from its package when prepared.
        case packaged(WorkbookPicture)
    }

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
        // 1. The pictures each record names: those the last window prepared, and the distinct new ones.
        var wanted: [[(message: Int, part: Int, job: Job)]] = []
        var pending: [Job] = []
        var window: [String: Outcome] = [:]
        var seen: Set<String> = []
        for record in records {
            let root = root(for: record)
            var jobs: [(message: Int, part: Int, job: Job)] = []
            if case .conversation(let conversation) = record.example {
                for (messageIndex, message) in conversation.messages.enumerated() {
                    for (partIndex, part) in message.parts.enumerated() {
                        guard case .image(let image) = part, let job = Self.job(for: image, root: root) else { continue }
                        jobs.append((messageIndex, partIndex, job))
                        if let done = recent[job.key] {
                            window[job.key] = done
                        } else if seen.insert(job.key).inserted {
                            pending.append(job)
                        }
                    }
                }
            }
            wanted.append(jobs)
        }
        // 2. Prepare them on all threads.
        let processor = processor
        let prepared = ParallelMap.map(pending.count, jobs: embedding.jobs) { index in
            Self.prepare(pending[index], processor: processor)
        }
        for (job, outcome) in zip(pending, prepared) {
            window[job.key] = outcome
            guard case .success(let picture?) = outcome else { continue }
            facts.prepared += 1
            if !picture.codecWarnings.isEmpty {
                // The first record naming the picture gives the place (a rare path: only warned pictures look).
                let first = zip(records, wanted).first { $0.1.contains { $0.job.key == job.key } }?.0
                if codecWarnings.note(job.key, reference: job.reference, picture.codecWarnings, at: first?.source) {
                    facts.codecWarnings += 1
                }
            }
        }
        // 3. Put them in, in order.
        var results: [Result<Record, Reject>] = []
        results.reserveCapacity(records.count)
        for (record, jobs) in zip(records, wanted) {
            results.append(place(jobs, into: record, from: window))
        }
        // This window's pictures stay for the next one unless they are large (a bound on memory, not on correctness).
        let retained = window.values.reduce(0) { total, outcome in
            if case .success(let picture?) = outcome { total + picture.bytes.count } else { total }
        }
        recent = retained <= Self.retainedBytes ? window : [:]
        return results
    }

    private mutating func place(_ jobs: [(message: Int, part: Int, job: Job)], into record: Record,
                                from window: [String: Outcome]) -> Result<Record, Reject> {
        guard !jobs.isEmpty, case .conversation(var conversation) = record.example else { return .success(record) }
        var pictures: [ProcessedImage] = []
        for (message, part, job) in jobs {
            guard let outcome = window[job.key] else { continue }
            switch outcome {
            case .success(nil):
                // A JPEG data URI that already fits is kept byte for byte; in files mode, as a file of those bytes.
                guard embedding.mode == .files, case .inline(let bytes) = job.source else { continue }
                switch writeFile(bytes) {
                case .success(let url):
                    conversation.messages[message].parts[part] = .image(.url(url))
                    facts.embedded += 1
                    facts.bytes += bytes.count
                case .failure(let reject):
                    return .failure(Reject(reason: reject.reason, message: "\(job.reference): \(reject.message)",
                                           source: record.source, fields: [(key: "image", value: job.reference)]))
                }
            case .success(let picture?):
                pictures.append(picture)
                if embedding.mode == .files {
                    switch writeFile(picture.bytes) {
                    case .success(let url): conversation.messages[message].parts[part] = .image(.url(url))
                    case .failure(let reject):
                        return .failure(Reject(reason: reject.reason, message: "\(job.reference): \(reject.message)",
                                               source: record.source, fields: [(key: "image", value: job.reference)]))
                    }
                } else {
                    conversation.messages[message].parts[part] = .image(.data(picture.bytes, mimeType: "image/jpeg"))
                }
            case .failure(let error):
                let text = if case .badPath = error { error.message } else { "\(job.reference): \(error.message)" }
                return .failure(Reject(reason: error.code, message: text, source: record.source,
                                       fields: [(key: "image", value: job.reference)]))
            }
        }
        for picture in pictures { facts.add(picture, prepared: false) }
        var record = record
        record.example = .conversation(conversation)
        return .success(record)
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

    /// The work an image part needs; nil for http(s) URLs (kept as they are) and pictures already prepared.
    /// Files are keyed by their real path, so `a.jpg` and `./x/../a.jpg` are one picture.
    static func job(for image: ImageRef, root: Result<ImageRoot, ImageError>) -> Job? {
        func fileJob(_ path: String) -> Job {
            let key = (try? root.get().resolve(path)) ?? ((try? root.get().path) ?? "") + "\u{0}" + path
            return Job(key: "file\u{0}" + key, reference: path, source: .file(path), root: root)
        }
        switch image {
        case .path(let path):
            return fileJob(path)
        case .url(let url):
            let lower = url.prefix(12).lowercased()
            if lower.hasPrefix("http://") || lower.hasPrefix("https://") { return nil }
            let reference = String(url.prefix(60)) + (url.count > 60 ? "…" : "")
            if lower.hasPrefix("data:") {
                var bytes: [UInt8] = []
                if let comma = url.firstIndex(of: ","), url[..<comma].lowercased().hasSuffix(";base64"),
                   let data = Data(base64Encoded: String(url[url.index(after: comma)...]), options: .ignoreUnknownCharacters) {
                    bytes = [UInt8](data)
                }
                // Keyed by a hash, not the URI itself: two windows of data URIs would hold megabytes of keys.
                let key = "data\u{0}\(url.utf8.count)\u{0}\(WyHash.hash(url, seed: 0x696d616765))"
                return Job(key: key, reference: reference, source: .inline(bytes), root: root)
            }
            if lower.contains("://") && !lower.hasPrefix("file://") { return nil }
            return fileJob(url)
        case .data:
            return nil
        case .packaged(let picture):
            return Job(key: "package\u{0}\(picture.workbook)\u{0}\(picture.entry)", reference: picture.description,
                       source: .packaged(picture), root: root)
        }
    }

    private static func prepare(_ job: Job, processor: ImageProcessor) -> Outcome {
        Result { () throws(ImageError) -> ProcessedImage? in
            let bytes: [UInt8]
            switch job.source {
            case .file(let path): bytes = try job.root.get().load(path)
            case .inline(let data):
                guard !data.isEmpty else { throw ImageError.corrupt("the data URI holds no valid base64") }
                if processor.accepts(data) { return nil }
                bytes = data
            case .packaged(let picture): bytes = try picture.bytes()
            }
            return try processor.process(bytes)
        }
    }
}
