/// Source locations stored compactly, by ordinal: 4 bytes of line each, the file once per run of ordinals from
/// the same file, and the rare location with a sheet or cell kept whole.
struct LocationColumn: Sendable {
    private var lines: [UInt32] = []
    private var fileRuns: [(firstOrdinal: Int, file: String)] = []
    private var extra: [Int: SourceLocation] = [:]

    var count: Int { lines.count }

    /// Bytes held by the line array (its capacity); files and extras are per run, not per ordinal.
    var bytes: Int { lines.capacity * 4 }

    mutating func append(_ location: SourceLocation) {
        if fileRuns.last?.file != location.file { fileRuns.append((firstOrdinal: lines.count, file: location.file)) }
        if location.sheet != nil || location.cell != nil { extra[lines.count] = location }
        lines.append(UInt32(truncatingIfNeeded: location.line ?? 0))
    }

    subscript(ordinal: Int) -> SourceLocation {
        if let location = extra[ordinal] { return location }
        let line = Int(lines[ordinal])
        var low = 0
        var high = fileRuns.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if fileRuns[middle].firstOrdinal <= ordinal { low = middle } else { high = middle - 1 }
        }
        return SourceLocation(file: fileRuns[low].file, line: line == 0 ? nil : line)
    }
}
