import Foundation

/// The merge ranks of a byte-pair tokenizer, read from a tiktoken rank file: one `base64-token rank` per line,
/// the format of GLM-4's `tokenizer.model` (and of OpenAI's `.tiktoken` files). Looked up by byte string in an
/// open-addressing table over one flat byte store, without a per-token allocation.
package struct TokenizerRanks: Sendable {
    /// The bytes of every token, back to back.
    private var store: [UInt8] = []
    /// Slots of the hash table: start in `store` (UInt32), length (UInt16) and rank (UInt32); `rank == .max` empty.
    private var starts: [UInt32]
    private var lengths: [UInt16]
    private var ranks: [UInt32]
    private let mask: Int
    /// Tokens in the table.
    package private(set) var count = 0

    /// A rank file that cannot be read, with the 1-based line at fault (0 for the file as a whole).
    package struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        package var line: Int
        package var reason: String
        package var description: String { line > 0 ? "line \(line): \(reason)" : reason }
    }

    /// An empty table sized for about `capacity` tokens.
    package init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        starts = Array(repeating: 0, count: size)
        lengths = Array(repeating: 0, count: size)
        ranks = Array(repeating: .max, count: size)
        mask = size - 1
    }

    /// Parses the text of a rank file: each non-empty line is a base64 token, white space, and its rank. A
    /// line that is not, a token or a rank given twice, or a missing single byte (every byte 0–255 must be a
    /// token, or some text would have no encoding) is a failure naming the line.
    package init(bytes: [UInt8]) throws(Failure) {
        var lineCount = 0
        for byte in bytes where byte == 0x0A { lineCount += 1 }
        self.init(capacity: lineCount + 1)
        var seenRanks = Set<UInt32>()
        seenRanks.reserveCapacity(lineCount + 1)
        var lineNumber = 0
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            lineNumber += 1
            var lineEnd = end
            if lineEnd > start && bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            defer { start = end + 1 }
            if lineEnd == start { continue }
            let line = bytes[start..<lineEnd]
            let fields = line.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 })
            guard fields.count == 2 else {
                throw Failure(line: lineNumber, reason: "expected 'base64-token rank', found \(fields.count) field\(fields.count == 1 ? "" : "s")")
            }
            guard let token = Data(base64Encoded: Data(fields[0])), !token.isEmpty, token.count <= Int(UInt16.max) else {
                throw Failure(line: lineNumber, reason: "'\(String(decoding: fields[0].prefix(40), as: UTF8.self))' is not a base64 token")
            }
            guard let rank = UInt32(String(decoding: fields[1], as: UTF8.self)), rank < UInt32.max else {
                throw Failure(line: lineNumber, reason: "'\(String(decoding: fields[1].prefix(20), as: UTF8.self))' is not a rank (a whole number)")
            }
            guard seenRanks.insert(rank).inserted else {
                throw Failure(line: lineNumber, reason: "rank \(rank) is given twice")
            }
            let inserted = Array(token).withUnsafeBufferPointer { insert($0, rank: rank) }
            guard inserted else {
                throw Failure(line: lineNumber, reason: "token '\(fields[0])' is given twice")
            }
        }
        guard count > 0 else { throw Failure(line: 0, reason: "no tokens (an empty file)") }
        for byte in 0...255 {
            let single = [UInt8(byte)]
            if single.withUnsafeBufferPointer({ rank(of: $0) }) == nil {
                throw Failure(line: 0, reason: String(format: "the single byte 0x%02X is not a token (a rank file lists all 256 bytes)", byte))
            }
        }
    }

    @inline(__always)
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    /// Adds `token` with `rank`; false when the token is already there.
    private mutating func insert(_ token: UnsafeBufferPointer<UInt8>, rank: UInt32) -> Bool {
        var slot = Self.hash(token) & mask
        while ranks[slot] != .max {
            if equal(slot, token) { return false }
            slot = (slot + 1) & mask
        }
        starts[slot] = UInt32(store.count)
        lengths[slot] = UInt16(token.count)
        ranks[slot] = rank
        store.append(contentsOf: token)
        count += 1
        return true
    }

    @inline(__always)
    private func equal(_ slot: Int, _ token: UnsafeBufferPointer<UInt8>) -> Bool {
        guard Int(lengths[slot]) == token.count else { return false }
        return store.withUnsafeBufferPointer { store in
            memcmp(store.baseAddress! + Int(starts[slot]), token.baseAddress!, token.count) == 0
        }
    }

    /// The rank of `token`, or nil when it is not a token.
    @inline(__always)
    package func rank(of token: UnsafeBufferPointer<UInt8>) -> UInt32? {
        guard token.count > 0, token.count <= Int(UInt16.max) else { return nil }
        var slot = Self.hash(token) & mask
        while ranks[slot] != .max {
            if equal(slot, token) { return ranks[slot] }
            slot = (slot + 1) & mask
        }
        return nil
    }
}
