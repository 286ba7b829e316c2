/// Holds records back in windows so that their local pictures are prepared together on all cores
/// (``ImageInliner``), and gives them back in input order, each inlined or rejected.
///
/// Every record queues, not only those with pictures, so that the output keeps the input's order.
struct ImageWindow {
    /// Records per window.
    static let size = 64
    private var inliner: ImageInliner
    private var queue: [Record] = []

    init(embedding: ImageEmbedding, profile: PlatformProfile) {
        inliner = ImageInliner(embedding: embedding, profile: profile)
        queue.reserveCapacity(Self.size)
    }

    /// What was inlined so far, for the report.
    var facts: ConversionReport.ImageFacts { inliner.facts }

    /// One warning per picture the decoder warned about (`img.codec_warning`).
    var warnings: [Diagnostic] { inliner.codecWarnings.warnings }

    /// Queues `record`; when the window is full, returns the window's records, prepared.
    mutating func add(_ record: Record) -> [Result<Record, Reject>]? {
        queue.append(record)
        return queue.count >= Self.size ? drain() : nil
    }

    /// Prepares and returns whatever is queued.
    mutating func drain() -> [Result<Record, Reject>] {
        guard !queue.isEmpty else { return [] }
        let batch = queue
        queue.removeAll(keepingCapacity: true)
        return inliner.inline(batch)
    }
}
