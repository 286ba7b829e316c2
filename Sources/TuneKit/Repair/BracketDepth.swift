/// How a line of a pretty-printed JSON value changes its bracket depth, counted outside strings: what tells
/// the readers that collect such a value (``UnitAssembler``, ``JSONLValidator``) when it can have ended, so that
/// they parse the collected text once when it closes instead of again after every line (which made a value of
/// many lines quadratic).
enum BracketDepth {
    /// `{` and `[` opened minus `}` and `]` closed outside strings in `line`; nil when the line leaves a string
    /// open (a line break inside a string is never valid JSON).
    static func change(_ line: UnsafeBufferPointer<UInt8>) -> Int? {
        var change = 0
        var inString = false
        var escaped = false
        for byte in line {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): change += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"): change -= 1
            default: break
            }
        }
        return inString ? nil : change
    }
}
