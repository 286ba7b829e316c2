import Foundation

/// Where the project's folders of ready-made files (`Converters/`, `Templates/`) are found at run time.
public enum ResourceFolder {
    /// In order: the folder an environment variable names, `./NAME`, and `NAME` beside the executable or in
    /// one of its parent folders (a build inside a clone finds the clone's).
    public static func searchPaths(named name: String, environment: String, executable: String) -> [String] {
        var paths: [String] = []
        if let given = ProcessInfo.processInfo.environment[environment] { paths.append(given) }
        paths.append(FileManager.default.currentDirectoryPath + "/" + name)
        var directory = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = directory.appendingPathComponent(name).path
            if !paths.contains(candidate) && FileManager.default.fileExists(atPath: candidate) { paths.append(candidate) }
            directory = directory.deletingLastPathComponent()
        }
        return paths
    }
}
