#if canImport(Glibc)
import Glibc
#endif

/// A JSON document parsed into a flat tape of nodes that point into the input bytes, without building
/// strings, arrays or dictionaries: the validator's parser, several times faster than ``JSONReader``.
///
/// Objects store their members as key node, value node, key node, value node…; every node knows where
/// its subtree ends (`next`), so siblings are reached by jumping. Strings are decoded only on request.
/// The tape is reused from line to line.
///
/// The grammar, the failure kinds and the notes (duplicate keys, lone surrogate escapes) are those of
/// ``JSONReader``.
package struct JSONTape {
    /// The kind of a node.
    package enum Kind: UInt8 {
        case object, array, string, number, bool, null
    }

    /// One value (or object key) on the tape.
    package struct Node {
        package var kind: Kind
        /// For strings: the bytes between the quotes contain a backslash escape.
        package var escaped: Bool
        /// For booleans: the value.
        package var flag: Bool
        /// For strings, the bytes between the quotes; for numbers, the literal; for containers, the brackets.
        package var start: Int
        package var end: Int
        /// Children of a container (members count twice: key and value).
        package var count: Int
        /// The index of the node after this subtree.
        package var next: Int
    }

    /// The nodes, valid until the next parse.
    package var nodes: UnsafeBufferPointer<Node> { storage.elements }
    private var storage = ScratchList<Node>(capacity: 256)
    package private(set) var notes: [JSONReader.Note] = []
    /// The bytes parsed last.
    package private(set) var bytes = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    private var index = 0
    private var path: [PathStep] = []

    private enum PathStep {
        case key(Int)
        case index(Int)
    }

    /// Creates an empty tape.
    package init() {}

    /// Parses one JSON value; the tape points into `input`, which must outlive its use.
    package mutating func parse(_ input: UnsafeBufferPointer<UInt8>) throws(JSONReader.Failure) {
        bytes = input
        index = 0
        if !isKnownUniquelyReferenced(&storage) { storage = ScratchList<Node>(capacity: 256) }
        storage.removeAll()
        notes.removeAll(keepingCapacity: true)
        path.removeAll(keepingCapacity: true)
        skipWhitespace()
        try parseValue(depth: 0)
        skipWhitespace()
        if index < bytes.count {
            let kind: JSONReader.Failure.Kind = bytes[index] == UInt8(ascii: "{") ? .missingComma : .syntax
            throw failure("unexpected \(describeCurrent()) after the end of the value", kind: kind)
        }
    }

    // MARK: Reading the tape

    /// The root node's index (0).
    package var root: Int { 0 }

    /// The value of member `key` of the object at `object`, or `nil`.
    package func member(_ object: Int, _ key: StaticString) -> Int? {
        guard nodes[object].kind == .object else { return nil }
        var child = object + 1
        var result: Int?
        for _ in 0..<(nodes[object].count / 2) {
            if equals(child, key) { result = nodes[child].next }
            child = nodes[nodes[child].next].next
        }
        return result
    }

    /// Member (key index, value index) pairs of the object at `object`, without allocating.
    package func members(_ object: Int) -> Members {
        Members(nodes: nodes, position: object + 1, remaining: nodes[object].kind == .object ? nodes[object].count / 2 : 0)
    }

    /// Element indices of the array at `array`, without allocating.
    package func elements(_ array: Int) -> Elements {
        Elements(nodes: nodes, position: array + 1, remaining: nodes[array].kind == .array ? nodes[array].count : 0)
    }

    /// The members of an object, in order.
    package struct Members: Sequence, IteratorProtocol {
        let nodes: UnsafeBufferPointer<Node>
        var position: Int
        var remaining: Int

        package mutating func next() -> (key: Int, value: Int)? {
            guard remaining > 0 else { return nil }
            remaining -= 1
            let key = position
            let value = nodes[key].next
            position = nodes[value].next
            return (key: key, value: value)
        }
    }

    /// The elements of an array, in order.
    package struct Elements: Sequence, IteratorProtocol {
        let nodes: UnsafeBufferPointer<Node>
        var position: Int
        var remaining: Int

        /// How many elements there are (in all, not only the ones left).
        package var count: Int { remaining }

        package var isEmpty: Bool { remaining == 0 }

        package mutating func next() -> Int? {
            guard remaining > 0 else { return nil }
            remaining -= 1
            let element = position
            position = nodes[element].next
            return element
        }
    }

    /// Whether the string node at `node` equals `text` (decoding escapes only when present).
    package func equals(_ node: Int, _ text: StaticString) -> Bool {
        let item = nodes[node]
        guard item.kind == .string else { return false }
        if item.escaped { return string(node) == text.description }
        let count = item.end - item.start
        guard count == text.utf8CodeUnitCount else { return false }
        let expected = text.utf8Start
        var i = 0
        while i < count {
            if bytes[item.start + i] != expected[i] { return false }
            i += 1
        }
        return true
    }

    /// The decoded string of a string node (`nil` for other kinds).
    package func string(_ node: Int) -> String? {
        let item = nodes[node]
        guard item.kind == .string else { return nil }
        if !item.escaped { return String(decoding: raw(node), as: UTF8.self) }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(item.end - item.start)
        unescaped(node, into: &decoded)
        return String(decoding: decoded, as: UTF8.self)
    }

    /// Appends the decoded UTF-8 bytes of a string node to `output` (escapes resolved, no `String` built).
    package func unescaped(_ node: Int, into output: inout [UInt8]) {
        let raw = self.raw(node)
        guard nodes[node].escaped else {
            output.append(contentsOf: raw)
            return
        }
        var i = 0
        func hex(_ at: Int) -> UInt32? {
            guard at + 4 <= raw.count else { return nil }
            var value: UInt32 = 0
            for k in 0..<4 {
                let byte = raw[at + k]
                let digit: UInt32
                switch byte {
                case 0x30...0x39: digit = UInt32(byte - 0x30)
                case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
                case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
                default: return nil
                }
                value = value << 4 | digit
            }
            return value
        }
        while i < raw.count {
            let byte = raw[i]
            guard byte == 0x5C, i + 1 < raw.count else {
                output.append(byte)
                i += 1
                continue
            }
            let escape = raw[i + 1]
            i += 2
            switch escape {
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "u"):
                var scalar = hex(i) ?? 0xFFFD
                i += 4
                if (0xD800...0xDBFF).contains(scalar), i + 6 <= raw.count, raw[i] == 0x5C, raw[i + 1] == UInt8(ascii: "u"),
                   let low = hex(i + 2), (0xDC00...0xDFFF).contains(low) {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                output.append(contentsOf: UTF8.encode(Unicode.Scalar(scalar) ?? "\u{FFFD}")!)
            default: output.append(escape)
            }
        }
    }

    /// Whether a string node is 1 to `maxLength` ASCII letters, digits, `_` or `-` (`allowPunctuation` off:
    /// letters and digits only).
    package func isIdentifier(_ node: Int, maxLength: Int, allowPunctuation: Bool) -> Bool {
        guard nodes[node].kind == .string, !nodes[node].escaped else { return false }
        let raw = self.raw(node)
        guard !raw.isEmpty, raw.count <= maxLength else { return false }
        return raw.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || (allowPunctuation && (byte == 0x5F || byte == 0x2D))
        }
    }

    /// The raw bytes of a node (for a string, between the quotes).
    package func raw(_ node: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[nodes[node].start..<nodes[node].end])
    }

    /// Whether a string node holds only white space (escaped white space included).
    package func isBlank(_ node: Int) -> Bool {
        let item = nodes[node]
        guard item.kind == .string else { return false }
        var i = item.start
        while i < item.end {
            let byte = bytes[i]
            if byte == 0x20 || byte == 0x09 {
                i += 1
                continue
            }
            if byte == 0x5C && i + 1 < item.end {
                // \n \t \r \f are white space; \u escapes are rare enough to decode.
                switch bytes[i + 1] {
                case UInt8(ascii: "n"), UInt8(ascii: "t"), UInt8(ascii: "r"), UInt8(ascii: "f"):
                    i += 2
                    continue
                case UInt8(ascii: "u"):
                    return string(node)?.allSatisfy(\.isWhitespace) ?? false
                default:
                    return false
                }
            }
            if byte < 0x80 { return false }
            guard let (scalar, width) = TextNormalizer.decode(bytes, at: i), TextNormalizer.isWhitespace(scalar) else { return false }
            i += width
        }
        return true
    }

    /// A short name of the node's kind, for messages.
    package func kindDescription(_ node: Int) -> String {
        switch nodes[node].kind {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "a boolean"
        case .null: return "null"
        }
    }

    /// The value at `node` as a ``JSONValue`` (for the rare checks that need a tree).
    package func value(_ node: Int) -> JSONValue {
        let item = nodes[node]
        switch item.kind {
        case .null: return .null
        case .bool: return .bool(item.flag)
        case .number: return .number(String(decoding: raw(node), as: UTF8.self))
        case .string: return .string(string(node) ?? "")
        case .array: return .array(elements(node).map { value($0) })
        case .object:
            return .object(JSONObject(members(node).map { (key: string($0.key) ?? "", value: value($0.value)) }))
        }
    }

    // MARK: Parsing

    private static let maxDepth = 512

    private var pointer: String {
        var text = ""
        for step in path {
            text += "/"
            switch step {
            case .key(let node): text += JSONReader.escapePointerToken(string(node) ?? "")
            case .index(let position): text += String(position)
            }
        }
        return text
    }

    private func failure(_ message: String, kind: JSONReader.Failure.Kind = .syntax, at offset: Int? = nil) -> JSONReader.Failure {
        JSONReader.Failure(offset: offset ?? index, message: message, pointer: pointer, kind: kind)
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

    @inline(__always)
    private mutating func push(_ kind: Kind, start: Int) -> Int {
        storage.append(Node(kind: kind, escaped: false, flag: false, start: start, end: start, count: 0, next: 0))
        return storage.count - 1
    }

    private mutating func parseValue(depth: Int) throws(JSONReader.Failure) {
        guard index < bytes.count else {
            throw failure("the line ends where a value was expected", kind: .truncated)
        }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            guard depth < Self.maxDepth else { throw failure("nesting deeper than \(Self.maxDepth) levels") }
            try parseObject(depth: depth + 1)
        case UInt8(ascii: "["):
            guard depth < Self.maxDepth else { throw failure("nesting deeper than \(Self.maxDepth) levels") }
            try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""):
            try parseString()
        case UInt8(ascii: "t"):
            let node = push(.bool, start: index)
            try expectLiteral("true")
            storage[node].flag = true
            finish(node)
        case UInt8(ascii: "f"):
            let node = push(.bool, start: index)
            try expectLiteral("false")
            finish(node)
        case UInt8(ascii: "n"):
            let node = push(.null, start: index)
            try expectLiteral("null")
            finish(node)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try parseNumber()
        case UInt8(ascii: "N"), UInt8(ascii: "I"):
            throw failure("NaN and Infinity are not JSON", kind: .nonFinite)
        default:
            throw failure("expected a value, found \(describeCurrent())")
        }
    }

    @inline(__always)
    private mutating func finish(_ node: Int) {
        var item = storage[node]
        item.end = index
        item.next = storage.count
        storage[node] = item
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONReader.Failure) {
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

    private mutating func parseObject(depth: Int) throws(JSONReader.Failure) {
        let node = push(.object, start: index)
        index += 1
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
            index += 1
            finish(node)
            return
        }
        var count = 0
        // Past a few members, keys are checked against a hash of the earlier ones instead of one by one, so an
        // object with 40,000 keys costs 40,000 look-ups, not 800 million comparisons.
        var keysByHash: [UInt64: Int] = [:]
        while true {
            skipWhitespace()
            guard index < bytes.count else {
                throw failure("the line ends inside an object (is the JSON pretty-printed over several lines?)", kind: .truncated)
            }
            guard bytes[index] == UInt8(ascii: "\"") else {
                if bytes[index] == UInt8(ascii: "}") { throw failure("trailing comma before '}'", kind: .trailingComma) }
                throw failure("expected a key in double quotes, found \(describeCurrent())")
            }
            let key = storage.count
            try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw failure("expected ':' after a key, found \(describeCurrent())", kind: index < bytes.count ? .syntax : .truncated)
            }
            index += 1
            skipWhitespace()
            path.append(.key(key))
            try parseValue(depth: depth)
            path.removeLast()
            count += 2
            if count <= 2 * Self.linearKeyCheck {
                checkDuplicate(key: key, in: node)
            } else {
                if keysByHash.isEmpty { indexKeys(of: node, before: key, into: &keysByHash) }
                checkDuplicate(key: key, in: node, keysByHash: &keysByHash)
            }
            skipWhitespace()
            guard index < bytes.count else {
                throw failure("the line ends inside an object (is the JSON pretty-printed over several lines?)", kind: .truncated)
            }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "}"):
                index += 1
                storage[node].count = count
                finish(node)
                return
            case UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "["):
                throw failure("missing ',' between members", kind: .missingComma)
            default:
                throw failure("expected ',' or '}' in an object, found \(describeCurrent())")
            }
        }
    }

    /// Members an object may have before its keys are checked by hash.
    static let linearKeyCheck = 16

    /// Hashes the keys of `object` before `end` (the members parsed so far).
    private func indexKeys(of object: Int, before end: Int, into table: inout [UInt64: Int]) {
        var child = object + 1
        while child < end {
            let hash = WyHash.hash(UnsafeRawBufferPointer(raw(child)), seed: 0)
            if table[hash] == nil { table[hash] = child }
            child = nodes[nodes[child].next].next
        }
    }

    /// Notes a key that repeats an earlier key of the same object, looked up by hash (a hash shared with a
    /// different key falls back to comparing with every earlier key).
    private mutating func checkDuplicate(key: Int, in object: Int, keysByHash: inout [UInt64: Int]) {
        let keyBytes = raw(key)
        let hash = WyHash.hash(UnsafeRawBufferPointer(keyBytes), seed: 0)
        guard let earlier = keysByHash[hash] else {
            keysByHash[hash] = key
            return
        }
        let earlierBytes = raw(earlier)
        if earlierBytes.count == keyBytes.count && earlierBytes.elementsEqual(keyBytes) {
            notes.append(.duplicateKey(string(key) ?? "", pointer: pointer))
        } else {
            checkDuplicate(key: key, in: object)
        }
    }

    /// Notes a key that repeats an earlier key of the same object.
    private mutating func checkDuplicate(key: Int, in object: Int) {
        var child = object + 1
        let keyBytes = raw(key)
        while child < key {
            let earlier = raw(child)
            if earlier.count == keyBytes.count && earlier.elementsEqual(keyBytes) {
                notes.append(.duplicateKey(string(key) ?? "", pointer: pointer))
                return
            }
            child = nodes[nodes[child].next].next
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONReader.Failure) {
        let node = push(.array, start: index)
        index += 1
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
            index += 1
            finish(node)
            return
        }
        var count = 0
        while true {
            skipWhitespace()
            if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
                throw failure("trailing comma before ']'", kind: .trailingComma)
            }
            path.append(.index(count))
            try parseValue(depth: depth)
            path.removeLast()
            count += 1
            skipWhitespace()
            guard index < bytes.count else {
                throw failure("the line ends inside an array (is the JSON pretty-printed over several lines?)", kind: .truncated)
            }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "]"):
                index += 1
                storage[node].count = count
                finish(node)
                return
            case UInt8(ascii: "{"), UInt8(ascii: "\""), UInt8(ascii: "["):
                throw failure("missing ',' between array elements", kind: .missingComma)
            default:
                throw failure("expected ',' or ']' in an array, found \(describeCurrent())")
            }
        }
    }

    private mutating func parseNumber() throws(JSONReader.Failure) {
        let node = push(.number, start: index)
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
        finish(node)
    }

    /// Scans a string: eight bytes at a time for quote, backslash or control bytes; escapes are checked,
    /// the content must be valid UTF-8.
    private mutating func parseString() throws(JSONReader.Failure) {
        index += 1
        let start = index
        let n = bytes.count
        let base = UnsafeRawPointer(bytes.baseAddress!)
        var escaped = false
        var high: UInt64 = 0
        while true {
            while index + 8 <= n {
                let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                high |= word
                if Self.special(word) != 0 { break }
                index += 8
            }
            guard index < n else { throw failure("the line ends inside a string", kind: .truncated) }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                index += 1
                guard index < n else { throw failure("the line ends inside a string", kind: .truncated) }
                switch bytes[index] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    index += 1
                case UInt8(ascii: "u"):
                    index += 1
                    let value = try hex4()
                    if (0xD800...0xDBFF).contains(value) {
                        if index + 6 <= n, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                            let save = index
                            index += 2
                            let low = try hex4()
                            if !(0xDC00...0xDFFF).contains(low) {
                                index = save
                                notes.append(.loneSurrogate(pointer: pointer))
                            }
                        } else {
                            notes.append(.loneSurrogate(pointer: pointer))
                        }
                    } else if (0xDC00...0xDFFF).contains(value) {
                        notes.append(.loneSurrogate(pointer: pointer))
                    }
                default:
                    throw failure("invalid escape '\\\(Character(Unicode.Scalar(bytes[index])))' inside a string", at: index - 1)
                }
                continue
            }
            if byte < 0x20 {
                throw failure("unescaped control character 0x\(String(byte, radix: 16)) inside a string")
            }
            high |= UInt64(byte)
            index += 1
        }
        let content = UnsafeBufferPointer(rebasing: bytes[start..<index])
        if high & 0x8080_8080_8080_8080 != 0, let offset = UTF8Validation.firstInvalidOffset(content) {
            throw failure("invalid UTF-8 inside a string", kind: .invalidUTF8, at: start + offset)
        }
        // A string has no children: its node is appended whole once its end is known.
        let next = storage.count + 1
        storage.append(Node(kind: .string, escaped: escaped, flag: false, start: start, end: index, count: 0, next: next))
        index += 1
    }

    /// High bits set in the bytes of `word` that are a quote, a backslash or a control byte (exact for the
    /// lowest; only zero-ness is used).
    @inline(__always)
    static func special(_ word: UInt64) -> UInt64 {
        let quote = word ^ 0x2222_2222_2222_2222
        let backslash = word ^ 0x5C5C_5C5C_5C5C_5C5C
        return (((word &- 0x2020_2020_2020_2020) & ~word)
            | ((quote &- 0x0101_0101_0101_0101) & ~quote)
            | ((backslash &- 0x0101_0101_0101_0101) & ~backslash)) & 0x8080_8080_8080_8080
    }

    private mutating func hex4() throws(JSONReader.Failure) -> UInt32 {
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
}
