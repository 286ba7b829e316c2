/// First-seen locations by ordinal (``Deduplicator``, ``ConflictFilter``): a 4-byte line per ordinal, the file
/// once per run of ordinals from it, and whole locations only for those with a sheet or a cell.
struct OriginLog: Sendable {
    private var lines: [UInt32] = []
    private var fileRuns: [(firstOrdinal: Int, file: String)] = []
    private var extra: [Int: SourceLocation] = [:]

    /// Room for `count` locations, so that the lines never grow by doubling past what is needed.
    mutating func reserve(_ count: Int) {
        lines.reserveCapacity(count)
    }

    /// Notes the location of the next ordinal.
    mutating func append(_ source: SourceLocation, ordinal: Int) {
        let line = source.line.flatMap { UInt32(exactly: $0) } ?? 0
        append(file: source.file, line: line, ordinal: ordinal)
        if source.sheet != nil || source.cell != nil || (source.line != nil && line == 0) {
            extra[ordinal] = source
        }
    }

    /// Notes the next ordinal's file and line (0: none), without building a location (the byte lane's path).
    mutating func append(file: String, line: UInt32, ordinal: Int) {
        if fileRuns.last?.file != file { fileRuns.append((firstOrdinal: ordinal, file: file)) }
        lines.append(line)
    }

    /// Keeps the whole location of an ordinal already appended (one with a sheet or a cell).
    mutating func keep(_ source: SourceLocation, for ordinal: Int) {
        extra[ordinal] = source
    }

    func location(_ ordinal: Int) -> SourceLocation {
        if let location = extra[ordinal] { return location }
        let line = Int(lines[ordinal])
        let run = fileRuns.last { $0.firstOrdinal <= ordinal }!
        return SourceLocation(file: run.file, line: line == 0 ? nil : line)
    }
}
