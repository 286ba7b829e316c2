#if canImport(Glibc)
import Glibc
#endif

/// Rewrites character references to the control characters XML 1.0 forbids (`&#7;`, `&#x1F;`, which Excel
/// writes into Excel 2003 XML for a control character in a cell) into references to the noncharacters
/// U+FDD0…U+FDEF, which XML allows; the parser maps them back to the control characters in text.
///
/// Works on the bytes before libxml2 sees them, chunk by chunk (a reference cut at a chunk's end is kept
/// for the next). Only `&#…;` spelled in ASCII is matched, so UTF-16 documents pass unchanged. Entities are
/// untouched: their declarations are still refused by the parser.
struct ControlReferenceFilter {
    /// References rewritten so far.
    private(set) var rewritten = 0
    private var pending: [UInt8] = []

    /// The first noncharacter used: control character `c` travels as U+FDD0 + `c`.
    static let base: UInt32 = 0xFDD0

    /// Whether `code` is a character XML 1.0 forbids that a reference may carry back (C0 controls other than
    /// tab, line feed and carriage return).
    static func isForbidden(_ code: UInt32) -> Bool {
        code < 0x20 && code != 0x09 && code != 0x0A && code != 0x0D
    }

    /// The bytes to parse in place of `bytes`, or `nil` when they are to be parsed as they are (no copy is
    /// made unless a chunk holds a forbidden reference or ends inside a reference).
    mutating func filter(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool) -> [UInt8]? {
        if pending.isEmpty, !Self.needsWork(bytes) { return nil }
        var input = pending
        pending = []
        input.append(contentsOf: bytes)
        var output: [UInt8] = []
        output.reserveCapacity(input.count + 16)
        var i = 0
        let n = input.count
        while i < n {
            let byte = input[i]
            guard byte == 0x26, i + 1 < n || !final else {
                output.append(byte)
                i += 1
                continue
            }
            // `&` at the end of a chunk, or `&#` followed by digits up to the end: wait for the next chunk.
            var j = i + 1
            if j >= n { pending = Array(input[i...]); break }
            guard input[j] == 0x23 else { output.append(byte); i += 1; continue }
            j += 1
            var hex = false
            if j < n, input[j] == 0x78 { hex = true; j += 1 }
            var code: UInt32 = 0
            var digits = 0
            while j < n, digits < 9, let digit = Self.digit(input[j], hex: hex) {
                code = Self.accumulate(code, digit, hex: hex)
                digits += 1
                j += 1
            }
            if j >= n && !final && digits < 9 { pending = Array(input[i...]); break }
            if j < n, input[j] == 0x3B, digits > 0, Self.isForbidden(code) {
                let replacement = "&#x" + String(Self.base + code, radix: 16, uppercase: true) + ";"
                output.append(contentsOf: replacement.utf8)
                rewritten += 1
                i = j + 1
            } else {
                output.append(byte)
                i += 1
            }
        }
        return output
    }

    /// Whether a chunk may hold a forbidden reference or end inside one.
    private static func needsWork(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return false }
        var start = 0
        while start < bytes.count, let found = memchr(base + start, 0x26, bytes.count - start) {
            let at = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if at + 1 >= bytes.count { return true }
            if bytes[at + 1] == 0x23 {
                var j = at + 2
                var hex = false
                if j < bytes.count, bytes[j] == 0x78 { hex = true; j += 1 }
                var code: UInt32 = 0
                var digits = 0
                while j < bytes.count, digits < 9, let digit = digit(bytes[j], hex: hex) {
                    code = accumulate(code, digit, hex: hex)
                    digits += 1
                    j += 1
                }
                if j >= bytes.count { return true }
                if bytes[j] == 0x3B && digits > 0 && isForbidden(code) { return true }
            }
            start = at + 1
        }
        return false
    }

    /// A reference's code with one more digit, held at a value past Unicode once it is past it (nine hex
    /// digits, `&#x123456789;`, would overflow 32 bits; only codes under 0x20 matter here).
    private static func accumulate(_ code: UInt32, _ digit: UInt32, hex: Bool) -> UInt32 {
        code > 0x10FFFF ? code : code * (hex ? 16 : 10) + digit
    }

    private static func digit(_ byte: UInt8, hex: Bool) -> UInt32? {
        switch byte {
        case 0x30...0x39: return UInt32(byte - 0x30)
        case 0x41...0x46 where hex: return UInt32(byte - 0x41 + 10)
        case 0x61...0x66 where hex: return UInt32(byte - 0x61 + 10)
        default: return nil
        }
    }

    /// Whether text bytes hold a stand-in (U+FDD0…U+FDEF, UTF-8 `EF B7 90`…`EF B7 AF`).
    static func holdsStandIn(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= 3, let base = bytes.baseAddress else { return false }
        var start = 0
        while start + 2 < bytes.count, let found = memchr(base + start, 0xEF, bytes.count - start - 2) {
            let at = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if bytes[at + 1] == 0xB7 && (0x90...0xAF).contains(bytes[at + 2]) { return true }
            start = at + 1
        }
        return false
    }

    /// Text bytes with the stand-ins turned back into their control characters; `found` is told each one.
    static func restore(_ bytes: UnsafeBufferPointer<UInt8>, found: (UInt8) -> Void) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if i + 2 < bytes.count, bytes[i] == 0xEF, bytes[i + 1] == 0xB7, (0x90...0xAF).contains(bytes[i + 2]) {
                let control = bytes[i + 2] - 0x90
                output.append(control)
                found(control)
                i += 3
            } else {
                output.append(bytes[i])
                i += 1
            }
        }
        return output
    }
}
