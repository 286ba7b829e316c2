#if canImport(Glibc)
import Glibc
#endif

/// The byte-level CSV state machine (RFC 4180): quoted fields with doubled quotes and line breaks,
/// CRLF, LF and lone CR line ends. It finds field boundaries in a buffer; decoding is the reader's job.
///
/// Unquoted fields are scanned eight bytes at a time (SWAR), quoted ones with `memchr`.
struct CSVTokenizer {
    /// A field's bytes inside the buffer.
    struct FieldSpan {
        var start: Int
        var end: Int
        /// The field was quoted and contains doubled quotes to collapse.
        var hasEscapedQuotes: Bool
    }

    /// The result of trying to read one row.
    enum Step {
        /// A complete row ending before `end`; `lineBreaks` counts the line ends it spans (its own included).
        case row(end: Int, lineBreaks: Int)
        /// The buffer ends inside the row: read more and try again from the same start.
        case needMoreData
        /// End of input inside a quoted field that opened at byte `quoteOffset`.
        case unterminatedQuote(quoteOffset: Int)
        /// Text follows a closing quote before the next delimiter.
        case textAfterQuote(offset: Int)
    }

    let delimiter: UInt8
    private let delimiterPattern: UInt64
    private static let quote = UInt8(ascii: "\"")
    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    init(delimiter: UInt8) {
        self.delimiter = delimiter
        delimiterPattern = UInt64(delimiter) &* Self.ones
    }

    /// Reads the row starting at `start`, appending its fields to `fields`.
    func readRow(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, atEnd: Bool,
                 fields: ScratchList<FieldSpan>) -> Step {
        let n = bytes.count
        var pos = start
        var lineBreaks = 0
        fields.removeAll()
        while true {
            if pos < n && bytes[pos] == Self.quote {
                // Quoted field.
                pos += 1
                let contentStart = pos
                var escaped = false
                while true {
                    guard let q = findQuote(bytes, from: pos) else {
                        lineBreaks += countLineBreaks(bytes, from: pos, to: n)
                        return atEnd ? .unterminatedQuote(quoteOffset: contentStart - 1) : .needMoreData
                    }
                    lineBreaks += countLineBreaks(bytes, from: pos, to: q)
                    if q + 1 < n {
                        if bytes[q + 1] == Self.quote {
                            escaped = true
                            pos = q + 2
                            continue
                        }
                    } else if !atEnd {
                        return .needMoreData
                    }
                    fields.append(FieldSpan(start: contentStart, end: q, hasEscapedQuotes: escaped))
                    pos = q + 1
                    break
                }
                if pos < n {
                    let next = bytes[pos]
                    if next != delimiter && next != Self.lf && next != Self.cr {
                        return .textAfterQuote(offset: pos)
                    }
                }
            } else {
                let end = scanUnquoted(bytes, from: pos)
                if end == n && !atEnd { return .needMoreData }
                fields.append(FieldSpan(start: pos, end: end, hasEscapedQuotes: false))
                pos = end
            }
            // After a field: delimiter, line end, or end of input.
            if pos == n {
                if !atEnd { return .needMoreData }
                return .row(end: pos, lineBreaks: lineBreaks)
            }
            let byte = bytes[pos]
            if byte == delimiter {
                pos += 1
                if pos == n && !atEnd { return .needMoreData }
                if pos == n {
                    fields.append(FieldSpan(start: pos, end: pos, hasEscapedQuotes: false))
                    return .row(end: pos, lineBreaks: lineBreaks)
                }
                continue
            }
            if byte == Self.lf {
                return .row(end: pos + 1, lineBreaks: lineBreaks + 1)
            }
            // CR or CRLF.
            if pos + 1 < n {
                return .row(end: bytes[pos + 1] == Self.lf ? pos + 2 : pos + 1, lineBreaks: lineBreaks + 1)
            }
            if !atEnd { return .needMoreData }
            return .row(end: pos + 1, lineBreaks: lineBreaks + 1)
        }
    }

    /// The index of the first delimiter, CR or LF at or after `from`, or `bytes.count`.
    @inline(__always)
    private func scanUnquoted(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        let n = bytes.count
        var i = from
        let base = UnsafeRawPointer(bytes.baseAddress!)
        while i + 8 <= n {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let mask = Self.zeroBytes(word ^ delimiterPattern) | Self.zeroBytes(word ^ 0x0A0A_0A0A_0A0A_0A0A)
                | Self.zeroBytes(word ^ 0x0D0D_0D0D_0D0D_0D0D)
            if mask != 0 {
                return i + mask.trailingZeroBitCount >> 3
            }
            i += 8
        }
        while i < n {
            let byte = bytes[i]
            if byte == delimiter || byte == Self.lf || byte == Self.cr { return i }
            i += 1
        }
        return n
    }

    /// High bit set in each byte of `x` that is zero (exact for the lowest flagged byte).
    @inline(__always)
    private static func zeroBytes(_ x: UInt64) -> UInt64 {
        (x &- ones) & ~x & highs
    }

    @inline(__always)
    private func findQuote(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard from < bytes.count else { return nil }
        let base = bytes.baseAddress!
        guard let found = memchr(base + from, Int32(Self.quote), bytes.count - from) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// Line ends in `from..<to`: each LF, and each CR not followed by LF.
    private func countLineBreaks(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int {
        var count = 0
        var i = from
        while i < to {
            let byte = bytes[i]
            if byte == Self.lf {
                count += 1
            } else if byte == Self.cr && (i + 1 >= bytes.count || bytes[i + 1] != Self.lf) {
                count += 1
            }
            i += 1
        }
        return count
    }
}
