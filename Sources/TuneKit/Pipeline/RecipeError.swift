/// Why a recipe or a flag could not be used: an unknown key, a value the key does not take, a recipe that is
/// not found or not readable, or files it names that cannot be read. The message names the flag (`--dedup`)
/// or the file and key (`faq.yaml: dedup`) and says what is accepted.
public struct RecipeError: Error, Sendable, CustomStringConvertible {
    /// The kind of problem.
    public enum Problem: String, Sendable {
        /// A key no recipe has.
        case unknownKey = "unknown_key"
        /// A value the key does not take, or keys that exclude each other.
        case invalidValue = "invalid_value"
        /// No recipe by that name or path.
        case notFound = "not_found"
        /// The recipe, or a file it names, cannot be read or parsed.
        case unreadable
    }

    /// What went wrong.
    public let problem: Problem
    /// The key concerned, when there is one.
    public let key: Recipe.Key?
    /// The recipe concerned.
    public let origin: Recipe.Origin
    /// The message, starting with the flag or key name.
    public let message: String

    /// Creates an error.
    public init(_ problem: Problem, key: Recipe.Key?, origin: Recipe.Origin, message: String) {
        self.problem = problem
        self.key = key
        self.origin = origin
        self.message = message
    }

    /// The message, after the file's path for a recipe file (`Converters/faq.yaml: dedup takes …`).
    public var description: String {
        switch origin {
        case .flags: return message
        case .file(let path): return "\(path): \(message)"
        case .bundled(let name): return "recipe '\(name)' (built in): \(message)"
        }
    }
}
