/// The LSH band tables of ``NearDuplicateIndex``: for every band a multimap from the band's 64-bit key to the
/// ordinals of the records stored under it, in one open-addressing array (linear probing) per band.
///
/// A slot is 5 bytes: the ordinal (`UInt32`) and an 8-bit tag from the key's low bits, never 0 (0 marks an empty
/// slot; the slot comes from the key's high bits), so a probe reads the tag array only and a tag match is a
/// candidate that the index verifies against the stored signature. Keys are not stored: the index recomputes
/// them from the stored signatures when the table grows. Every band holds the same records, so the bands share
/// one capacity; it grows by 1.5× at a load of 0.875, so the load stays between 0.583 and 0.875: at most
/// 5 / 0.583 ≈ 8.6 bytes per record and band.
struct BandTable: Sendable {
    let bands: Int
    /// Slots per band.
    private(set) var capacity: Int
    /// Records stored (each in every band).
    private(set) var count = 0
    /// Band b's slots are `b * capacity ..< (b + 1) * capacity`.
    private var ordinals: [UInt32]
    private var tags: [UInt8]

    static let maximumLoad = 0.875
    static let growth = 1.5
    static let initialCapacity = 1024

    init(bands: Int) {
        self.bands = bands
        capacity = Self.initialCapacity
        ordinals = [UInt32](repeating: 0, count: bands * capacity)
        tags = [UInt8](repeating: 0, count: bands * capacity)
    }

    /// Bytes held by the slot arrays (their allocated capacity).
    var bytes: Int { ordinals.capacity * 4 + tags.capacity }

    /// The key's low 8 bits, 1 for 0 (0 marks an empty slot).
    @inline(__always)
    private static func tag(_ key: UInt64) -> UInt8 {
        max(1, UInt8(truncatingIfNeeded: key))
    }

    @inline(__always)
    private static func slot(_ key: UInt64, capacity: Int) -> Int {
        Int(truncatingIfNeeded: key.multipliedFullWidth(by: UInt64(capacity)).high)
    }

    /// Calls `body` with each ordinal stored in `band` under a key with `key`'s tag and slot run, until it
    /// returns true (a confirmed match); returns whether one did.
    @inline(__always)
    func forEachCandidate(band: Int, key: UInt64, _ body: (Int) -> Bool) -> Bool {
        let tag = Self.tag(key)
        let capacity = self.capacity
        let base = band * capacity
        var index = Self.slot(key, capacity: capacity)
        return ordinals.withUnsafeBufferPointer { ordinals in
            tags.withUnsafeBufferPointer { tags in
                while true {
                    let stored = tags[base + index]
                    if stored == 0 { return false }
                    if stored == tag && body(Int(ordinals[base + index])) { return true }
                    index += 1
                    if index == capacity { index = 0 }
                }
            }
        }
    }

    /// Whether one more record would pass the maximum load (call ``grow(keyOf:)`` first).
    var isFull: Bool { Double(count + 1) > Double(capacity) * Self.maximumLoad }

    /// Stores record `ordinal` (the next one) under `keys` (one per band).
    mutating func insert(keys: [UInt64]) {
        let ordinal = UInt32(truncatingIfNeeded: count)
        for band in 0..<bands { place(keys[band], ordinal: ordinal, band: band) }
        count += 1
    }

    private mutating func place(_ key: UInt64, ordinal: UInt32, band: Int) {
        let capacity = self.capacity
        let base = band * capacity
        var index = Self.slot(key, capacity: capacity)
        while tags[base + index] != 0 {
            index += 1
            if index == capacity { index = 0 }
        }
        ordinals[base + index] = ordinal
        tags[base + index] = Self.tag(key)
    }

    /// Rebuilds every band at 1.5× the slots. Keys are not stored: `keyOf(band, ordinal)` recomputes a stored
    /// record's key (from its stored signature).
    mutating func grow(keyOf: (Int, Int) -> UInt64) {
        let records = count
        capacity = Int(Double(capacity) * Self.growth)
        ordinals = []
        tags = []
        ordinals = [UInt32](repeating: 0, count: bands * capacity)
        tags = [UInt8](repeating: 0, count: bands * capacity)
        for ordinal in 0..<records {
            for band in 0..<bands { place(keyOf(band, ordinal), ordinal: UInt32(truncatingIfNeeded: ordinal), band: band) }
        }
    }
}
