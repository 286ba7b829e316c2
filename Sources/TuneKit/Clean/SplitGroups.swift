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
        storage.withUnsafeBufferPointer { sketches in
            for band in 0..<layout.bands {
                entries.removeAll(keepingCapacity: true)
                for ordinal in 0..<count where !skip(ordinal) {
                    entries.append(UInt64(layout.bandKey(sketches, ordinal, band: band)) << 32 | UInt64(ordinal))
                }
                entries.sort()
                var start = 0
                while start < entries.count {
                    var end = start + 1
                    while end < entries.count && entries[end] >> 32 == entries[start] >> 32 { end += 1 }
                    if end - start > 1 { joinBucket(entries[start..<end], sketches, layout) }
                    start = end
                }
            }
        }
    }

    /// One bucket of records sharing a band: each record is compared with the members of every group met so far
    /// in the bucket that it is not yet part of, until one agrees.
    private mutating func joinBucket(_ bucket: ArraySlice<UInt64>, _ sketches: UnsafeBufferPointer<UInt8>,
                                     _ layout: SplitSketch) {
        var groups: [[Int]] = []
        for entry in bucket {
            let ordinal = Int(entry & 0xFFFF_FFFF)
            var joined: [Int] = []
            for (index, members) in groups.enumerated() {
                if find(members[0]) == find(ordinal) {
                    joined.append(index)
                    continue
                }
                for member in members where SplitSketch.matches(sketches, member, ordinal) >= layout.verifyMatches {
                    union(member, ordinal)
                    joined.append(index)
                    break
                }
            }
            if joined.isEmpty {
                groups.append([ordinal])
            } else {
                // Merged in place into the largest (a bucket of one growing group stays linear).
                let largest = joined.max { groups[$0].count < groups[$1].count }!
                groups[largest].append(ordinal)
                for index in joined where index != largest {
                    let moved = groups[index]
                    groups[index] = []
                    groups[largest] += moved
                }
                if joined.count > 1 { groups.removeAll { $0.isEmpty } }
            }
        }
    }
}
