/// The shingles near-duplicate detection compares, chosen by script, after the exact-dedup normalisation
/// (``TextNormalizer``) and ASCII lower-casing:
///
/// - runs of Han, Kana and Hangul: character **bigrams** (a run of one character is that character);
/// - everything else: **words** (runs of letters and digits), one shingle each;
/// - white space and punctuation separate runs and are not shingles; a shingle never spans two runs or two parts
///   (turns) of a document, so mixed text is handled run by run.
///
/// Why these sizes (the Jaccard similarities are of the shingle sets, threshold 0.8):
/// - A Chinese word is mostly two characters, so a bigram is about a word, as a Latin word is. With bigrams a
///   40-character text with a 2-character product name changed keeps 36 of 42 bigrams (0.86: merged), where
///   trigrams keep 33 of 43 (0.77) and the former 5-character shingles 27 of 45 (0.60: not merged).
/// - Short distinct questions stay apart: 运费多少钱 / 运费谁承担 share 1 of 7 bigrams (0.14); a 10-character
///   question with one character changed keeps 7 of 11 (0.64); character unigrams would make it 0.82 (merged).
/// - Latin words as unigrams: a 20-word answer with one word changed keeps 19 of 21 (0.90); word bigrams give
///   17 of 21 (0.81, at the edge of the estimate's noise), so one changed word would often escape. No word
///   shingling can merge a 40-character English sentence (7 words) with one word changed: one word in 7 is
///   already 6 of 8 (0.75) — such texts must be ≥ 10 words apart from the change to reach the threshold.
///
/// Texts with fewer than ``minimumShingles`` distinct shingles are keyed by their normalised text instead
/// (``exactKey``): two different sets can reach Jaccard t only if both have at least t/(1−t) elements (a set of
/// s elements against any other set is at most s/(s+1)), 4 at the default 0.8, so below that only equal texts can
/// be near duplicates and a band collision of two short texts would be a false merge.
struct ScriptShingler {
    /// Below this many distinct shingles a text is compared by its normalised text (t/(1−t) at t = 0.8).
    static let minimumShingles = 4

    /// The 32-bit hashes of the shingles so far (with repeats, in order).
    private(set) var shingles: [UInt32] = []
    /// A 64-bit hash of the normalised, lower-cased text of every part, parts separated.
    private(set) var exactKey: UInt64 = 0xCBF2_9CE4_8422_2325
    private var normalized: [UInt8] = []
    private var parts = 0

    init() {
        shingles.reserveCapacity(256)
        normalized.reserveCapacity(1024)
    }

    /// Clears the shingles, keeping the buffers.
    mutating func reset() {
        shingles.removeAll(keepingCapacity: true)
        exactKey = 0xCBF2_9CE4_8422_2325
        parts = 0
    }

    /// Adds one part (a turn's text) of the document.
    mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { add(utf8: $0) }
    }

    /// Adds one part of the document given as valid UTF-8.
    mutating func add(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        normalized.removeAll(keepingCapacity: true)
        TextNormalizer().append(utf8: bytes, to: &normalized)
        if parts > 0 { exactKey = (exactKey ^ 0x0A) &* 0x0000_0100_0000_01B3 }
        parts += 1
        normalized.withUnsafeBufferPointer { scan($0) }
    }

    /// The distinct shingle count is at least ``minimumShingles`` (sorts a copy only when it might not be).
    var hasEnoughShingles: Bool {
        if shingles.count < Self.minimumShingles { return false }
        var seen: [UInt32] = []
        for shingle in shingles where !seen.contains(shingle) {
            seen.append(shingle)
            if seen.count >= Self.minimumShingles { return true }
        }
        return false
    }

    private enum Run { case none, cjk, word }

    private mutating func scan(_ text: UnsafeBufferPointer<UInt8>) {
        var run = Run.none
        var previousCJK: UInt32 = 0
        var cjkLength = 0
        var word: UInt64 = 0
        var key = exactKey
        var index = 0
        let count = text.count
        func closeRun(_ shingles: inout [UInt32]) {
            switch run {
            case .cjk where cjkLength == 1: shingles.append(Self.hash(UInt64(previousCJK) | 0x1_0000_0000))
            case .word: shingles.append(Self.hash(word))
            default: break
            }
        }
        while index < count {
            let byte = text[index]
            var scalar: UInt32
            var width = 1
            if byte < 0x80 {
                scalar = UInt32(byte)
                if scalar >= 0x41 && scalar <= 0x5A { scalar |= 0x20 }
            } else if let (value, length) = TextNormalizer.decode(text, at: index) {
                scalar = value
                width = length
            } else {
                scalar = 0xFFFD
            }
            index += width
            key = (key ^ UInt64(scalar)) &* 0x0000_0100_0000_01B3
            if Self.isCJK(scalar) {
                if run == .cjk {
                    shingles.append(Self.hash(UInt64(previousCJK) << 21 | UInt64(scalar) | 0x2_0000_0000_0000))
                    cjkLength += 1
                } else {
                    closeRun(&shingles)
                    run = .cjk
                    cjkLength = 1
                }
                previousCJK = scalar
            } else if Self.isWordCharacter(scalar) {
                if run != .word {
                    closeRun(&shingles)
                    run = .word
                    word = 0x6A09_E667_F3BC_C908
                }
                word = (word ^ UInt64(scalar)) &* 0x0000_0100_0000_01B3
            } else {
                closeRun(&shingles)
                run = .none
            }
        }
        closeRun(&shingles)
        exactKey = key
    }

    @inline(__always)
    private static func hash(_ value: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: NearDuplicateIndex.mix(value) >> 32)
    }

    /// Han (with extensions and compatibility ideographs), Kana and Hangul.
    @inline(__always)
    static func isCJK(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF, 0x20000...0x3FFFF,  // Han
             0x3040...0x309F, 0x30A0...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9F,  // Kana
             0xAC00...0xD7AF, 0x1100...0x11FF, 0x3130...0x318F:  // Hangul
            return scalar != 0x30FB  // the katakana middle dot is punctuation
        default:
            return false
        }
    }

    /// Letters and digits outside the CJK scripts (the characters of a word).
    @inline(__always)
    static func isWordCharacter(_ scalar: UInt32) -> Bool {
        if scalar < 0x80 {
            return (scalar >= 0x61 && scalar <= 0x7A) || (scalar >= 0x30 && scalar <= 0x39)
        }
        guard let value = Unicode.Scalar(scalar) else { return false }
        let properties = value.properties
        return properties.isAlphabetic || properties.numericType != nil
    }
}
