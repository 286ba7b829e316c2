/// Reads the ChatGPT data export's `conversations.json`: an array of conversations whose messages form a tree
/// (`mapping` of nodes with `parent` and `children`). The conversation as last shown is the path from
/// `current_node` up to the root; hidden system messages, tool calls and reasoning nodes (`thoughts`,
/// `reasoning_recap`, `code`, `execution_output` …) are left out and counted; text parts are joined.
/// Replies that were regenerated (an assistant node with siblings) are counted.
package struct ChatGPTExportReader: Sendable {
    /// One conversation's visible messages, speakers `user` and `assistant`.
    package struct Chat: Sendable {
        package var title: String
        package var messages: [ChatLogMessage]
        /// Why the conversation gives nothing to read (no `mapping`, a `current_node` that names no node, no
        /// text message), as a reject that counts it; `nil` when it has messages.
        package var problem: Reject?
    }

    package let fileName: String
    package private(set) var chats: [Chat] = []
    /// Nodes left out: hidden, system, tool, reasoning or non-text.
    package private(set) var hiddenNodes = 0
    /// Assistant replies on the shown path that had regenerated siblings.
    package private(set) var regeneratedReplies = 0

    /// Whether a parsed document looks like a ChatGPT export (an array of objects with `mapping`).
    package static func matches(_ document: JSONValue) -> Bool {
        guard case .array(let items) = document, let first = items.first else { return false }
        return first["mapping"] != nil
    }

    /// Reads the conversations of a parsed export.
    package init(document: JSONValue, fileName: String) throws(ImportError) {
        self.fileName = fileName
        guard case .array(let conversations) = document else {
            throw ImportError(.noHeader, "not a ChatGPT export: the file holds \(document.kindDescription), not an array of conversations",
                              at: SourceLocation(file: fileName))
        }
        for (index, conversation) in conversations.enumerated() {
            let title = conversation["title"]?.stringValue ?? "conversation \(index + 1)"
            let location = SourceLocation(file: fileName, cell: "conversation \(index + 1)")
            func problem(_ reason: String, _ message: String) -> Chat {
                Chat(title: title, messages: [],
                     problem: Reject(reason: reason, message: "conversation \"\(title)\" \(message)", source: location))
            }
            guard case .object(let mapping)? = conversation["mapping"] else {
                chats.append(problem("chat.no_mapping", "has no \"mapping\" of messages"))
                continue
            }
            var nodes: [String: JSONValue] = [:]
            for member in mapping.members { nodes[member.key] = member.value }
            // The shown path: from the current node up; without one, the last leaf in document order.
            let currentNode = conversation["current_node"]?.stringValue
            if let currentNode, nodes[currentNode] == nil {
                chats.append(problem("chat.missing_current_node",
                                     "names \"current_node\" \(currentNode), which is not in its mapping"))
                continue
            }
            var cursor = currentNode
                ?? mapping.members.last(where: { ($0.value["children"]?.arrayValue ?? []).isEmpty })?.key
            var path: [JSONValue] = []
            var seen: Set<String> = []
            while let id = cursor, let node = nodes[id], seen.insert(id).inserted {
                path.append(node)
                cursor = node["parent"]?.stringValue
            }
            var messages: [ChatLogMessage] = []
            for node in path.reversed() {
                guard let message = node["message"], case .object = message else { continue }
                let role = message["author"]?["role"]?.stringValue ?? ""
                let contentType = message["content"]?["content_type"]?.stringValue ?? ""
                let hidden = message["metadata"]?["is_visually_hidden_from_conversation"] == .bool(true)
                let text = (message["content"]?["parts"]?.arrayValue ?? []).compactMap(\.stringValue)
                    .filter { !$0.isEmpty }.joined(separator: "\n")
                guard (role == "user" || role == "assistant"), !hidden, contentType == "text" || contentType == "multimodal_text",
                      !text.isEmpty else {
                    hiddenNodes += 1
                    continue
                }
                if role == "assistant", let parent = node["parent"]?.stringValue,
                   let siblings = nodes[parent]?["children"]?.arrayValue, siblings.count > 1 {
                    regeneratedReplies += 1
                }
                let id = message["id"]?.stringValue ?? node["id"]?.stringValue ?? "?"
                let time = message["create_time"].flatMap { value -> Int64? in
                    if case .number(let text) = value { return Double(text).map { Int64($0) } }
                    return nil
                }
                messages.append(ChatLogMessage(speaker: role, text: text, time: time, line: 0,
                                               reference: "\(title) #\(id)"))
            }
            chats.append(messages.isEmpty ? problem("chat.empty_conversation", "has no user or assistant text message")
                                          : Chat(title: title, messages: messages))
        }
    }
}
