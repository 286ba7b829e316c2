/// One kind of fault that `tunekit repair` (and `convert` on a JSONL input) fixes without guessing. The raw
/// value is the name shown in the console and the report (`trailing_comma=1`).
public enum RepairKind: String, Sendable, CaseIterable, Comparable {
    /// A UTF-8 byte-order mark at the start of the file, removed.
    case bom
    /// A blank line (outside an object), removed.
    case blankLine = "blank_line"
    /// A comma before `}` or `]`, removed.
    case trailingComma = "trailing_comma"
    /// One object pretty-printed over several lines, written on one line.
    case multilineObject = "multiline_object"
    /// `NaN`, `Infinity` or `-Infinity` written as `null` (kept only where the format's rules allow null).
    case nonfiniteNull = "nonfinite_null"
    /// A role spelled `gpt`, `human`, `bot`, `model`, `ai`, `chatgpt`, `User` … written as the platform's role.
    case roleAlias = "role_alias"
    /// A `function` or `observation` message answering a call, written as a `tool` message.
    case functionRole = "function_role"
    /// Top-level `functions` written as `tools` (`{"type":"function","function":…}`).
    case legacyFunctions = "legacy_functions"
    /// A message's `function_call` written as `tool_calls` with a generated call id.
    case legacyFunctionCall = "legacy_function_call"
    /// A tool result without `tool_call_id` linked to the one call it answers (or a call given its missing id).
    case toolCallLink = "tool_call_link"
    /// Call arguments given as a JSON object written as the JSON string the format asks for.
    case argumentsString = "arguments_string"
    /// A PNG, CMYK, sideways or oversized image data URI re-encoded as a JPEG within the platform's limits.
    case imageReencoded = "image_reencoded"

    /// What the repair does, for people.
    public var summary: String {
        switch self {
        case .bom: "UTF-8 byte-order mark removed"
        case .blankLine: "blank line removed"
        case .trailingComma: "trailing comma removed"
        case .multilineObject: "pretty-printed object joined onto one line"
        case .nonfiniteNull: "NaN/Infinity written as null"
        case .roleAlias: "role alias renamed (gpt → assistant, human → user …)"
        case .functionRole: "function/observation result written as a tool message"
        case .legacyFunctions: "\"functions\" written as \"tools\""
        case .legacyFunctionCall: "\"function_call\" written as \"tool_calls\" (call id generated)"
        case .toolCallLink: "tool result linked to its call (tool_call_id)"
        case .argumentsString: "arguments object written as a JSON string"
        case .imageReencoded: "image data URI re-encoded as a JPEG within the limits (or its prefix corrected)"
        }
    }

    private var order: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: RepairKind, rhs: RepairKind) -> Bool { lhs.order < rhs.order }
}
