#if canImport(Glibc)
import Glibc
#endif

/// Turns table rows into records of one format through a ``MappingSpec`` bound to the table's header.
///
/// Rendered text is trimmed at both ends; an empty system prompt is left out; a row whose required text
/// is empty (the user turn, the reply, the reasoning of a thinking line, a DPO reply, an image) is
/// rejected with that reason. Formats: chat and thinking (system?, user, assistant[, reasoning]);
/// dpo (user, chosen, rejected); image-gen (prompt or user, image URL); vision (user, image URL, assistant);
/// tools (user, call name, call arguments as a JSON object, tool result, assistant, with the definitions);
/// thinking with a call name mapped is deep thinking's function-calling variant: the tools exchange, with the
/// reasoning on the assistant turn that makes the call (the thinking that leads to it).
package struct TableMapper: Sendable {
    package let format: OutputFormat
    /// Whether image cells may name local files (they are inlined later, with `--image-mode base64`).
    package var allowsLocalImages = false
    /// The pictures of the workbook being read, which its picture cells name (nil for other tables).
    var pictures: PictureArchive?
    let bound: [ColumnAliases.Field: FieldTemplate.Bound]
    let tools: [ToolDefinition]
    /// How each field was mapped, for the report.
    package let notes: [(field: String, template: String, how: String)]
    /// The table's columns that no template reads, in table order (for the report and the console).
    package let unusedColumns: [String]
    /// Columns of another format left unused, when ``MappingSpec/allowUnused`` lets the conversion go on.
    package let warnings: [Diagnostic]

    let system: FieldTemplate.Bound?
    let user: FieldTemplate.Bound?
    let assistant: FieldTemplate.Bound?
    let category: FieldTemplate.Bound?
    /// The format's required fields with their templates, in order (looked up once, not per row).
    private let required: [(field: ColumnAliases.Field, template: FieldTemplate.Bound?)]
    private let requiredFields: [ColumnAliases.Field]
    /// The format's unit, which builds each row's record.
    private let unit: any FormatUnit
    /// Whether rows become a function-calling exchange (`tools`, or `thinking` with a call name mapped).
    package let makesCalls: Bool
    /// `--group-by`, bound to the header with a last column `file` (the input file): its value goes to the
    /// record's metadata for the validation split.
    package var group: (template: FieldTemplate.Bound, file: String)?

    /// Binds `spec` to `header`. Throws when a required field cannot be mapped, or when a template names
    /// a column the table does not have.
    package init(spec: MappingSpec, header: TableHeader, file: String, format: OutputFormat = .chat) throws(ImportError) {
        self.format = format
        unit = format.unit
        let (resolved, notes) = spec.resolved(for: header, format: format)
        self.notes = notes
        self.tools = spec.tools
        let location = SourceLocation(file: file)
        let columns = header.listed()
        var bound: [ColumnAliases.Field: FieldTemplate.Bound] = [:]
        let calls = spec.makesCalls(in: format)
        let fields = MappingSpec.fields(for: format, calls: calls)
        for (field, template) in resolved.templates where fields.contains(field) {
            let binding = template.bind(to: header)
            if let unknown = binding.unknownColumns.first {
                throw ImportError(.badMapping, "template \(template.text) names the column \"\(unknown)\", which the table does not have (columns: \(columns))", at: location)
            }
            bound[field] = binding
        }
        self.bound = bound
        system = bound[.system]
        user = bound[.user]
        assistant = bound[.assistant]
        category = bound[.category]
        makesCalls = calls
        let requiredFields = Self.required(for: format, calls: makesCalls)
        required = requiredFields.map { ($0, $0 == .prompt ? bound[.prompt] ?? bound[.user] : bound[$0]) }
        self.requiredFields = requiredFields
        for field in requiredFields where bound[field] == nil {
            if field == .prompt && bound[.user] != nil { continue }
            let flag = "--" + field.rawValue.replacingOccurrences(of: "_", with: "-")
            throw ImportError(.badMapping, "no column maps to the \(Self.describe(field)); name one with \(flag) '{{column}}' (columns: \(columns))", at: location)
        }
        // A column named for a field of another format that no template reads would be dropped without a word.
        let used = Set(bound.values.flatMap { $0.template.variables.compactMap { header.index(of: $0) } })
        unusedColumns = header.columns.enumerated().compactMap { index, name in
            used.contains(index) || name.isEmpty ? nil : name
        }
        var unused: [String] = []
        for field in ColumnAliases.Field.allCases where !fields.contains(field) {
            guard let column = ColumnAliases.distinctiveColumn(for: field, in: header), let index = header.index(of: column),
                  !used.contains(index), let formats = FormatInference.formats(reading: field) else { continue }
            let readers = formats + format.unit.otherReaders(of: field)
            unused.append("column \"\(column)\" is the \(Self.describe(field)) of \(readers), and no template of --to \(format.rawValue) uses it")
        }
        if !unused.isEmpty && !spec.allowUnused {
            throw ImportError(.badMapping, unused.joined(separator: "; ") + "; pass that --to, use the column in a template, or --allow-unused to drop it", at: location)
        }
        warnings = unused.map { Diagnostic(.warning, "map.unused_column", $0 + " (dropped: --allow-unused)", at: location) }
        if makesCalls && spec.tools.isEmpty {
            throw ImportError(.badMapping, "\(format.unit.callsName) needs the function definitions: --tools FILE (a JSON array)", at: location)
        }
    }

    static func required(for format: OutputFormat, calls: Bool = false) -> [ColumnAliases.Field] {
        format.unit.required(calls: calls)
    }

    static func describe(_ field: ColumnAliases.Field) -> String {
        switch field {
        case .user: return "user turn"
        case .assistant: return "assistant turn"
        case .reasoning: return "reasoning (thinking)"
        case .chosen: return "preferred reply"
        case .rejected: return "rejected reply"
        case .prompt: return "image prompt"
        case .image: return "image URL"
        case .callName: return "function name of the call"
        case .callArguments: return "call arguments"
        case .toolResult: return "tool result"
        case .system: return "system prompt"
        case .category: return "category"
        }
    }

    /// Maps one row.
    package func map(_ row: TableRow) -> Result<Record, Reject> {
        let values = row.values
        func text(_ template: FieldTemplate.Bound?) -> String? {
            template.map { Self.trimmed($0.render(values)) }
        }
        func reject(_ reason: String, _ message: String) -> Result<Record, Reject> {
            .failure(Reject(reason: reason, message: message, source: row.source, fields: row.fields))
        }
        // The required texts, in the order of `required` (a prompt falls back to the user text).
        var texts: [String] = []
        texts.reserveCapacity(required.count)
        var missing: [ColumnAliases.Field] = []
        for (field, template) in required {
            var value = text(template) ?? ""
            if field == .prompt && value.isEmpty { value = text(user) ?? "" }
            if value.isEmpty { missing.append(field) }
            texts.append(value)
        }
        // WPS keeps a picture placed in a cell as the formula text `=DISPIMG("ID_…",1)`: never training text.
        if let index = texts.firstIndex(where: Self.isCellPicture) {
            return reject("map.cell_picture", "the mapped \(Self.describe(required[index].field)) holds a WPS in-cell picture "
                          + "(\(texts[index].prefix(40))) whose ID the workbook's xl/cellimages.xml does not have, so it cannot be "
                          + "read as a picture, and is not text")
        }
        // A picture from the workbook is never text: only the image field reads it.
        if pictures != nil {
            for (index, (field, _)) in required.enumerated() where field != .image && WorkbookPicture.holdsCellText(texts[index]) {
                return reject("map.cell_picture", "the mapped \(Self.describe(field)) holds a picture of the workbook "
                              + "(\(Self.pictureNames(in: texts[index]))), which is not text; name its column in --image")
            }
            for (name, template) in [("system prompt", system), ("category", category)] {
                if let text = text(template), WorkbookPicture.holdsCellText(text) {
                    return reject("map.cell_picture", "the mapped \(name) holds a picture of the workbook "
                                  + "(\(Self.pictureNames(in: text))), which is not text; name its column in --image")
                }
            }
        }
        if !missing.isEmpty {
            let names = missing.map { Self.describe($0) }.joined(separator: " and ")
            let reason = "map.empty_" + missing.map(\.rawValue).joined(separator: "_and_")
            return reject(reason, "the mapped \(names) \(missing.count == 1 ? "is" : "are") empty")
        }
        let systemText = text(system).flatMap { $0.isEmpty ? nil : $0 }
        let categoryText = text(category).flatMap { $0.isEmpty ? nil : $0 }
        let mapped = MappedRow(fields: requiredFields, texts: texts, system: systemText, tools: tools, makesCalls: makesCalls,
                               allowsLocalImages: allowsLocalImages, pictures: pictures)
        switch unit.buildExample(from: mapped) {
        case .example(let example):
            var record = Record(source: row.source, category: categoryText, example: example)
            if let group { record.metadata[SplitText.groupKey] = group.template.render(row.values + [group.file]) }
            return .success(record)
        case .reject(let reason, let message):
            return reject(reason, message)
        }
    }

    /// Whether a text holds WPS's in-cell picture formula, `=DISPIMG("ID_…",1)`.
    static func isCellPicture(_ text: String) -> Bool {
        // memchr for the "=" first: this runs on every mapped text of every row.
        let hasEquals = text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.count > 0 && memchr(bytes.baseAddress!, Int32(UInt8(ascii: "=")), bytes.count) != nil
        } ?? text.utf8.contains(UInt8(ascii: "="))
        return hasEquals && text.contains("=DISPIMG(")
    }

    /// The picture parts and cells a rendered text names (`xl/media/image3.png in D7`).
    static func pictureNames(in text: String) -> String {
        text.split(separator: WorkbookPicture.mark).compactMap { piece -> String? in
            let words = piece.split(separator: " ", maxSplits: 1)
            guard words.count == 2 else { return nil }
            let entry = words[1].prefix { !$0.isWhitespace }
            return "\(entry) in \(words[0])"
        }.joined(separator: ", ")
    }

    /// An image reference from a cell: an http(s) URL, a `data:` URI, or a file path.
    static func imageReference(_ text: String) -> ImageRef? {
        let lower = text.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("data:image/") {
            return text.contains(where: { $0.isWhitespace }) ? nil : .url(text)
        }
        let extensions = [".jpg", ".jpeg", ".png", ".webp", ".bmp", ".gif"]
        if extensions.contains(where: { lower.hasSuffix($0) }) { return .path(text) }
        return nil
    }

    /// A call id of nine letters and digits (the documented form), derived from the call, so that the same
    /// row always gets the same id.
    static func callID(user: String, name: String, arguments: String) -> String {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        var value = WyHash.hash(user + "\u{1}" + name + "\u{1}" + arguments, seed: 0x63616c6c)
        var id = ""
        for _ in 0..<9 {
            id.append(alphabet[Int(value % 62)])
            value /= 62
        }
        return id
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
