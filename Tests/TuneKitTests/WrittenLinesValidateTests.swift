import Foundation
import Testing
@testable import TuneKit

/// Whatever `convert` writes passes `validate`: every fixture (each file under `Fixtures/`, found at run time,
/// so a new fixture is covered without a line here), every template and a few inputs built to provoke the
/// rules are converted, and every line written to train and validation is checked by ``JSONLValidator`` with
/// the run's format. A file may be refused as a whole (the run throws) only when it is listed as one that
/// must be refused.
@Suite("Everything convert writes validates")
struct WrittenLinesValidateTests {
    /// Fixtures that are attacks or broken files: converting them must fail with a message, never write.
    static let refused: Set<String> = [
        "sheets/billion-laughs-2003.xml", "sheets/xxe-2003.xml", "sheets/xxe.xlsx", "sheets/zipbomb.xlsx",
        "sheets/not-a-spreadsheet.xlsx", "sheets/truncated.xlsx", "sheets/lanes/faq-sample-cut-strings.xlsx",
        // Fits a transcript and a table about equally: the run stops and names the --from that decides.
        "csv/ambiguous-comma-dialogue.txt",
        // Not inputs: LLaMA-Factory's dataset registry and the pictures its multimodal sample names.
        "dialects/dataset_info.json", "dialects/mllm_demo_data/1.jpg", "dialects/mllm_demo_data/2.jpg",
        "dialects/mllm_demo_data/3.jpg",
        // calamine's picture tests: their only cells are pictures, so no sheet has a header row.
        "sheets/pictures/calamine-pictures-in-cell.xlsx", "sheets/pictures/calamine-picture.xlsx",
        "sheets/pictures/calamine-picture.ods",
    ]
    /// Other programs' tables with no column a conversation can come from: refused naming the missing field.
    static let unmappedFolders = ["csv/rvl/", "csv/readsx/", "thirdparty/"]

    /// Every fixture file a conversion can read, relative to `Fixtures/`.
    static var fixtures: [String] {
        let root = Fixture.path("csv").replacingOccurrences(of: "/csv", with: "")
        let enumerator = FileManager.default.enumerator(atPath: root)!
        return enumerator.compactMap { $0 as? String }
            .filter { !$0.hasSuffix(".md") && !$0.hasSuffix("tools.json") && !$0.hasSuffix(".py") }
            .filter { !$0.hasPrefix("tokenizer/") }  // a rank file and tokenizer cases, not inputs
            .filter { var isDirectory: ObjCBool = false
                      FileManager.default.fileExists(atPath: root + "/" + $0, isDirectory: &isDirectory)
                      return !isDirectory.boolValue }
            .sorted()
    }

    /// The format a fixture converts to: its own for JSONL records in a platform shape, chat otherwise.
    static func format(of fixture: String) -> OutputFormat {
        let name = (fixture as NSString).lastPathComponent
        for format in OutputFormat.allCases.sorted(by: { $0.rawValue.count > $1.rawValue.count })
            where fixture.hasPrefix("jsonl/") && name.hasPrefix(format.rawValue) {
            return format
        }
        return .chat
    }

    /// Converts with `options`, then validates every written training and validation line.
    static func convertAndValidate(_ options: ConvertOptions, label: String) throws -> ConvertJob.Result {
        let result = try ConvertJob(options: options).run()
        #expect(result.report.counts.balanced, "\(label): \(result.report.counts)")
        for output in result.report.outputs where output.role.hasPrefix("train") || output.role.hasPrefix("validation") {
            var validator = JSONLValidator(profile: options.profile)
            validator.profile.minimumExamples = 0
            let checked = validator.validate(path: output.path, format: result.report.format)
            // An empty train file comes with exit status 1 (nothing usable); that is the run's answer.
            let errors = checked.diagnostics.filter { $0.severity == .error && !($0.code == "file.empty" && result.exitStatus == 1) }
            #expect(errors.isEmpty, "\(label): \(output.name): \(errors.prefix(5).map(\.description))")
            #expect(checked.records == output.lines, "\(label): \(output.name)")
        }
        return result
    }

    @Test(arguments: fixtures)
    func fixtureConvertsToValidLines(_ fixture: String) throws {
        var options = ConvertOptions(inputs: [Fixture.path(fixture)], format: Self.format(of: fixture),
                                     outputDirectory: Fixture.temporaryDirectory(), validation: .fraction(0.2))
        if fixture.hasPrefix("chatlogs/") { options.chatLog.trimEdges = false }
        // One table with every format's columns: each run reads some of them.
        if fixture.hasPrefix("formats/") { options.mapping.allowUnused = true }
        // Filled workbook templates: converted as `tunekit convert FILE` does, the columns deciding the format.
        if fixture.hasPrefix("templates/") { options.mapping.formatFromColumns = true }
        // A title merged over the first row, the header below it.
        if fixture.hasPrefix("sheets/merges/titled") { options.sheet.headerRow = 2 }
        // Catalogues with a picture column: vision lines with the workbook's pictures inlined.
        if fixture.hasPrefix("sheets/pictures/") {
            options.format = .vision
            options.images.mode = .base64
        }
        if Self.refused.contains(fixture) || Self.unmappedFolders.contains(where: fixture.hasPrefix) {
            #expect(throws: ConvertError.self, "\(fixture) must be refused") { try ConvertJob(options: options).run() }
            return
        }
        _ = try Self.convertAndValidate(options, label: fixture)
    }

    @Test(arguments: OutputFormat.allCases)
    func everyFormatFromOneTable(_ format: OutputFormat) throws {
        var options = ConvertOptions(inputs: [Fixture.path("formats/all-formats.csv")], format: format,
                                     outputDirectory: Fixture.temporaryDirectory())
        options.mapping.tools = try ToolDefinition.load(path: Fixture.path("formats/tools.json"))
        options.mapping.allowUnused = true
        let templates: [(ColumnAliases.Field, String)] = [
            (.user, "{{问题}}"), (.assistant, "{{答案}}"), (.reasoning, "{{思考}}"), (.chosen, "{{好回答}}"),
            (.rejected, "{{差回答}}"), (.prompt, "{{提示词}}"), (.image, "{{图片}}"), (.callName, "{{函数名}}"),
            (.callArguments, "{{参数}}"), (.toolResult, "{{结果}}"), (.category, "{{类别}}"),
        ]
        for (field, text) in templates { options.mapping[field] = try FieldTemplate(text) }
        let result = try Self.convertAndValidate(options, label: format.rawValue)
        #expect(result.report.counts.train > 0)
    }

    @Test(arguments: OutputFormat.allCases)
    func everyTemplate(_ format: OutputFormat) throws {
        let folder = Fixture.repositoryRoot.appendingPathComponent("Templates").path
        var options = ConvertOptions(inputs: [folder + "/\(format.rawValue).csv"], format: format,
                                     outputDirectory: Fixture.temporaryDirectory())
        if format == .tools { options.mapping.tools = try ToolDefinition.load(path: folder + "/tools.json") }
        _ = try Self.convertAndValidate(options, label: format.rawValue)
    }

    /// Other projects' test files (`Fixtures/thirdparty/`), their columns named by templates: the lines written
    /// validate, and what cannot become a conversation is a reject with its reason — never a written line.
    @Test(arguments: [
        ("nonstandard-xml-ns-prefix.xlsx", "{{a}}", "{{b}}", 2, 0),
        ("temperature-table.xlsx", "{{label}}", "{{value}}", 2, 0),
        ("whitespace_trim.xlsx", "{{trimmed value}}", "{{value with tabs}}", 1, 1),
        ("inlineStr_with_value.xlsx", "{{Name}}", "{{Description}}", 1, 0),
        ("issues.ods", "{{1}}", "{{1}}", 5, 0),
    ])
    func otherProjectsWorkbooks(name: String, user: String, assistant: String, train: Int, rejected: Int) throws {
        var options = ConvertOptions(inputs: [Fixture.path("thirdparty/" + name)], outputDirectory: Fixture.temporaryDirectory())
        options.mapping[.user] = try FieldTemplate(user)
        options.mapping[.assistant] = try FieldTemplate(assistant)
        let result = try Self.convertAndValidate(options, label: name)
        #expect(result.report.counts.train == train && result.report.counts.rejected == rejected, "\(name): \(result.report.counts)")
    }

    /// A WhatsApp group export in which nobody can be told to answer: every session is a reject naming why.
    @Test func otherProjectsWhatsAppExport() throws {
        let options = ConvertOptions(inputs: [Fixture.path("chatlogs/whatsapp-short-chat.txt")],
                                     outputDirectory: Fixture.temporaryDirectory())
        let result = try Self.convertAndValidate(options, label: "whatsapp-short-chat.txt")
        // Three messages months apart (and, read day-first, the third earlier than the second): three sessions.
        #expect(result.report.counts.train == 0 && result.report.counts.rejected == 3 && result.exitStatus == 1)
        #expect(result.report.inputs.first?.facts.first { $0.key == "importer" }?.value == "whatsapp")
    }

    /// Every built-in recipe on the sample its `sample` key names in `Converters/`, by name, as `--converter NAME`
    /// runs it (a tools recipe with the `tools.json` beside its sample).
    @Test(arguments: BundledResources.recipeNames)
    func everyRecipeOnItsSample(_ name: String) throws {
        let folder = Fixture.repositoryRoot.appendingPathComponent("Converters/\(name)").path
        let recipe = try Recipe.load(nameOrPath: name)
        let sample = try #require(recipe.sample, "no sample key in Converters/\(name)")
        var flags = Recipe()
        flags.output = Fixture.temporaryDirectory()
        if recipe.format == .tools && recipe.tools == nil { flags.tools = folder + "/tools.json" }
        let options = try ConvertOptions(inputs: [folder + "/" + sample], recipe: recipe, overriding: flags)
        let result = try Self.convertAndValidate(options, label: name)
        #expect(result.report.counts.train > 0, "\(name)")
    }

    /// Inputs that once produced lines `validate` rejects: control tokens in a question, a kept leading
    /// assistant turn, a PNG data URI kept in URL mode. Each must end as a reject or a fixed line.
    @Test(arguments: [
        ("tokens.csv", "user,assistant\n请问<|user|>是什么,这是一个特殊标记。\n正常问题,正常回答。\n"),
        ("tokens-assistant.csv", "user,assistant\n正常问题,回答里有<|assistant|>标记。\n第二个问题,第二个回答。\n"),
        ("edges.txt", "[2024-03-05 10:00:00] 客服：您好，请问有什么可以帮您？\n[2024-03-05 10:00:30] 客户：我的快递到哪了？\n[2024-03-05 10:01:00] 客服：已经到北京了。\n[2024-03-05 10:01:30] 客户：谢谢\n"),
    ])
    func provokedRules(name: String, text: String) throws {
        var options = ConvertOptions(inputs: [Fixture.write(text, name: name)], outputDirectory: Fixture.temporaryDirectory())
        options.chatLog.trimEdges = false
        _ = try Self.convertAndValidate(options, label: name)
    }

    /// A line the rules refuse is a reject with the rule's code, naming its row and carrying the line it would have been.
    @Test func aRefusedLineIsARejectThatCarriesTheLine() throws {
        let input = Fixture.write("user,assistant\n请问<|user|>是什么,特殊标记。\n正常问题,正常回答。\n", name: "tokens.csv")
        let directory = Fixture.temporaryDirectory()
        let result = try ConvertJob(options: ConvertOptions(inputs: [input], outputDirectory: directory)).run()
        #expect(result.report.counts.train == 1 && result.report.counts.rejected == 1)
        let reject = try JSONReader.parse(Array(Fixture.read(directory + "/rejects.jsonl").utf8)).value
        #expect(reject["reason"] == .string("content.special_tokens"))
        #expect(reject["source"]?.stringValue?.hasSuffix("tokens.csv:2") == true)
        #expect(reject["raw"] == .string(#"{"messages":[{"role":"user","content":"请问<|user|>是什么"},{"role":"assistant","content":"特殊标记。"}]}"#))
    }

    @Test func pngDataURIInURLMode() throws {
        // A vision record whose picture is a PNG data URI (1×1 white PNG).
        let uri = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC"
        let line = #"{"messages":[{"role":"user","content":[{"type":"text","text":"这是什么？"},{"type":"image_url","image_url":{"url":"\#(uri)"}}]},{"role":"assistant","content":"一个白点。"}]}"#
        let options = ConvertOptions(inputs: [Fixture.write(line + "\n", name: "png.jsonl")], format: .vision,
                                     outputDirectory: Fixture.temporaryDirectory())
        _ = try Self.convertAndValidate(options, label: "png.jsonl")
    }
}
