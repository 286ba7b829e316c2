import ArgumentParser

/// `tunekit`: business data in, fine-tuning datasets out.
@main
struct TuneKitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tunekit",
        abstract: "Turn business data into fine-tuning datasets (JSONL) and check them before upload.",
        version: "0.1.0",
        subcommands: [Convert.self, Validate.self, Stats.self, Dedup.self, Split.self, Template.self, Images.self, Repair.self, Recipes.self]
    )

    /// Runs the command; bad usage exits with status 2 (the documented contract), not ArgumentParser's 64.
    static func main() {
        InterruptHandling.install()
        do {
            var command = try parseAsRoot(Convert.expandingBareDropFlagged(Array(CommandLine.arguments.dropFirst())))
            try command.run()
        } catch let exit as ExitCode {
            Self.exit(withError: exit)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                Self.exit(withError: error)
            }
            Console.error(fullMessage(for: error))
            Self.exit(withError: code == .validationFailure || code.rawValue == 64 ? ExitCode(2) : code)
        }
    }
}
