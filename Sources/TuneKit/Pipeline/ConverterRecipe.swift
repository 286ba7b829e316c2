import Foundation
import Yams

/// A conversion recipe: a YAML mapping with the same keys as `convert`'s flags
/// (`to`, `from`, `system`, `user`, `assistant`, `category`, `reasoning`, `chosen`, `rejected`, `prompt`, `image`,
/// `tools`, `call_name`, `call_arguments`, `tool_result`, `dedup`, `validation`, `seed`, `encoding`, `delimiter`,
/// `strict`, `output`, `profile`, `sheet`, `header_row`, `fill_merged`, `skip_hidden_rows`, `skip_hidden_columns`,
/// `redact`, and for chat logs `speaker` (comma-separated `NAME=ROLE`), `me`, `session_gap`, `max_turns`,
/// `keep_edges`), for images `image_mode`, `image_root`, `max_image_bytes`, `max_side`, `quality`, `background`,
/// `subsampling`, `upscale`, `linear_light`, plus a free-text `description`. Flags given on the command line win.
///
/// ```yaml
/// description: Customer-service FAQ sheet → chat
/// to: chat
/// user: "{{问题}}"
/// assistant: "{{答案}}"
/// category: "{{类别}}"
/// validation: 0.1
/// ```
public struct ConverterRecipe: Sendable {
    /// The keys a recipe may hold.
    public static let knownKeys: Set<String> = [
        "description", "to", "from", "system", "user", "assistant", "category", "dedup", "validation", "seed",
        "encoding", "delimiter", "strict", "output", "sample", "reasoning", "chosen", "rejected", "prompt", "image",
        "tools", "call_name", "call_arguments", "tool_result", "profile", "sheet", "header_row", "fill_merged",
        "skip_hidden_rows", "skip_hidden_columns", "redact", "speaker", "me", "session_gap", "max_turns", "keep_edges",
        "image_mode", "image_root", "max_image_bytes", "max_side", "quality", "background", "subsampling", "upscale",
        "linear_light", "near_threshold",
    ]

    /// Values by key, as text.
    public var values: [String: String]
    /// Where the recipe was read from.
    public var path: String?

    /// An empty recipe.
    public init(values: [String: String] = [:], path: String? = nil) {
        self.values = values
        self.path = path
    }

    /// Parses recipe YAML.
    public static func parse(_ text: String, path: String? = nil) throws(ImportError) -> ConverterRecipe {
        let location = SourceLocation(file: path ?? "-")
        let node: Any?
        do {
            node = try Yams.load(yaml: text)
        } catch {
            throw ImportError(.badMapping, "not valid YAML: \(error)", at: location)
        }
        guard let mapping = node as? [String: Any] else {
            throw ImportError(.badMapping, "a recipe is a YAML mapping of option: value", at: location)
        }
        var values: [String: String] = [:]
        for (key, value) in mapping {
            guard knownKeys.contains(key) else {
                throw ImportError(.badMapping, "unknown key '\(key)' (known: \(knownKeys.sorted().joined(separator: ", ")))", at: location)
            }
            switch value {
            case let text as String: values[key] = text
            case let flag as Bool: values[key] = flag ? "true" : "false"
            case let number as Int: values[key] = String(number)
            case let number as Double: values[key] = String(number)
            default:
                throw ImportError(.badMapping, "the value of '\(key)' must be text or a number", at: location)
            }
        }
        return ConverterRecipe(values: values, path: path)
    }

    /// Loads a recipe by path (`my.yaml`), or by name from the search paths (`customer-service-faq` finds
    /// `Converters/customer-service-faq.yaml` or `Converters/customer-service-faq/converter.yaml`).
    public static func load(nameOrPath: String, searchPaths: [String]) throws(ImportError) -> ConverterRecipe {
        let manager = FileManager.default
        var candidates: [String] = []
        if nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml") || nameOrPath.contains("/") {
            candidates.append(nameOrPath)
        }
        for directory in searchPaths {
            candidates.append(directory + "/" + nameOrPath + ".yaml")
            candidates.append(directory + "/" + nameOrPath + "/converter.yaml")
        }
        for candidate in candidates {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            guard let data = manager.contents(atPath: candidate) else {
                throw ImportError(.unreadable, "cannot read the recipe", at: SourceLocation(file: candidate))
            }
            return try parse(String(decoding: data, as: UTF8.self), path: candidate)
        }
        throw ImportError(.unreadable, "no recipe named '\(nameOrPath)' (looked in: \(searchPaths.joined(separator: ", ")))",
                          at: SourceLocation(file: nameOrPath))
    }

    /// Where named recipes are looked for: `$TUNEKIT_CONVERTERS`, `./Converters`, and `Converters/` in the
    /// folders above the executable (a checkout running `swift run`).
    public static func defaultSearchPaths(executable: String) -> [String] {
        ResourceFolder.searchPaths(named: "Converters", environment: "TUNEKIT_CONVERTERS", executable: executable)
    }

}
