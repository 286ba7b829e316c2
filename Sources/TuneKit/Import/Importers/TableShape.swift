/// How a text sample splits into delimited fields: the delimiter that gives its records one constant number
/// of fields under a header, and how many records agree (quotes respected, so a quoted field may hold
/// delimiters and line breaks).
struct TableShape: Sendable {
    var delimiter: UInt8
    /// The header's fields.
    var header: [String]
    /// Records after the header (blank ones left out).
    var rows: Int
    /// Rows with exactly the header's number of fields (trailing empty fields aside).
    var agreeing: Int
    /// Whether the sample starts with Excel's `sep=` line.
    var separatorLine: Bool

    var columns: Int { header.count }
    /// The share of rows that agree with the header.
    var agreement: Double { rows == 0 ? 0 : Double(agreeing) / Double(rows) }

    static let candidates: [UInt8] = [0x09, 0x2C, 0x3B, 0x7C]

    /// The best-fitting shape of the sample's text: the delimiter whose records agree most often with a header
    /// of at least two fields; `nil` when none gives one.
    static func analyse(_ sample: InputSample) -> TableShape? {
        var bytes = Array(sample.text.utf8)
        var separator: UInt8?
        let found = bytes.withUnsafeBufferPointer { CSVReader.excelSeparatorLine($0) }
        if let found {
            separator = found.delimiter
            bytes.removeFirst(found.length)
        }
        var best: TableShape?
        for delimiter in separator.map({ [$0] }) ?? candidates {
            guard let shape = shape(of: bytes, delimiter: delimiter, complete: sample.complete) else { continue }
            if best == nil || shape.agreement > best!.agreement
                || (shape.agreement == best!.agreement && shape.columns > best!.columns) {
                best = shape
            }
        }
        best?.separatorLine = separator != nil
        return best
    }

    private static func shape(of bytes: [UInt8], delimiter: UInt8, complete: Bool) -> TableShape? {
        // A quote that never closes would hide every row after it: then the lines are read without quotes.
        shape(of: bytes, delimiter: delimiter, quotes: true) ?? shape(of: bytes, delimiter: delimiter, quotes: false)
    }

    private static func shape(of bytes: [UInt8], delimiter: UInt8, quotes: Bool) -> TableShape? {
        var header: [String]?
        var rows = 0
        var agreeing = 0
        var fields: [Range<Int>] = []
        var fieldStart = 0
        var inQuotes = false
        var i = 0
        let n = bytes.count
        func endRecord(at end: Int) -> Bool {
            fields.append(fieldStart..<end)
            defer { fields.removeAll(keepingCapacity: true) }
            let blank = fields.allSatisfy { range in bytes[range].allSatisfy { $0 == 0x20 || $0 == 0x09 && delimiter != 0x09 } }
            if blank { return true }
            if let header {
                rows += 1
                var count = fields.count
                while count > header.count, bytes[fields[count - 1]].isEmpty { count -= 1 }
                if count == header.count { agreeing += 1 }
                return rows < 400
            }
            header = fields.map { range in
                var text = String(decoding: bytes[range], as: UTF8.self).trimmingWhitespace
                if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = String(text.dropFirst().dropLast()) }
                return text
            }
            while let last = header!.last, last.isEmpty, header!.count > 1 { header!.removeLast() }
            return true
        }
        while i < n {
            let byte = bytes[i]
            if byte == 0x22 && quotes {
                inQuotes.toggle()
            } else if !inQuotes {
                if byte == delimiter {
                    fields.append(fieldStart..<i)
                    fieldStart = i + 1
                } else if byte == 0x0A || byte == 0x0D {
                    let end = i
                    if byte == 0x0D && i + 1 < n && bytes[i + 1] == 0x0A { i += 1 }
                    if !endRecord(at: end) { break }
                    fieldStart = i + 1
                }
            }
            i += 1
        }
        if i >= n && fieldStart < n && !inQuotes { _ = endRecord(at: n) }
        guard let header, header.count >= 2, rows >= 1 else { return nil }
        return TableShape(delimiter: delimiter, header: header, rows: rows, agreeing: agreeing, separatorLine: false)
    }
}
