/// How table columns become a record: one template per field (see ``FieldTemplate``), plus the tool
/// definitions of a function-calling dataset.
///
/// ``resolved(for:format:)`` fills every field the format uses and the spec leaves `nil` from a canonical
/// column name (``ColumnAliases``), so `--system '…'` alone still maps a 问题/答案 sheet.
public struct MappingSpec: Sendable {
    /// Templates by field.
    public var templates: [ColumnAliases.Field: FieldTemplate]
    /// Function definitions for `--to tools`, and for `--to thinking` with a call (from `--tools FILE`).
    public var tools: [ToolDefinition]
    /// No format was named (no `--to`): a table's format is the one its columns call for (a
    /// `reasoning` column makes thinking, `chosen`/`rejected` dpo, a call column tools, an image column image-gen or vision).
    public var formatFromColumns = false
    /// A column named for another format's field that no template uses is a warning instead of an error
    /// (`--allow-unused`).
    public var allowUnused = false

    /// Creates a mapping.
    public init(system: FieldTemplate? = nil, user: FieldTemplate? = nil, assistant: FieldTemplate? = nil,
                category: FieldTemplate? = nil, templates: [ColumnAliases.Field: FieldTemplate] = [:],
                tools: [ToolDefinition] = []) {
        self.templates = templates
        self.tools = tools
        if let system { self.templates[.system] = system }
        if let user { self.templates[.user] = user }
        if let assistant { self.templates[.assistant] = assistant }
        if let category { self.templates[.category] = category }
    }

    /// The system prompt's template.
    public var system: FieldTemplate? { templates[.system] }
    /// The user turn's template.
    public var user: FieldTemplate? { templates[.user] }
    /// The assistant reply's template.
    public var assistant: FieldTemplate? { templates[.assistant] }
    /// The category's template (for the report and stratified splits).
    public var category: FieldTemplate? { templates[.category] }

    /// Whether `format` is written as a function-calling exchange: always for tools; for thinking (its
    /// function-calling variant) when function definitions or a call-name template are given.
    public func makesCalls(in format: OutputFormat) -> Bool {
        format.unit.makesCalls(toolsGiven: !tools.isEmpty, callNameMapped: self[.callName] != nil)
    }

    /// The fields each format reads, in report order (`calls`: thinking's function-calling variant).
    public static func fields(for format: OutputFormat, calls: Bool = false) -> [ColumnAliases.Field] {
        format.unit.fields(calls: calls)
    }

    /// The template of a field.
    public subscript(field: ColumnAliases.Field) -> FieldTemplate? {
        get { templates[field] }
        set { templates[field] = newValue }
    }

    /// Fills the format's unset fields from canonical column names of `header`; returns the spec and, per
    /// field, how it was decided (for the report).
    public func resolved(for header: TableHeader, format: OutputFormat = .chat)
        -> (MappingSpec, [(field: String, template: String, how: String)]) {
        var spec = self
        var notes: [(field: String, template: String, how: String)] = []
        for field in Self.fields(for: format, calls: makesCalls(in: format)) {
            var template = spec[field]
            var how = "given"
            if template == nil, let column = ColumnAliases.column(for: field, in: header, format: format) {
                template = FieldTemplate(column: column)
                how = "column name"
            }
            spec[field] = template
            if let template { notes.append((field: field.rawValue, template: template.text, how: how)) }
        }
        return (spec, notes)
    }
}
