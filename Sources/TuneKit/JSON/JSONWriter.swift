/// Writes JSON text byte by byte, fast, in the exact shape the training formats document:
/// keys in the order they are written, non-ASCII as raw UTF-8, `/` never escaped, control characters
/// escaped (`\n`, `\t`, `\u001f` …), and lone UTF-16 surrogates in byte input as `\udXXX` escapes.
///
/// ```swift
/// var writer = JSONWriter()
/// writer.beginObject()
/// writer.key("role"); writer.string("user")
/// writer.endObject()        // {"role":"user"}
/// ```
/// The caller is responsible for structure (commas are inserted automatically between members and
/// elements). Foundation's encoders are not used: they are 7–50× slower on this path.
package struct JSONWriter: Sendable {
    /// The JSON text written so far.
    package var bytes: [UInt8]
    /// Whether the next value at each open level needs a comma before it.
    private var needsComma: [Bool] = [false]
    private var afterKey = false

    /// Creates a writer with an optional initial capacity.
    package init(capacity: Int = 1024) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Clears the output for reuse, keeping the allocation.
    package mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        needsComma = [false]
        afterKey = false
    }

    @inline(__always)
    private mutating func separator() {
        if afterKey {
            afterKey = false
            return
        }
        if needsComma[needsComma.count - 1] {
            bytes.append(UInt8(ascii: ","))
        }
        needsComma[needsComma.count - 1] = true
    }

    /// Opens an object.
    package mutating func beginObject() {
        separator()
        bytes.append(UInt8(ascii: "{"))
        needsComma.append(false)
    }

    /// Closes the innermost object.
    package mutating func endObject() {
        needsComma.removeLast()
        bytes.append(UInt8(ascii: "}"))
    }

    /// Opens an array.
    package mutating func beginArray() {
        separator()
        bytes.append(UInt8(ascii: "["))
        needsComma.append(false)
    }

    /// Closes the innermost array.
    package mutating func endArray() {
        needsComma.removeLast()
        bytes.append(UInt8(ascii: "]"))
    }

    /// Writes an object key; the next call writes its value.
    package mutating func key(_ name: StaticString) {
        separator()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        afterKey = true
    }

    /// Writes an object key given at run time (escaped like any string).
    package mutating func key(_ name: String) {
        string(name)
        bytes.append(UInt8(ascii: ":"))
        afterKey = true
    }

    /// Writes a string value.
    package mutating func string(_ value: String) {
        separator()
        var value = value
        value.withUTF8 { Self.appendEscaped(validUTF8: $0, to: &bytes) }
    }

    /// Writes a string value from bytes known to be valid UTF-8.
    package mutating func string(validUTF8 value: UnsafeBufferPointer<UInt8>) {
        separator()
        Self.appendEscaped(validUTF8: value, to: &bytes)
    }

    /// Writes a string value from raw bytes that may not be valid UTF-8: encoded surrogates
    /// (`ED A0 80`…) become `\udXXX` escapes, other invalid bytes become U+FFFD.
    package mutating func string(utf8Bytes value: UnsafeBufferPointer<UInt8>) {
        separator()
        Self.appendEscaped(unvalidatedUTF8: value, to: &bytes)
    }

    /// Writes a number given as JSON text.
    package mutating func number(_ text: String) {
        separator()
        bytes.append(contentsOf: text.utf8)
    }

    /// Writes an integer.
    package mutating func number(_ value: Int) {
        number(String(value))
    }

    /// Writes `true` or `false`.
    package mutating func bool(_ value: Bool) {
        separator()
        bytes.append(contentsOf: value ? Self.trueBytes : Self.falseBytes)
    }

    /// Writes `null`.
    package mutating func null() {
        separator()
        bytes.append(contentsOf: Self.nullBytes)
    }

    /// Writes any JSON value compactly.
    package mutating func value(_ value: JSONValue) {
        switch value {
        case .null: null()
        case .bool(let flag): bool(flag)
        case .number(let text): number(text)
        case .string(let text): string(text)
        case .array(let items):
            beginArray()
            for item in items { self.value(item) }
            endArray()
        case .object(let object):
            beginObject()
            for member in object.members {
                key(member.key)
                self.value(member.value)
            }
            endObject()
        }
    }

    /// Ends a JSONL line: appends `\n`; the next value starts a new top-level value.
    package mutating func newline() {
        bytes.append(0x0A)
        needsComma[0] = false
        afterKey = false
    }

    private static let trueBytes: [UInt8] = Array("true".utf8)
    private static let falseBytes: [UInt8] = Array("false".utf8)
    private static let nullBytes: [UInt8] = Array("null".utf8)
    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// 1 where a byte needs escaping inside a JSON string: `"`, `\` and controls below 0x20.
    private static let escapeTable: [UInt8] = (0..<256).map { byte in
        byte < 0x20 || byte == 0x22 || byte == 0x5C ? 1 : 0
    }

    @inline(__always)
    private static func appendEscape(_ byte: UInt8, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\\"))
        switch byte {
        case 0x22: out.append(UInt8(ascii: "\""))
        case 0x5C: out.append(UInt8(ascii: "\\"))
        case 0x0A: out.append(UInt8(ascii: "n"))
        case 0x0D: out.append(UInt8(ascii: "r"))
        case 0x09: out.append(UInt8(ascii: "t"))
        case 0x08: out.append(UInt8(ascii: "b"))
        case 0x0C: out.append(UInt8(ascii: "f"))
        default:
            out.append(UInt8(ascii: "u"))
            out.append(UInt8(ascii: "0"))
            out.append(UInt8(ascii: "0"))
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0xF)])
        }
    }

    /// Quotes and escapes valid UTF-8: runs of safe bytes are found eight at a time and copied in one go.
    static func appendEscaped(validUTF8 input: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let n = input.count
        guard n > 0 else {
            out.append(UInt8(ascii: "\""))
            return
        }
        let base = UnsafeRawPointer(input.baseAddress!)
        var runStart = 0
        var i = 0
        while i < n {
            if i + 8 <= n {
                let word = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let quote = word ^ 0x2222_2222_2222_2222
                let backslash = word ^ 0x5C5C_5C5C_5C5C_5C5C
                let flags = ((word &- 0x2020_2020_2020_2020) & ~word)
                    | ((quote &- 0x0101_0101_0101_0101) & ~quote)
                    | ((backslash &- 0x0101_0101_0101_0101) & ~backslash)
                if flags & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                    continue
                }
            }
            let byte = input[i]
            if byte >= 0x20 && byte != 0x22 && byte != 0x5C {
                i += 1
                continue
            }
            if i > runStart {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<i]))
            }
            appendEscape(byte, to: &out)
            i += 1
            runStart = i
        }
        if n > runStart {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<n]))
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Quotes and escapes bytes that may be ill-formed UTF-8.
    static func appendEscaped(unvalidatedUTF8 input: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var i = 0
        let n = input.count
        while i < n {
            let byte = input[i]
            if byte < 0x80 {
                if escapeTable[Int(byte)] != 0 { appendEscape(byte, to: &out) } else { out.append(byte) }
                i += 1
                continue
            }
            let width = UTF8Validation.sequenceLength(input, at: i)
            if width > 0 {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: input[i..<(i + width)]))
                i += width
            } else if let surrogate = UTF8Validation.encodedSurrogate(input, at: i) {
                out.append(contentsOf: Array("\\u".utf8))
                for shift in stride(from: 12, through: 0, by: -4) {
                    out.append(hex[Int((surrogate >> UInt32(shift)) & 0xF)])
                }
                i += 3
            } else {
                out.append(contentsOf: [0xEF, 0xBF, 0xBD])
                i += 1
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
