extension DPOFormat {
    /// A DPO line: `input` (context messages, tools, parallel_tool_calls), and one assistant message in each of
    /// `preferred_output` and `non_preferred_output`, which must differ.
    func checkLine(_ checker: LineChecker, _ tape: JSONTape, _ root: Int, emit: LineChecker.Emit) {
        for (key, _) in tape.members(root) {
            if checker.dpoTopKeys.contains(tape, key) { continue }
            let name = tape.string(key) ?? ""
            let pointer = "/" + JSONReader.escapePointerToken(name)
            switch name {
            case "chosen", "rejected", "prompt":
                emit(.dpoDialect, "\"\(name)\" is another platform's DPO spelling; this one uses input / preferred_output / non_preferred_output", pointer)
            case "messages":
                emit(.fileMixedFormats, "\"messages\" at the top level is a supervised line, not DPO (the context goes in input.messages)", pointer)
            default:
                emit(.structUnknownTopKey, "unknown key \"\(name)\"; a DPO line holds input, preferred_output and non_preferred_output", pointer)
            }
        }
        for key: StaticString in ["input", "preferred_output", "non_preferred_output"] where tape.member(root, key) == nil {
            emit(.structMissingKey, "missing key \"\(key)\"", "")
        }
        if let input = tape.member(root, "input") {
            if tape.nodes[input].kind != .object {
                emit(.dpoInputType, "\"input\" must be an object, not \(tape.kindDescription(input))", "/input")
            } else if let messages = tape.member(input, "messages") {
                checker.checkMessages(tape, messages, pointer: "/input/messages", toolNames: nil, context: true, emit: emit)
                if let tools = tape.member(input, "tools"), tape.nodes[tools].kind != .array {
                    emit(.dpoToolsShape, "input.tools must be an array", "/input/tools")
                }
                if let parallel = tape.member(input, "parallel_tool_calls"), tape.nodes[parallel].kind != .bool {
                    emit(.dpoToolsShape, "input.parallel_tool_calls must be true or false", "/input/parallel_tool_calls")
                }
            } else {
                emit(.dpoInputType, "\"input\" has no \"messages\"", "/input")
            }
        }
        var replies: [String] = []
        for key: StaticString in ["preferred_output", "non_preferred_output"] {
            guard let output = tape.member(root, key) else { continue }
            let pointer = "/\(key)"
            guard tape.nodes[output].kind == .array else {
                emit(.dpoOutputType, "\"\(key)\" must be an array holding one assistant message", pointer)
                continue
            }
            let items = tape.elements(output)
            guard items.count == 1 else {
                emit(items.count > 1 ? ValidationCode.dpoMultiTurnOutput : .dpoOutputCount,
                     "\"\(key)\" holds \(items.count) messages; it takes exactly one assistant message", pointer)
                continue
            }
            let message = output + 1
            guard tape.nodes[message].kind == .object, let role = tape.member(message, "role"), tape.equals(role, "assistant"),
                  let content = tape.member(message, "content"), let text = tape.string(content),
                  !text.allSatisfy(\.isWhitespace) else {
                emit(.dpoOutputRole, "\"\(key)\" must hold {\"role\": \"assistant\", \"content\": non-empty text}", pointer + "/0")
                continue
            }
            replies.append(text)
        }
        if replies.count == 2 && TextNormalizer().normalize(replies[0]) == TextNormalizer().normalize(replies[1]) {
            emit(.dpoOutputsIdentical, "the preferred and non-preferred replies are the same: the pair teaches nothing", "/non_preferred_output/0/content")
        }
    }
}
