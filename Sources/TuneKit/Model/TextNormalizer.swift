import Foundation

/// Normalises text for duplicate detection: Unicode NFKC, CJK punctuation folded to its ASCII
/// counterpart, runs of white space collapsed to one space, ends trimmed.
///
/// `"你好，  世界。"` and `"你好, 世界."` normalise to the same bytes. Case is kept: "API" and "api" differ.
///
/// Most business text (ASCII, Latin-1 letters, CJK ideographs, kana, Hangul, full-width forms) is
/// NFKC-stable or folds by a table, so it is normalised in one pass over its UTF-8 bytes; any other
/// character sends the text through Foundation's NFKC first.
/// - Complexity: O(n) in the UTF-8 length.
public struct TextNormalizer: Sendable {
    /// Creates a normaliser.
    public init() {}

    /// Appends the normalised UTF-8 form of `text` to `output`.
    public func append(_ text: String, to output: inout [UInt8]) {
        var text = text
        let fast = text.withUTF8 { appendFast($0, to: &output) }
        if !fast {
            let composed = text.precomposedStringWithCompatibilityMapping
            var copy = composed
            copy.withUTF8 { appendFolded($0, to: &output) }
        }
    }

    /// The normalised form as a string (for tests and reports).
    public func normalize(_ text: String) -> String {
        var bytes: [UInt8] = []
        append(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Folds in one pass when every scalar is in the NFKC-stable set; otherwise restores `output`
    /// and returns false.
    private func appendFast(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) -> Bool {
        let start = output.count
        var state = FoldState(pendingSpace: false, wroteAny: false)
        var i = 0
        let n = bytes.count
        output.reserveCapacity(start + n)
        while i < n {
            let byte = bytes[i]
            if byte < 0x80 {
                state.emitASCII(byte, to: &output)
                i += 1
                continue
            }
            guard let (scalar, width) = Self.decode(bytes, at: i) else {
                output.removeSubrange(start...)
                return false
            }
            guard Self.isStable(scalar) else {
                output.removeSubrange(start...)
                return false
            }
            state.emit(scalar: scalar, bytes: bytes, at: i, width: width, to: &output)
            i += width
        }
        return true
    }

    /// Folds text that is already NFKC.
    private func appendFolded(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        var state = FoldState(pendingSpace: false, wroteAny: false)
        var i = 0
        let n = bytes.count
        while i < n {
            let byte = bytes[i]
            if byte < 0x80 {
                state.emitASCII(byte, to: &output)
                i += 1
                continue
            }
            let (scalar, width) = Self.decode(bytes, at: i) ?? (0xFFFD, 1)
            state.emit(scalar: scalar, bytes: bytes, at: i, width: width, to: &output)
            i += width
        }
    }

    private struct FoldState {
        var pendingSpace: Bool
        var wroteAny: Bool

        @inline(__always)
        mutating func emitASCII(_ byte: UInt8, to output: inout [UInt8]) {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D:
                pendingSpace = wroteAny
            default:
                if pendingSpace {
                    output.append(0x20)
                    pendingSpace = false
                }
                output.append(byte)
                wroteAny = true
            }
        }

        @inline(__always)
        mutating func emit(scalar: UInt32, bytes: UnsafeBufferPointer<UInt8>, at index: Int, width: Int,
                           to output: inout [UInt8]) {
            if TextNormalizer.isWhitespace(scalar) {
                pendingSpace = wroteAny
                return
            }
            if let ascii = TextNormalizer.punctuationFold(scalar) {
                emitASCII(ascii, to: &output)
                return
            }
            if pendingSpace {
                output.append(0x20)
                pendingSpace = false
            }
            for k in 0..<width {
                output.append(bytes[index + k])
            }
            wroteAny = true
        }
    }

    /// Decodes one multi-byte UTF-8 scalar; `nil` for malformed input.
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int)? {
        let b0 = UInt32(bytes[i])
        let n = bytes.count
        if b0 & 0xE0 == 0xC0, i + 1 < n {
            return (((b0 & 0x1F) << 6) | (UInt32(bytes[i + 1]) & 0x3F), 2)
        }
        if b0 & 0xF0 == 0xE0, i + 2 < n {
            return (((b0 & 0x0F) << 12) | ((UInt32(bytes[i + 1]) & 0x3F) << 6) | (UInt32(bytes[i + 2]) & 0x3F), 3)
        }
        if b0 & 0xF8 == 0xF0, i + 3 < n {
            let value = ((b0 & 0x07) << 18) | ((UInt32(bytes[i + 1]) & 0x3F) << 12)
                | ((UInt32(bytes[i + 2]) & 0x3F) << 6) | (UInt32(bytes[i + 3]) & 0x3F)
            return (value, 4)
        }
        return nil
    }

    /// Scalars that NFKC leaves alone and that never combine with a neighbour, or that the fold table handles.
    @inline(__always)
    static func isStable(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x4E00...0x9FFF,  // CJK unified ideographs
             0x3400...0x4DBF,  // extension A
             0xAC00...0xD7A3,  // Hangul syllables
             0x3041...0x3096, 0x30A1...0x30FA,  // kana without the combining marks
             0x00C0...0x00FF,  // Latin-1 letters, × ÷
             0xFF01...0xFF5E,  // full-width ASCII (folded below)
             0x3000...0x3003, 0x3008...0x3011, 0x3014...0x301B,  // CJK punctuation
             0x2010...0x2027:  // dashes, quotes, bullets (the NFKC-changing ones are folded below)
            return scalar != 0x2011 && scalar != 0x2017 && !(0x2024...0x2026).contains(scalar)
        default:
            return false
        }
    }

    @inline(__always)
    static func isWhitespace(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// Full-width and CJK punctuation → ASCII.
    @inline(__always)
    static func punctuationFold(_ scalar: UInt32) -> UInt8? {
        switch scalar {
        case 0xFF01...0xFF5E: return UInt8(scalar - 0xFEE0)
        case 0x3001: return UInt8(ascii: ",")
        case 0x3002: return UInt8(ascii: ".")
        case 0x300C, 0x300D, 0x300E, 0x300F, 0x201C, 0x201D, 0x201E: return UInt8(ascii: "\"")
        case 0x2018, 0x2019, 0x201A: return UInt8(ascii: "'")
        case 0x3010, 0x3014, 0x3016, 0x3018, 0x301A: return UInt8(ascii: "[")
        case 0x3011, 0x3015, 0x3017, 0x3019, 0x301B: return UInt8(ascii: "]")
        case 0x3008, 0x300A: return UInt8(ascii: "<")
        case 0x3009, 0x300B: return UInt8(ascii: ">")
        case 0x2010, 0x2012, 0x2013, 0x2014, 0x2015: return UInt8(ascii: "-")
        default: return nil
        }
    }
}
