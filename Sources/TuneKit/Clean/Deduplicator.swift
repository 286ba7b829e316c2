import CKernels

/// Exact de-duplication over record ids (64-bit content fingerprints), in bounded memory: an
/// open-addressing table of 12 bytes per slot (id + first-seen ordinal, load ≤ 0.7) and 4 bytes per distinct
/// record for its first-seen line: about 21 bytes per distinct record. No text is kept.
///
/// ```swift
/// var dedup = Deduplicator()
/// if let original = dedup.insert(record.id, source: record.source) { /* duplicate */ }
/// ```
/// - Complexity: O(1) expected per record; probing touches one array.
package struct Deduplicator: Sendable {
    /// What a duplicate duplicates: the first record with the same content.
    package struct Original: Sendable, Equatable {
        package var id: RecordID
        package var source: SourceLocation
    }

    /// Ids by slot; 0 marks an empty slot (an id of 0 is stored as 1).
    private var keys: [UInt64]
    /// First-seen ordinals by slot, read only on a hit.
    private var ordinals: [UInt32]
    private var capacity: Int
    /// Distinct records seen.
    package private(set) var count = 0
    /// First-seen locations by ordinal.
    private var origins = OriginLog()

    /// Creates a table sized for about `expectedCount` distinct records (it grows as needed).
    package init(expectedCount: Int = 1 << 14) {
        capacity = Self.capacity(for: expectedCount)
        keys = [UInt64](repeating: 0, count: capacity)
        ordinals = [UInt32](repeating: 0, count: capacity)
        origins.reserve(expectedCount)
    }

    /// Slots for `count` records at a load of at most 0.7 (any size: slots are picked by multiply-shift).
    private static func capacity(for count: Int) -> Int {
        max(1024, count * 10 / 7 + 1)
    }

    /// Grows the table now for about `expectedCount` distinct records, so that it never has to rehash
    /// (and briefly hold two tables) while the input streams.
    package mutating func reserve(expectedCount: Int) {
        guard Self.capacity(for: expectedCount) > capacity else { return }
        rehash(to: Self.capacity(for: expectedCount))
        origins.reserve(expectedCount)
    }

    @inline(__always)
    private func slot(for key: UInt64) -> Int {
        Int(truncatingIfNeeded: key.multipliedFullWidth(by: UInt64(capacity)).high)
    }

    /// Inserts a record id (the first 64 bits of its content fingerprint). Returns `nil` when it is new,
    /// or the original it duplicates.
    package mutating func insert(_ id: RecordID, source: SourceLocation) -> Original? {
        let ordinal = count
        let original = insert(id, file: source.file, line: source.line ?? 0)
        // Only a new record's location is kept: a duplicate's would be taken for the next new record's.
        if original == nil && (source.sheet != nil || source.cell != nil) { origins.keep(source, for: ordinal) }
        return original
    }

    /// Asks the processor to start loading the slot of `id`, so that a later ``insert(_:file:line:)`` of the
    /// same id does not wait for memory (the table is far larger than the caches).
    @inline(__always)
    package func prefetch(_ id: RecordID) {
        let key = id.rawValue == 0 ? 1 : id.rawValue
        keys.withUnsafeBufferPointer { tk_prefetch($0.baseAddress! + slot(for: key)) }
    }

    /// Inserts a record id first seen at `file`, `line`.
    package mutating func insert(_ id: RecordID, file: String, line: Int) -> Original? {
        let key = id.rawValue == 0 ? 1 : id.rawValue
        var index = slot(for: key)
        let capacity = self.capacity
        let found: Int? = keys.withUnsafeBufferPointer { keys in
            while true {
                let stored = keys[index]
                if stored == 0 { return nil }
                if stored == key { return index }
                index += 1
                if index == capacity { index = 0 }
            }
        }
        if let found {
            return Original(id: id, source: origin(Int(ordinals[found])))
        }
        keys[index] = key
        ordinals[index] = UInt32(truncatingIfNeeded: count)
        origins.append(file: file, line: UInt32(truncatingIfNeeded: line), ordinal: count)
        count += 1
        if count * 10 > capacity * 7 { rehash(to: capacity * 2) }
        return nil
    }

    /// The first-seen ordinal of a stored id, or nil when it was never inserted.
    package func ordinal(of id: RecordID) -> Int? {
        let key = id.rawValue == 0 ? 1 : id.rawValue
        var index = slot(for: key)
        while keys[index] != 0 {
            if keys[index] == key { return Int(ordinals[index]) }
            index += 1
            if index == capacity { index = 0 }
        }
        return nil
    }

    /// Where the distinct record with first-seen `ordinal` (0 for the first) came from.
    package func origin(_ ordinal: Int) -> SourceLocation {
        origins.location(ordinal)
    }

    private mutating func rehash(to newCapacity: Int) {
        let oldKeys = keys
        let oldOrdinals = ordinals
        capacity = newCapacity
        keys = [UInt64](repeating: 0, count: newCapacity)
        ordinals = [UInt32](repeating: 0, count: newCapacity)
        for (position, key) in oldKeys.enumerated() where key != 0 {
            var index = slot(for: key)
            while keys[index] != 0 {
                index += 1
                if index == newCapacity { index = 0 }
            }
            keys[index] = key
            ordinals[index] = oldOrdinals[position]
        }
    }
}
