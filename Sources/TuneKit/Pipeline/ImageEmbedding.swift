import TuneKitImages

/// How images named by records reach the output: as the URLs given, or read from local files, prepared
/// (upright, resized, re-encoded as JPEG within the byte budget) and inlined as `data:image/jpeg;base64,` URIs.
public struct ImageEmbedding: Sendable, Equatable {
    /// Where the output's images point.
    public enum Mode: String, Sendable, CaseIterable {
        /// Images stay the http(s) URLs given; local files are rejected.
        case url
        /// Local files are inlined as base64 data URIs; http(s) URLs are kept as they are (never fetched).
        case base64
        /// Local files and workbook pictures are prepared as in `base64`, written to ``ImageEmbedding/outputFolder``
        /// under a name made from their content, and the line carries ``ImageEmbedding/baseURL``/name.
        case files

        /// Whether local pictures are read and prepared (`base64`, `files`).
        public var preparesLocal: Bool { self != .url }
    }

    /// URLs as given, or local pictures inlined as base64.
    public var mode: Mode
    /// The folder local paths resolve under; nil for each input file's own folder.
    public var root: String?
    /// Size rule, quality and byte budget of inlined pictures (always JPEG: the platform's only inline type).
    public var image: ImageOptions
    /// Threads preparing pictures.
    public var jobs: Int
    /// `files` mode: the folder prepared pictures are written to (`--image-out`).
    public var outputFolder: String?
    /// `files` mode: the URL the folder is served at (`--image-base-url`); lines carry `baseURL/name`.
    public var baseURL: String?

    /// URL mode; in base64 mode, fit within 1024 px at quality 85, within the base64 size of the profile's
    /// per-image cap.
    public init(mode: Mode = .url, root: String? = nil, image: ImageOptions = ImageOptions(),
                jobs: Int = ParallelMap.defaultJobs) {
        self.mode = mode
        self.root = root
        self.image = image
        self.jobs = jobs
    }
}

extension ConversionReport.ImageFacts {
    /// Counts one picture put into the output (`prepared`: also counted as a distinct preparation).
    mutating func add(_ picture: ProcessedImage, prepared isNew: Bool = true) {
        embedded += 1
        if isNew { prepared += 1 }
        if isNew && !picture.codecWarnings.isEmpty { codecWarnings += 1 }
        bytes += picture.bytes.count
        if picture.orientation != .up { turnedUpright += 1 }
        if picture.width != picture.sourceWidth || picture.height != picture.sourceHeight { resized += 1 }
        if picture.shrunkForBudget { shrunkForBudget += 1 }
        if picture.convertedFrom != nil { colorConverted += 1 }
        largestBase64 = max(largestBase64, picture.base64Length)
    }
}
