#if canImport(Glibc)
import Glibc
#endif

/// A record kept and the records dropped as its duplicates: where the kept one came from, the first five
/// duplicates' locations and how many there were. The report lists the 20 largest, largest first.
public struct DuplicateCluster: Sendable, Equatable {
    /// Where the kept record came from (`faq.csv:12`).
    public var kept: String
    /// Where the first duplicates came from, in input order (at most ``shownDuplicates``).
    public var duplicates: [String]
    /// How many records were dropped as duplicates of the kept one.
    public var count: Int
    /// Whether the duplicates are similar (`--dedup near`) rather than equal.
    public var near: Bool

    /// Duplicate locations listed per cluster.
    public static let shownDuplicates = 5
    /// Clusters listed in the report.
    public static let shownClusters = 20

    /// The cluster as report JSON.
    var json: JSONValue {
        .object(["kept": .string(kept), "duplicates": .array(duplicates.map { .string($0) }),
                 "count": .int(count), "near": .bool(near)])
    }

    /// The largest clusters of a written `duplicates.jsonl` (each line names its own source and the source of the
    /// record it repeats, `duplicate_of_source`, or resembles, `similar_to_source`), largest first, then in the
    /// order their first duplicate appeared. Two passes over the file: the first counts every cluster, the
    /// second keeps the locations of the largest only. Lines that cannot be read are passed over.
    static func largest(inDuplicatesFile path: String, limit: Int = shownClusters) -> [DuplicateCluster] {
        struct Key: Hashable {
            var kept: String
            var near: Bool
        }
        var counts: [Key: (count: Int, order: Int)] = [:]
        forEachEntry(path) { _, key in
            let order = counts.count
            counts[Key(kept: key.kept, near: key.near), default: (0, order)].count += 1
        }
        let top = counts.sorted { $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.value.order < $1.value.order }
            .prefix(limit)
        guard !top.isEmpty else { return [] }
        var clusters = top.map { DuplicateCluster(kept: $0.key.kept, duplicates: [], count: $0.value.count, near: $0.key.near) }
        var index = Dictionary(uniqueKeysWithValues: top.enumerated().map { ($0.element.key, $0.offset) })
        forEachEntry(path) { source, key in
            guard let at = index[Key(kept: key.kept, near: key.near)] else { return }
            clusters[at].duplicates.append(source)
            if clusters[at].duplicates.count == shownDuplicates { index[Key(kept: key.kept, near: key.near)] = nil }
        }
        return clusters
    }

    private static let recordKey = Array(#","record":"#.utf8)

    /// Where `,"record":` starts in a line: the first `,"r` (the keys before it hold no unescaped quote).
    private static func headEnd(_ line: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = line.baseAddress else { return nil }
        var from = 0
        while from < line.count, let hit = memchr(base + from, Int32(UInt8(ascii: ",")), line.count - from) {
            let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if line.count - at >= recordKey.count && memcmp(base + at, recordKey, recordKey.count) == 0 { return at }
            from = at + 1
        }
        return nil
    }

    /// Each line's own source and the source it repeats; only the line's head (before `"record"`) is parsed.
    private static func forEachEntry(_ path: String, _ body: (String, (kept: String, near: Bool)) -> Void) {
        guard let source = try? ByteSource(path: path) else { return }
        try? LineSplitter.forEachLine(of: source) { (line: UnsafeBufferPointer<UInt8>) throws(Never) in
            guard let end = headEnd(line) else { return }
            var head = Array(UnsafeBufferPointer(rebasing: line[0..<end]))
            head.append(UInt8(ascii: "}"))
            guard let object = (try? JSONReader.parse(head))?.value.objectValue,
                  let own = object["source"]?.stringValue else { return }
            if let kept = object["duplicate_of_source"]?.stringValue {
                body(own, (kept, false))
            } else if let kept = object["similar_to_source"]?.stringValue {
                body(own, (kept, true))
            }
        }
    }
}
