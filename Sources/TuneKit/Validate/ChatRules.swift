/// The rules of the chat format (`formats/FORMATS.md`, chat; codes from `formats/RULES.md` §2), applied
/// to one parsed line. Severities follow the BigModel column.
public struct ChatRules: Sendable {
    /// Message keys the chat format knows.
    static let messageKeys: Set<String> = ["role", "content"]
    /// Roles other tools use, with the hint to give.
    static let roleHints: [String: String] = [
        "human": "use \"user\"", "gpt": "use \"assistant\"", "bot": "use \"assistant\"", "model": "use \"assistant\"",
        "chatgpt": "use \"assistant\"", "observation": "use \"tool\" in a function-calling dataset",
        "function": "use \"tool\" in a function-calling dataset",
    ]

    /// Creates the rule set.
    public init() {}

    /// Checks one line's value; problems are appended to `report`.
    public func check(_ value: JSONValue, report: (Diagnostic.Severity, String, String, String) -> Void) {
        guard case .object(let root) = value else { return }
        for key in root.keys where key != "messages" {
            switch key {
            case "tools":
                report(.error, "tool.category", "a chat line has \"tools\"; function definitions belong in a function-calling dataset (--format tools)", "/tools")
            case "prompt", "completion", "instruction", "output", "conversations":
                report(.error, "struct.legacy_prompt_completion", "\"\(key)\" is not part of the chat format; convert the line to {\"messages\": [...]} (tunekit convert)", "/" + key)
            case "input", "preferred_output", "non_preferred_output", "chosen", "rejected":
                report(.error, "struct.unknown_top_key", "\"\(key)\" belongs to a preference (DPO) dataset, not chat", "/" + key)
            default:
                report(.error, "struct.unknown_top_key", "unknown key \"\(key)\"; a chat line holds only \"messages\"", "/" + JSONReader.escapePointerToken(key))
            }
        }
        guard let messagesValue = root["messages"] else {
            report(.error, "struct.missing_key", "missing key \"messages\"", "")
            return
        }
        guard case .array(let messages) = messagesValue else {
            report(.error, "struct.messages_type", "\"messages\" must be an array, not \(messagesValue.kindDescription)", "/messages")
            return
        }
        if messages.isEmpty {
            report(.error, "struct.messages_type", "\"messages\" is empty", "/messages")
            return
        }
        var roles: [Role?] = []
        for (index, item) in messages.enumerated() {
            let pointer = "/messages/\(index)"
            guard case .object(let message) = item else {
                report(.error, "struct.message_type", "a message must be an object, not \(item.kindDescription)", pointer)
                roles.append(nil)
                continue
            }
            roles.append(checkMessage(message, pointer: pointer, report: report))
        }
        checkOrder(roles, report: report)
    }

    private func checkMessage(_ message: JSONObject, pointer: String,
                              report: (Diagnostic.Severity, String, String, String) -> Void) -> Role? {
        var role: Role?
        switch message["role"] {
        case nil:
            report(.error, "struct.missing_role", "the message has no \"role\"", pointer)
        case .string(let name)?:
            if let known = Role(rawValue: name), known != .tool {
                role = known
            } else if name == "tool" {
                report(.error, "tool.category", "role \"tool\" belongs in a function-calling dataset (--format tools)", pointer + "/role")
            } else {
                let hint = Self.roleHints[name.lowercased()].map { "; \($0)" } ?? ""
                report(.error, "role.unknown", "unknown role \"\(name)\" (chat roles: system, user, assistant)\(hint)", pointer + "/role")
            }
        case let other?:
            report(.error, "struct.role_type", "\"role\" must be a string, not \(other.kindDescription)", pointer + "/role")
        }
        for key in message.keys where !Self.messageKeys.contains(key) {
            switch key {
            case "tool_calls", "tool_call_id":
                report(.error, "tool.category", "\"\(key)\" belongs in a function-calling dataset (--format tools)", pointer + "/" + key)
            case "function_call":
                report(.error, "tool.legacy_functions", "\"function_call\" is the legacy spelling; function-calling datasets use \"tool_calls\"", pointer + "/" + key)
            case "reasoning_content":
                report(.warning, "struct.unknown_message_key", "\"reasoning_content\" belongs in a deep-thinking dataset (--format thinking); chat training ignores or rejects it", pointer + "/" + key)
            default:
                report(.warning, "struct.unknown_message_key", "unknown message key \"\(key)\" (chat messages hold role and content)", pointer + "/" + JSONReader.escapePointerToken(key))
            }
        }
        switch message["content"] {
        case nil:
            report(.error, "struct.missing_content", "the message has no \"content\"", pointer)
        case .string(let text)?:
            if text.allSatisfy({ $0.isWhitespace }) {
                let severity: Diagnostic.Severity = role == .assistant ? .error : .warning
                report(severity, "struct.content_empty", "\(role.map { $0.rawValue + " " } ?? "")content is empty", pointer + "/content")
            }
        case .null?:
            report(.error, "struct.missing_content", "\"content\" is null", pointer + "/content")
        case let other?:
            report(.error, "struct.content_type", "\"content\" must be a string in a chat dataset, not \(other.kindDescription)", pointer + "/content")
        }
        return role
    }

    private func checkOrder(_ roles: [Role?], report: (Diagnostic.Severity, String, String, String) -> Void) {
        var sawSystem = false
        var firstTurnChecked = false
        var previous: Role?
        for (index, role) in roles.enumerated() {
            guard let role else {
                previous = nil
                continue
            }
            let pointer = "/messages/\(index)"
            if role == .system {
                if sawSystem {
                    report(.error, "role.multiple_system", "more than one system message", pointer)
                } else if index != 0 {
                    report(.error, "role.system_position", "the system message must come first", pointer)
                }
                sawSystem = true
            } else {
                if !firstTurnChecked && role != .user {
                    report(.error, "role.first_turn", "the first message after the system prompt must be from the user, not \(role.rawValue)", pointer)
                }
                firstTurnChecked = true
                if let previous, previous == role {
                    report(.warning, "role.consecutive", "two \(role.rawValue) messages in a row (user and assistant should alternate)", pointer)
                }
            }
            previous = role
        }
        if !roles.contains(where: { $0 == .assistant }) {
            report(.error, "role.no_assistant", "no assistant message: the line teaches nothing", "/messages")
        } else if let last = roles.last, let last, last != .assistant {
            report(.warning, "role.last_not_assistant", "the last message is from the \(last.rawValue), not the assistant: that turn teaches nothing", "/messages/\(roles.count - 1)")
        }
    }
}
