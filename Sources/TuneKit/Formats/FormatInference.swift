/// The output format a table's columns call for, when `--to` is not given.
///
/// A field counts as present when the mapping gives it a template or a column is named for it
/// (``ColumnAliases/distinctiveColumn(for:in:)``: generic names such as `url` or `result` do not decide a format).
/// In order: reasoning → thinking (with a call and `--tools`: thinking's function-calling variant); chosen and rejected → dpo;
/// a call name → tools; an image with a prompt → image-gen, with a question → vision; otherwise chat.
package enum FormatInference {
    /// The format and why (`columns 好回答, 差回答`), for the console.
    package static func infer(header: TableHeader, mapping: MappingSpec) -> (format: OutputFormat, reason: String) {
        func source(_ field: ColumnAliases.Field, anyName: Bool = false) -> String? {
            if mapping[field] != nil { return "--" + field.rawValue.replacingOccurrences(of: "_", with: "-") }
            let column = anyName ? ColumnAliases.column(for: field, in: header) : ColumnAliases.distinctiveColumn(for: field, in: header)
            return column.map { "column " + $0 }
        }
        func because(_ sources: [String]) -> String {
            if sources.allSatisfy({ $0.hasPrefix("column ") }) {
                return (sources.count == 1 ? "column " : "columns ") + sources.map { String($0.dropFirst(7)) }.joined(separator: ", ")
            }
            return sources.joined(separator: ", ")
        }
        if let reasoning = source(.reasoning) {
            // The variant needs the definitions; without them the call columns are another format's (and named).
            if !mapping.tools.isEmpty, let call = source(.callName) { return (.thinking, because([reasoning, call])) }
            return (.thinking, because([reasoning]))
        }
        if let chosen = source(.chosen), let rejected = source(.rejected) { return (.dpo, because([chosen, rejected])) }
        if let call = source(.callName) { return (.tools, because([call])) }
        if let image = source(.image) {
            if let prompt = source(.prompt) { return (.imageGen, because([image, prompt])) }
            if let question = source(.user, anyName: true) { return (.vision, because([image, question])) }
        }
        return (.chat, "no column of another format")
    }

    /// The `--to` values that read `field`, for messages (`nil` for fields every format reads).
    package static func formats(reading field: ColumnAliases.Field) -> String? {
        switch field {
        case .reasoning: return "--to thinking"
        case .chosen, .rejected: return "--to dpo"
        case .prompt: return "--to image-gen"
        case .image: return "--to vision or --to image-gen"
        case .callName, .callArguments, .toolResult: return "--to tools"
        case .system, .user, .assistant, .category: return nil
        }
    }
}
