/// GLM-4's pre-tokenisation: the text is cut into pieces before byte-pair merging, by the pattern of
/// `tokenization_chatglm.py` (THUDM/GLM-4, `GLMTokenizer.__init__`), the cl100k-style
///
///     (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
///
/// matched by hand over Unicode scalars (letters `\p{L}` and numbers `\p{N}` from the general category,
/// `\s` the White_Space property), alternative by alternative as a backtracking engine (tiktoken's
/// fancy-regex) would take them: the first alternative that matches at a position wins, each greedy.
package enum TokenizerSplit {
    /// The class of one scalar, as the pattern tells them apart.
    package enum Kind: UInt8, Sendable {
        /// `\p{L}`.
        case letter
        /// `\p{N}`.
        case number
        /// `\r` or `\n` (also `\s`).
        case lineBreak
        /// U+0020 (also `\s`; the pattern's literal space).
        case space
        /// Any other `\s`: tab, U+3000, no-break space …
        case otherSpace
        /// Everything else: punctuation, symbols, marks, controls.
        case other

        var isWhitespace: Bool { self == .lineBreak || self == .space || self == .otherSpace }
    }

    private static let asciiKinds: [Kind] = (0..<128).map { value in
        switch UInt8(value) {
        case 0x0A, 0x0D: return .lineBreak
        case 0x20: return .space
        case 0x09, 0x0B, 0x0C: return .otherSpace
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): return .letter
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        default: return .other
        }
    }

    /// The class of `scalar`.
    @inline(__always)
    package static func kind(of scalar: UInt32) -> Kind {
        if scalar < 0x80 { return asciiKinds[Int(scalar)] }
        if scalar >= 0x4E00 && scalar <= 0x9FFF { return .letter }  // CJK Unified Ideographs: all Lo.
        guard let value = Unicode.Scalar(scalar) else { return .other }
        let properties = value.properties
        if properties.isWhitespace { return .otherSpace }
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return .letter
        case .decimalNumber, .letterNumber, .otherNumber: return .number
        default: return .other
        }
    }

    /// Scratch space reused between calls: the class and UTF-8 offset of each scalar.
    package struct Scratch {
        var kinds: [Kind] = []
        var offsets: [Int] = []
        var scalars: [UInt32] = []
        package init() {}
    }

    /// Calls `piece` with the byte range of each piece of the valid UTF-8 `bytes`, in order.
    package static func split(_ bytes: UnsafeBufferPointer<UInt8>, scratch: inout Scratch, _ piece: (Range<Int>) -> Void) {
        scratch.kinds.removeAll(keepingCapacity: true)
        scratch.offsets.removeAll(keepingCapacity: true)
        scratch.scalars.removeAll(keepingCapacity: true)
        var i = 0
        let n = bytes.count
        while i < n {
            let lead = bytes[i]
            var scalar: UInt32
            var width: Int
            if lead < 0x80 {
                scalar = UInt32(lead); width = 1
            } else if lead < 0xE0 {
                scalar = UInt32(lead & 0x1F); width = 2
            } else if lead < 0xF0 {
                scalar = UInt32(lead & 0x0F); width = 3
            } else {
                scalar = UInt32(lead & 0x07); width = 4
            }
            width = min(width, n - i)
            var k = 1
            while k < width {
                scalar = scalar << 6 | UInt32(bytes[i + k] & 0x3F)
                k += 1
            }
            scratch.offsets.append(i)
            scratch.scalars.append(scalar)
            scratch.kinds.append(kind(of: scalar))
            i += width
        }
        scratch.offsets.append(n)
        let kinds = scratch.kinds
        let scalars = scratch.scalars
        let offsets = scratch.offsets
        let count = kinds.count
        var at = 0
        while at < count {
            let end = match(at: at, kinds: kinds, scalars: scalars, count: count)
            piece(offsets[at]..<offsets[end])
            at = end
        }
    }

    /// Where the piece starting at scalar `at` ends (always after `at`).
    private static func match(at: Int, kinds: [Kind], scalars: [UInt32], count: Int) -> Int {
        let kind = kinds[at]
        let next: Kind? = at + 1 < count ? kinds[at + 1] : nil
        // 1. (?i:'s|'t|'re|'ve|'m|'ll|'d)
        if scalars[at] == 0x27, at + 1 < count {
            let first = folded(scalars[at + 1])
            if first == 0x73 || first == 0x74 { return at + 2 }  // 's 't
            if at + 2 < count {
                let second = folded(scalars[at + 2])
                if (first == 0x72 || first == 0x76) && second == 0x65 { return at + 3 }  // 're 've
            }
            if first == 0x6D { return at + 2 }  // 'm
            if at + 2 < count, first == 0x6C && folded(scalars[at + 2]) == 0x6C { return at + 3 }  // 'll
            if first == 0x64 { return at + 2 }  // 'd
        }
        // 2. [^\r\n\p{L}\p{N}]?\p{L}+
        if kind == .letter || (kind != .lineBreak && kind != .number && next == .letter) {
            var end = kind == .letter ? at + 1 : at + 2
            while end < count && kinds[end] == .letter { end += 1 }
            return end
        }
        // 3. \p{N}{1,3}
        if kind == .number {
            var end = at + 1
            while end < count && end < at + 3 && kinds[end] == .number { end += 1 }
            return end
        }
        // 4. ' ?[^\s\p{L}\p{N}]+[\r\n]*'
        if kind == .other || (kind == .space && next == .other) {
            var end = kind == .other ? at + 1 : at + 2
            while end < count && kinds[end] == .other { end += 1 }
            while end < count && kinds[end] == .lineBreak { end += 1 }
            return end
        }
        // What is left starts a run of whitespace.
        var runEnd = at + 1
        var lastBreak = kind == .lineBreak ? at : -1
        while runEnd < count && kinds[runEnd].isWhitespace {
            if kinds[runEnd] == .lineBreak { lastBreak = runEnd }
            runEnd += 1
        }
        // 5. \s*[\r\n]+ : up to the run's last line break.
        if lastBreak >= 0 { return lastBreak + 1 }
        // 6. \s+(?!\S) : the whole run at the end of the text, else all but its last scalar.
        if runEnd == count { return runEnd }
        if runEnd - at >= 2 { return runEnd - 1 }
        // 7. \s+
        return runEnd
    }

    /// ASCII letters lower-cased, and the long s (U+017F), which simple case folding makes `s`.
    @inline(__always)
    private static func folded(_ scalar: UInt32) -> UInt32 {
        if scalar >= 0x41 && scalar <= 0x5A { return scalar + 0x20 }
        if scalar == 0x17F { return 0x73 }
        return scalar
    }
}
