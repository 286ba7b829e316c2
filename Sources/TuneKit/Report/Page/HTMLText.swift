/// Escaping for text placed in an HTML page: element content and double-quoted attribute values alike
/// (`&`, `<`, `>`, `"` and `'` become character references), so that nothing taken from the data — a cell, a
/// file name, a reject message — can open a tag, close an attribute or start a script.
enum HTMLText {
    /// `text` safe as element content or inside a double- or single-quoted attribute value.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\0": out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
