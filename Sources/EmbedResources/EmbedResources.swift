import Foundation
import PackagePlugin

/// Builds the package's ready-made files — every file of `Templates/` and each `Converters/*/converter.yaml` —
/// and the library's data tables (``dataFiles``, such as the chat-log placeholder table) into the target that uses
/// this plugin, as one generated Swift file (`tunekit-embed` writes it), so that a
/// binary copied on its own still has them. Runs again whenever one of those files changes.
@main
struct EmbedResources: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        let files = Self.resourceFiles(under: root)
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedResources.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) files of Templates/, Converters/ and data tables",
                executable: try context.tool(named: "tunekit-embed").url,
                arguments: [root.path, output.path] + files.map(\.relative),
                inputFiles: files.map { root.appending(path: $0.relative) },
                outputFiles: [output]
            ),
        ]
    }

    /// The files to embed, as paths relative to the package root, sorted.
    static func resourceFiles(under root: URL) -> [(relative: String, url: URL)] {
        let manager = FileManager.default
        var paths: [String] = []
        let templates = root.appending(path: "Templates")
        if let names = try? manager.contentsOfDirectory(atPath: templates.path) {
            for name in names where !name.hasPrefix(".") {
                var isDirectory: ObjCBool = false
                if manager.fileExists(atPath: templates.appending(path: name).path, isDirectory: &isDirectory),
                   !isDirectory.boolValue {
                    paths.append("Templates/" + name)
                }
            }
        }
        let converters = root.appending(path: "Converters")
        if let names = try? manager.contentsOfDirectory(atPath: converters.path) {
            for name in names where !name.hasPrefix(".") {
                let recipe = "Converters/" + name + "/converter.yaml"
                if manager.fileExists(atPath: root.appending(path: recipe).path) { paths.append(recipe) }
            }
        }
        paths += dataFiles.filter { manager.fileExists(atPath: root.appending(path: $0).path) }
        return paths.sorted().map { ($0, root.appending(path: $0)) }
    }

    /// Data the library reads at run time, kept as data beside the code that reads it.
    static let dataFiles = ["Sources/TuneKit/Map/Placeholders.tsv", "Sources/TuneKit/Model/Models.tsv"]
}
