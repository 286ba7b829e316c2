import Foundation

/// A text encoding the importers read, and why it was chosen.
public enum TextEncoding: String, Sendable, CaseIterable {
    /// UTF-8, with or without a byte-order mark.
    case utf8 = "UTF-8"
    /// UTF-16, little-endian (Excel's "Unicode text").
    case utf16LE = "UTF-16LE"
    /// UTF-16, big-endian.
    case utf16BE = "UTF-16BE"
    /// UTF-32, little-endian.
    case utf32LE = "UTF-32LE"
    /// GB18030, the superset of GBK and GB2312 (Simplified Chinese Windows exports).
    case gb18030 = "GB18030"
    /// Big5 (Traditional Chinese).
    case big5 = "BIG5"
    /// Shift_JIS (Japanese).
    case shiftJIS = "SHIFT_JIS"
    /// ISO 8859-1.
    case latin1 = "ISO-8859-1"
    /// Windows-1252 (Western European Windows).
    case windows1252 = "WINDOWS-1252"

    /// Parses a user-given name (`utf8`, `gbk`, `utf-16le` …); GBK and GB2312 read as GB18030, their superset.
    public init?(name: String) {
        let key = name.lowercased().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "")
        switch key {
        case "utf8", "utf8bom", "utf8sig": self = .utf8
        case "utf16", "utf16le", "unicode": self = .utf16LE
        case "utf16be": self = .utf16BE
        case "utf32", "utf32le": self = .utf32LE
        case "gb18030", "gbk", "gb2312", "cp936", "euccn": self = .gb18030
        case "big5", "cp950": self = .big5
        case "shiftjis", "sjis", "cp932": self = .shiftJIS
        case "latin1", "iso88591": self = .latin1
        case "cp1252", "windows1252": self = .windows1252
        default: return nil
        }
    }
}

/// The outcome of encoding detection: the encoding, whether a byte-order mark was skipped, and why.
public struct EncodingDecision: Sendable, Equatable {
    /// The encoding.
    public var encoding: TextEncoding
    /// Bytes of byte-order mark skipped at the start.
    public var bomLength: Int
    /// A sentence for the report: "UTF-8 byte-order mark", "not valid UTF-8 at byte 12; decodes as GB18030".
    public var reason: String

    /// Creates a decision.
    public init(encoding: TextEncoding, bomLength: Int, reason: String) {
        self.encoding = encoding
        self.bomLength = bomLength
        self.reason = reason
    }
}
