import Foundation

/// The fill-in files of each output format (`chat.csv`; for tools also `tools.json`) that `tunekit template`
/// writes: read from a folder when one is given (or named by `$TUNEKIT_TEMPLATES`) and it holds them,
/// otherwise the ones built into TuneKit (the package's `Templates/`).
package struct TemplateFiles: Sendable {
    /// One file to write.
    package struct File: Sendable, Equatable {
        /// Its name (`chat.csv`).
        package var name: String
        /// Its bytes, exactly as in the folder.
        package var bytes: [UInt8]
        /// Where it was read: a path, or `built in`.
        package var source: String
    }

    /// The folder read before the built-in files; `nil` for the built-in files only.
    package let folder: String?

    /// Files from `folder` (default: `$TUNEKIT_TEMPLATES`) before the built-in ones. A folder that does not
    /// exist is an error naming where it came from.
    package init(folder: String? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws(RecipeError) {
        let given = folder ?? environment[BundledResources.templatesVariable]
        if let given {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: given, isDirectory: &isDirectory), isDirectory.boolValue else {
                let name = folder != nil ? "--templates" : "$" + BundledResources.templatesVariable
                throw RecipeError(.notFound, key: nil, origin: .flags, message: "\(name): no folder '\(given)'")
            }
        }
        self.folder = given
    }

    /// The names of a format's files.
    package static func names(for format: OutputFormat) -> [String] {
        format.unit.templateFiles
    }

    /// The files of `format`; `nil` when one of them is neither in the folder nor built in.
    package func files(for format: OutputFormat) -> [File]? {
        var files: [File] = []
        for name in Self.names(for: format) {
            if let folder, let data = FileManager.default.contents(atPath: folder + "/" + name) {
                files.append(File(name: name, bytes: Array(data), source: folder + "/" + name))
            } else if let bytes = BundledResources.files["Templates/" + name] {
                files.append(File(name: name, bytes: bytes, source: "built in"))
            } else {
                return nil
            }
        }
        return files
    }
}
