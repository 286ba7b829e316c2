import Foundation

/// Reads a Telegram Desktop export (`result.json`, machine-readable JSON): a single chat (`messages` at the top)
/// or a full export (`chats.list`). `text` may be a string or an array of plain strings and entity objects
/// (`{"type": "bold", "text": …}`), which are joined (a message with only `text_entities` is read from
/// those); service messages (joins, pins, calls) are skipped and
/// counted. In a full export, the exporting account's messages (`from_id` = `user` + its `user_id`) get the
/// speaker name ``me``. The file is parsed whole (see ``JSONDocument``).
package final class TelegramExportReader {
    /// The speaker name of the exporting account's messages (full exports only).
    package static let me = "me"

    /// One chat's messages, in order.
    package struct Chat: Sendable {
        package var name: String
        package var messages: [ChatLogMessage]
        /// Why the chat gives nothing to read (no `messages`, or only service messages), as a reject that
        /// counts it; `nil` when it has messages.
        package var problem: Reject?
    }

    package let fileName: String
    /// The chats, in export order.
    package private(set) var chats: [Chat] = []
    /// Service messages passed over.
    package private(set) var serviceMessages = 0
    /// Whether the export names its owner (so ``me`` is known).
    package private(set) var ownerKnown = false

    /// Reads and parses an export; anything else is an error naming what is missing.
    package convenience init(path: String) throws(ImportError) {
        try self.init(document: JSONDocument.load(path: path), fileName: path)
    }

    /// Reads the chats of a parsed export.
    package init(document root: JSONValue, fileName path: String) throws(ImportError) {
        fileName = path
        let location = SourceLocation(file: path)
        var owner: String?
        if case .number(let id)? = root["personal_information"]?["user_id"] { owner = "user" + id }
        ownerKnown = owner != nil
        let chatValues: [JSONValue]
        if case .array(let list)? = root["chats"]?["list"] {
            chatValues = list
        } else if root["messages"] != nil {
            chatValues = [root]
        } else {
            throw ImportError(.noHeader, "not a Telegram export: no \"messages\" and no \"chats\".\"list\"", at: location)
        }
        for (chatIndex, chat) in chatValues.enumerated() {
            let name = chat["name"]?.stringValue ?? "chat \(chatIndex + 1)"
            let location = SourceLocation(file: path, cell: "chat \(chatIndex + 1)")
            guard case .array(let messages)? = chat["messages"] else {
                chats.append(Chat(name: name, messages: [], problem: Reject(
                    reason: "chat.no_messages", message: "chat \"\(name)\" has no \"messages\" list", source: location)))
                continue
            }
            var read: [ChatLogMessage] = []
            for message in messages {
                guard message["type"]?.stringValue == "message" else {
                    serviceMessages += 1
                    continue
                }
                let id = message["id"].map { $0.stringValue ?? $0.compactText } ?? "?"
                var speaker = message["from"]?.stringValue ?? message["from_id"]?.stringValue ?? "unknown"
                if let owner, message["from_id"]?.stringValue == owner { speaker = Self.me }
                let time = message["date_unixtime"]?.stringValue.flatMap { Int64($0) }
                    ?? message["date"]?.stringValue.flatMap { LogTimestamp.parse(Substring($0), lastDay: nil)?.seconds }
                read.append(ChatLogMessage(speaker: speaker, text: Self.text(of: message), time: time, line: 0,
                                           reference: "\(name) #\(id)"))
            }
            chats.append(Chat(name: name, messages: read, problem: read.isEmpty ? Reject(
                reason: "chat.empty_chat", message: "chat \"\(name)\" has no message (only service messages, or none)",
                source: location) : nil))
        }
    }

    /// A message's text: `text`, or when that is absent or empty, `text_entities` (exports and tools that write
    /// only the entity list, whose texts joined are the message).
    static func text(of message: JSONValue) -> String {
        let text = text(message["text"])
        return text.isEmpty ? Self.text(message["text_entities"]) : text
    }

    /// `text` as a string, or an array of strings and `{"text": …}` entities joined.
    static func text(_ value: JSONValue?) -> String {
        switch value {
        case .string(let text)?: return text
        case .array(let parts)?:
            return parts.map { part in part.stringValue ?? part["text"]?.stringValue ?? "" }.joined()
        default: return ""
        }
    }
}
