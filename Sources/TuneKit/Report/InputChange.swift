/// One kind of thing an importer left out of its input, or changed in it, on the way to records — counted, so
/// that nothing is lost or changed silently. The console names every kind; the report lists them per input.
///
/// Input units that fail (a row, a session) are rejects with a reason each; what is counted here is what
/// lies inside or between units: system lines, placeholder messages, non-text messages, repaired syntax.
public struct InputChange: Sendable, Equatable {
    /// What happened to the things counted.
    public enum Action: String, Sendable {
        /// Left out: it carries nothing to train on (a media placeholder, a system notice).
        case dropped
        /// Rewritten into what it evidently meant (a role alias, a trailing comma).
        case repaired
        /// Read differently from how it was written, by a documented rule (a row with one field more).
        case adapted
    }

    public var action: Action
    /// A stable key for the report: `placeholder.media`, `wechat.type_3`, `whatsapp.system_line` …
    public var kind: String
    /// What the things are, for people, in the plural: "picture messages (WeChat type 3)".
    public var what: String
    public var count: Int
    /// Where the first one is, when known.
    public var first: SourceLocation?

    /// Creates a change.
    public init(_ action: Action, kind: String, what: String, count: Int, first: SourceLocation? = nil) {
        self.action = action
        self.kind = kind
        self.what = what
        self.count = count
        self.first = first
    }

    /// `picture messages (WeChat type 3): 3 (first at chat.csv:4)`.
    public var description: String {
        "\(what): \(count)" + (first.map { " (first at \($0))" } ?? "")
    }

    /// The same within a line that already names `file`: `… (first at line 4)`.
    func description(in file: String) -> String {
        guard let first, first.file == file else { return description }
        var place = first
        place.file = ""
        let text = place.description
        let within = text.hasPrefix(":") ? "line " + text.dropFirst() : String(text.drop { $0 == "!" })
        return "\(what): \(count)" + (within.isEmpty ? "" : " (first at \(within))")
    }

    /// The change as report JSON.
    var json: JSONValue {
        var object: JSONObject = ["action": .string(action.rawValue), "kind": .string(kind), "what": .string(what),
                                  "count": .number(String(count))]
        if let first { object["first"] = .string(first.description) }
        return .object(object)
    }
}
