import Foundation

/// Exact token counts with GLM-4's tokenizer: a tiktoken rank file (`--tokenizer FILE`, one `base64-token rank`
/// per line — GLM-4's `tokenizer.model`), GLM-4's pre-tokenisation pattern, then byte-pair
/// merging as tiktoken does it: within each piece the adjacent pair whose joined bytes have the lowest rank is
/// merged first (the leftmost of equal ranks), until no joined pair is a token.
///
/// ```swift
/// let tokenizer = try Tokenizer(path: "glm-4-9b-chat/tokenizer.model")
/// let n = tokenizer.count("你好，世界")
/// ```
public struct Tokenizer: Sendable {
    /// A rank file that cannot be used.
    public struct LoadError: Error, Sendable, CustomStringConvertible {
        /// The file.
        public var path: String
        /// The 1-based line at fault (0: the file as a whole).
        public var line: Int
        /// Why.
        public var reason: String
        /// `FILE:LINE: reason`.
        public var description: String { line > 0 ? "\(path):\(line): \(reason)" : "\(path): \(reason)" }
    }

    /// The file the ranks came from (for reports).
    public let source: String
    let ranks: TokenizerRanks

    /// Reads a rank file.
    public init(path: String) throws(LoadError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(path: path, line: 0, reason: "cannot read the file")
        }
        do {
            ranks = try TokenizerRanks(bytes: Array(data))
        } catch {
            throw LoadError(path: path, line: error.line, reason: error.reason + " (expected a tiktoken rank file such as GLM-4's tokenizer.model)")
        }
        source = path
    }

    /// A tokenizer over the text of a rank file (tests, and files already in memory).
    package init(rankText: String, source: String = "ranks") throws(LoadError) {
        do {
            ranks = try TokenizerRanks(bytes: Array(rankText.utf8))
        } catch {
            throw LoadError(path: source, line: error.line, reason: error.reason)
        }
        self.source = source
    }

    /// The number of tokens `text` encodes to (no special tokens).
    public func count(_ text: String) -> Int {
        var scratch = Scratch()
        return count(text, scratch: &scratch)
    }

    /// The token ids `text` encodes to.
    public func encode(_ text: String) -> [Int] {
        var text = text
        var scratch = Scratch()
        var ids: [Int] = []
        text.withUTF8 { bytes in
            TokenizerSplit.split(bytes, scratch: &scratch.split) { range in
                let piece = UnsafeBufferPointer(rebasing: bytes[range])
                if let whole = ranks.rank(of: piece) {
                    ids.append(Int(whole))
                    return
                }
                merge(piece, parts: &scratch.parts)
                for index in 0..<(scratch.parts.count - 1) {
                    let token = UnsafeBufferPointer(rebasing: piece[scratch.parts[index].start..<scratch.parts[index + 1].start])
                    ids.append(Int(ranks.rank(of: token) ?? UInt32.max))
                }
            }
        }
        return ids
    }

    /// Buffers reused across counts.
    package struct Scratch {
        var split = TokenizerSplit.Scratch()
        var parts: [(start: Int, rank: UInt32)] = []
        package init() {}
    }

    /// The number of tokens of `text`, reusing `scratch`.
    package func count(_ text: String, scratch: inout Scratch) -> Int {
        var text = text
        return text.withUTF8 { count(utf8: $0, scratch: &scratch) }
    }

    /// The number of tokens of valid UTF-8 `bytes`.
    package func count(utf8 bytes: UnsafeBufferPointer<UInt8>, scratch: inout Scratch) -> Int {
        var total = 0
        TokenizerSplit.split(bytes, scratch: &scratch.split) { range in
            let piece = UnsafeBufferPointer(rebasing: bytes[range])
            if piece.count == 1 || ranks.rank(of: piece) != nil {
                total += 1
            } else {
                merge(piece, parts: &scratch.parts)
                total += scratch.parts.count - 1
            }
        }
        return total
    }

    /// tiktoken's `_byte_pair_merge`: `parts` ends as the start of each token, then the piece's end.
    private func merge(_ piece: UnsafeBufferPointer<UInt8>, parts: inout [(start: Int, rank: UInt32)]) {
        parts.removeAll(keepingCapacity: true)
        func rank(_ from: Int, _ to: Int) -> UInt32 {
            ranks.rank(of: UnsafeBufferPointer(rebasing: piece[from..<to])) ?? .max
        }
        var minimum: (rank: UInt32, index: Int) = (.max, .max)
        for i in 0..<(piece.count - 1) {
            let pair = rank(i, i + 2)
            if pair < minimum.rank { minimum = (pair, i) }
            parts.append((i, pair))
        }
        parts.append((piece.count - 1, .max))
        parts.append((piece.count, .max))
        // The rank of joining part i with the next one, after a merge.
        func joined(_ i: Int) -> UInt32 {
            i + 3 < parts.count ? rank(parts[i].start, parts[i + 3].start) : .max
        }
        while minimum.rank != .max {
            let i = minimum.index
            if i > 0 { parts[i - 1].rank = joined(i - 1) }
            parts[i].rank = joined(i)
            parts.remove(at: i + 1)
            minimum = (.max, .max)
            for index in 0..<(parts.count - 1) where parts[index].rank < minimum.rank {
                minimum = (parts[index].rank, index)
            }
        }
    }
}
