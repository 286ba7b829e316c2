import ArgumentParser
import TuneKit

/// `--model`, `--method` and `--tokenizer` of `stats` and `validate`, checked: an unknown model lists the known
/// ones, a method without a model or an unreadable rank file stops the command (exit 2).
struct ModelChoice {
    var model: ModelCatalog.Model?
    var method: ModelCatalog.Method?
    var tokenizer: Tokenizer?

    init(command: String, model name: String?, method methodName: String?, tokenizer path: String?) throws {
        if let name {
            guard let found = ModelCatalog.builtIn.model(named: name) else {
                Console.error("tunekit \(command): --model '\(name)' is not a fine-tunable model of the platform; known: \(ModelCatalog.builtIn.names.joined(separator: ", "))")
                throw ExitCode(2)
            }
            model = found
        }
        if let methodName {
            guard let parsed = ModelCatalog.Method(rawValue: methodName.lowercased()) else {
                Console.error("tunekit \(command): --method takes lora or full, not '\(methodName)'")
                throw ExitCode(2)
            }
            guard model != nil else {
                Console.error("tunekit \(command): --method needs --model (the method is checked against a model)")
                throw ExitCode(2)
            }
            method = parsed
        }
        if let path {
            do {
                tokenizer = try Tokenizer(path: path)
            } catch {
                Console.error("tunekit \(command): --tokenizer \(error)")
                throw ExitCode(2)
            }
        }
    }
}
