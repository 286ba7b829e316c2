import Foundation

extension ToolDefinition {
    /// Reads function definitions from a JSON array (or JSON lines), each either in the platform's form
    /// `{"type":"function","function":{"name","description","parameters"}}` or bare `{"name","description","parameters"}`.
    package static func load(path: String) throws(ImportError) -> [ToolDefinition] {
        let location = SourceLocation(file: path)
        guard let data = FileManager.default.contents(atPath: path) else {
            var folder: ObjCBool = false
            let why = !FileManager.default.fileExists(atPath: path, isDirectory: &folder) ? "no such file"
                : folder.boolValue ? "a folder, not a file" : "the file cannot be read"
            throw ImportError(.unreadable, "cannot read the tool definitions: \(why); give the path of a JSON array of function definitions", at: location)
        }
        let bytes = [UInt8](data)
        var items: [JSONValue] = []
        do {
            let value = try JSONReader.parse(bytes).value
            items = value.arrayValue ?? [value]
        } catch {
            // JSON lines: one definition per line.
            for (index, line) in String(decoding: bytes, as: UTF8.self).split(separator: "\n").enumerated()
            where !line.allSatisfy(\.isWhitespace) {
                do {
                    items.append(try JSONReader.parse(String(line)).value)
                } catch {
                    throw ImportError(.badMapping, "line \(index + 1) is not JSON: \(error.message)", at: location)
                }
            }
        }
        return try definitions(items, at: location)
    }

    /// Definitions from parsed items (see ``load(path:)``), each checked: a name of 1–64 letters, digits, `_` or
    /// `-`, defined once, parameters a JSON Schema object. `describe` names an item in messages (`definition 2`).
    package static func definitions(_ items: [JSONValue], at location: SourceLocation,
                                    describe: (Int) -> String = { "definition \($0 + 1)" }) throws(ImportError) -> [ToolDefinition] {
        var definitions: [ToolDefinition] = []
        for (index, item) in items.enumerated() {
            let function = item["function"] ?? item
            guard case .string(let name)? = function["name"], !name.isEmpty else {
                throw ImportError(.badMapping, "\(describe(index)) has no function name", at: location)
            }
            guard name.range(of: "^[a-zA-Z0-9_-]{1,64}$", options: .regularExpression) != nil else {
                throw ImportError(.badMapping, "function name \"\(name)\" must be 1–64 letters, digits, _ or -", at: location)
            }
            let parameters = function["parameters"] ?? .object(["type": .string("object"), "properties": .object([:])])
            guard case .object = parameters else {
                throw ImportError(.badMapping, "the parameters of \"\(name)\" must be a JSON Schema object", at: location)
            }
            if definitions.contains(where: { $0.name == name }) {
                throw ImportError(.badMapping, "function \"\(name)\" is defined twice", at: location)
            }
            definitions.append(ToolDefinition(name: name, description: function["description"]?.stringValue ?? "",
                                              parameters: parameters))
        }
        guard !definitions.isEmpty else { throw ImportError(.badMapping, "no function definitions", at: location) }
        return definitions
    }
}
