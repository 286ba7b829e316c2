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
    /// order their first duplicate appeared. Two passes over the file: the first counts every cluster by the
    /// kept record's location as written (no decoding), the second keeps the locations of the largest only.
    /// Lines that cannot be read are passed over.
    static func largest(inDuplicatesFile path: String, limit: Int = shownClusters) -> [DuplicateCluster] {
        var counts: [Key: (count: Int, order: Int)] = [:]
        forEachEntry(path) { _, key in
            let order = counts.count
            counts[key, default: (0, order)].count += 1
        }
        let top = counts.sorted { $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.value.order < $1.value.order }
            .prefix(limit)
        guard !top.isEmpty else { return [] }
        var clusters = top.map { DuplicateCluster(kept: decode($0.key.kept), duplicates: [], count: $0.value.count, near: $0.key.near) }
        var index = Dictionary(uniqueKeysWithValues: top.enumerated().map { ($0.element.key, $0.offset) })
        forEachEntry(path) { source, key in
            guard let at = index[key] else { return }
            clusters[at].duplicates.append(decode(source))
            if clusters[at].duplicates.count == shownDuplicates { index[key] = nil }
        }
        return clusters
    }

    /// A cluster: the kept record's location as its JSON string holds it (escapes and all), and whether near.
    private struct Key: Hashable {
        var kept: [UInt8]
        var near: Bool
    }

    private static let sourceKey = Array(#"{"source":""#.utf8)
    private static let exactKey = Array(#","duplicate_of_source":""#.utf8)
    private static let nearKey = Array(#","similar_to_source":""#.utf8)

    /// Each line's own source and the cluster it belongs to, as written (``DuplicateFilter/Match/writeLine``
    /// puts `source` first and the repeated record's source before `record`).
    private static func forEachEntry(_ path: String, _ body: ([UInt8], Key) -> Void) {
        guard let source = try? ByteSource(path: path) else { return }
        try? LineSplitter.forEachLine(of: source) { (line: UnsafeBufferPointer<UInt8>) throws(Never) in
            guard line.count > sourceKey.count, memcmp(line.baseAddress!, sourceKey, sourceKey.count) == 0,
                  let own = stringEnd(line, from: sourceKey.count) else { return }
            let ownBytes = Array(line[sourceKey.count..<own])
            if let (start, end) = value(after: exactKey, in: line) {
                body(ownBytes, Key(kept: Array(line[start..<end]), near: false))
            } else if let (start, end) = value(after: nearKey, in: line) {
                body(ownBytes, Key(kept: Array(line[start..<end]), near: true))
            }
        }
    }

    /// The bounds of the string value after `key` (which ends in the value's opening quote).
    private static func value(after key: [UInt8], in line: UnsafeBufferPointer<UInt8>) -> (Int, Int)? {
        let base = line.baseAddress!
        var from = 0
        while from < line.count, let hit = memchr(base + from, Int32(key[0]), line.count - from) {
            let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if line.count - at >= key.count && memcmp(base + at, key, key.count) == 0 {
                return stringEnd(line, from: at + key.count).map { (at + key.count, $0) }
            }
            from = at + 1
        }
        return nil
    }

    /// Where the JSON string starting at `start` (after its opening quote) ends: its closing quote.
    private static func stringEnd(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        while index < line.count {
            switch line[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""): return index
            default: index += 1
            }
        }
        return nil
    }

    /// The text of a JSON string's contents as written.
    private static func decode(_ bytes: [UInt8]) -> String {
        if !bytes.contains(UInt8(ascii: "\\")) { return String(decoding: bytes, as: UTF8.self) }
        let quoted = [UInt8(ascii: "\"")] + bytes + [UInt8(ascii: "\"")]
        return (try? JSONReader.parse(quoted))?.value.stringValue ?? String(decoding: bytes, as: UTF8.self)
    }
}
