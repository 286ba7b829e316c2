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
package struct TextNormalizer: Sendable {
    /// Creates a normaliser.
    package init() {}

    /// Appends the normalised UTF-8 form of `text` to `output`.
    package func append(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { append(utf8: $0, to: &output) }
    }

    /// Appends the normalised form of valid UTF-8 bytes to `output`.
    package func append(utf8 bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        let start = output.count
        // The fast path never writes more bytes than it reads.
        output.append(contentsOf: repeatElement(0, count: bytes.count))
        let written = output.withUnsafeMutableBufferPointer { buffer in
            Self.normalizeFast(bytes, into: buffer.baseAddress! + start)
        }
        if let written {
            output.removeSubrange((start + written)...)
            return
        }
        output.removeSubrange(start...)
        Self.normalizeFully(bytes, into: &output)
    }

    /// Full NFKC through Foundation, then the fold.
    static func normalizeFully(_ bytes: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        var composed = String(decoding: bytes, as: UTF8.self).precomposedStringWithCompatibilityMapping
        composed.withUTF8 { fold($0, into: &output) }
    }

    /// The normalised form as a string (for tests and reports).
    package func normalize(_ text: String) -> String {
        var bytes: [UInt8] = []
        append(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Normalises in one pass when every scalar is NFKC-stable or table-folded, writing at most
    /// `input.count` bytes to `output`; returns the count written, or `nil` when the text needs full NFKC.
    static func normalizeFast(_ input: UnsafeBufferPointer<UInt8>, into output: UnsafeMutablePointer<UInt8>) -> Int? {
        let n = input.count
        guard n > 0 else { return 0 }
        let base = UnsafeRawPointer(input.baseAddress!)
        var i = 0
        var o = 0
        var pendingSpace = false
        var wroteAny = false
        while i < n {
            // Eight ASCII bytes at a time: no controls, and spaces only single and inside the word.
            if i + 8 <= n {
                let word = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    let controls = ~(word &+ 0x6060_6060_6060_6060) & 0x8080_8080_8080_8080
                    let x = word ^ 0x2020_2020_2020_2020
                    let spaces = ~(((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | x) & 0x8080_8080_8080_8080
                    // A space in byte 0 is safe after a written non-space; in byte 7, before a printable byte.
                    let edgesSafe = (spaces & 0x80 == 0 || (wroteAny && !pendingSpace))
                        && (spaces & 0x8000_0000_0000_0000 == 0
                            || (i + 8 < n && input[i + 8] > 0x20 && input[i + 8] < 0x7F))
                    if controls == 0 && (spaces == 0 || (!pendingSpace && edgesSafe && spaces & (spaces << 8) == 0)) {
                        if pendingSpace {
                            output[o] = 0x20
                            o += 1
                            pendingSpace = false
                        }
                        UnsafeMutableRawPointer(output + o).storeBytes(of: word, as: UInt64.self)
                        o += 8
                        i += 8
                        wroteAny = true
                        continue
                    }
                }
            }
            let byte = input[i]
            if byte < 0x80 {
                if byte == 0x20 || (0x09...0x0D).contains(byte) {
                    pendingSpace = wroteAny
                } else {
                    if pendingSpace {
                        output[o] = 0x20
                        o += 1
                        pendingSpace = false
                    }
                    output[o] = byte
                    o += 1
                    wroteAny = true
                }
                i += 1
                continue
            }
            if byte >= 0xE4 && byte <= 0xE9 && i + 2 < n {
                // U+4000–U+9FFF: CJK ideographs (and Yijing symbols), NFKC-stable, never folded; a run of
                // them is copied as it is.
                if pendingSpace {
                    output[o] = 0x20
                    o += 1
                    pendingSpace = false
                }
                let start = i
                repeat {
                    i += 3
                } while i + 2 < n && input[i] >= 0xE4 && input[i] <= 0xE9
                (output + o).update(from: input.baseAddress! + start, count: i - start)
                o += i - start
                wroteAny = true
                continue
            }
            guard let (scalar, width) = decode(input, at: i), isStable(scalar) else { return nil }
            if isWhitespace(scalar) {
                pendingSpace = wroteAny
                i += width
                continue
            }
            if pendingSpace {
                output[o] = 0x20
                o += 1
                pendingSpace = false
            }
            if let ascii = punctuationFold(scalar) {
                output[o] = ascii
                o += 1
            } else {
                for k in 0..<width { output[o + k] = input[i + k] }
                o += width
            }
            wroteAny = true
            i += width
        }
        return o
    }

    /// Folds text that is already NFKC: punctuation table, white space collapsed, ends trimmed.
    static func fold(_ input: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        var pendingSpace = false
        var wroteAny = false
        var i = 0
        let n = input.count
        while i < n {
            let byte = input[i]
            let (scalar, width) = byte < 0x80 ? (UInt32(byte), 1) : (decode(input, at: i) ?? (0xFFFD, 1))
            if scalar <= 0x20 ? (scalar == 0x20 || (0x09...0x0D).contains(scalar)) : isWhitespace(scalar) {
                pendingSpace = wroteAny
                i += width
                continue
            }
            if pendingSpace {
                output.append(0x20)
                pendingSpace = false
            }
            if width > 1, let ascii = punctuationFold(scalar) {
                output.append(ascii)
            } else {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: input[i..<(i + width)]))
            }
            wroteAny = true
            i += width
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
