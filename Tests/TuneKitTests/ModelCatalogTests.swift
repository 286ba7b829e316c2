import Foundation
import Testing
@testable import TuneKit

/// `--model` / `--method`: the platform's fine-tunable models as data, and what stops data from training on one.
@Suite("Model catalog")
struct ModelCatalogTests {
    let catalog = ModelCatalog.builtIn

    /// The built-in table reads whole: every model of the guide's list, each with at least one format.
    @Test func theBuiltInTableReads() throws {
        let text = Fixture.read(Fixture.repositoryRoot.appendingPathComponent(ModelCatalog.path).path)
        let parsed = try ModelCatalog(text: text)
        #expect(parsed.names == catalog.names)
        #expect(catalog.names == ["glm-4.5-air", "glm-4-0520", "glm-4-air", "glm-4-air-250414", "glm-4-flash", "glm-4-9b",
                                  "chatglm3-6b", "cogview-3", "glm-4v"])
        #expect(catalog.models.allSatisfy { !$0.methods.isEmpty })
        #expect(catalog.model(named: "GLM-4.5-Air")?.name == "glm-4.5-air")
        #expect(catalog.model(named: "cogview-3")?.imageTokens == 1024)
        #expect(catalog.model(named: "glm-4v")?.imageTokens == 1600)
    }

    /// The guide's rules: deep thinking only on glm-4.5-air, function calling and deep thinking only full,
    /// cogview-3 only full, glm-4v and chatglm3-6b only LoRA.
    @Test(arguments: [
        ("glm-4-flash", ModelCatalog.Method?.none, OutputFormat.thinking, "glm-4-flash does not train on thinking (deep-thinking) data; glm-4.5-air does, with --method full"),
        ("glm-4-flash", .lora, .tools, "glm-4-flash trains tools (function-calling) data with --method full only, not lora; no model trains it with lora"),
        ("glm-4.5-air", .lora, .thinking, "glm-4.5-air trains thinking (deep-thinking) data with --method full only, not lora"),
        ("cogview-3", .lora, .imageGen, "cogview-3 trains image-gen (text-to-image) data with --method full only, not lora"),
        ("glm-4v", .full, .vision, "glm-4v trains vision (image understanding) data with --method lora only, not full"),
        ("chatglm3-6b", .full, .chat, "chatglm3-6b trains chat (text generation) data with --method lora only, not full; with full: glm-4.5-air, glm-4-0520, glm-4-air, glm-4-air-250414, glm-4-flash and glm-4-9b"),
        ("glm-4v", nil, .chat, "glm-4v does not train on chat (text generation) data"),
        ("glm-4-9b", nil, .dpo, "glm-4-9b does not train on dpo (preference) data; glm-4-air and glm-4-flash do, with --method lora or full"),
    ])
    func refusalsNameWhatWouldWork(_ name: String, _ method: ModelCatalog.Method?, _ format: OutputFormat, _ message: String) throws {
        let model = try #require(catalog.model(named: name))
        let problems = catalog.problems(model: model, method: method, format: format)
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix(message) == true, "\(problems)")
    }

    @Test(arguments: [
        ("glm-4.5-air", ModelCatalog.Method.full, OutputFormat.thinking), ("glm-4-flash", .lora, .chat), ("glm-4-flash", .full, .tools),
        ("glm-4-air", .lora, .dpo), ("cogview-3", .full, .imageGen), ("glm-4v", .lora, .vision), ("chatglm3-6b", .lora, .chat),
    ])
    func trainableDataHasNoProblem(_ name: String, _ method: ModelCatalog.Method, _ format: OutputFormat) throws {
        let model = try #require(catalog.model(named: name))
        #expect(catalog.problems(model: model, method: method, format: format).isEmpty)
        #expect(catalog.problems(model: model, method: nil, format: format).isEmpty)
    }

    @Test func notesSayTheOnlyMethodAndWhoMayTrain() throws {
        let flash = ModelCheck(model: try #require(catalog.model(named: "glm-4-flash")), method: nil, format: .tools)
        #expect(flash.diagnostics.map(\.code) == ["model.method"])
        #expect(flash.diagnostics.first?.message == "glm-4-flash trains tools (function-calling) data with --method full only")
        let private0520 = ModelCheck(model: try #require(catalog.model(named: "glm-4-0520")), method: .lora, format: .chat)
        #expect(private0520.diagnostics.map(\.code) == ["model.access"])
        #expect(private0520.json == .object(["name": .string("glm-4-0520"), "method": .string("lora"),
                                             "methods": .array([.string("lora"), .string("full")]), "problems": .array([])]))
    }

    @Test(arguments: [
        ("m\tfull\n", 1, "expected 9"),
        ("m\tfull\tbogus\t-\t-\t-\t-\t-\tall\n", 1, "'bogus' in the tools column"),
        ("m\tfull\t-\t-\t-\t-\t-\tx\tall\n", 1, "image_tokens 'x'"),
        ("# c\nm\tfull\t-\t-\t-\t-\t-\t-\tall\nm\tlora\t-\t-\t-\t-\t-\t-\tall\n", 3, "listed twice"),
    ])
    func aBrokenTableNamesTheLine(_ text: String, _ line: Int, _ reason: String) {
        #expect {
            try ModelCatalog(text: text)
        } throws: { error in
            let failure = error as! ModelCatalog.Failure
            return failure.line == line && failure.reason.contains(reason)
        }
    }

    static func thinkingCSV() -> String {
        var rows = "问题,思考,答案\n"
        for index in 1...5 { rows += "问题\(index),先想一想\(index),答案\(index)\n" }
        return Fixture.write(rows, name: "thinking.csv")
    }

    /// convert --model glm-4-flash on deep-thinking data: a warning naming glm-4.5-air, the report's model object;
    /// with --strict the run fails (status 1), its files still written.
    @Test func convertWarnsAndStrictFails() throws {
        let input = Self.thinkingCSV()
        let out = Fixture.temporaryDirectory()
        var flags = try Recipe(text: [.output: out, .to: "thinking", .model: "glm-4-flash"])
        let result = try ConvertJob(options: ConvertOptions(inputs: [input], overriding: flags)).run()
        #expect(result.exitStatus == 0)
        let model = try #require(result.report.json["model"])
        #expect(model["name"] == .string("glm-4-flash"))
        #expect(model["method"] == .null)
        #expect(model["problems"]?.arrayValue?.first?.stringValue?.contains("glm-4.5-air does, with --method full") == true)
        #expect(result.diagnostics.contains { $0.code == "model.cannot_train" && $0.severity == .warning })
        flags.strict = true
        let strict = try ConvertJob(options: ConvertOptions(inputs: [input], overriding: flags)).run()
        #expect(strict.exitStatus == 1)
        #expect(FileManager.default.fileExists(atPath: out + "/train.jsonl"))
        flags = try Recipe(text: [.output: out, .to: "thinking", .model: "glm-4.5-air", .method: "full", .strict: "true"])
        let fine = try ConvertJob(options: ConvertOptions(inputs: [input], overriding: flags)).run()
        #expect(fine.exitStatus == 0 && fine.report.model?.problems == [])
    }

    @Test func unknownModelsAndAMethodAloneAreRefused() throws {
        let input = Self.thinkingCSV()
        #expect {
            try ConvertOptions(inputs: [input], overriding: Recipe(text: [.model: "gpt-4o"]))
        } throws: { error in
            let message = "\(error)"
            return message.contains("--model 'gpt-4o' is not a fine-tunable model") && message.contains("glm-4.5-air, glm-4-0520")
        }
        #expect(throws: RecipeError.self) { try ConvertOptions(inputs: [input], overriding: Recipe(text: [.method: "full"])) }
        #expect(throws: RecipeError.self) { try Recipe(text: [.method: "qlora"]) }
    }

    /// A recipe's `model` and `method` keys work as the flags do.
    @Test func recipeKeys() throws {
        let recipe = try Recipe.parse("model: glm-4v\nmethod: lora\n", origin: .file("r.yaml"))
        #expect(recipe.model == "glm-4v" && recipe.method == .lora)
        let options = try ConvertOptions(inputs: [Self.thinkingCSV()], recipe: recipe)
        #expect(options.model?.name == "glm-4v" && options.method == .lora)
    }

    /// The chosen model's image billing replaces the profile's.
    @Test func imagesAreBilledAtTheModelsRate() throws {
        var profile = PlatformProfile.bigModel
        profile.imageTokens = ["vision": 999, "image-gen": 999]
        let billed = try #require(catalog.model(named: "glm-4v")).billingImages(in: profile)
        #expect(billed.imageTokens(for: .vision) == 1600 && billed.imageTokens(for: .imageGen) == 999)
        let stats = try DatasetStats.measure(path: Fixture.path("jsonl/vision-base64.jsonl"), profile: profile,
                                             model: catalog.model(named: "glm-4v"))
        let plain = try DatasetStats.measure(path: Fixture.path("jsonl/vision-base64.jsonl"), profile: profile)
        #expect(stats.tokens - plain.tokens == 1600 - 999)
        #expect(stats.model?.problems == [])
    }
}
