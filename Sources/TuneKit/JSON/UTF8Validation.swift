/// Byte-level UTF-8 checks shared by the readers and the writer.
package enum UTF8Validation {
    /// The length (2–4) of a well-formed multi-byte sequence starting at `i`, or 0 if it is ill-formed
    /// (overlong forms, surrogates, values above U+10FFFF, truncation and bad continuation bytes all count).
    @inline(__always)
    package static func sequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let n = bytes.count
        let b0 = bytes[i]
        @inline(__always) func cont(_ k: Int) -> Bool { i + k < n && bytes[i + k] & 0xC0 == 0x80 }
        switch b0 {
        case 0xC2...0xDF:
            return cont(1) ? 2 : 0
        case 0xE0:
            return i + 2 < n && (0xA0...0xBF).contains(bytes[i + 1]) && cont(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE, 0xEF:
            return cont(1) && cont(2) ? 3 : 0
        case 0xED:
            return i + 2 < n && (0x80...0x9F).contains(bytes[i + 1]) && cont(2) ? 3 : 0
        case 0xF0:
            return i + 3 < n && (0x90...0xBF).contains(bytes[i + 1]) && cont(2) && cont(3) ? 4 : 0
        case 0xF1...0xF3:
            return cont(1) && cont(2) && cont(3) ? 4 : 0
        case 0xF4:
            return i + 3 < n && (0x80...0x8F).contains(bytes[i + 1]) && cont(2) && cont(3) ? 4 : 0
        default:
            return 0
        }
    }

    /// The UTF-16 surrogate (U+D800–U+DFFF) encoded at `i` in the generalized form (`ED A0–BF xx`), if any.
    package static func encodedSurrogate(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> UInt32? {
        guard i + 2 < bytes.count, bytes[i] == 0xED, (0xA0...0xBF).contains(bytes[i + 1]),
              bytes[i + 2] & 0xC0 == 0x80 else { return nil }
        return 0xD000 | (UInt32(bytes[i + 1] & 0x3F) << 6) | UInt32(bytes[i + 2] & 0x3F)
    }

    /// The byte offset of the first ill-formed sequence, or `nil` when all of `bytes` is valid UTF-8.
    /// With `allowTruncatedEnd`, an incomplete sequence at the very end is accepted (a chunk boundary).
    package static func firstInvalidOffset(_ bytes: UnsafeBufferPointer<UInt8>, allowTruncatedEnd: Bool = false) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            // Eight ASCII bytes at a time.
            if i + 8 <= n {
                let word = UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                    continue
                }
            }
            let byte = bytes[i]
            if byte < 0x80 {
                i += 1
                continue
            }
            // The common three-byte case (U+1000–U+CFFF, U+E000–U+FFFF) without the range switch.
            if byte & 0xF0 == 0xE0 && byte != 0xE0 && byte != 0xED && i + 2 < n
                && bytes[i + 1] & 0xC0 == 0x80 && bytes[i + 2] & 0xC0 == 0x80 {
                i += 3
                continue
            }
            let width = sequenceLength(bytes, at: i)
            if width == 0 {
                if allowTruncatedEnd && isTruncatedPrefix(bytes, at: i) { return nil }
                return i
            }
            i += width
        }
        return nil
    }

    /// Whether the bytes from `i` to the end are a proper prefix of some valid sequence.
    private static func isTruncatedPrefix(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        let remaining = bytes.count - i
        let b0 = bytes[i]
        let needed: Int
        switch b0 {
        case 0xC2...0xDF: needed = 2
        case 0xE0...0xEF: needed = 3
        case 0xF0...0xF4: needed = 4
        default: return false
        }
        guard remaining < needed else { return false }
        for k in 1..<remaining where bytes[i + k] & 0xC0 != 0x80 { return false }
        return true
    }
}
