/// Reads the WeChat chat-history CSV export as the common open-source exporters (WeChatMsg/MemoTrace and their
/// forks) write it, UTF-8 with or without a byte-order mark, in its layouts:
///
/// - 9 columns `localId, TalkerId, Type, SubType, IsSender, CreateTime, Status, StrContent, StrTime`;
/// - the same with a leading unnamed index column (10, as pandas writes a DataFrame);
/// - 12 columns, adding `Remark, NickName, Sender` — whose rows may carry only the first 9 fields (one-to-one chats
///   in some versions) or one field more than the header (the group-chat sender appended after the contact's
///   names).
///
/// Only the columns `Type`, `IsSender`, `CreateTime` and `StrContent` are needed. Only text messages (`Type` 1) are
/// read; other types (images 3, voice 34, video 43, stickers 47, links and files 49, system notices 10000 …) are
/// counted by type. `IsSender` = 1 marks the account owner's messages, which get the speaker name ``me``; a change
/// of `TalkerId` starts a new chat. A row's message text is kept exactly as exported. Rows shorter or longer than
/// the header are read (and counted) as long as they hold the needed columns; a row with more than one extra
/// field, or too short to hold the message, is a `csv.ragged_row` reject.
package final class WeChatExportReader {
    /// The speaker name of the account owner's messages (map it with `--speaker`; by default it answers).
    package static let me = "me"

    /// One text message and the chat it belongs to.
    package struct Item: Sendable {
        package var talker: String
        package var message: ChatLogMessage
    }

    package let fileName: String
    private let table: CSVReader
    private let columns: (type: Int, isSender: Int, createTime: Int, content: Int, talker: Int?, strTime: Int?,
                          nickName: Int?, sender: Int?)
    /// Non-text messages passed over, by `Type`.
    package private(set) var skippedTypes: [String: Int] = [:]
    /// The line of the first message of each skipped `Type`.
    package private(set) var firstOfType: [String: Int] = [:]
    /// Rows the CSV reader could not read.
    package private(set) var rejects: [Reject] = []
    /// Rows with one field more than the header (read, the extra field as the group-chat sender).
    package private(set) var rowsWithExtraField = 0
    /// Rows with fewer fields than the header that still hold the needed columns (read; the missing names empty).
    package private(set) var shortRows = 0

    /// The columns that make a CSV a WeChat export.
    package static let requiredColumns = ["Type", "IsSender", "CreateTime", "StrContent"]

    /// Whether a header is a WeChat export's.
    package static func matches(_ header: TableHeader) -> Bool {
        requiredColumns.allSatisfy { header.index(of: $0) != nil }
    }

    /// Opens an export; a CSV without the WeChat columns is an error naming what is missing.
    package convenience init(path: String, encoding: TextEncoding? = nil) throws(ImportError) {
        try self.init(source: ByteSource(path: path), encoding: encoding)
    }

    /// Reads an opened source (which may replay a sample first).
    /// `maxLineBytes`: a longer row is refused (``InputLimits``).
    init(source: ByteSource, encoding: TextEncoding? = nil, maxLineBytes: Int = InputLimits.defaultMaxLineBytes) throws(ImportError) {
        let path = source.name
        fileName = path
        var options = CSVReader.Options(encoding: encoding, maxRowBytes: maxLineBytes)
        options.keepsRaggedRows = true
        table = try CSVReader(source: source, options: options)
        let header = table.header
        let missing = Self.requiredColumns.filter { header.index(of: $0) == nil }
        guard missing.isEmpty else {
            throw ImportError(.noHeader, "not a WeChat export: no column \(missing.joined(separator: ", ")) (has: \(header.listed()))",
                              at: SourceLocation(file: path, line: 1))
        }
        columns = (header.index(of: "Type")!, header.index(of: "IsSender")!, header.index(of: "CreateTime")!,
                   header.index(of: "StrContent")!, header.index(of: "TalkerId"), header.index(of: "StrTime"),
                   header.index(of: "NickName"), header.index(of: "Sender"))
    }

    /// The encoding read (for the report).
    package var encodingFact: String { table.encoding.encoding.rawValue }

    /// The next text message, or `nil` at the end.
    package func next() throws(ImportError) -> Item? {
        let headerCount = table.header.columns.count
        let needed = [columns.type, columns.isSender, columns.createTime, columns.content].max()! + 1
        while let event = try table.next() {
            guard case .row(let row) = event else {
                if case .reject(let reject) = event { rejects.append(reject) }
                continue
            }
            let values = row.values
            guard values.count >= needed, values.count <= headerCount + 1 else {
                rejects.append(raggedRow(row, headerCount: headerCount))
                continue
            }
            if values.count > headerCount { rowsWithExtraField += 1 } else if values.count < headerCount { shortRows += 1 }
            func value(_ index: Int?) -> String {
                guard let index, index < values.count else { return "" }
                return values[index].trimmingWhitespace
            }
            let type = value(columns.type)
            guard type == "1" else {
                let key = type.isEmpty ? "(none)" : type
                skippedTypes[key, default: 0] += 1
                if firstOfType[key] == nil { firstOfType[key] = row.source.line }
                continue
            }
            let isSender = value(columns.isSender) == "1"
            var speaker = Self.me
            if !isSender {
                // The appended group-chat sender first, then the names the header promises; exporters put
                // ids and binary dumps in those columns too, which are no names.
                let extra = values.count > headerCount ? values[headerCount].trimmingWhitespace : ""
                let names = [extra, value(columns.sender), value(columns.nickName)]
                speaker = names.first(where: Self.isName) ?? (value(columns.talker).isEmpty ? "contact" : "contact " + value(columns.talker))
            }
            var time = Int64(value(columns.createTime))
            if time == nil, let stamp = LogTimestamp.parse(Substring(value(columns.strTime)), lastDay: nil) { time = stamp.seconds }
            let message = ChatLogMessage(speaker: speaker, text: values[columns.content], time: time, line: row.source.line ?? 0)
            return Item(talker: value(columns.talker), message: message)
        }
        return nil
    }

    /// What messages of a WeChat `Type` are, in the plural.
    static func typeName(_ type: String) -> String {
        switch type {
        case "3": return "picture messages"
        case "34": return "voice messages"
        case "42": return "contact cards"
        case "43": return "video messages"
        case "47": return "stickers"
        case "48": return "locations"
        case "49": return "links, files and quoted messages"
        case "50": return "calls"
        case "10000": return "system notices"
        case "10002": return "recall notices"
        default: return "non-text messages"
        }
    }

    /// Whether a name column's value is a person's name: not empty, not a `wxid_` account id, not a number
    /// (a message id in a shifted column), not a Python bytes dump.
    static func isName(_ value: String) -> Bool {
        !value.isEmpty && !value.hasPrefix("wxid_") && !value.hasPrefix("b'") && !value.hasPrefix("b\"")
            && !value.utf8.allSatisfy { $0 &- 0x30 < 10 }
    }

    private func raggedRow(_ row: TableRow, headerCount: Int) -> Reject {
        let names = row.header.columns + (headerCount < row.values.count ? (headerCount..<row.values.count).map { "column\($0 + 1)" } : [])
        return Reject(reason: "csv.ragged_row",
                      message: "row has \(row.values.count) field\(row.values.count == 1 ? "" : "s"), the header has \(headerCount)"
                          + (row.values.count > headerCount ? " (a WeChat export adds at most one)" : " (too few to hold the message)"),
                      source: row.source, fields: zip(names, row.values).map { (key: $0, value: $1) })
    }
}
