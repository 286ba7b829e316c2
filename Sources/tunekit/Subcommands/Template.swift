import ArgumentParser
import Foundation
import TuneKit

/// `tunekit template`: a fill-in spreadsheet with the canonical columns of a format.
struct Template: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a fill-in CSV (from Templates/) whose columns convert maps without any flag.",
        discussion: """
        The file has the format's canonical columns and two example rows (Chinese and English); open it in \\
        Excel or WPS, replace the examples, save, and convert it: tunekit convert chat.csv -o out. For tools, \\
        the function definitions are written beside it as tools.json (pass them with --tools).

        Exit status: 0 written; 2 bad usage, or the file exists (--force replaces it).
        """
    )

    @Argument(help: "The format: chat, tools, thinking, dpo, image-gen, vision.") var format: String
    @Option(name: [.short, .customLong("output")], help: "The file to write (default: FORMAT.csv here).") var output: String?
    @Flag(help: "Replace an existing file.") var force = false

    mutating func run() throws {
        guard let parsed = OutputFormat(rawValue: format) else {
            Console.error("tunekit template: unknown format '\(format)'; one of \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            throw ExitCode(2)
        }
        let folders = ResourceFolder.searchPaths(named: "Templates", environment: "TUNEKIT_TEMPLATES",
                                                 executable: CommandLine.arguments[0])
        guard let folder = folders.first(where: { FileManager.default.fileExists(atPath: $0 + "/\(parsed.rawValue).csv") }) else {
            Console.error("tunekit template: no \(parsed.rawValue).csv in \(folders.joined(separator: ", ")) (set TUNEKIT_TEMPLATES)")
            throw ExitCode(2)
        }
        var copies = [(from: folder + "/\(parsed.rawValue).csv", to: output ?? "\(parsed.rawValue).csv")]
        if parsed == .tools {
            let target = (copies[0].to as NSString).deletingLastPathComponent
            let beside = target.isEmpty ? "tools.json" : target + "/tools.json"
            copies.append((folder + "/tools.json", beside))
        }
        for copy in copies where FileManager.default.fileExists(atPath: copy.to) && !force {
            Console.error("tunekit template: \(copy.to) already exists (--force replaces it)")
            throw ExitCode(2)
        }
        for copy in copies {
            do {
                try? FileManager.default.removeItem(atPath: copy.to)
                try FileManager.default.copyItem(atPath: copy.from, toPath: copy.to)
            } catch {
                Console.error("tunekit template: \(copy.to): cannot write: \(error.localizedDescription)")
                throw ExitCode(2)
            }
            Console.error("wrote \(copy.to)")
        }
    }
}
