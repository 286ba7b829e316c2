/// Byte-level helpers for WhatsApp lines: the spaces and invisible marks exports put in and around stamps.
enum WhatsAppBytes {
    /// The length of a space at `i`: ASCII space, tab, U+00A0, U+202F (narrow no-break), U+2009 (thin) or
    /// U+3000 (ideographic); 0 for anything else.
    @inline(__always)
    static func space(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let n = b.count
        guard i < n else { return 0 }
        switch b[i] {
        case 0x20, 0x09: return 1
        case 0xC2: return i + 1 < n && b[i + 1] == 0xA0 ? 2 : 0
        case 0xE2: return i + 2 < n && b[i + 1] == 0x80 && (b[i + 2] == 0xAF || b[i + 2] == 0x89) ? 3 : 0
        case 0xE3: return i + 2 < n && b[i + 1] == 0x80 && b[i + 2] == 0x80 ? 3 : 0
        default: return 0
        }
    }

    /// The length of an invisible mark at `i`: U+200E/U+200F (direction marks), U+202A–U+202E (embeddings),
    /// U+2066–U+2069 (isolates) or U+FEFF; 0 for anything else.
    @inline(__always)
    static func mark(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let n = b.count
        guard i + 2 < n else { return 0 }
        if b[i] == 0xE2 {
            if b[i + 1] == 0x80 && (b[i + 2] == 0x8E || b[i + 2] == 0x8F || (0xAA...0xAE).contains(b[i + 2])) { return 3 }
            if b[i + 1] == 0x81 && (0xA6...0xA9).contains(b[i + 2]) { return 3 }
            return 0
        }
        return b[i] == 0xEF && b[i + 1] == 0xBB && b[i + 2] == 0xBF ? 3 : 0
    }

    /// Moves `i` past marks.
    @inline(__always)
    static func skipMarks(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int) {
        while true {
            let length = mark(b, i)
            if length == 0 { return }
            i += length
        }
    }

    /// Moves `i` past spaces and marks; returns how many spaces (not marks) there were.
    @discardableResult @inline(__always)
    static func skipSpaces(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> Int {
        var spaces = 0
        while true {
            let length = space(b, i)
            if length > 0 {
                spaces += 1
                i += length
                continue
            }
            let marked = mark(b, i)
            if marked == 0 { return spaces }
            i += marked
        }
    }

    /// Whether the bytes are only spaces and marks (a blank line).
    static func isBlank(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        skipSpaces(b, &i)
        return i >= b.count
    }

    /// Whether `pattern` occurs at `i`, ASCII letters compared without case and a space in the pattern
    /// matching any ``space(_:_:)``; returns the length matched (0 when it does not match).
    static func match(_ pattern: [UInt8], in b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        var j = i
        for byte in pattern {
            if byte == 0x20 {
                let length = space(b, j)
                guard length > 0 else { return 0 }
                j += length
                continue
            }
            guard j < b.count else { return 0 }
            let have = b[j]
            if have != byte && !(byte >= 0x61 && byte <= 0x7A && have == byte - 0x20) { return 0 }
            j += 1
        }
        return j - i
    }

    /// Whether `needle` occurs anywhere in `b` (exact bytes).
    static func contains(_ b: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, needle.count <= b.count else { return false }
        var i = 0
        let last = b.count - needle.count
        while i <= last {
            if b[i] == first {
                var k = 1
                while k < needle.count && b[i + k] == needle[k] { k += 1 }
                if k == needle.count { return true }
            }
            i += 1
        }
        return false
    }

    /// Whether `b` starts with `prefix` (exact bytes).
    static func hasPrefix(_ b: UnsafeBufferPointer<UInt8>, _ prefix: [UInt8]) -> Bool {
        guard prefix.count <= b.count else { return false }
        for (k, byte) in prefix.enumerated() where b[k] != byte { return false }
        return true
    }
}
