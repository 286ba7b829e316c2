import Foundation
import Mustache

/// A Mustache template over a row's columns: `{{问题}}`, `Q: {{question}} ({{product}})`.
///
/// Values are inserted verbatim — never HTML-escaped (`"` stays `"`): `{{x}}`, `{{{x}}}` and `{{& x}}` all
/// insert the raw value. Templates made only of text and variables are compiled to direct column look-ups
/// (column names may contain spaces, dots or any character but braces); sections and other tags render
/// through swift-mustache with its TEXT content type.
public struct FieldTemplate: Sendable, CustomStringConvertible {
    /// The template text as given.
    public let text: String
    private let pieces: [Piece]?
    private let mustache: MustacheTemplate?

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
        } else {
            self.pieces = nil
            do {
                self.mustache = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + text)
            } catch {
                throw ImportError(.badMapping, "template \(text) is not valid Mustache: \(error)", at: SourceLocation(file: "-"))
            }
        }
    }

    /// Creates the template `{{name}}` for a single column.
    public init(column name: String) {
        text = "{{\(name)}}"
        pieces = [.variable(name)]
        mustache = nil
    }

    public var description: String { text }

    /// The column names the template refers to (variables only; names inside sections are included
    /// for simple templates only).
    public var variables: [String] {
        pieces?.compactMap { if case .variable(let name) = $0 { return name } else { return nil } } ?? []
    }

    /// The column this template is exactly (`{{name}}`), if it is one.
    public var singleColumn: String? {
        if let pieces, pieces.count == 1, case .variable(let name) = pieces[0] { return name }
        return nil
    }

    /// Binds the template to a header, resolving column names to positions once.
    public func bind(to header: TableHeader) -> Bound {
        Bound(template: self, header: header)
    }

    /// A template bound to a header: renders rows quickly.
    public struct Bound: Sendable {
        enum Step: Sendable {
            case literal(String)
            case column(Int)
            case missing
        }

        let steps: [Step]?
        let template: FieldTemplate
        let header: TableHeader
        /// Variables that name no column of the header.
        public let unknownColumns: [String]

        init(template: FieldTemplate, header: TableHeader) {
            self.template = template
            self.header = header
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
                unknownColumns = []
            }
        }

        /// Renders the template over one row's values.
        public func render(_ values: [String]) -> String {
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
            var context: [String: String] = [:]
            for (index, name) in header.columns.enumerated() where index < values.count {
                context[name] = values[index]
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
