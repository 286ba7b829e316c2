/// Reads the WeChat chat-history CSV export (columns `localId, TalkerId, Type, SubType, IsSender, CreateTime,
/// StrContent, StrTime, NickName, Sender`, UTF-8 with a byte-order mark, as MemoTrace-style exporters write it).
///
/// Only text messages (`Type` 1) are read; other types (images 3, voice 34, video 43, stickers 47, links and
/// files 49, system notices 10000 …) are counted by type. `IsSender` = 1 marks the account owner's messages,
/// which get the speaker name ``me``; a change of `TalkerId` starts a new chat.
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
    /// Rows the CSV reader could not read.
    package private(set) var rejects: [Reject] = []

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
    init(source: ByteSource, encoding: TextEncoding? = nil) throws(ImportError) {
        let path = source.name
        fileName = path
        table = try CSVReader(source: source, options: CSVReader.Options(encoding: encoding))
        let header = table.header
        let missing = Self.requiredColumns.filter { header.index(of: $0) == nil }
        guard missing.isEmpty else {
            throw ImportError(.noHeader, "not a WeChat export: no column \(missing.joined(separator: ", ")) (has: \(header.columns.joined(separator: ", ")))",
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
        while let event = try table.next() {
            guard case .row(let row) = event else {
                if case .reject(let reject) = event { rejects.append(reject) }
                continue
            }
            let values = row.values
            func value(_ index: Int?) -> String {
                guard let index, index < values.count else { return "" }
                return values[index].trimmingWhitespace
            }
            let type = value(columns.type)
            guard type == "1" else {
                skippedTypes[type.isEmpty ? "(none)" : type, default: 0] += 1
                continue
            }
            let isSender = value(columns.isSender) == "1"
            var speaker = Self.me
            if !isSender {
                speaker = [value(columns.nickName), value(columns.sender), value(columns.talker)].first { !$0.isEmpty } ?? "contact"
            }
            var time = Int64(value(columns.createTime))
            if time == nil, let stamp = LogTimestamp.parse(Substring(value(columns.strTime)), lastDay: nil) { time = stamp.seconds }
            let message = ChatLogMessage(speaker: speaker, text: value(columns.content), time: time, line: row.source.line ?? 0)
            return Item(talker: value(columns.talker), message: message)
        }
        return nil
    }
}
