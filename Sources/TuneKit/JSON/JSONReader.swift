import Foundation

/// A strict JSON parser over bytes (RFC 8259), written for the JSONL hot paths.
///
/// Strings must be valid UTF-8; escaped lone surrogates (`\ud800`) are replaced by U+FFFD and
/// reported in ``Result/notes``. Duplicate keys are kept and reported. Numbers keep their text.
///
/// ```swift
/// let value = try JSONReader.parse(Array(#"{"a":[1,2]}"#.utf8))
/// ```
public struct JSONReader {
    /// A parse failure: where, what, and the JSON pointer of the value being read.
    public struct Failure: Error, Equatable, Sendable {
        /// Byte offset into the input.
        public var offset: Int
        public var message: String
        /// The JSON pointer of the container being read when parsing stopped (`/messages/2`).
        public var pointer: String
        /// What kind of failure: used to pick a validator code.
        public var kind: Kind

        /// Failure kinds that the validator reports with their own codes.
        public enum Kind: Sendable, Equatable {
            case syntax
            case trailingComma
            case missingComma
            case nonFinite
            case invalidUTF8
            case truncated
        }
    }

    /// Remarks about input that parsed but deserves a warning.
    public enum Note: Equatable, Sendable {
        case duplicateKey(String, pointer: String)
        case loneSurrogate(pointer: String)
    }

    /// A successful parse.
    public struct Result: Sendable {
        public var value: JSONValue
        public var notes: [Note]
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var path: [String] = []
    private var notes: [Note] = []
    private var scratch: [UInt8] = []

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Parses exactly one JSON value (surrounding white space allowed).
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(Failure) -> Result {
        var reader = JSONReader(bytes: bytes)
        reader.skipWhitespace()
        let value = try reader.parseValue(depth: 0)
        reader.skipWhitespace()
        if reader.index < bytes.count {
            let kind: Failure.Kind = bytes[reader.index] == UInt8(ascii: "{") ? .missingComma : .syntax
            throw reader.failure("unexpected \(reader.describeCurrent()) after the end of the value", kind: kind)
        }
        return Result(value: value, notes: reader.notes)
    }

    /// Parses exactly one JSON value from an array of bytes.
    public static func parse(_ bytes: [UInt8]) throws(Failure) -> Result {
        let outcome: Swift.Result<Result, Failure> = bytes.withUnsafeBufferPointer { buffer in
            do throws(Failure) { return .success(try parse(buffer)) } catch { return .failure(error) }
        }
        return try outcome.get()
    }

    /// Parses exactly one JSON value from text.
    public static func parse(_ text: String) throws(Failure) -> Result {
        try parse(Array(text.utf8))
    }

    private static let maxDepth = 512

    private var pointer: String {
        path.isEmpty ? "" : "/" + path.joined(separator: "/")
    }

    private func failure(_ message: String, kind: Failure.Kind = .syntax, at offset: Int? = nil) -> Failure {
        Failure(offset: offset ?? index, message: message, pointer: pointer, kind: kind)
    }

    private func describeCurrent() -> String {
        guard index < bytes.count else { return "end of line" }
        let byte = bytes[index]
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16)
    }

    @inline(__always)
    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func parseValue(depth: Int) throws(Failure) -> JSONValue {
        guard index < bytes.count else {
            throw failure("the line ends where a value was expected", kind: .truncated)
        }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            guard depth < Self.maxDepth else { throw failure("nesting deeper than \(Self.maxDepth) levels") }
            return .object(try parseObject(depth: depth + 1))
        case UInt8(ascii: "["):
            guard depth < Self.maxDepth else { throw failure("nesting deeper than \(Self.maxDepth) levels") }
            return .array(try parseArray(depth: depth + 1))
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try parseNumber())
        case UInt8(ascii: "N"), UInt8(ascii: "I"):
            throw failure("NaN and Infinity are not JSON", kind: .nonFinite)
        default:
            throw failure("expected a value, found \(describeCurrent())")
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(Failure) {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else {
            throw failure("the line ends inside '\(literal)'", kind: .truncated)
        }
        let matches = literal.withUTF8Buffer { expected in
            (0..<count).allSatisfy { bytes[index + $0] == expected[$0] }
        }
        guard matches else { throw failure("expected '\(literal)', found \(describeCurrent())") }
        index += count
    }

    private mutating func parseObject(depth: Int) throws(Failure) -> JSONObject {
        index += 1
        var members: [(key: String, value: JSONValue)] = []
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
            index += 1
            return JSONObject(members)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count else {
                throw failure("the line ends inside an object (is the JSON pretty-printed over several lines?)", kind: .truncated)
            }
            guard bytes[index] == UInt8(ascii: "\"") else {
                if bytes[index] == UInt8(ascii: "}") {
                    throw failure("trailing comma before '}'", kind: .trailingComma)
                }
                throw failure("expected a key in double quotes, found \(describeCurrent())")
            }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw failure("expected ':' after the key \"\(key)\", found \(describeCurrent())",
                              kind: index < bytes.count ? .syntax : .truncated)
            }
            index += 1
            skipWhitespace()
            path.append(Self.escapePointerToken(key))
            let value = try parseValue(depth: depth)
            path.removeLast()
            if members.contains(where: { $0.key == key }) {
                notes.append(.duplicateKey(key, pointer: pointer))
            }
            members.append((key: key, value: value))
            skipWhitespace()
            guard index < bytes.count else {
                throw failure("the line ends inside an object (is the JSON pretty-printed over several lines?)", kind: .truncated)
            }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "}"):
                index += 1
                return JSONObject(members)
            case UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "["):
                throw failure("missing ',' between members", kind: .missingComma)
            default:
                throw failure("expected ',' or '}' in an object, found \(describeCurrent())")
            }
        }
    }

    private mutating func parseArray(depth: Int) throws(Failure) -> [JSONValue] {
        index += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
            index += 1
            return items
        }
        while true {
            skipWhitespace()
            if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
                throw failure("trailing comma before ']'", kind: .trailingComma)
            }
            path.append(String(items.count))
            let value = try parseValue(depth: depth)
            path.removeLast()
            items.append(value)
            skipWhitespace()
            guard index < bytes.count else {
                throw failure("the line ends inside an array (is the JSON pretty-printed over several lines?)", kind: .truncated)
            }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "]"):
                index += 1
                return items
            case UInt8(ascii: "{"), UInt8(ascii: "\""), UInt8(ascii: "["):
                throw failure("missing ',' between array elements", kind: .missingComma)
            default:
                throw failure("expected ',' or ']' in an array, found \(describeCurrent())")
            }
        }
    }

    private mutating func parseNumber() throws(Failure) -> String {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { throw failure("the line ends inside a number", kind: .truncated) }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(bytes[index]) {
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        } else if bytes[index] == UInt8(ascii: "I") {
            throw failure("NaN and Infinity are not JSON", kind: .nonFinite)
        } else {
            throw failure("expected a digit, found \(describeCurrent())")
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let digits = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            guard index > digits else { throw failure("expected a digit after '.'") }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            let digits = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            guard index > digits else { throw failure("expected a digit in the exponent") }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    private mutating func parseString() throws(Failure) -> String {
        index += 1
        let start = index
        // Fast path: no escapes, all ASCII or valid UTF-8.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                if let offset = UTF8Validation.firstInvalidOffset(slice) {
                    throw failure("invalid UTF-8 inside a string", kind: .invalidUTF8, at: start + offset)
                }
                return String(decoding: slice, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 {
                throw failure("unescaped control character 0x\(String(byte, radix: 16)) inside a string")
            }
            index += 1
        }
        guard index < bytes.count else {
            throw failure("the line ends inside a string", kind: .truncated)
        }
        // Slow path with escapes.
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
        let slowStart = start
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                let valid = scratch.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset($0) == nil }
                guard valid else {
                    throw failure("invalid UTF-8 inside a string", kind: .invalidUTF8, at: slowStart)
                }
                return String(decoding: scratch, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw failure("the line ends inside a string", kind: .truncated) }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): scratch.append(0x22)
                case UInt8(ascii: "\\"): scratch.append(0x5C)
                case UInt8(ascii: "/"): scratch.append(0x2F)
                case UInt8(ascii: "b"): scratch.append(0x08)
                case UInt8(ascii: "f"): scratch.append(0x0C)
                case UInt8(ascii: "n"): scratch.append(0x0A)
                case UInt8(ascii: "r"): scratch.append(0x0D)
                case UInt8(ascii: "t"): scratch.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try parseHex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        if index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                            let save = index
                            index += 2
                            let low = try parseHex4()
                            if (0xDC00...0xDFFF).contains(low) {
                                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                            } else {
                                index = save
                                notes.append(.loneSurrogate(pointer: pointer))
                                scalar = 0xFFFD
                            }
                        } else {
                            notes.append(.loneSurrogate(pointer: pointer))
                            scalar = 0xFFFD
                        }
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        notes.append(.loneSurrogate(pointer: pointer))
                        scalar = 0xFFFD
                    }
                    appendScalar(scalar)
                default:
                    throw failure("invalid escape '\\\(Character(Unicode.Scalar(escape)))' inside a string", at: index - 2)
                }
            default:
                if byte < 0x20 {
                    throw failure("unescaped control character 0x\(String(byte, radix: 16)) inside a string")
                }
                scratch.append(byte)
                index += 1
            }
        }
        throw failure("the line ends inside a string", kind: .truncated)
    }

    private mutating func parseHex4() throws(Failure) -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure("the line ends inside a \\u escape", kind: .truncated) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw failure("invalid hex digit in a \\u escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    private mutating func appendScalar(_ value: UInt32) {
        let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
        scratch.append(contentsOf: UTF8.encode(scalar)!)
    }

    /// Escapes `~` and `/` in a JSON pointer token (RFC 6901).
    static func escapePointerToken(_ key: String) -> String {
        guard key.contains("~") || key.contains("/") else { return key }
        return key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
