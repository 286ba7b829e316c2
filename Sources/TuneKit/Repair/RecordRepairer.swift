/// The repairs of a parsed line's values, made before it is decoded or checked: role aliases, legacy
/// function calling (`functions`, `function_call`, `function` results) and call arguments given as objects.
/// Each repair has one reading; anything that would need a guess — a `function` message with no call before
/// it, a result that could answer several calls, a missing turn — is left as it is for the format rules to
/// refuse with their own code.
///
/// | written | becomes | when |
/// |---|---|---|
/// | `human`, `User`, `USER` | `user` | always |
/// | `gpt`, `chatgpt`, `bot`, `model`, `ai`, `Assistant` | `assistant` | always |
/// | `System` | `system` | always |
/// | `function`, `observation` | `tool` | an assistant message with a call comes before it |
enum RecordRepairer {
    /// Role spellings (lower-cased) and the platform role each means.
    static let roleAliases: [String: String] = [
        "user": "user", "human": "user",
        "assistant": "assistant", "gpt": "assistant", "chatgpt": "assistant", "bot": "assistant", "model": "assistant",
        "ai": "assistant",
        "system": "system", "tool": "tool",
    ]
    /// Top-level keys under which something may be repaired.
    static let repairedKeys: Set<String> = ["messages", "functions", "input", "preferred_output", "non_preferred_output"]
    /// The platform's roles, which need no look-up.
    static let canonicalRoles: Set<String> = ["user", "assistant", "system", "tool"]
    /// Roles of a function's result in older or other spellings; `tool` only where a call precedes them.
    static let resultRoles: Set<String> = ["function", "observation"]

    /// The repaired value and the repairs made (an empty dictionary: the value is returned unchanged).
    static func repair(_ value: JSONValue) -> (value: JSONValue, repairs: [RepairKind: Int]) {
        guard case .object(var root) = value else { return (value, [:]) }
        guard root.members.contains(where: { Self.repairedKeys.contains($0.key) }) else { return (value, [:]) }
        var repairs = Counts()
        if case .array(let items)? = root["messages"], let repaired = messages(items, repairs: &repairs) {
            root.replace("messages", with: .array(repaired))
        }
        if root["functions"] != nil, root["tools"] == nil, case .array(let items)? = root["functions"],
           let tools = legacyTools(items) {
            root.rename("functions", to: "tools", value: .array(tools))
            repairs.add(.legacyFunctions)
        }
        if case .object(var input)? = root["input"], case .array(let items)? = input["messages"],
           let repaired = messages(items, repairs: &repairs) {
            input.replace("messages", with: .array(repaired))
            root.replace("input", with: .object(input))
        }
        for key in ["preferred_output", "non_preferred_output"] {
            if case .array(let items)? = root[key], let repaired = messages(items, repairs: &repairs) {
                root.replace(key, with: .array(repaired))
            }
        }
        return repairs.total == 0 ? (value, [:]) : (.object(root), repairs.kinds)
    }

    /// Whether `value` needs no repair (the common case, checked without copying anything).
    static func needsNoRepair(_ value: JSONValue) -> Bool {
        repair(value).repairs.isEmpty
    }

    /// Repairs counted by kind, with their total (checked after every message).
    struct Counts {
        var kinds: [RepairKind: Int] = [:]
        var total = 0

        mutating func add(_ kind: RepairKind) {
            kinds[kind, default: 0] += 1
            total += 1
        }
    }

    /// `[{"name", "description", "parameters"}]` as `[{"type":"function","function":{…}}]`; nil when an item
    /// is not a named function.
    private static func legacyTools(_ items: [JSONValue]) -> [JSONValue]? {
        var tools: [JSONValue] = []
        for item in items {
            guard case .object(let function) = item, case .string? = function["name"] else { return nil }
            tools.append(.object(JSONObject([("type", .string("function")), ("function", .object(function))])))
        }
        return tools
    }

    /// The messages repaired; nil when none needed a repair (nothing is copied then).
    private static func messages(_ items: [JSONValue], repairs: inout Counts) -> [JSONValue]? {
        var out: [JSONValue]?
        let before = repairs.total
        /// Calls of the last assistant message with calls that no result has answered yet.
        var open: [(id: String, name: String)] = []
        for (index, item) in items.enumerated() {
            guard case .object(var message) = item else {
                out?.append(item)
                open = []
                continue
            }
            if Self.needsNothing(message) {
                // The common case, decided in one pass over the keys: a user, assistant or system message
                // spelled as the platform spells it, without calls.
                out?.append(item)
                open = []
                continue
            }
            let made = repairs.total
            defer {
                if out == nil, repairs.total > made {
                    out = Array(items[..<index])
                    out!.reserveCapacity(items.count)
                }
                out?.append(.object(message))
            }
            var role = message["role"]?.stringValue
            var wasFunctionResult = false
            if let name = role, !Self.canonicalRoles.contains(name) {
                let lower = name.lowercased()
                if let canonical = roleAliases[lower] {
                    if canonical != name {
                        message.replace("role", with: .string(canonical))
                        repairs.add(.roleAlias)
                    }
                    role = canonical
                } else if resultRoles.contains(lower), !open.isEmpty {
                    message.replace("role", with: .string("tool"))
                    repairs.add(.functionRole)
                    role = "tool"
                    wasFunctionResult = true
                }
            }
            if role == "assistant", message["tool_calls"] == nil, case .object(let call)? = message["function_call"],
               case .string(let name)? = call["name"], let arguments = argumentsText(call["arguments"], repairs: &repairs) {
                let id = TableMapper.callID(user: String(index), name: name, arguments: arguments)
                let function = JSONObject([("name", .string(name)), ("arguments", .string(arguments))])
                let toolCall = JSONObject([("id", .string(id)), ("type", .string("function")), ("function", .object(function))])
                message.rename("function_call", to: "tool_calls", value: .array([.object(toolCall)]))
                repairs.add(.legacyFunctionCall)
            }
            if case .array(let calls)? = message["tool_calls"] {
                let callRepairs = repairs.total
                var made: [JSONValue] = []
                var named: [(id: String, name: String)] = []
                for call in calls {
                    guard case .object(var object) = call, case .object(var function)? = object["function"],
                          case .string(let name)? = function["name"] else {
                        made.append(call)
                        continue
                    }
                    if case .object? = function["arguments"], let text = argumentsText(function["arguments"], repairs: &repairs) {
                        function.replace("arguments", with: .string(text))
                        object.replace("function", with: .object(function))
                    }
                    if object["id"] == nil {
                        let arguments = function["arguments"]?.stringValue ?? "{}"
                        object.insert("id", .string(TableMapper.callID(user: String(index), name: name, arguments: arguments)), at: 0)
                        repairs.add(.toolCallLink)
                    }
                    if let id = object["id"]?.stringValue { named.append((id, name)) }
                    made.append(.object(object))
                }
                if repairs.total > callRepairs { message.replace("tool_calls", with: .array(made)) }
                open = named
            } else if role == "tool" {
                if message["tool_call_id"] == nil {
                    let name = message["name"]?.stringValue
                    let candidates = name.map { name in open.filter { $0.name == name } } ?? open
                    if candidates.count == 1 || (name == nil && open.count == 1) {
                        message.members.append((key: "tool_call_id", value: .string(candidates[0].id)))
                        repairs.add(.toolCallLink)
                    }
                }
                if wasFunctionResult, message["tool_call_id"] != nil { message.remove("name") }
                if let id = message["tool_call_id"]?.stringValue { open.removeAll { $0.id == id } }
            } else {
                open = []
            }
        }
        return repairs.total > before ? out : nil
    }

    /// Whether a message has a platform role other than `tool` and no call keys.
    private static func needsNothing(_ message: JSONObject) -> Bool {
        var role: String?
        for member in message.members {
            switch member.key {
            case "role": role = member.value.stringValue
            case "function_call", "tool_calls": return false
            default: continue
            }
        }
        return role == "user" || role == "assistant" || role == "system"
    }

    /// Arguments as the JSON string the formats want: a string as it is, an object written compactly (a
    /// repair), none as `{}`; nil for anything else (left for the rules to refuse).
    private static func argumentsText(_ value: JSONValue?, repairs: inout Counts) -> String? {
        switch value {
        case .string(let text)?: return text
        case .object?:
            repairs.add(.argumentsString)
            return value!.compactText
        case nil: return "{}"
        default: return nil
        }
    }
}

extension JSONObject {
    /// Replaces the value of the first member named `key`, keeping its place.
    mutating func replace(_ key: String, with value: JSONValue) {
        guard let index = members.lastIndex(where: { $0.key == key }) else { return }
        members[index].value = value
    }

    /// Renames the first member named `key`, keeping its place, and gives it `value`.
    mutating func rename(_ key: String, to newKey: String, value: JSONValue) {
        guard let index = members.lastIndex(where: { $0.key == key }) else { return }
        members[index] = (key: newKey, value: value)
    }

    /// Inserts a member at `position`.
    mutating func insert(_ key: String, _ value: JSONValue, at position: Int) {
        members.insert((key: key, value: value), at: min(position, members.count))
    }

    /// Removes every member named `key`.
    mutating func remove(_ key: String) {
        members.removeAll { $0.key == key }
    }
}
