import Foundation
import Yams

extension Recipe: Codable {
    /// The `userInfo` entry a decoder may carry to say where the recipe comes from (a ``Recipe/Origin``).
    public static let originUserInfoKey = CodingUserInfoKey(rawValue: "TuneKit.Recipe.origin")!

    /// Decodes the keys of a recipe mapping; an unknown key is an error naming the known ones, and each value
    /// is parsed as ``set(_:text:)`` does and checked by ``validate()``.
    public init(from decoder: any Decoder) throws {
        self.init(origin: decoder.userInfo[Self.originUserInfoKey] as? Origin ?? .file("-"))
        let container = try decoder.container(keyedBy: AnyKey.self)
        for raw in container.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
            guard let key = Key(rawValue: raw.stringValue) else {
                throw RecipeError(.unknownKey, key: nil, origin: origin,
                                  message: "unknown key '\(raw.stringValue)' (known: \(Key.allCases.map(\.rawValue).sorted().joined(separator: ", ")))")
            }
            if key == .speaker, let list = try? container.decode([String].self, forKey: raw) {
                for entry in list { try set(key, text: entry) }
            } else if key == .speaker, let roles = try? container.decode([String: String].self, forKey: raw) {
                for (name, role) in roles.sorted(by: { $0.key < $1.key }) { try set(key, text: "\(name)=\(role)") }
            } else if let scalar = try? container.decode(Scalar.self, forKey: raw) {
                try set(key, text: scalar.text)
            } else {
                throw failure(key, "must be text or a number")
            }
        }
        try validate()
    }

    /// Encodes the given keys, each in its text form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for key in Key.allCases {
            if let text = text(for: key) { try container.encode(text, forKey: key) }
        }
    }

    /// A YAML syntax error on one line: where, what, and what was being read (Yams' own description spans
    /// several lines, quoting the source).
    static func yamlProblem(_ error: any Error) -> String {
        func say(_ context: YamlError.Context?, _ problem: String, _ mark: Mark) -> String {
            "line \(mark.line), column \(mark.column): \(problem)"
                + (context.map { " (\($0.text) from line \($0.mark.line), column \($0.mark.column))" } ?? "")
        }
        switch error as? YamlError {
        case let .scanner(context, problem, mark, _)?, let .parser(context, problem, mark, _)?,
             let .composer(context, problem, mark, _)?:
            return say(context, problem, mark)
        default:
            return "\(error)".split(whereSeparator: \.isNewline).joined(separator: " ")
        }
    }

    /// Parses recipe YAML (a mapping of key: value); `origin` names it in errors.
    public static func parse(_ text: String, origin: Origin = .file("-")) throws(RecipeError) -> Recipe {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw RecipeError(.unreadable, key: nil, origin: origin, message: "not valid YAML: \(Self.yamlProblem(error)); correct the recipe there")
        }
        guard let node, node.mapping != nil else {
            throw RecipeError(.unreadable, key: nil, origin: origin, message: "a recipe is a YAML mapping of key: value")
        }
        do {
            return try YAMLDecoder().decode(Recipe.self, from: node, userInfo: [originUserInfoKey: origin])
        } catch let error as RecipeError {
            throw error
        } catch {
            throw RecipeError(.unreadable, key: nil, origin: origin, message: "not a recipe: \(error)")
        }
    }

    /// Loads a recipe by path (`my.yaml`, `dir/converter.yaml`), or by name: `NAME.yaml` or
    /// `NAME/converter.yaml` in `folder` (default: `$TUNEKIT_CONVERTERS`), then the recipes built into TuneKit
    /// (the package's `Converters/`). Relative paths a recipe names (`tools`, `profile`, `image_root`) are
    /// relative to the working folder, wherever the recipe came from.
    public static func load(nameOrPath: String, folder: String? = nil,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws(RecipeError) -> Recipe {
        let manager = FileManager.default
        var candidates: [String] = []
        if nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml") || nameOrPath.contains("/") {
            candidates.append(nameOrPath)
        }
        let searched = folder ?? environment[BundledResources.convertersVariable]
        if let searched {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: searched, isDirectory: &isDirectory), isDirectory.boolValue else {
                let name = folder != nil ? "--converters" : "$" + BundledResources.convertersVariable
                throw RecipeError(.notFound, key: nil, origin: .flags, message: "\(name): no folder '\(searched)'")
            }
            candidates.append(searched + "/" + nameOrPath + ".yaml")
            candidates.append(searched + "/" + nameOrPath + "/converter.yaml")
        }
        for candidate in candidates {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            guard let data = manager.contents(atPath: candidate) else {
                throw RecipeError(.unreadable, key: nil, origin: .file(candidate), message: "cannot read the recipe")
            }
            return try parse(String(decoding: data, as: UTF8.self), origin: .file(candidate))
        }
        if let bytes = BundledResources.recipe(named: nameOrPath) {
            return try parse(String(decoding: bytes, as: UTF8.self), origin: .bundled(nameOrPath))
        }
        let looked = (searched.map { [$0] } ?? []) + ["built in: " + BundledResources.recipeNames.joined(separator: ", ")]
        throw RecipeError(.notFound, key: nil, origin: .flags,
                          message: "no recipe named '\(nameOrPath)' (looked in: \(looked.joined(separator: "; ")))")
    }
}

/// Any mapping key, to find the unknown ones.
private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// A YAML scalar's text, whatever its type (`0.1`, `42`, `true`, `"{{问题}}"`).
private struct Scalar: Decodable {
    var text: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            throw DecodingError.valueNotFound(String.self, .init(codingPath: decoder.codingPath, debugDescription: "no value"))
        }
        if let text = try? container.decode(String.self) {
            self.text = text
        } else if let flag = try? container.decode(Bool.self) {
            text = flag ? "true" : "false"
        } else if let number = try? container.decode(Int.self) {
            text = String(number)
        } else {
            text = String(try container.decode(Double.self))
        }
    }
}
