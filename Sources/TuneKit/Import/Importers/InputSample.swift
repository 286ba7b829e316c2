/// What recognition sees of an input: its first bytes, what they look like, their encoding, and the first
/// lines decoded to UTF-8.
package struct InputSample: Sendable {
    /// How many bytes are sampled (the encoding detector's sample).
    package static let size = EncodingDetector.sampleSize

    /// The input's name (`-` for standard input).
    package let name: String
    /// The first bytes, as read.
    package let bytes: [UInt8]
    /// Whether ``bytes`` is the whole input.
    package let complete: Bool
    /// What the bytes look like (a zip, a PNG, XML, text …).
    package let looks: FileSniffer.Kind
    /// The encoding detected (or forced by `--encoding`).
    package let encoding: EncodingDecision
    /// The sample decoded to UTF-8, cut after its last whole line unless the sample is the whole input.
    package let text: String
    /// The lines of ``text`` without their line ends (at most ``maxLines``).
    package let lines: [Substring]
    /// The name's extension, lower-cased, without the dot (empty when there is none).
    package let fileExtension: String

    /// The most lines decoded.
    package static let maxLines = 400

    /// Decodes `bytes`, the first bytes of the input `name`; `encoding` forces one.
    package init(name: String, bytes: [UInt8], complete: Bool, encoding forced: TextEncoding? = nil) {
        self.name = name
        self.bytes = bytes
        self.complete = complete
        looks = FileSniffer.kind(bytes)
        var decision = bytes.withUnsafeBufferPointer { EncodingDetector.detect($0, complete: complete) }
        if let forced {
            let bom = decision.encoding == forced ? decision.bomLength : 0
            decision = EncodingDecision(encoding: forced, bomLength: bom, reason: "set by --encoding")
        }
        encoding = decision
        var utf8: [UInt8]
        let body = bytes[min(decision.bomLength, bytes.count)...]
        if decision.encoding == .utf8 {
            utf8 = Array(body)
        } else if let transcoder = try? Transcoder(from: decision.encoding) {
            utf8 = []
            _ = Array(body).withUnsafeBufferPointer { transcoder.convert($0, into: &utf8, final: complete) }
        } else {
            utf8 = Array(body)
        }
        if !complete, let lastBreak = utf8.lastIndex(where: { $0 == 0x0A || $0 == 0x0D }) {
            utf8.removeSubrange((lastBreak + 1)...)
        }
        text = String(decoding: utf8, as: UTF8.self)
        var lines: [Substring] = []
        var rest = text[...]
        while !rest.isEmpty && lines.count < Self.maxLines {
            if let end = rest.firstIndex(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
                lines.append(rest[..<end])
                rest = rest[rest.index(after: end)...]
            } else {
                lines.append(rest)
                rest = rest[rest.endIndex...]
            }
        }
        self.lines = lines
        let base = name.split(separator: "/").last.map(String.init) ?? name
        if let dot = base.lastIndex(of: "."), dot != base.startIndex {
            fileExtension = String(base[base.index(after: dot)...]).lowercased()
        } else {
            fileExtension = ""
        }
    }

    /// Whether the bytes are text (a text file whose first character is `<` looks like XML, and is text too).
    package var isText: Bool { looks == .text || looks == .xml }

    /// The non-blank lines.
    package var nonBlankLines: [Substring] {
        lines.filter { !$0.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\u{3000}" } }
    }

    /// The first byte that is not white space (after a UTF-8 byte-order mark), for telling JSON apart.
    package var firstSignificantByte: UInt8? {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        return body.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
    }

    /// Whether the sample starts a JSON array of objects: `[`, then `{` or `]` (a WhatsApp or transcript line
    /// starts with `[` too, followed by a date).
    package var startsJSONArray: Bool {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        let significant = body.lazy.filter { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }.prefix(2)
        return Array(significant) == [UInt8(ascii: "["), UInt8(ascii: "{")] || Array(significant) == [UInt8(ascii: "["), UInt8(ascii: "]")]
    }

    /// Whether the raw sample contains `marker` (for keys near the start of a JSON document).
    package func contains(_ marker: String) -> Bool {
        let needle = Array(marker.utf8)
        guard let first = needle.first, bytes.count >= needle.count else { return false }
        var i = 0
        let last = bytes.count - needle.count
        while i <= last {
            if bytes[i] == first && bytes[i..<(i + needle.count)].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }
}
