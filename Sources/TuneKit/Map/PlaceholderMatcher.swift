/// Matches whole messages against the placeholder rows of one export (``PlaceholderTable/matcher(for:)``).
///
/// Cheap per message: a message longer than the longest row (plus 200 bytes of rest) is never compared; exact rows
/// are looked up by the message's length in bytes, prefix and wrap rows only when the first byte can start one,
/// suffix and wrap rows only when the last byte can end one. ASCII letters compare in either case; a final `.` or
/// `。` of the message is optional for exact rows; U+200E/U+200F marks around the message are ignored.
package struct PlaceholderMatcher: Sendable {
    /// One row, its text as UTF-8 with ASCII letters in lower case.
    private struct Entry: Sendable {
        var head: [UInt8]
        var tail: [UInt8]
        var rest: PlaceholderTable.Rest
        var kind: PlaceholderKind
    }

    /// The most bytes the variable part of a row may take.
    package static let maxRest = 200

    private var exact: [[Entry]] = []
    private var prefixes: [Entry] = []
    private var suffixes: [Entry] = []
    private var wraps: [Entry] = []
    private var starts = [Bool](repeating: false, count: 256)
    private var ends = [Bool](repeating: false, count: 256)
    private var longest = 0

    /// A matcher of `rows`.
    init(rows: [PlaceholderTable.Row]) {
        for row in rows {
            var head = Self.folded(Array(row.text.utf8))
            var tail: [UInt8] = []
            switch row.match {
            case .exact:
                if exact.count <= head.count { exact += Array(repeating: [], count: head.count + 1 - exact.count) }
                exact[head.count].append(Entry(head: head, tail: [], rest: .none, kind: row.kind))
                longest = max(longest, head.count)
                continue
            case .prefix: break
            case .suffix: swap(&head, &tail)
            case .wrap:
                let parts = row.text.components(separatedBy: "…")
                head = Self.folded(Array(parts[0].utf8))
                tail = Self.folded(Array(parts[1].utf8))
            }
            let entry = Entry(head: head, tail: tail, rest: row.rest, kind: row.kind)
            longest = max(longest, head.count + tail.count + Self.maxRest)
            if let first = head.first { Self.mark(first, in: &starts) }
            if let last = tail.last { Self.mark(last, in: &ends) }
            switch row.match {
            case .prefix: prefixes.append(entry)
            case .suffix: suffixes.append(entry)
            default: wraps.append(entry)
            }
        }
    }

    /// The kind of placeholder `text` (white space around it already removed) is, or `nil` for a real message.
    package func kind(of text: String) -> PlaceholderKind? {
        guard text.utf8.count <= longest + 6, !text.isEmpty else { return nil }
        if let kind = text.utf8.withContiguousStorageIfAvailable({ kind(of: $0) }) { return kind }
        return Array(text.utf8).withUnsafeBufferPointer { kind(of: $0) }
    }

    private func kind(of whole: UnsafeBufferPointer<UInt8>) -> PlaceholderKind? {
        var start = 0
        var end = whole.count
        // U+200E/U+200F (E2 80 8E/8F) around the message.
        while end - start >= 3 && whole[start] == 0xE2 && whole[start + 1] == 0x80 && (whole[start + 2] == 0x8E || whole[start + 2] == 0x8F) { start += 3 }
        while end - start >= 3 && whole[end - 3] == 0xE2 && whole[end - 2] == 0x80 && (whole[end - 1] == 0x8E || whole[end - 1] == 0x8F) { end -= 3 }
        guard end > start else { return nil }
        let bytes = UnsafeBufferPointer(rebasing: whole[start..<end])
        let n = bytes.count
        if let kind = exactKind(bytes, n) { return kind }
        if bytes[n - 1] == UInt8(ascii: ".") , let kind = exactKind(bytes, n - 1) { return kind }
        if n >= 3 && bytes[n - 3] == 0xE3 && bytes[n - 2] == 0x80 && bytes[n - 1] == 0x82, let kind = exactKind(bytes, n - 3) { return kind }
        let startsRow = starts[Int(bytes[0])]
        let endsRow = ends[Int(bytes[n - 1])]
        if startsRow {
            for entry in prefixes where n > entry.head.count && Self.equal(bytes, 0, entry.head)
                && Self.fits(bytes, entry.head.count, n, entry.rest) {
                return entry.kind
            }
        }
        if endsRow {
            for entry in suffixes where n > entry.tail.count && Self.equal(bytes, n - entry.tail.count, entry.tail)
                && Self.fits(bytes, 0, n - entry.tail.count, entry.rest) {
                return entry.kind
            }
        }
        if startsRow && endsRow {
            for entry in wraps where n > entry.head.count + entry.tail.count && Self.equal(bytes, 0, entry.head)
                && Self.equal(bytes, n - entry.tail.count, entry.tail)
                && Self.fits(bytes, entry.head.count, n - entry.tail.count, entry.rest) {
                return entry.kind
            }
        }
        return nil
    }

    private func exactKind(_ bytes: UnsafeBufferPointer<UInt8>, _ length: Int) -> PlaceholderKind? {
        guard length > 0, length < exact.count else { return nil }
        for entry in exact[length] where Self.equal(bytes, 0, entry.head) { return entry.kind }
        return nil
    }

    /// Whether `bytes[from..<to]` is a rest of the kind the row asks for.
    private static func fits(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int, _ rest: PlaceholderTable.Rest) -> Bool {
        guard to > from, to - from <= maxRest else { return false }
        for index in from..<to where bytes[index] == 0x0A || bytes[index] == 0x0D { return false }
        guard rest == .file else { return true }
        // A file name: something, a dot, then 1 to 5 ASCII letters or digits.
        var index = to - 1
        while index > from && index >= to - 5 && isAlphanumeric(bytes[index]) { index -= 1 }
        return index > from && index < to - 1 && bytes[index] == UInt8(ascii: ".")
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    /// Whether `bytes` hold `row` (lower-case ASCII) at `offset`, ASCII letters in either case.
    private static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int, _ row: [UInt8]) -> Bool {
        guard offset >= 0, offset + row.count <= bytes.count else { return false }
        for index in 0..<row.count where fold(bytes[offset + index]) != row[index] { return false }
        return true
    }

    private static func fold(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
    private static func folded(_ bytes: [UInt8]) -> [UInt8] { bytes.map(fold) }

    private static func mark(_ byte: UInt8, in table: inout [Bool]) {
        table[Int(byte)] = true
        if byte >= 0x61 && byte <= 0x7A { table[Int(byte - 0x20)] = true }
    }
}
