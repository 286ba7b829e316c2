/// Exact de-duplication over content fingerprints, in bounded memory: an open-addressing table of
/// 12 bytes per distinct record (64-bit fingerprint + first-seen ordinal), no text kept.
///
/// ```swift
/// var dedup = Deduplicator()
/// if let original = dedup.insert(record.id, source: record.source) { /* duplicate */ }
/// ```
/// - Complexity: O(1) expected per record.
public struct Deduplicator: Sendable {
    /// What a duplicate duplicates: the first record with the same content.
    public struct Original: Sendable, Equatable {
        public var id: RecordID
        public var source: SourceLocation
    }

    private var keys: [UInt64]
    private var slots: [UInt32]
    private var mask: Int
    /// Distinct records seen.
    public private(set) var count = 0
    /// First-seen locations, one per distinct record, compactly: file index and line.
    private var originLines: [UInt32] = []
    private var originFiles: [UInt16] = []
    private var files: [String] = []
    private var fileIndex: [String: UInt16] = [:]
    private var originExtra: [Int: SourceLocation] = [:]

    private static let empty = UInt32.max

    /// Creates a table sized for about `expectedCount` distinct records (it grows as needed).
    public init(expectedCount: Int = 1 << 14) {
        var capacity = 1 << 10
        while capacity * 3 / 4 < expectedCount { capacity <<= 1 }
        keys = [UInt64](repeating: 0, count: capacity)
        slots = [UInt32](repeating: Self.empty, count: capacity)
        mask = capacity - 1
    }

    /// Inserts a record id (the first 64 bits of its content fingerprint). Returns `nil` when it is new,
    /// or the original it duplicates.
    public mutating func insert(_ id: RecordID, source: SourceLocation) -> Original? {
        let key = id.rawValue
        var index = Int(truncatingIfNeeded: key ^ (key >> 29)) & mask
        while true {
            let slot = slots[index]
            if slot == Self.empty { break }
            if keys[index] == key {
                return Original(id: RecordID(rawValue: key), source: origin(Int(slot)))
            }
            index = (index + 1) & mask
        }
        keys[index] = key
        slots[index] = UInt32(truncatingIfNeeded: count)
        record(source)
        count += 1
        if count * 4 > keys.count * 3 { grow() }
        return nil
    }

    private mutating func record(_ source: SourceLocation) {
        let file: UInt16
        if let known = fileIndex[source.file] {
            file = known
        } else {
            file = UInt16(truncatingIfNeeded: files.count)
            files.append(source.file)
            fileIndex[source.file] = file
        }
        originFiles.append(file)
        originLines.append(UInt32(truncatingIfNeeded: source.line ?? 0))
        if source.sheet != nil || source.cell != nil { originExtra[count] = source }
    }

    private func origin(_ ordinal: Int) -> SourceLocation {
        if let extra = originExtra[ordinal] { return extra }
        let line = Int(originLines[ordinal])
        return SourceLocation(file: files[Int(originFiles[ordinal])], line: line == 0 ? nil : line)
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldSlots = slots
        let capacity = keys.count * 2
        keys = [UInt64](repeating: 0, count: capacity)
        slots = [UInt32](repeating: Self.empty, count: capacity)
        mask = capacity - 1
        for (position, slot) in oldSlots.enumerated() where slot != Self.empty {
            let key = oldKeys[position]
            var index = Int(truncatingIfNeeded: key ^ (key >> 29)) & mask
            while slots[index] != Self.empty { index = (index + 1) & mask }
            keys[index] = key
            slots[index] = slot
        }
    }
}
