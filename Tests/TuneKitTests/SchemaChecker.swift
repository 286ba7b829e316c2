@testable import TuneKit

/// A JSON Schema (draft 2020-12) checker for the subset `report.schema.json` uses: `type` (a name or a list),
/// `properties`, `required`, `additionalProperties` (a boolean or a schema), `items`, `enum`, `minimum`, and
/// `$ref` to `#/$defs/NAME`. Other keywords (`description`, `title`, `$id`, `$schema`) are annotations.
/// Unknown validation keywords are reported, so that the schema cannot silently use more than is checked.
struct SchemaChecker {
    let root: JSONValue

    private static let annotations: Set<String> = ["$schema", "$id", "title", "description", "$defs"]
    private static let keywords: Set<String> = ["type", "properties", "required", "additionalProperties", "items",
                                                "enum", "minimum", "$ref"]

    /// The problems of `document`, each as `pointer: what`; empty when it conforms.
    func problems(of document: JSONValue) -> [String] {
        var problems: [String] = []
        check(document, against: root, at: "", into: &problems)
        return problems
    }

    private func check(_ value: JSONValue, against schema: JSONValue, at pointer: String, into problems: inout [String]) {
        if case .bool(let allowed) = schema {
            if !allowed { problems.append("\(pointer): not allowed here") }
            return
        }
        guard case .object(let keywords) = schema else {
            problems.append("\(pointer): the schema here is not an object")
            return
        }
        for key in keywords.keys where !Self.keywords.contains(key) && !Self.annotations.contains(key) {
            problems.append("\(pointer): the schema uses \(key), which this checker does not support")
        }
        if case .string(let reference)? = keywords["$ref"] {
            guard let target = resolve(reference) else {
                problems.append("\(pointer): unresolved $ref \(reference)")
                return
            }
            check(value, against: target, at: pointer, into: &problems)
        }
        if let type = keywords["type"] {
            let names: [String] = type.arrayValue?.compactMap(\.stringValue) ?? [type.stringValue].compactMap { $0 }
            if !names.contains(where: { Self.matches(value, type: $0) }) {
                problems.append("\(pointer): \(value.kindDescription) where \(names.joined(separator: " or ")) is expected")
                return
            }
        }
        if case .array(let allowed)? = keywords["enum"], !allowed.contains(where: { Self.equal($0, value) }) {
            problems.append("\(pointer): \(Self.text(value)) is not one of the allowed values")
        }
        if case .number(let bound)? = keywords["minimum"], case .number(let number) = value,
           let lower = Double(bound), let actual = Double(number), actual < lower {
            problems.append("\(pointer): \(number) is below the minimum \(bound)")
        }
        if case .object(let object) = value {
            let properties = keywords["properties"]?.objectValue
            if case .array(let required)? = keywords["required"] {
                for name in required.compactMap(\.stringValue) where object[name] == nil {
                    problems.append("\(pointer): the required key \(name) is missing")
                }
            }
            for key in object.keys {
                let child = pointer + "/" + key
                if let property = properties?[key] {
                    check(object[key]!, against: property, at: child, into: &problems)
                } else if let additional = keywords["additionalProperties"] {
                    if case .bool(false) = additional {
                        problems.append("\(child): the key is not allowed here")
                    } else {
                        check(object[key]!, against: additional, at: child, into: &problems)
                    }
                }
            }
        }
        if case .array(let elements) = value, let items = keywords["items"] {
            for (index, element) in elements.enumerated() {
                check(element, against: items, at: pointer + "/" + String(index), into: &problems)
            }
        }
    }

    private func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#/$defs/") else { return nil }
        return root["$defs"]?[String(reference.dropFirst("#/$defs/".count))]
    }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null),
             ("number", .number): return true
        case ("integer", .number(let text)):
            // 2020-12: a number with a zero fractional part is an integer.
            guard let number = Double(text), number.isFinite else { return false }
            return number.rounded() == number
        default: return false
        }
    }

    /// Numbers compare by value (2 = 2.0), everything else structurally.
    private static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if case .number(let x) = a, case .number(let y) = b { return Double(x) == Double(y) }
        return a == b
    }

    private static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return "\"\(text)\""
        case .number(let text): return text
        case .bool(let flag): return String(flag)
        default: return value.kindDescription
        }
    }
}
