/// What one parsed JSONL line holds that tells the formats apart, gathered once for the units to claim the
/// line (``FormatUnit/claims(_:)``).
package struct LineClues {
    /// A preference key at the top level (`input`, `preferred_output`, `chosen`); nothing else is gathered then.
    var preference = false
    /// Tool definitions (`tools`, `functions`), calls, call ids or `tool` turns.
    var calls = false
    /// A top-level `tools` array.
    var topLevelTools = false
    /// A message with `reasoning_content`.
    var reasoning = false
    /// The role of the last message whose content holds an image part (`nil` also when that role is not a string).
    var imageRole: String?

    /// The clues of a line, or `nil` for a line that is not an object.
    init?(_ tape: JSONTape) {
        let root = tape.root
        guard tape.nodes[root].kind == .object else { return nil }
        if tape.member(root, "input") != nil || tape.member(root, "preferred_output") != nil
            || tape.member(root, "chosen") != nil {
            preference = true
            return
        }
        topLevelTools = tape.member(root, "tools") != nil
        calls = topLevelTools || tape.member(root, "functions") != nil
        guard let messages = tape.member(root, "messages") else { return }
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
    }
}
