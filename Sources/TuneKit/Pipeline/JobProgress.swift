/// How far a long job has come, as its progress callback is told: bytes of input read (files) or items done
/// (pictures, lines), out of a total when one is known.
///
/// Jobs report at chunk or batch granularity (every few thousand records, or after each window of pictures), so a
/// callback costs nothing on the hot path; a caller that draws it (the CLI's progress line) throttles further.
///
/// ```swift
/// let result = try ConvertJob(options: options).run { progress in
///     print(progress.done, progress.total ?? -1, progress.unit)
/// }
/// ```
public struct JobProgress: Sendable, Equatable {
    /// What ``done`` and ``total`` count.
    public enum Unit: String, Sendable {
        /// Bytes of input read.
        case bytes
        /// Records (or lines) read.
        case records
        /// Pictures prepared.
        case pictures
    }

    /// How much is done, in ``unit``.
    public var done: Int
    /// How much there is in all, in ``unit``; `nil` when unknown (standard input, a pipe, a workbook read by parts).
    public var total: Int?
    /// What ``done`` and ``total`` count.
    public var unit: Unit
    /// Records read so far, when ``unit`` counts something else (bytes); `nil` otherwise.
    public var records: Int?
    /// Pictures inlined so far, for runs that prepare pictures; `nil` otherwise.
    public var pictures: Int?

    /// Creates a report.
    public init(done: Int, total: Int?, unit: Unit, records: Int? = nil, pictures: Int? = nil) {
        self.done = done
        self.total = total
        self.unit = unit
        self.records = records
        self.pictures = pictures
    }

    /// How many records pass between two reports of a record-by-record job (a power of two: one mask test per record).
    package static let recordInterval = 4096
}
