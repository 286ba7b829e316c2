#if canImport(Glibc)
import Glibc
#endif

/// Checks one parsed line against a format's rules (`formats/FORMATS.md`; codes from `formats/RULES.md` §2 as
/// ``ValidationCode`` values, severities from the ``PlatformProfile``).
///
/// Each problem is reported with a stable code, a message and the JSON pointer of the value concerned.
struct LineChecker {
    let format: OutputFormat
    /// The format's own rules (its unit); the message and turn rules every format shares are this type's.
    let rules: any FormatLineRules
    let profile: PlatformProfile
    /// Base64 images are decoded and measured (off only in tests of other rules).
    var checkImages = true
    /// JPEG data URIs have their coded data decoded (at 1/8 scale), not only their header read. Off only where
    /// every picture a line can hold was decoded already: `convert` preparing pictures (``LineGate``).
    var decodesImages = true
    /// The profile's allowed names for this format, as bytes (compared without building strings).
    let topKeys: KeySet
    let roles: KeySet
    let messageKeys: KeySet
    let dpoTopKeys: KeySet
    /// Whether lines carry function calls (`tools`, `tool_calls`, `tool` results) and are checked for them:
    /// function-calling lines, and deep-thinking lines with a top-level `tools` array.
    let linksTools: Bool
    /// Deep thinking's function-calling variant (the platform guide offers it under deep thinking): a thinking
    /// line with `tools` takes the function-calling roles and keys, plus its own reasoning rules.
    private let toolsVariant: [LineChecker]

    init(format: OutputFormat, profile: PlatformProfile, checkImages: Bool = true) {
        self.init(format: format, profile: profile, checkImages: checkImages, keysOf: format, linksTools: format.lineRules.linksTools)
    }

    private init(format: OutputFormat, profile: PlatformProfile, checkImages: Bool, keysOf keyFormat: OutputFormat, linksTools: Bool) {
        self.format = format
        let rules = format.lineRules
        self.rules = rules
        self.profile = profile
        self.checkImages = checkImages
        self.linksTools = linksTools
        topKeys = KeySet(profile.topKeys[keyFormat.rawValue] ?? [])
        roles = KeySet(profile.roles[keyFormat.rawValue] ?? [])
        messageKeys = KeySet(profile.messageKeys[keyFormat.rawValue] ?? [])
        dpoTopKeys = KeySet(profile.topKeys[OutputFormat.dpo.rawValue] ?? [])
        toolsVariant = rules.toolsVariantKeys.flatMap { keys in
            linksTools ? nil : LineChecker(format: format, profile: profile, checkImages: checkImages, keysOf: keys, linksTools: true)
        }.map { [$0] } ?? []
    }

    /// A few names, matched against string nodes byte for byte.
    struct KeySet {
        let names: [String]
        private let bytes: [[UInt8]]

        init(_ names: [String]) {
            self.names = names
            bytes = names.map { Array($0.utf8) }
        }

        func contains(_ text: String) -> Bool {
            names.contains(text)
        }

        /// Whether the string node at `node` is one of the names.
        func contains(_ tape: JSONTape, _ node: Int) -> Bool {
            if tape.nodes[node].escaped { return names.contains(tape.string(node) ?? "") }
            let raw = tape.raw(node)
            return bytes.contains { name in
                name.count == raw.count && name.withUnsafeBytes { memcmp($0.baseAddress!, raw.baseAddress!, raw.count) == 0 }
            }
        }
    }

    /// Receives problems: code, message, JSON pointer.
    typealias Emit = (ValidationCode, String, String) -> Void

    static let roleHints: [String: String] = [
        "human": "use \"user\"", "gpt": "use \"assistant\"", "bot": "use \"assistant\"", "model": "use \"assistant\"",
        "chatgpt": "use \"assistant\"", "observation": "use \"tool\" in a function-calling dataset",
        "function": "use \"tool\" in a function-calling dataset",
    ]

    func check(_ tape: JSONTape, emit: Emit) {
        let root = tape.root
        if let variant = toolsVariant.first, tape.member(root, "tools") != nil {
            variant.check(tape, emit: emit)
            return
        }
        rules.checkLine(self, tape, root, emit: emit)
        checkStrings(tape, emit: emit)
    }

    // MARK: Lines with messages

    /// A line with messages: its top-level keys, tool definitions where the line links tools, its messages.
    func checkConversationLine(_ tape: JSONTape, _ root: Int, emit: Emit) {
        let allowed = topKeys
        for (key, _) in tape.members(root) {
            if allowed.contains(tape, key) { continue }
            let name = tape.string(key) ?? ""
            let pointer = "/" + JSONReader.escapePointerToken(name)
            switch name {
            case "tools":
                emit(.toolCategory, "a \(format.rawValue) line has \"tools\"; function definitions belong in a function-calling dataset (--format tools)", pointer)
            case "functions":
                emit(.toolLegacyFunctions, "\"functions\" is the legacy spelling; use \"tools\" with {\"type\":\"function\",\"function\":…}", pointer)
            case "prompt", "completion", "instruction", "output", "conversations":
                emit(.structLegacyPromptCompletion, "\"\(name)\" is not part of the \(format.rawValue) format; convert the line to {\"messages\": [...]} (tunekit convert)", pointer)
            case "input", "preferred_output", "non_preferred_output", "chosen", "rejected":
                emit(.fileMixedFormats, "\"\(name)\" belongs to a preference (DPO) line, not \(format.rawValue)", pointer)
            default:
                emit(.structUnknownTopKey, "unknown key \"\(name)\"; a \(format.rawValue) line holds only \(allowed.names.map { "\"\($0)\"" }.joined(separator: " and "))", pointer)
            }
        }
        var toolNames: Set<String>?
        if linksTools {
            toolNames = checkToolDefinitions(tape, tape.member(root, "tools"), emit: emit)
        }
        guard let messages = tape.member(root, "messages") else {
            emit(.structMissingKey, "missing key \"messages\"", "")
            return
        }
        checkMessages(tape, messages, pointer: "/messages", toolNames: toolNames, emit: emit)
    }

    /// Checks a messages array; returns the roles found (for DPO's last-message rule).
    @discardableResult
    func checkMessages(_ tape: JSONTape, _ messages: Int, pointer base: String, toolNames: Set<String>?,
                               context: Bool = false, emit: Emit) -> [Role?] {
        guard tape.nodes[messages].kind == .array else {
            emit(.structMessagesType, "\"messages\" must be an array, not \(tape.kindDescription(messages))", base)
            return []
        }
        let items = tape.elements(messages)
        if items.isEmpty {
            emit(context ? ValidationCode.dpoInputType : .structMessagesType, "\"messages\" is empty", base)
            return []
        }
        var roles: [Role?] = []
        roles.reserveCapacity(items.count)
        var tools = ToolLinkage(names: toolNames)
        var images = ImageTally()
        for (position, item) in items.enumerated() {
            guard tape.nodes[item].kind == .object else {
                emit(.structMessageType, "a message must be an object, not \(tape.kindDescription(item))", "\(base)/\(position)")
                roles.append(nil)
                continue
            }
            let role = checkMessage(tape, item, pointer: "\(base)/\(position)", tools: &tools, images: &images, emit: emit)
            roles.append(role)
        }
        tools.finish(pointer: base, emit: emit)
        checkOrder(roles, base: base, context: context, emit: emit)
        checkImageLayout(images, base: base, emit: emit)
        if rules.requiresReasoning && !context {
            let reasoned = items.contains { item in
                tape.member(item, "reasoning_content").map { tape.nodes[$0].kind == .string && !tape.isBlank($0) } ?? false
            }
            if !reasoned && roles.contains(.assistant) {
                emit(.reasonEmpty, "no assistant turn has reasoning_content: a deep-thinking line without thinking", base)
            }
        }
        return roles
    }

    private func checkMessage(_ tape: JSONTape, _ message: Int, pointer: @autoclosure () -> String, tools: inout ToolLinkage,
                              images: inout ImageTally, emit: Emit) -> Role? {
        var role: Role?
        let allowedRoles = roles
        if let value = tape.member(message, "role") {
            if tape.nodes[value].kind == .string && allowedRoles.contains(tape, value) {
                role = Self.role(tape, value)
            } else if let name = tape.string(value) {
                if name == "tool" {
                    emit(.toolCategory, "role \"tool\" belongs in a function-calling dataset (--format tools)\(toolsHint)", pointer() + "/role")
                } else {
                    let hint = Self.roleHints[name.lowercased()].map { "; \($0)" } ?? ""
                    emit(.roleUnknown, "unknown role \"\(name)\" (\(format.rawValue) roles: \(allowedRoles.names.joined(separator: ", ")))\(hint)", pointer() + "/role")
                }
            } else {
                emit(.structRoleType, "\"role\" must be a string, not \(tape.kindDescription(value))", pointer() + "/role")
            }
        } else {
            emit(.structMissingRole, "the message has no \"role\"", pointer())
        }
        let allowedKeys = messageKeys
        for (key, _) in tape.members(message) {
            if allowedKeys.contains(tape, key) { continue }
            let name = tape.string(key) ?? ""
            let keyPointer = pointer() + "/" + JSONReader.escapePointerToken(name)
            switch name {
            case "tool_calls", "tool_call_id":
                emit(.toolCategory, "\"\(name)\" belongs in a function-calling dataset (--format tools)\(toolsHint)", keyPointer)
            case "function_call":
                emit(.toolLegacyFunctions, "\"function_call\" is the legacy spelling; use \"tool_calls\"", keyPointer)
            case "reasoning_content":
                emit(.structUnknownMessageKey, "\"reasoning_content\" belongs in a deep-thinking dataset (--format thinking)", keyPointer)
            default:
                emit(.structUnknownMessageKey, "unknown message key \"\(name)\" (\(format.rawValue) messages hold \(allowedKeys.names.joined(separator: ", ")))", keyPointer)
            }
        }
        let calls = allowedKeys.contains("tool_calls") ? tape.member(message, "tool_calls") : nil
        let content = tape.member(message, "content")
        checkContent(tape, content, role: role, hasCalls: calls != nil, pointer: pointer(), images: &images, emit: emit)
        if let reasoning = tape.member(message, "reasoning_content"), allowedKeys.contains("reasoning_content") {
            if tape.nodes[reasoning].kind != .string {
                emit(.reasonType, "\"reasoning_content\" must be a string, not \(tape.kindDescription(reasoning))", pointer() + "/reasoning_content")
            } else if role != nil && role != .assistant {
                emit(.reasonRole, "\"reasoning_content\" is only for assistant messages", pointer() + "/reasoning_content")
            } else if tape.isBlank(reasoning) && rules.requiresReasoning {
                emit(.reasonEmpty, "empty reasoning_content", pointer() + "/reasoning_content")
            }
        }
        if linksTools {
            tools.check(tape, message: message, role: role, calls: calls, content: content, pointer: pointer(), emit: emit)
        }
        return role
    }

    /// Where else function calls may go: a deep-thinking line takes them beside a top-level `tools` array.
    private var toolsHint: String {
        rules.callsElsewhereHint
    }

    /// The role named by a string node (known to be an allowed role).
    static func role(_ tape: JSONTape, _ node: Int) -> Role? {
        if tape.equals(node, "user") { return .user }
        if tape.equals(node, "assistant") { return .assistant }
        if tape.equals(node, "system") { return .system }
        if tape.equals(node, "tool") { return .tool }
        return nil
    }

    private func checkContent(_ tape: JSONTape, _ content: Int?, role: Role?, hasCalls: Bool, pointer: @autoclosure () -> String,
                              images: inout ImageTally, emit: Emit) {
        guard let content else {
            if !hasCalls { emit(.structMissingContent, "the message has no \"content\"", pointer()) }
            return
        }
        switch tape.nodes[content].kind {
        case .string:
            if tape.isBlank(content) && !hasCalls {
                if role == .assistant {
                    emit(.structContentEmpty, "assistant content is empty", pointer() + "/content")
                } else {
                    emit(.structContentEmpty, "\(role.map { $0.rawValue + " " } ?? "")content is empty", pointer() + "/content")
                }
            }
        case .null:
            if hasCalls {
                emit(.structNullValue, "\"content\": null beside tool_calls; leave the key out", pointer() + "/content")
            } else {
                emit(.structMissingContent, "\"content\" is null", pointer() + "/content")
            }
        case .array where rules.imageRole != nil:
            if role == .tool {
                emit(.toolContentType, "tool content must be a string", pointer() + "/content")
                return
            }
            checkParts(tape, content, role: role, pointer: pointer() + "/content", images: &images, emit: emit)
        default:
            if role == .tool {
                emit(.toolContentType, "tool content must be a string, not \(tape.kindDescription(content))", pointer() + "/content")
            } else {
                emit(.structContentType, "\"content\" must be a string in a \(format.rawValue) dataset, not \(tape.kindDescription(content))", pointer() + "/content")
            }
        }
    }

    private func checkOrder(_ roles: [Role?], base: String, context: Bool, emit: Emit) {
        var sawSystem = false
        var firstTurnChecked = false
        var previous: Role?
        for (index, role) in roles.enumerated() {
            guard let role else {
                previous = nil
                continue
            }
            let pointer = { "\(base)/\(index)" }
            if role == .system {
                if sawSystem {
                    emit(.roleMultipleSystem, "more than one system message", pointer())
                } else if index != 0 {
                    emit(.roleSystemPosition, "the system message must come first", pointer())
                }
                sawSystem = true
            } else {
                if !firstTurnChecked && role != .user {
                    emit(.roleFirstTurn, "the first message after the system prompt must be from the user, not \(role.rawValue)", pointer())
                }
                firstTurnChecked = true
                let allowedRepeat = role == .tool || (role == .assistant && previous == .tool)
                    || (rules.repeatedUserTurns && role == .user) || (linksTools && role == .assistant)
                if let previous, previous == role, !allowedRepeat {
                    emit(.roleConsecutive, "two \(role.rawValue) messages in a row (user and assistant should alternate)", pointer())
                }
            }
            previous = role
        }
        if context {
            if let last = roles.last, last == .assistant {
                emit(.dpoInputLastAssistant, "the input ends with an assistant message; it must end before the compared reply", "\(base)/\(roles.count - 1)")
            }
            return
        }
        if !roles.contains(where: { $0 == .assistant }) {
            emit(.roleNoAssistant, "no assistant message: the line teaches nothing", base)
        } else if let last = roles.last, let last, last != .assistant {
            emit(.roleLastNotAssistant, "the last message is from the \(last.rawValue), not the assistant: that turn teaches nothing", "\(base)/\(roles.count - 1)")
        }
    }

    // MARK: Strings

    /// GLM control tokens that must never appear literally in training text.
    static let specialTokens: [String] = [
        "<|endoftext|>", "[gMASK]", "[sMASK]", "[MASK]", "<sop>", "<eop>", "<|system|>", "<|user|>", "<|assistant|>",
        "<|observation|>", "<|begin_of_image|>", "<|end_of_image|>", "<|begin_of_video|>", "<|end_of_video|>",
        "<|im_start|>", "<|im_end|>", "<tool_call>", "</tool_call>", "<tool_response>", "<arg_key>", "<arg_value>",
    ]

    /// Whether `MASK]` (the tail of [MASK], [gMASK], [sMASK]) occurs in the bytes.
    static func containsMask(_ base: UnsafeRawPointer, _ count: Int) -> Bool {
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        var from = 0
        while from < count, let found = memchr(bytes + from, Int32(UInt8(ascii: "]")), count - from) {
            let at = bytes.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if at >= 4 && bytes[at - 4] == 0x4D && bytes[at - 3] == 0x41 && bytes[at - 2] == 0x53 && bytes[at - 1] == 0x4B {
                return true
            }
            from = at + 1
        }
        return false
    }

    /// Scans every string value for control tokens and `<think>` tags (cheap: a byte search for `<` and `[`).
    private func checkStrings(_ tape: JSONTape, emit: Emit) {
        // Every token holds '<' or "MASK]": one search of the whole line settles most lines.
        let line = tape.bytes
        guard let base = line.baseAddress, line.count > 0,
              memchr(base, Int32(UInt8(ascii: "<")), line.count) != nil
                || Self.containsMask(base, line.count) else { return }
        for (index, node) in tape.nodes.enumerated() where node.kind == .string && node.end > node.start {
            let raw = tape.raw(index)
            let base = UnsafeRawPointer(raw.baseAddress!)
            guard memchr(base, Int32(UInt8(ascii: "<")), raw.count) != nil
                || Self.containsMask(base, raw.count) else { continue }
            let text = tape.string(index) ?? ""
            if let token = Self.specialTokens.first(where: { text.contains($0) }) {
                emit(.contentSpecialTokens, "the text holds the control token \(token); the model would learn to emit it", "")
            } else if text.contains("<think>") || text.contains("</think>") {
                emit(.reasonDialectTags, "<think> tags inside the text: on this platform thinking goes in \"reasoning_content\"", "")
            }
        }
    }
}
