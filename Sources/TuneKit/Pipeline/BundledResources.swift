import Foundation

/// The package's ready-made files, compiled into TuneKit so that a binary copied on its own has them: every
/// file of `Templates/` (the fill-in files of ``TemplateFiles``) and each `Converters/NAME/converter.yaml`
/// (the recipes ``Recipe/load(nameOrPath:folder:environment:)`` finds by name). A folder given by flag or by
/// ``templatesVariable`` / ``convertersVariable`` is read before them.
package enum BundledResources {
    /// The environment variable naming a folder of templates read before the built-in ones.
    package static let templatesVariable = "TUNEKIT_TEMPLATES"
    /// The environment variable naming a folder of recipes read before the built-in ones.
    package static let convertersVariable = "TUNEKIT_CONVERTERS"

    /// Each built-in file's bytes by its path in the package (`Templates/chat.csv`).
    package static let files: [String: [UInt8]] = {
        var files: [String: [UInt8]] = [:]
        for (path, base64) in embeddedResourceFiles {
            files[path] = Data(base64Encoded: base64).map { Array($0) } ?? []
        }
        return files
    }()

    /// The built-in files' paths, sorted.
    package static var paths: [String] { files.keys.sorted() }

    /// The names of the built-in recipes (`customer-service-faq` …), sorted.
    package static var recipeNames: [String] {
        paths.compactMap { path in
            let parts = path.split(separator: "/")
            guard parts.count == 3, parts[0] == "Converters", parts[2] == "converter.yaml" else { return nil }
            return String(parts[1])
        }
    }

    /// The text of the built-in recipe `name`, if there is one.
    package static func recipe(named name: String) -> [UInt8]? {
        files["Converters/\(name)/converter.yaml"]
    }
}
