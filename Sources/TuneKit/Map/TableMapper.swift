/// Turns table rows into chat records through a ``MappingSpec`` bound to the table's header.
///
/// Rendered text is trimmed at both ends; an empty system prompt is left out; a row whose user or
/// assistant text is empty is rejected with that reason.
public struct TableMapper: Sendable {
    let system: FieldTemplate.Bound?
    let user: FieldTemplate.Bound
    let assistant: FieldTemplate.Bound
    let category: FieldTemplate.Bound?
    /// How each field was mapped, for the report.
    public let notes: [(field: String, template: String, how: String)]

    /// Binds `spec` to `header`. Throws when user or assistant cannot be mapped, or when a template names
    /// a column the table does not have.
    public init(spec: MappingSpec, header: TableHeader, file: String) throws(ImportError) {
        let (resolved, notes) = spec.resolved(for: header)
        self.notes = notes
        let location = SourceLocation(file: file)
        let columns = header.columns.joined(separator: ", ")
        guard let user = resolved.user else {
            throw ImportError(.badMapping, "no column maps to the user turn; name one with --user '{{column}}' (columns: \(columns))", at: location)
        }
        guard let assistant = resolved.assistant else {
            throw ImportError(.badMapping, "no column maps to the assistant turn; name one with --assistant '{{column}}' (columns: \(columns))", at: location)
        }
        func bind(_ template: FieldTemplate?) throws(ImportError) -> FieldTemplate.Bound? {
            guard let template else { return nil }
            let binding = template.bind(to: header)
            if let unknown = binding.unknownColumns.first {
                throw ImportError(.badMapping, "template \(template.text) names the column \"\(unknown)\", which the table does not have (columns: \(columns))", at: location)
            }
            return binding
        }
        self.system = try bind(resolved.system)
        self.user = try bind(user)!
        self.assistant = try bind(assistant)!
        self.category = try bind(resolved.category)
    }

    /// Maps one row.
    public func map(_ row: TableRow) -> Result<Record, Reject> {
        let values = row.values
        let userText = Self.trimmed(user.render(values))
        let assistantText = Self.trimmed(assistant.render(values))
        if userText.isEmpty || assistantText.isEmpty {
            let which = userText.isEmpty ? (assistantText.isEmpty ? "user and assistant" : "user") : "assistant"
            let reason = userText.isEmpty ? (assistantText.isEmpty ? "map.empty_user_and_assistant" : "map.empty_user") : "map.empty_assistant"
            return .failure(Reject(reason: reason, message: "the mapped \(which) text is empty",
                                   source: row.source, fields: row.fields))
        }
        let systemText = system.map { Self.trimmed($0.render(values)) }
        let categoryText = category.map { Self.trimmed($0.render(values)) }
        let conversation = Conversation(
            system: systemText?.isEmpty == false ? systemText : nil,
            messages: [Message(.user, userText), Message(.assistant, assistantText)])
        return .success(Record(source: row.source,
                               category: categoryText?.isEmpty == false ? categoryText : nil,
                               example: .conversation(conversation)))
    }

    /// Trims white space (Unicode White_Space) at both ends; returns the string itself when there is
    /// nothing to trim.
    static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return text }
        if !isSpace(first) && !isSpace(last) { return text }
        guard let start = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = scalars.lastIndex(where: { !isSpace($0) })!
        return String(scalars[start...end])
    }

    @inline(__always)
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x80 ? value == 0x20 || (0x09...0x0D).contains(value) : TextNormalizer.isWhitespace(value)
    }
}
