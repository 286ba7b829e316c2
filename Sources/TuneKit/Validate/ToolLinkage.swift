import Foundation

/// Follows the function calls of one conversation: every call well-formed and naming a defined function,
/// every result answering an earlier call exactly once, no call left unanswered.
struct ToolLinkage {
    /// The defined function names (`nil` when the definitions could not be read).
    let names: Set<String>?
    private var seenIDs: Set<String> = []
    private var pending: [String] = []
    private var answered: Set<String> = []
    private var previousHadCalls = false
    private var previousRole: Role?
    /// Scratch space for checking call arguments.
    private var argumentBytes: [UInt8] = []
    private var argumentTape = JSONTape()

    init(names: Set<String>?) {
        self.names = names
    }

    mutating func check(_ tape: JSONTape, message: Int, role: Role?, calls: Int?, content: Int?, pointer: @autoclosure () -> String,
                        emit: LineChecker.Emit) {
        defer { previousRole = role }
        if role == .tool {
            if !(previousHadCalls || previousRole == .tool) {
                emit(.roleBadTransition, "a tool result must follow an assistant message with tool_calls", pointer())
            }
            previousHadCalls = false
            guard let id = tape.member(message, "tool_call_id") else {
                emit(.toolResultMissingId, "the tool message has no \"tool_call_id\"", pointer())
                return
            }
            let text = tape.string(id) ?? ""
            if answered.contains(text) {
                emit(.toolResultExtra, "a second result for the call \"\(text)\"", pointer() + "/tool_call_id")
            } else if !seenIDs.contains(text) {
                emit(.toolResultUnknownId, "\"\(text)\" answers no earlier call", pointer() + "/tool_call_id")
            } else {
                answered.insert(text)
                pending.removeAll { $0 == text }
            }
            return
        }
        if previousHadCalls && role != .tool {
            emit(.roleBadTransition, "an assistant message with tool_calls must be followed by the tool results", pointer())
        }
        if !pending.isEmpty && (role == .user || (role == .assistant && calls == nil)) {
            emit(.toolCallUnanswered, "call \(pending.map { "\"\($0)\"" }.joined(separator: ", ")) has no result before this turn", pointer())
            pending.removeAll()
        }
        previousHadCalls = false
        guard let calls else { return }
        if role != .assistant {
            emit(.toolCallShape, "only assistant messages make tool calls", pointer() + "/tool_calls")
            return
        }
        guard tape.nodes[calls].kind == .array, tape.nodes[calls].count > 0 else {
            emit(.toolCallShape, "\"tool_calls\" must be a non-empty array", pointer() + "/tool_calls")
            return
        }
        previousHadCalls = true
        if let content, tape.nodes[content].kind == .string, !tape.isBlank(content) {
            emit(.toolContentAndCalls, "the message has both text content and tool_calls", pointer())
        }
        for (position, call) in tape.elements(calls).enumerated() {
            checkCall(tape, call, pointer: "\(pointer())/tool_calls/\(position)", emit: emit)
        }
    }

    private mutating func checkCall(_ tape: JSONTape, _ call: Int, pointer: String, emit: LineChecker.Emit) {
        guard tape.nodes[call].kind == .object else {
            emit(.toolCallShape, "a tool call must be an object", pointer)
            return
        }
        guard let idNode = tape.member(call, "id"), let id = tape.string(idNode) else {
            emit(.toolCallShape, "the tool call has no string \"id\"", pointer)
            return
        }
        if seenIDs.contains(id) {
            emit(.toolCallIdDuplicate, "the call id \"\(id)\" is used twice", pointer + "/id")
        }
        seenIDs.insert(id)
        pending.append(id)
        if tape.nodes[idNode].end - tape.nodes[idNode].start != 9
            || !tape.isIdentifier(idNode, maxLength: 9, allowPunctuation: false) {
            emit(.toolCallIdFormat, "call id \"\(id)\" is not 9 letters and digits (the documented form)", pointer + "/id")
        }
        guard let type = tape.member(call, "type"), tape.equals(type, "function") else {
            emit(.toolCallShape, "the tool call needs \"type\": \"function\"", pointer)
            return
        }
        guard let function = tape.member(call, "function"), tape.nodes[function].kind == .object,
              let nameNode = tape.member(function, "name"), let name = tape.string(nameNode) else {
            emit(.toolCallShape, "the tool call needs \"function\": {\"name\", \"arguments\"}", pointer)
            return
        }
        if let names, !names.contains(name) {
            emit(.toolCallUnknownFunction, "the call names \"\(name)\", which \"tools\" does not define", pointer + "/function/name")
        }
        guard let arguments = tape.member(function, "arguments") else {
            emit(.toolCallShape, "the tool call has no \"arguments\"", pointer + "/function")
            return
        }
        guard tape.nodes[arguments].kind == .string else {
            emit(.toolArgumentsType, "\"arguments\" must be a JSON string holding an object, not \(tape.kindDescription(arguments))", pointer + "/function/arguments")
            return
        }
        argumentBytes.removeAll(keepingCapacity: true)
        tape.unescaped(arguments, into: &argumentBytes)
        let holdsObject = argumentBytes.withUnsafeBufferPointer { bytes -> Bool in
            (try? argumentTape.parse(bytes)) != nil && argumentTape.nodes[argumentTape.root].kind == .object
        }
        guard holdsObject else {
            emit(.toolArgumentsJson, "\"arguments\" does not hold a JSON object: \(String(decoding: argumentBytes.prefix(60), as: UTF8.self))", pointer + "/function/arguments")
            return
        }
    }

    /// At the end of the conversation: calls that were never answered.
    mutating func finish(pointer: String, emit: LineChecker.Emit) {
        if !pending.isEmpty {
            emit(.toolCallUnanswered, "call \(pending.map { "\"\($0)\"" }.joined(separator: ", ")) has no result", pointer)
        }
    }
}

extension LineChecker {
    /// Checks the `tools` array; returns the defined names.
    func checkToolDefinitions(_ tape: JSONTape, _ tools: Int?, emit: Emit) -> Set<String>? {
        guard let tools else {
            emit(.toolCategory, "a function-calling line needs a top-level \"tools\" array", "")
            return nil
        }
        guard tape.nodes[tools].kind == .array, tape.nodes[tools].count > 0 else {
            emit(.toolToolsType, "\"tools\" must be a non-empty array", "/tools")
            return nil
        }
        var names: Set<String> = []
        for (position, tool) in tape.elements(tools).enumerated() {
            let pointer = "/tools/\(position)"
            guard tape.nodes[tool].kind == .object, let type = tape.member(tool, "type"), tape.equals(type, "function"),
                  let function = tape.member(tool, "function"), tape.nodes[function].kind == .object else {
                emit(.toolDefShape, "a tool is {\"type\": \"function\", \"function\": {\"name\", \"description\", \"parameters\"}}", pointer)
                continue
            }
            guard let nameNode = tape.member(function, "name"), let name = tape.string(nameNode),
                  tape.member(function, "description").map({ tape.nodes[$0].kind == .string }) == true,
                  let parameters = tape.member(function, "parameters") else {
                emit(.toolDefShape, "the function needs \"name\", \"description\" and \"parameters\"", pointer + "/function")
                continue
            }
            if !tape.isIdentifier(nameNode, maxLength: 64, allowPunctuation: true) {
                emit(.toolNameInvalid, "function name \"\(name)\" must be 1–64 letters, digits, _ or -", pointer + "/function/name")
            }
            if names.contains(name) {
                emit(.toolNameDuplicate, "function \"\(name)\" is defined twice", pointer + "/function/name")
            }
            names.insert(name)
            if tape.nodes[parameters].kind != .object {
                emit(.toolParamsSchema, "\"parameters\" must be a JSON Schema object, not \(tape.kindDescription(parameters))", pointer + "/function/parameters")
            } else if let type = tape.member(parameters, "type"), !tape.equals(type, "object") {
                emit(.toolParamsSchema, "the parameters schema should have \"type\": \"object\"", pointer + "/function/parameters/type")
            }
        }
        return names
    }
}
