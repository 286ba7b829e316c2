import ArgumentParser
import Foundation
import TuneKit

/// `tunekit template`: a fill-in spreadsheet with the canonical columns of a format.
struct Template: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a fill-in CSV whose columns convert maps without any flag.",
        discussion: """
        The file has the format's canonical columns and two example rows (Chinese and English); open it in \\
        Excel or WPS, replace the examples, save, and convert it: tunekit convert chat.csv -o out. For tools, \\
        the function definitions are written beside it as tools.json (pass them with --tools).

        The files are built into tunekit (the package's Templates/); a folder given by --templates DIR or \\
        $TUNEKIT_TEMPLATES is read first, and a file it lacks comes from the built-in set. --list shows \\
        each format's files and where they come from.

        Exit status: 0 written; 2 bad usage, or the file exists (--force replaces it).
        """
    )

    @Argument(help: "The format: chat, tools, thinking, dpo, image-gen, vision.") var format: String?
    @Option(name: [.short, .customLong("output")], help: "The file to write (default: FORMAT.csv here).") var output: String?
    @Option(help: "A folder of template files read before the built-in ones (default: $TUNEKIT_TEMPLATES).") var templates: String?
    @Flag(help: "List the formats' template files and where each comes from, and write nothing.") var list = false
    @Flag(help: "Replace an existing file.") var force = false

    mutating func run() throws {
        let catalog: TemplateFiles
        do {
            catalog = try TemplateFiles(folder: templates)
        } catch {
            Console.error("tunekit template: \(error)")
            throw ExitCode(2)
        }
        if list {
            for format in OutputFormat.allCases {
                let files = catalog.files(for: format) ?? []
                let described = files.map { "\($0.name) (\($0.source))" }.joined(separator: ", ")
                Console.output("\(format.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(described)")
            }
            return
        }
        guard let format else {
            Console.error("tunekit template: name a format (\(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))), or --list")
            throw ExitCode(2)
        }
        guard let parsed = OutputFormat(rawValue: format) else {
            Console.error("tunekit template: unknown format '\(format)'; one of \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            throw ExitCode(2)
        }
        guard let files = catalog.files(for: parsed) else {
            Console.error("tunekit template: no \(TemplateFiles.names(for: parsed).joined(separator: " and ")) in \(catalog.folder ?? "the built-in templates")")
            throw ExitCode(2)
        }
        let target = output ?? files[0].name
        let folder = (target as NSString).deletingLastPathComponent
        let copies = files.enumerated().map { index, file in
            (file: file, to: index == 0 ? target : (folder.isEmpty ? file.name : folder + "/" + file.name))
        }
        for copy in copies where FileManager.default.fileExists(atPath: copy.to) && !force {
            Console.error("tunekit template: \(copy.to) already exists (--force replaces it)")
            throw ExitCode(2)
        }
        for copy in copies {
            do {
                try Data(copy.file.bytes).write(to: URL(fileURLWithPath: copy.to), options: .atomic)
            } catch {
                Console.error("tunekit template: \(copy.to): cannot write: \(error.localizedDescription)")
                throw ExitCode(2)
            }
            Console.error("wrote \(copy.to)")
        }
    }
}
