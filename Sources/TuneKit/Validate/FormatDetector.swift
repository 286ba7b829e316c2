/// Decides a JSONL file's format from what its first lines hold.
enum FormatDetector {
    /// The format one parsed line looks like, or `nil` for a line that is not an object.
    static func classify(_ tape: JSONTape) -> OutputFormat? {
        let root = tape.root
        guard tape.nodes[root].kind == .object else { return nil }
        if tape.member(root, "input") != nil || tape.member(root, "preferred_output") != nil
            || tape.member(root, "chosen") != nil {
            return .dpo
        }
        var calls = tape.member(root, "tools") != nil || tape.member(root, "functions") != nil
        guard let messages = tape.member(root, "messages") else { return calls ? .tools : .chat }
        var reasoning = false
        var imageRole: String?
        for message in tape.elements(messages) {
            if tape.member(message, "tool_calls") != nil || tape.member(message, "tool_call_id") != nil
                || tape.member(message, "role").map({ tape.equals($0, "tool") }) == true {
                calls = true
            }
            if tape.member(message, "reasoning_content") != nil { reasoning = true }
            if let content = tape.member(message, "content"), tape.nodes[content].kind == .array,
               tape.elements(content).contains(where: { part in tape.member(part, "image_url") != nil }) {
                imageRole = tape.member(message, "role").flatMap { tape.string($0) }
            }
        }
        // Function calls with reasoning: deep thinking's function-calling variant.
        if calls { return reasoning && tape.member(root, "tools") != nil ? .thinking : .tools }
        if reasoning { return .thinking }
        if let imageRole { return imageRole == "assistant" ? .imageGen : .vision }
        return .chat
    }

    /// The format of a file from its lines' kinds: the most specific one seen.
    static func decide(_ kinds: [OutputFormat]) -> (OutputFormat, String) {
        guard !kinds.isEmpty else { return (.chat, "no readable line; checked as chat") }
        let order: [OutputFormat] = [.dpo, .tools, .thinking, .imageGen, .vision, .chat]
        var counts: [OutputFormat: Int] = [:]
        for kind in kinds { counts[kind, default: 0] += 1 }
        if let dpo = counts[.dpo], dpo * 2 >= kinds.count {
            return (.dpo, "the first lines hold input / preferred_output")
        }
        let format = order.dropFirst().first { counts[$0] != nil } ?? .chat
        let reason = format.unit.detectionReason
        return (format, reason)
    }
}
