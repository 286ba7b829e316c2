#if canImport(Glibc)
import Glibc
#endif

/// The first pass over Excel 2003 XML without an XML parser: worksheet names, whether each is hidden,
/// and rows with data, found by scanning the tags' bytes (comments and CDATA skipped). Several times
/// faster than a SAX pass; the second pass, which reads the rows, is the full parser, which also rejects
/// a malformed file.
struct SheetByteScan {
    private(set) var sheets: [WorkbookReader.SheetSummary] = []
    private var rowHasData = false
    private var commentDepth = 0
    private var inVisible = false
    private var visibleText: [UInt8] = []
    private var carry: [UInt8] = []

    /// Scans one chunk; a tag cut at the end of the chunk is kept for the next.
    mutating func scan(_ chunk: UnsafeBufferPointer<UInt8>) {
        guard !carry.isEmpty else { return scan(all: chunk) }
        let bytes = carry + chunk
        carry = []
        bytes.withUnsafeBufferPointer { scan(all: $0) }
    }

    private mutating func scan(all bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        var i = 0
        let n = bytes.count
        while i < n {
            if inVisible {
                // Text of <Visible> up to the next tag.
                var j = i
                while j < n && bytes[j] != UInt8(ascii: "<") { j += 1 }
                visibleText.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<j]))
                i = j
                if i >= n { return }
            }
            guard let found = memchr(base + i, Int32(UInt8(ascii: "<")), n - i) else { return }
            let start = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            // Comments, CDATA and processing instructions are skipped whole.
            if let skip = skipSpecial(bytes, at: start) {
                guard skip <= n else {
                    carry = Array(bytes[start...])
                    return
                }
                i = skip
                continue
            }
            guard let end = memchr(base + start, Int32(UInt8(ascii: ">")), n - start) else {
                carry = Array(bytes[start...])
                return
            }
            let close = base.distance(to: end.assumingMemoryBound(to: UInt8.self))
            tag(UnsafeBufferPointer(rebasing: bytes[(start + 1)..<close]))
            i = close + 1
        }
    }

    /// The index after a comment, CDATA section or processing instruction starting at `start`
    /// (`Int.max` when it does not end in the buffer), or `nil` for an ordinary tag.
    private func skipSpecial(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        // Ordinary tags, nearly all of them, are told apart by their second byte.
        guard start + 1 < bytes.count else { return Int.max }
        let second = bytes[start + 1]
        guard second == UInt8(ascii: "!") || second == UInt8(ascii: "?") else { return nil }
        func starts(_ pattern: StaticString) -> Bool {
            start + pattern.utf8CodeUnitCount <= bytes.count
                && memcmp(bytes.baseAddress! + start, pattern.utf8Start, pattern.utf8CodeUnitCount) == 0
        }
        func find(_ terminator: StaticString, from: Int) -> Int {
            let length = terminator.utf8CodeUnitCount
            let base = bytes.baseAddress!
            var i = from
            while i + length <= bytes.count,
                  let found = memchr(base + i, Int32(terminator.utf8Start.pointee), bytes.count - i) {
                i = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if i + length <= bytes.count && memcmp(base + i, terminator.utf8Start, length) == 0 { return i + length }
                i += 1
            }
            return Int.max
        }
        if starts("<!--") { return find("-->", from: start + 4) }
        if starts("<![CDATA[") { return find("]]>", from: start + 9) }
        if second == UInt8(ascii: "?") { return find("?>", from: start + 2) }
        // A cut-off "<!-" or "<![CDA" at the end of the buffer: wait for more bytes.
        if bytes.count - start < 9 { return Int.max }
        return nil
    }

    private mutating func tag(_ tag: UnsafeBufferPointer<UInt8>) {
        guard let first = tag.first else { return }
        let closing = first == UInt8(ascii: "/")
        var nameStart = closing ? 1 : 0
        var nameEnd = nameStart
        while nameEnd < tag.count {
            let byte = tag[nameEnd]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == UInt8(ascii: "/") { break }
            if byte == UInt8(ascii: ":") { nameStart = nameEnd + 1 }
            nameEnd += 1
        }
        let nameBytes = UnsafeBufferPointer(rebasing: tag[nameStart..<nameEnd])
        let name: Name
        if SpreadsheetML.is(nameBytes, "Row") { name = .row }
        else if SpreadsheetML.is(nameBytes, "Data") { name = .data }
        else if SpreadsheetML.is(nameBytes, "Worksheet") { name = .worksheet }
        else if SpreadsheetML.is(nameBytes, "Comment") { name = .comment }
        else if SpreadsheetML.is(nameBytes, "Visible") { name = .visible }
        else { return }
        let selfClosing = tag.last == UInt8(ascii: "/")
        switch (name, closing) {
        case (.worksheet, false):
            let sheetName = Self.attribute("Name", in: tag) ?? "Sheet\(sheets.count + 1)"
            sheets.append(.init(name: sheetName, hidden: false, rows: 0))
        case (.row, false):
            rowHasData = false
            if selfClosing { rowHasData = false }
        case (.row, true):
            if rowHasData, !sheets.isEmpty { sheets[sheets.count - 1].rows += 1 }
        case (.data, false):
            if commentDepth == 0 { rowHasData = true }
        case (.comment, false):
            if !selfClosing { commentDepth += 1 }
        case (.comment, true):
            commentDepth -= 1
        case (.visible, false):
            inVisible = !selfClosing
            visibleText = []
        case (.visible, true):
            inVisible = false
            let text = String(decoding: visibleText, as: UTF8.self)
            if !sheets.isEmpty && (text.hasPrefix("SheetHidden") || text.hasPrefix("SheetVeryHidden")) {
                sheets[sheets.count - 1].hidden = true
            }
        default:
            break
        }
    }

    /// The only five element names that matter; anything else is passed over without building a string.
    private enum Name {
        case row, data, worksheet, comment, visible
    }

    /// The value of attribute `name` (any prefix) in a tag, with the XML entities decoded.
    static func attribute(_ name: String, in tag: UnsafeBufferPointer<UInt8>) -> String? {
        let text = String(decoding: tag, as: UTF8.self)
        for quote in ["\"", "'"] {
            for prefix in [":" + name + "=" + quote, " " + name + "=" + quote] {
                guard let range = text.range(of: prefix) else { continue }
                guard let end = text[range.upperBound...].firstIndex(of: Character(quote)) else { return nil }
                return decodeEntities(String(text[range.upperBound..<end]))
            }
        }
        return nil
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            guard let semicolon = rest[amp...].firstIndex(of: ";") else { break }
            let entity = rest[rest.index(after: amp)..<semicolon]
            switch entity {
            case "amp": result += "&"
            case "lt": result += "<"
            case "gt": result += ">"
            case "quot": result += "\""
            case "apos": result += "'"
            default:
                let digits = entity.hasPrefix("#x") ? UInt32(entity.dropFirst(2), radix: 16) : entity.hasPrefix("#") ? UInt32(entity.dropFirst()) : nil
                if let digits, let scalar = Unicode.Scalar(digits) { result.unicodeScalars.append(scalar) } else { result += "&" + entity + ";" }
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return result + rest
    }
}
