import Foundation
import Testing

/// Replays the inputs the fuzzers found (`Tests/Fuzz/Regressions/<target>/`) through the normal build of
/// `tunekit-fuzz`: each once crashed, hung or ran out of memory in its parser, and must now be read (or refused)
/// without a trap.
@Suite("fuzz regressions")
struct FuzzRegressionTests {
    static let regressions = CLITests.repositoryRoot.appendingPathComponent("Tests/Fuzz/Regressions")

    /// The `tunekit-fuzz` executable beside `tunekit`.
    static var binary: URL { CLITests.binary.deletingLastPathComponent().appendingPathComponent("tunekit-fuzz") }

    /// The regression folders, one per target that had a finding.
    static var folders: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: regressions.path)) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: regressions.appendingPathComponent(name).path, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.sorted()
    }

    static func inputs(_ folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: regressions.appendingPathComponent(folder).path)) ?? []
        return names.filter { !$0.hasPrefix(".") }
    }

    @Test("every regression folder is named after a target and holds inputs")
    func foldersNameTargets() throws {
        let listed = try CLITests.run(["--list"], executable: Self.binary)
        #expect(listed.status == 0)
        let targets = Set(listed.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) })
        #expect(targets.isSuperset(of: ["csv", "tsv", "xlsx", "ods", "fods", "spreadsheetml", "transcript", "whatsapp",
                                        "wechat", "telegram", "chatgpt", "jsonl", "validate", "jsontape", "json",
                                        "template", "jpeg", "png", "icc", "encoding"]))
        for folder in Self.folders {
            #expect(targets.contains(folder), "Tests/Fuzz/Regressions/\(folder) names no target")
            #expect(!Self.inputs(folder).isEmpty, "Tests/Fuzz/Regressions/\(folder) is empty")
        }
    }

    @Test("a regression input replays through its parser without a trap", arguments: folders)
    func replays(folder: String) throws {
        let outcome = try CLITests.run([folder, Self.regressions.appendingPathComponent(folder).path],
                                       executable: Self.binary, environment: [:])
        #expect(outcome.status == 0, "\(outcome.stdout.suffix(400))\(outcome.stderr.suffix(2000))")
        #expect(outcome.stdout.contains("\(folder): \(Self.inputs(folder).count) inputs replayed, none trapped"))
    }

    /// The leaks found (`leak-*` inputs), replayed 800 times in the normal build: after 400 runs warm the allocator, the
    /// last 400 must not grow resident memory (the leak found, 12 KB a run, grew it by 4–6 MB).
    static var leaks: [String] {
        folders.flatMap { folder in inputs(folder).filter { $0.hasPrefix("leak-") }.map { "\(folder)/\($0)" } }
    }

    @Test("a leak found by fuzzing stays fixed: memory does not grow over 400 replays after 400 to warm up", arguments: leaks)
    func leakStaysFixed(input: String) throws {
        let folder = String(input.split(separator: "/")[0])
        let outcome = try CLITests.run(["--repeat", "800", folder, Self.regressions.appendingPathComponent(input).path],
                                       executable: Self.binary, environment: [:])
        #expect(outcome.status == 0)
        let grown = outcome.stdout.split(separator: "\n").first { $0.contains("memory grew by") }
            .flatMap { $0.split(separator: " ").drop { $0 != "by" }.dropFirst().first }.flatMap { Int($0) }
        #expect(grown != nil && grown! < 1 << 20, "\(outcome.stdout.suffix(300))")
    }

    @Test("replaying an unknown target is refused with exit 2")
    func unknownTarget() throws {
        let outcome = try CLITests.run(["no-such-target", Self.regressions.path], executable: Self.binary, environment: [:])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("no target named 'no-such-target'"))
    }
}
