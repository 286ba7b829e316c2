/// How table columns become a record: one template per field (see ``FieldTemplate``).
///
/// ``resolved(for:)`` fills every field left `nil` from a canonical column name (``ColumnAliases``), so
/// `--system '…'` alone still maps a 问题/答案 sheet.
public struct MappingSpec: Sendable {
    public var system: FieldTemplate?
    public var user: FieldTemplate?
    public var assistant: FieldTemplate?
    public var category: FieldTemplate?

    /// Creates a mapping.
    public init(system: FieldTemplate? = nil, user: FieldTemplate? = nil, assistant: FieldTemplate? = nil,
                category: FieldTemplate? = nil) {
        self.system = system
        self.user = user
        self.assistant = assistant
        self.category = category
    }

    /// Whether no template was given.
    public var isEmpty: Bool {
        system == nil && user == nil && assistant == nil && category == nil
    }

    /// Fills unset fields from canonical column names of `header`; returns the spec and, per field, how it
    /// was decided (for the report).
    public func resolved(for header: TableHeader) -> (MappingSpec, [(field: String, template: String, how: String)]) {
        var spec = self
        var notes: [(field: String, template: String, how: String)] = []
        for field in ColumnAliases.Field.allCases {
            var template = spec[field]
            var how = "given"
            if template == nil, let column = ColumnAliases.column(for: field, in: header) {
                template = FieldTemplate(column: column)
                how = "column name"
            }
            spec[field] = template
            if let template { notes.append((field: field.rawValue, template: template.text, how: how)) }
        }
        return (spec, notes)
    }

    /// The template of a field.
    public subscript(field: ColumnAliases.Field) -> FieldTemplate? {
        get {
            switch field {
            case .system: return system
            case .user: return user
            case .assistant: return assistant
            case .category: return category
            }
        }
        set {
            switch field {
            case .system: system = newValue
            case .user: user = newValue
            case .assistant: assistant = newValue
            case .category: category = newValue
            }
        }
    }
}
