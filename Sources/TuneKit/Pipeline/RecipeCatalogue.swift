import Foundation

extension Recipe {
    /// One recipe as `tunekit recipes` lists it: its name, what it is for, and the command that runs it on its
    /// sample.
    public struct Listing: Sendable, Equatable {
        /// The name `--converter` takes.
        public var name: String
        /// Where the recipe is: built in, or a file of the recipes folder.
        public var origin: Origin
        /// The recipe's `description` (empty when it has none), or why the file cannot be read.
        public var description: String
        /// The sample input to try it on: its `sample` key resolved against the recipe's folder (the package's
        /// `Converters/NAME/` for a built-in recipe); `nil` without one.
        public var sample: String?
        /// The recipe, when it could be read.
        public var recipe: Recipe?

        /// `tunekit convert SAMPLE --converter NAME -o out` (a folder recipe by its path; a tools recipe without
        /// a `tools` key gets `--tools` with the `tools.json` beside its sample); `nil` without a sample.
        public var command: String? {
            guard let sample else { return nil }
            var words = ["tunekit", "convert", sample, "--converter"]
            if case .file(let path) = origin { words.append(path) } else { words.append(name) }
            if let recipe, recipe.format == .tools, recipe.tools == nil {
                words += ["--tools", FilePath.join(Listing.folder(of: sample), "tools.json")]
            }
            return (words + ["-o", "out"]).map(Listing.quoted).joined(separator: " ")
        }

        static func folder(of path: String) -> String {
            guard let slash = path.lastIndex(of: "/") else { return "." }
            return String(path[..<slash])
        }

        static func quoted(_ word: String) -> String {
            word.contains(where: { " '\"$`\\*?".contains($0) }) ? "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'" : word
        }
    }

    /// The recipes `--converter NAME` can name: those of the recipes folder (`folder`, else
    /// `$TUNEKIT_CONVERTERS`; `NAME.yaml` and `NAME/converter.yaml`), then the built-in ones a folder recipe of
    /// the same name does not hide, each sorted by name. A folder file that cannot be read is listed with the
    /// reason, not skipped.
    public static func listings(folder: String? = nil,
                                environment: [String: String] = ProcessInfo.processInfo.environment) throws(RecipeError) -> [Listing] {
        var listings: [Listing] = []
        if let searched = folder ?? environment[BundledResources.convertersVariable] {
            let manager = FileManager.default
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: searched, isDirectory: &isDirectory), isDirectory.boolValue else {
                let name = folder != nil ? "--converters" : "$" + BundledResources.convertersVariable
                throw RecipeError(.notFound, key: nil, origin: .flags, message: "\(name): no folder '\(searched)'")
            }
            var found: [(name: String, path: String)] = []
            for entry in ((try? manager.contentsOfDirectory(atPath: searched)) ?? []).sorted() {
                let path = FilePath.join(searched, entry)
                if entry.hasSuffix(".yaml") || entry.hasSuffix(".yml") {
                    found.append((String(entry[..<entry.lastIndex(of: ".")!]), path))
                } else if manager.fileExists(atPath: FilePath.join(path, "converter.yaml")) {
                    found.append((entry, FilePath.join(path, "converter.yaml")))
                }
            }
            for (name, path) in found where !listings.contains(where: { $0.name == name }) {
                listings.append(listing(name: name, origin: .file(path), folder: Listing.folder(of: path)) { () throws(RecipeError) in
                    guard let data = manager.contents(atPath: path) else {
                        throw RecipeError(.unreadable, key: nil, origin: .file(path), message: "cannot read the recipe")
                    }
                    return try parse(String(decoding: data, as: UTF8.self), origin: .file(path))
                })
            }
        }
        for name in BundledResources.recipeNames where !listings.contains(where: { $0.name == name }) {
            listings.append(listing(name: name, origin: .bundled(name), folder: "Converters/" + name) { () throws(RecipeError) in
                try parse(String(decoding: BundledResources.recipe(named: name) ?? [], as: UTF8.self), origin: .bundled(name))
            })
        }
        return listings
    }

    private static func listing(name: String, origin: Origin, folder: String,
                                _ read: () throws(RecipeError) -> Recipe) -> Listing {
        do {
            let recipe = try read()
            let sample = recipe.sample.map { $0.hasPrefix("/") ? $0 : normalized(FilePath.join(folder, $0)) }
            return Listing(name: name, origin: origin, description: recipe.description ?? "", sample: sample, recipe: recipe)
        } catch {
            return Listing(name: name, origin: origin, description: "cannot be read: \(error.message)", sample: nil, recipe: nil)
        }
    }

    /// `a/b/../c` → `a/c`, `./a` → `a`.
    private static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            parts.append(part)
        }
        return (path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }
}
