import Foundation
import Mustache

/// A Mustache template over a row's columns: `{{问题}}`, `Q: {{question}} ({{product}})`.
///
/// Values are inserted verbatim — never HTML-escaped (`"` stays `"`): `{{x}}`, `{{{x}}}` and `{{& x}}` all
/// insert the raw value. Templates made only of text and variables are compiled to direct column look-ups
/// (column names may contain spaces, dots or any character but braces); sections (`{{#col}}…{{/col}}`,
/// `{{^col}}…{{/col}}`) and comments render through swift-mustache with its TEXT content type, with column
/// names passed as ASCII aliases (its parser accepts no Chinese names).
public struct FieldTemplate: Sendable, CustomStringConvertible {
    /// The template text as given.
    public let text: String
    private let pieces: [Piece]?
    private let mustache: MustacheTemplate?
    /// For Mustache templates: the column name behind each alias `c0`, `c1` ….
    private let aliasedNames: [String]

    enum Piece: Sendable, Equatable {
        case literal(String)
        case variable(String)
    }

    /// Compiles a template. Throws ``ImportError`` with kind `badMapping` for invalid syntax.
    public init(_ text: String) throws(ImportError) {
        self.text = text
        if let pieces = Self.simplePieces(text) {
            self.pieces = pieces
            self.mustache = nil
            self.aliasedNames = []
        } else {
            self.pieces = nil
            let (rewritten, names) = try Self.aliasNames(text)
            self.aliasedNames = names
            do {
                self.mustache = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + rewritten)
            } catch {
                throw ImportError(.badMapping, "template \(Self.shortened(text)) is not valid Mustache: \(Self.explain(error, in: text))", at: SourceLocation(file: "-"))
            }
        }
    }

    /// Sections nested deeper than this are refused: swift-mustache renders them recursively, so 3,000 levels
    /// overflowed the stack and 200 took 17 s over 642 rows; real mappings nest two or three.
    static let maxSectionDepth = 16

    /// Replaces every tag's name by an alias `c0`, `c1` … (in order of first use); keeps comments. Refuses
    /// sections nested deeper than ``maxSectionDepth``.
    static func aliasNames(_ text: String) throws(ImportError) -> (String, [String]) {
        var names: [String] = []
        var depth = 0
        var output = ""
        var rest = Substring(text)
        func fail(_ why: String) -> ImportError {
            ImportError(.badMapping, "template \(shortened(text)): \(why)", at: SourceLocation(file: "-"))
        }
        while let open = rest.range(of: "{{") {
            output += rest[..<open.lowerBound]
            var after = rest[open.upperBound...]
            let triple = after.hasPrefix("{")
            if triple { after = after.dropFirst() }
            let closer = triple ? "}}}" : "}}"
            guard let close = after.range(of: closer) else { throw fail("a tag opened with {{ never closes") }
            var inner = after[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            var sigil = ""
            if let first = inner.first, "#^/&!>=<$%".contains(first) {
                sigil = String(first)
                inner = String(inner.dropFirst()).trimmingCharacters(in: .whitespaces)
            }
            switch sigil {
            case "!":
                output += "{{!" + inner + "}}"
            case ">", "=", "<", "$", "%":
                throw fail("\"{{\(sigil)\" tags (partials, delimiters, inheritance, pragmas) are not supported in mappings")
            default:
                if sigil == "#" || sigil == "^" {
                    depth += 1
                    if depth > maxSectionDepth {
                        throw fail("sections are nested more than \(maxSectionDepth) deep; flatten the template")
                    }
                } else if sigil == "/" {
                    depth -= 1
                }
                let alias: String
                if inner == "." {
                    alias = "."
                } else if let index = names.firstIndex(of: inner) {
                    alias = "c\(index)"
                } else {
                    alias = "c\(names.count)"
                    names.append(inner)
                }
                output += triple ? "{{{" + alias + "}}}" : "{{" + sigil + alias + "}}"
            }
            rest = after[close.upperBound...]
        }
        output += rest
        return (output, names)
    }

    /// A template as quoted in an error: its first 100 characters, then how many more there are, so that the
    /// message stays one readable line.
    /// What the Mustache parser's error means for the template as written (its own description quotes the
    /// rewritten text and the library's internals).
    static func explain(_ error: any Error, in text: String) -> String {
        switch (error as? MustacheTemplate.ParserError)?.error as? MustacheTemplate.Error {
        case .expectedSectionEnd:
            guard let name = unclosedSection(in: text) else {
                return "a section ({{#column}} or {{^column}}) is never closed; end it with {{/column}}"
            }
            return "the section {{#\(name)}} is never closed; end it with {{/\(name)}}"
        case .sectionCloseNameIncorrect:
            return "a section closes with another name than it opened with; write {{#column}} … {{/column}}"
        case .unfinishedName:
            return "a tag's name is not finished; write {{column}} with the column's name"
        case .invalidSetDelimiter:
            return "changing the delimiters ({{=<% %>=}}) is not supported in mappings"
        default:
            return "it cannot be parsed; write {{column}} for a value and {{#column}} … {{/column}} for a section"
        }
    }

    /// The first section opened (`{{#name}}`, `{{^name}}`) whose closing `{{/name}}` the text lacks.
    static func unclosedSection(in text: String) -> String? {
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            rest = rest[open.upperBound...]
            guard let first = rest.first, first == "#" || first == "^", let close = rest.range(of: "}}") else { continue }
            let name = rest[rest.index(after: rest.startIndex)..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if !text.contains("{{/\(name)}}") && !text.contains("{{/ \(name) }}") { return name }
        }
        return nil
    }

    static func shortened(_ text: String) -> String {
        guard text.count > 120 else { return text }
        return text.prefix(100) + "…(\(text.count - 100) more characters)"
    }

    /// Creates the template `{{name}}` for a single column.
    public init(column name: String) {
        text = "{{\(name)}}"
        pieces = [.variable(name)]
        mustache = nil
        aliasedNames = []
    }

    /// The template as written.
    public var description: String { text }

    /// The column names the template refers to.
    public var variables: [String] {
        pieces?.compactMap { if case .variable(let name) = $0 { return name } else { return nil } } ?? aliasedNames
    }

    /// The column this template is exactly (`{{name}}`), if it is one.
    public var singleColumn: String? {
        if let pieces, pieces.count == 1, case .variable(let name) = pieces[0] { return name }
        return nil
    }

    /// Binds the template to a header, resolving column names to positions once.
    package func bind(to header: TableHeader) -> Bound {
        Bound(template: self, header: header)
    }

    /// A template bound to a header: renders rows quickly.
    package final class Bound: Sendable {
        enum Step: Sendable {
            case literal(String)
            case column(Int)
            case missing
        }

        let steps: [Step]?
        let template: FieldTemplate
        /// For Mustache templates: the column index behind each alias (`nil` for a missing column).
        let aliasColumns: [Int?]
        /// Variables that name no column of the header.
        package let unknownColumns: [String]

        init(template: FieldTemplate, header: TableHeader) {
            self.template = template
            aliasColumns = template.aliasedNames.map { header.index(of: $0) }
            if let pieces = template.pieces {
                var unknown: [String] = []
                steps = pieces.map { piece in
                    switch piece {
                    case .literal(let text): return .literal(text)
                    case .variable(let name):
                        if let index = header.index(of: name) { return .column(index) }
                        unknown.append(name)
                        return .missing
                    }
                }
                unknownColumns = unknown
            } else {
                steps = nil
                unknownColumns = zip(template.aliasedNames, aliasColumns).filter { $0.1 == nil }.map(\.0)
            }
        }

        /// Renders the template over one row's values.
        package func render(_ values: [String]) -> String {
            if let steps {
                if steps.count == 1 {
                    switch steps[0] {
                    case .column(let index): return index < values.count ? values[index] : ""
                    case .literal(let text): return text
                    case .missing: return ""
                    }
                }
                var result = ""
                for step in steps {
                    switch step {
                    case .literal(let text): result += text
                    case .column(let index): if index < values.count { result += values[index] }
                    case .missing: break
                    }
                }
                return result
            }
            // An empty cell is left out of the context, so that a section over it is skipped (false).
            var context: [String: String] = [:]
            for (alias, column) in aliasColumns.enumerated() {
                if let column, column < values.count, !values[column].isEmpty { context["c\(alias)"] = values[column] }
            }
            return template.mustache!.render(context)
        }
    }

    /// Splits a template made only of text and `{{name}}` / `{{{name}}}` / `{{& name}}` tags; `nil` when it
    /// uses anything else (sections, partials, comments, set-delimiter tags).
    static func simplePieces(_ text: String) -> [Piece]? {
        var pieces: [Piece] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex {
                pieces.append(.literal(String(rest[..<open.lowerBound])))
            }
            var after = rest[open.upperBound...]
            let triple = after.hasPrefix("{")
            if triple { after = after.dropFirst() }
            let closer = triple ? "}}}" : "}}"
            guard let close = after.range(of: closer) else { return nil }
            var name = after[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if !triple, name.hasPrefix("&") {
                name = String(name.dropFirst()).trimmingCharacters(in: .whitespaces)
            } else if let first = name.first, "#^/!>=<$%".contains(first) {
                return nil
            }
            if name.isEmpty || name.contains("{") || name.contains("}") { return nil }
            pieces.append(.variable(name))
            rest = after[close.upperBound...]
        }
        if !rest.isEmpty { pieces.append(.literal(String(rest))) }
        return pieces
    }
}
