/// Fixes the two JSON syntax faults that have exactly one reading, on bytes, outside strings: a comma right
/// before `}` or `]` (removed) and the `NaN`, `Infinity`, `-Infinity` literals that Python and JavaScript
/// write (replaced by `null`; whether null may stay there is the format rules' decision, made later).
/// Anything else — a missing comma, an unquoted key, single quotes — is left for the parser to refuse.
enum JSONSyntaxRepair {
    /// The repaired bytes and what was changed.
    struct Outcome {
        var bytes: [UInt8]
        var trailingCommas = 0
        var nonFinite = 0
        var changed: Bool { trailingCommas + nonFinite > 0 }
    }

    private static let nan = Array("NaN".utf8)
    private static let infinity = Array("Infinity".utf8)
    private static let null = Array("null".utf8)

    static func repair(_ input: UnsafeBufferPointer<UInt8>) -> Outcome {
        var out = Outcome(bytes: [])
        out.bytes.reserveCapacity(input.count)
        var index = 0
        var inString = false
        let count = input.count
        func matches(_ word: [UInt8], at position: Int) -> Bool {
            guard position + word.count <= count else { return false }
            for offset in 0..<word.count where input[position + offset] != word[offset] { return false }
            // A literal ends at a delimiter (or the end), never inside a longer word.
            let after = position + word.count
            return after == count || !isWordByte(input[after])
        }
        while index < count {
            let byte = input[index]
            if inString {
                out.bytes.append(byte)
                if byte == UInt8(ascii: "\\"), index + 1 < count {
                    out.bytes.append(input[index + 1])
                    index += 2
                    continue
                }
                if byte == UInt8(ascii: "\"") { inString = false }
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                out.bytes.append(byte)
                index += 1
            case UInt8(ascii: ","):
                var next = index + 1
                while next < count, isSpace(input[next]) { next += 1 }
                if next < count, input[next] == UInt8(ascii: "}") || input[next] == UInt8(ascii: "]") {
                    out.trailingCommas += 1
                } else {
                    out.bytes.append(byte)
                }
                index += 1
            case UInt8(ascii: "N") where matches(nan, at: index) && startsValue(out.bytes):
                out.bytes += null
                out.nonFinite += 1
                index += nan.count
            case UInt8(ascii: "I") where matches(infinity, at: index) && startsValue(out.bytes):
                out.bytes += null
                out.nonFinite += 1
                index += infinity.count
            case UInt8(ascii: "-") where matches(infinity, at: index + 1) && startsValue(out.bytes):
                out.bytes += null
                out.nonFinite += 1
                index += 1 + infinity.count
            default:
                out.bytes.append(byte)
                index += 1
            }
        }
        return out
    }

    static func repair(_ input: [UInt8]) -> Outcome {
        input.withUnsafeBufferPointer { repair($0) }
    }

    /// Whether a value may start here: after `:`, `[`, `,` or at the start (white space skipped).
    private static func startsValue(_ written: [UInt8]) -> Bool {
        var index = written.count - 1
        while index >= 0, isSpace(written[index]) { index -= 1 }
        guard index >= 0 else { return true }
        let byte = written[index]
        return byte == UInt8(ascii: ":") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: ",")
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
    }
}
