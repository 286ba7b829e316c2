/// Renders a ``JSONValue`` indented by two spaces, keys in their order: for reports people read.
package enum JSONPrettyPrinter {
    /// The pretty text, ending with a newline.
    package static func render(_ value: JSONValue) -> String {
        var out = ""
        write(value, indent: 0, into: &out)
        out += "\n"
        return out
    }

    private static func write(_ value: JSONValue, indent: Int, into out: inout String) {
        let pad = String(repeating: "  ", count: indent + 1)
        let closePad = String(repeating: "  ", count: indent)
        switch value {
        case .array(let items) where !items.isEmpty && items.contains(where: { $0.isContainer }):
            out += "[\n"
            for (index, item) in items.enumerated() {
                out += pad
                write(item, indent: indent + 1, into: &out)
                out += index + 1 < items.count ? ",\n" : "\n"
            }
            out += closePad + "]"
        case .object(let object) where !object.members.isEmpty:
            out += "{\n"
            for (index, member) in object.members.enumerated() {
                out += pad + JSONValue.string(member.key).compactText + ": "
                write(member.value, indent: indent + 1, into: &out)
                out += index + 1 < object.members.count ? ",\n" : "\n"
            }
            out += closePad + "}"
        default:
            out += value.compactText
        }
    }
}

extension JSONValue {
    var isContainer: Bool {
        switch self {
        case .array, .object: return true
        default: return false
        }
    }
}
