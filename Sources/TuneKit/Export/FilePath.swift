/// Joins paths the way the outputs name their files (no Foundation on the write path).
enum FilePath {
    /// `directory/name`, without doubling a trailing slash.
    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}
