/// The groups a split keeps on one side: a union-find over record ordinals (4 bytes a record), joined by equal
/// keys (record ids, normalised user text, `--group-by` values) and by similar text (``SplitSketch`` bands,
/// every candidate sharing a band verified, so no pair is skipped because its bucket held another record).
struct SplitGroups {
    private var parent: [Int32]

    init(count: Int) {
        parent = (0..<count).map { Int32(truncatingIfNeeded: $0) }
    }

    /// The representative of `ordinal`'s group.
    mutating func find(_ ordinal: Int) -> Int {
        var root = ordinal
        while Int(parent[root]) != root { root = Int(parent[root]) }
        var node = ordinal
        while Int(parent[node]) != root {
            let next = Int(parent[node])
            parent[node] = Int32(truncatingIfNeeded: root)
            node = next
        }
        return root
    }

    /// Joins the groups of `a` and `b` (the smaller ordinal stays the representative).
    mutating func union(_ a: Int, _ b: Int) {
        let x = find(a), y = find(b)
        guard x != y else { return }
        if x < y { parent[y] = Int32(truncatingIfNeeded: x) } else { parent[x] = Int32(truncatingIfNeeded: y) }
    }

    /// Joins records with equal non-zero keys (0 means "no key").
    mutating func join(equal keys: [UInt64]) {
        var order: [(key: UInt64, ordinal: Int32)] = []
        order.reserveCapacity(keys.count)
        for (ordinal, key) in keys.enumerated() where key != 0 { order.append((key, Int32(truncatingIfNeeded: ordinal))) }
        order.sort { $0.key != $1.key ? $0.key < $1.key : $0.ordinal < $1.ordinal }
        var i = 1
        while i < order.count {
            if order[i].key == order[i - 1].key { union(Int(order[i - 1].ordinal), Int(order[i].ordinal)) }
            i += 1
        }
    }

    /// Joins records whose sketches (`layout` bytes each, in `storage`; records flagged in `skip` have none worth
    /// comparing) share a band and agree in at least `layout.verifyMatches` bytes.
    mutating func join(similar storage: [UInt8], count: Int, layout: SplitSketch, skip: (Int) -> Bool) {
        var entries: [UInt64] = []
        entries.reserveCapacity(count)
        var window: [Exemplars] = []
        var sorter = BandSort()
        storage.withUnsafeBufferPointer { sketches in
            for band in 0..<layout.bands {
                entries.removeAll(keepingCapacity: true)
                for ordinal in 0..<count where !skip(ordinal) {
                    entries.append(UInt64(layout.bandKey(sketches, ordinal, band: band)) << 32 | UInt64(ordinal))
                }
                sorter.sort(&entries)
                var start = 0
                while start < entries.count {
                    var end = start + 1
                    while end < entries.count && entries[end] >> 32 == entries[start] >> 32 { end += 1 }
                    if end - start > 1 { joinBucket(entries[start..<end], sketches, layout, window: &window) }
                    start = end
                }
            }
        }
    }

    /// The records a bucket's group is compared by: its first record and the latest to join it.
    struct Exemplars {
        var first: Int32
        var latest: Int32
    }

    /// Groups of a bucket a record is compared with: the most recently joined or opened ones.
    static let window = 16

    /// One bucket of records sharing a band, in input order: each record is compared with the exemplars (first
    /// and latest member) of the ``window`` groups of the bucket most recently joined or opened, and joins every
    /// one that agrees; a group it joins moves to the front. The work is linear in the bucket (at most 32
    /// comparisons a record), where comparing with every member was quadratic: templated rows, alike but below
    /// the threshold, fill buckets by the thousand. A similar pair shares several bands (about 8 of 25 at the
    /// threshold), so it is missed only when every bucket it shares is crowded with other groups; the leakage
    /// audit looks for such pairs and the planner joins what it finds.
    private mutating func joinBucket(_ bucket: ArraySlice<UInt64>, _ sketches: UnsafeBufferPointer<UInt8>,
                                     _ layout: SplitSketch, window: inout [Exemplars]) {
        window.removeAll(keepingCapacity: true)
        for entry in bucket {
            let ordinal = Int(entry & 0xFFFF_FFFF)
            var joined = -1
            var index = window.count - 1
            let oldest = max(0, window.count - Self.window)
            while index >= oldest {
                let group = window[index]
                let first = Int(group.first), latest = Int(group.latest)
                let agrees = find(first) == find(ordinal)
                    || SplitSketch.matches(sketches, first, ordinal) >= layout.verifyMatches
                    || (latest != first && SplitSketch.matches(sketches, latest, ordinal) >= layout.verifyMatches)
                if agrees {
                    union(first, ordinal)
                    if joined >= 0 { window.remove(at: joined) }  // joined > index: the group it merged into
                    joined = index
                }
                index -= 1
            }
            if joined >= 0 {
                var group = window.remove(at: joined)
                group.latest = Int32(truncatingIfNeeded: ordinal)
                window.append(group)
            } else {
                window.append(Exemplars(first: Int32(truncatingIfNeeded: ordinal), latest: Int32(truncatingIfNeeded: ordinal)))
            }
        }
    }
}
