#if canImport(Glibc)
import Glibc
#endif

/// Office Open XML's `_xHHHH_` escapes (ECMA-376 Part 1, §22.9.2.19 ST_Xstring): the way Excel stores a
/// character XML cannot hold (`_x000D_` for a carriage return, `_x0007_` for a bell) — and `_x005F_` for an
/// underscore that would otherwise start an escape (`_x005F_x000D_` is the literal text `_x000D_`).
///
/// This is the format's encoding, not a change to the text: decoded silently, as Excel shows the cell.
enum XLSXEscapes {
    /// `text` with every `_xHHHH_` replaced by its character (a UTF-16 surrogate pair written as two escapes
    /// is joined; a lone surrogate stays as written). Text without `_x` is returned as it is.
    static func decode(_ text: [UInt8]) -> [UInt8] {
        guard text.count >= 7, hasEscape(text) else { return text }
        var output: [UInt8] = []
        output.reserveCapacity(text.count)
        var i = 0
        while i < text.count {
            if let unit = unit(in: text, at: i) {
                var scalar = Unicode.Scalar(UInt32(unit))
                var length = 7
                if (0xD800...0xDBFF).contains(unit), let low = self.unit(in: text, at: i + 7), (0xDC00...0xDFFF).contains(low) {
                    scalar = Unicode.Scalar(0x10000 + (UInt32(unit - 0xD800) << 10) + UInt32(low - 0xDC00))
                    length = 14
                }
                if let scalar {
                    output.append(contentsOf: String(Character(scalar)).utf8)
                    i += length
                    continue
                }
            }
            output.append(text[i])
            i += 1
        }
        return output
    }

    /// Whether `_x` occurs at all (the common case, no escapes, costs one scan).
    private static func hasEscape(_ text: [UInt8]) -> Bool {
        text.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress else { return false }
            var start = 0
            // memchr to each "_" (most strings have none): this runs on every shared string.
            while start < bytes.count - 1, let hit = memchr(base + start, Int32(UInt8(ascii: "_")), bytes.count - 1 - start) {
                let index = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if bytes[index + 1] == UInt8(ascii: "x") { return true }
                start = index + 1
            }
            return false
        }
    }

    /// The UTF-16 unit of an escape `_xHHHH_` starting at `i`, if one does.
    private static func unit(in text: [UInt8], at i: Int) -> UInt16? {
        guard i + 7 <= text.count, text[i] == UInt8(ascii: "_"), text[i + 1] == UInt8(ascii: "x"),
              text[i + 6] == UInt8(ascii: "_") else { return nil }
        var value: UInt16 = 0
        for byte in text[(i + 2)..<(i + 6)] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            default: return nil
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }
}
