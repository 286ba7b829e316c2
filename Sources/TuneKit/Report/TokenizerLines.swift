/// Exact counts of training lines: what a record costs as GLM-4's chat format lays it out (the platform bills
/// tokens of the formatted conversation). Counted per record:
/// - 2 tokens of prefix (`[gMASK]<sop>`);
/// - per message 1 role token (`<|user|>` …), the `"\n"` after it, and its text;
/// - an assistant's `reasoning_content` as text; each tool call as `name` + `"\n"` + `arguments` (GLM-4's call
///   layout); the `tools` definitions as their compact JSON text;
/// - each picture as `imageTokens` (the platform's billing per image), never its URL or base64;
/// - DPO: the context and both replies (the preferred and the rejected one).
/// The chat template's fixed system wording around tools is not counted: this is the data's own cost.
extension Tokenizer {
    /// The method sentence of a report (`tokens.method`).
    package var methodDescription: String {
        "exact: GLM-4 BPE (\(source)) over each record as GLM-4's chat format lays it out: 2 prefix tokens, per message 1 role token + \"\\n\" + its text; reasoning, tool calls (name\\narguments) and tool definitions (compact JSON) counted as text"
    }

    /// The text tokens of one training line and how many images it has; nil when the line is not a JSON object.
    package func count(line bytes: UnsafeBufferPointer<UInt8>, scratch: inout Scratch) -> (text: Int, images: Int)? {
        guard let parsed = try? JSONReader.parse(bytes), let root = parsed.value.objectValue else { return nil }
        var text = 2
        var images = 0
        func count(_ string: String) -> Int { self.count(string, scratch: &scratch) }
        let newline = count("\n")
        func message(_ value: JSONValue) {
            guard let object = value.objectValue else { return }
            text += 1 + newline
            switch object["content"] {
            case .string(let content)?: text += count(content)
            case .array(let parts)?:
                for part in parts {
                    if part["type"]?.stringValue == "image_url" || part["image_url"] != nil {
                        images += 1
                    } else if let content = part["text"]?.stringValue {
                        text += count(content)
                    }
                }
            default: break
            }
            if let reasoning = object["reasoning_content"]?.stringValue { text += count(reasoning) }
            for call in object["tool_calls"]?.arrayValue ?? [] {
                let function = call["function"]
                let name = function?["name"]?.stringValue ?? ""
                let arguments = function?["arguments"].map { $0.stringValue ?? $0.compactText } ?? ""
                text += count(name + "\n" + arguments)
            }
        }
        if let input = root["input"]?.objectValue {
            for value in input["messages"]?.arrayValue ?? [] { message(value) }
            if let tools = input["tools"]?.arrayValue, !tools.isEmpty { text += count(JSONValue.array(tools).compactText) }
            for key in ["preferred_output", "non_preferred_output"] {
                for value in root[key]?.arrayValue ?? [] { message(value) }
            }
        } else {
            for value in root["messages"]?.arrayValue ?? [] { message(value) }
        }
        if let tools = root["tools"]?.arrayValue, !tools.isEmpty { text += count(JSONValue.array(tools).compactText) }
        return (text, images)
    }

    /// The tokens a training line is billed as in one epoch: text plus `imageTokens` per image, or only the
    /// images for formats that bill no text (image generation). Lines that are not JSON objects count as their
    /// bytes' text.
    package func billed(line bytes: UnsafeBufferPointer<UInt8>, format: OutputFormat, imageTokens: Int, scratch: inout Scratch) -> Int {
        guard let counted = count(line: bytes, scratch: &scratch) else { return count(utf8: bytes, scratch: &scratch) }
        return (format.unit.billsText ? counted.text : 0) + counted.images * imageTokens
    }
}
