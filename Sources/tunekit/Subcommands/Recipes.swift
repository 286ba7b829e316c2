import ArgumentParser
import TuneKit

/// `tunekit recipes`: the recipes `--converter` can name, what each is for and the command that runs it on its
/// sample.
struct Recipes: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the conversion recipes (built in, and from --converters or $TUNEKIT_CONVERTERS) with what each is for and how to try it.",
        discussion: """
        Each recipe is listed with its description and the command that converts its sample (the built-in \
        recipes' samples are in the package's Converters/ folder). A recipe of the folder hides a built-in one \
        of the same name; a folder file that cannot be read is listed with the reason.
        """
    )

    @Option(name: .customLong("converters"), help: "A folder of recipes listed before the built-in ones (default: $TUNEKIT_CONVERTERS).")
    var converters: String?

    mutating func run() throws {
        let listings: [Recipe.Listing]
        do {
            listings = try Recipe.listings(folder: converters)
        } catch {
            Console.error("tunekit recipes: \(error.message)")
            throw ExitCode(2)
        }
        let width = listings.map(\.name.count).max() ?? 0
        for listing in listings {
            let whereFrom: String
            switch listing.origin {
            case .bundled: whereFrom = "built in"
            case .file(let path): whereFrom = path
            case .flags: whereFrom = ""
            }
            let name = listing.name.padding(toLength: width, withPad: " ", startingAt: 0)
            Console.output("\(name)  \(listing.description.isEmpty ? "(no description)" : listing.description) [\(whereFrom)]")
            if let command = listing.command {
                Console.output(String(repeating: " ", count: width) + "  try: " + command)
            }
        }
    }
}
