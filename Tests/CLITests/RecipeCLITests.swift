import Foundation
import Testing

/// Every recipe `tunekit recipes` lists runs on its sample with the command it prints, and its output validates;
/// `--save-recipe` writes a recipe that converts the same input to the same bytes.
@Suite("recipes and their samples")
struct RecipeCLITests {
    static let root = CLITests.repositoryRoot

    /// The built-in recipes, each with what its sample must give: records read, rejected, and pictures inlined.
    static let expected: [(name: String, read: Int, rejected: Int, images: Int)] = [
        ("answer-ratings", 120, 0, 0), ("api-call-logs", 100, 0, 0), ("contract-extraction", 90, 3, 0),
        ("customer-service-faq", 348, 1, 0), ("customer-service-transcript", 0, 1, 0), ("product-catalog", 0, 0, 0),
        ("product-photos", 0, 1, 5), ("product-workbook-image-gen", 40, 0, 40), ("product-workbook-vision", 40, 0, 40),
        ("support-tickets", 150, 0, 0),
    ]

    /// The `try:` command `tunekit recipes` prints for `name`, as arguments (paths here hold no spaces).
    static func tryCommand(_ name: String) throws -> [String] {
        let listing = try CLITests.run(["recipes"])
        #expect(listing.status == 0)
        let lines = listing.stdout.split(separator: "\n").map(String.init)
        let index = try #require(lines.firstIndex { $0.hasPrefix(name + " ") }, "\(name) is not listed:\n\(listing.stdout)")
        #expect(lines[index].contains("[built in]") && !lines[index].contains("(no description)"), "\(lines[index])")
        let command = lines[index + 1].trimmingCharacters(in: .whitespaces)
        #expect(command.hasPrefix("try: tunekit convert "))
        return command.split(separator: " ").dropFirst(2).map(String.init)
    }

    @Test(arguments: expected.map(\.name))
    func everyRecipeRunsOnItsSampleAndItsOutputValidates(name: String) throws {
        let expected = try #require(Self.expected.first { $0.name == name })
        var arguments = try Self.tryCommand(name)
        let out = CLITests.temporaryDirectory()
        #expect(arguments.suffix(2) == ["-o", "out"])
        arguments[arguments.count - 1] = out.path
        let run = try CLITests.run(arguments, directory: Self.root)
        #expect(run.status == 0, "\(arguments): \(run.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("report.json"))) as? [String: Any]
        let counts = try #require(report?["counts"] as? [String: Any])
        func number(_ value: Any?) -> Int { (value as? Int) ?? Int(value as? String ?? "") ?? -1 }
        if expected.read > 0 { #expect(number(counts["read"]) == expected.read, "\(counts)") }
        #expect(number(counts["rejected"]) == expected.rejected, "\(counts)")
        if expected.images > 0 { #expect(run.stderr.contains("\(expected.images) images inlined"), "\(run.stderr)") }
        var files = [out.appendingPathComponent("train.jsonl").path]
        let validation = out.appendingPathComponent("validation.jsonl").path
        if FileManager.default.fileExists(atPath: validation) { files.append(validation) }
        let check = try CLITests.run(["validate"] + files)
        #expect(check.status == 0, "\(check.stdout)")
        #expect(!check.stdout.contains("invalid") && check.stdout.components(separatedBy: ", 0 errors").count == files.count + 1,
                "\(check.stdout)")
    }

    @Test func supportTicketAnswersAreTheLabelsTheSystemPromptLists() throws {
        let out = CLITests.temporaryDirectory()
        let run = try CLITests.run(["convert", "Converters/support-tickets/sample.csv", "--converter", "support-tickets", "-o", out.path],
                                   directory: Self.root)
        #expect(run.status == 0, "\(run.stderr)")
        let labels = ["物流配送", "退换货", "支付账单", "账户登录", "商品质量", "发票开具"]
        var seen: Set<String> = []
        for line in CLITests.read(out.appendingPathComponent("train.jsonl")).split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            let messages = try #require(object?["messages"] as? [[String: Any]])
            let system = try #require(messages.first?["content"] as? String)
            let answer = try #require(messages.last?["content"] as? String)
            #expect(labels.allSatisfy { system.contains($0) })
            #expect(labels.contains(answer), "\(answer)")
            seen.insert(answer)
        }
        #expect(seen == Set(labels))
        // The split is by category: validation holds labels too.
        #expect(!CLITests.read(out.appendingPathComponent("validation.jsonl")).isEmpty)
    }

    @Test func contractAnswersThatAreNotJSONAreRejectedWithTheirRow() throws {
        let out = CLITests.temporaryDirectory()
        let run = try CLITests.run(["convert", "Converters/contract-extraction/sample.csv", "--converter", "contract-extraction",
                                    "-o", out.path], directory: Self.root)
        #expect(run.status == 0)
        #expect(run.stderr.contains("map.answer_not_json 3"), "\(run.stderr)")
        let rejects = CLITests.read(out.appendingPathComponent("rejects.jsonl")).split(separator: "\n")
        #expect(rejects.count == 3)
        #expect(rejects.allSatisfy { $0.contains(#""reason":"map.answer_not_json""#) })
        #expect(rejects[0].contains("sample.csv:19") && rejects[0].contains("fence"))
        #expect(rejects[1].contains("trailing comma"))
        // Every kept answer parses as a JSON object.
        for line in CLITests.read(out.appendingPathComponent("train.jsonl")).split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            let answer = try #require((object?["messages"] as? [[String: Any]])?.last?["content"] as? String)
            #expect((try? JSONSerialization.jsonObject(with: Data(answer.utf8))) is [String: Any])
        }
        // The same table without the check keeps those answers: the flag decides.
        let unchecked = CLITests.temporaryDirectory()
        let plain = try CLITests.run(["convert", "Converters/contract-extraction/sample.csv", "--user", "{{合同文本}}",
                                      "--assistant", "{{抽取结果}}", "-o", unchecked.path], directory: Self.root)
        #expect(plain.status == 0 && plain.stderr.contains("rejected 0"), "\(plain.stderr)")
    }

    @Test func aPromptColumnIsTheUserTurnOfPreferencePairs() throws {
        let out = CLITests.temporaryDirectory()
        let run = try CLITests.run(["convert", "Converters/answer-ratings/sample.csv", "-o", out.path], directory: Self.root)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("format: dpo"))
        let first = try #require(CLITests.read(out.appendingPathComponent("train.jsonl")).split(separator: "\n").first)
        #expect(first.contains(#"{"input":{"messages":[{"role":"user","content":"#), "\(first)")
        #expect(CLITests.read(out.appendingPathComponent("report.json")).contains(#""{{prompt}}""#))
    }

    /// Run, save the recipe, run again with the saved recipe only: the same bytes.
    @Test(arguments: [
        ["Converters/answer-ratings/sample.csv", "--validation", "5", "--seed", "7"],
        ["Converters/support-tickets/sample.csv", "--converter", "support-tickets", "--validation", "20", "--dedup", "near"],
        ["Converters/product-workbook-vision/catalogue.xlsx", "--converter", "product-workbook-vision", "--max-side", "128"],
        ["Converters/contract-extraction/sample.csv", "--user", "{{合同文本}}", "--assistant", "{{抽取结果}}", "--answer-json"],
    ])
    func aSavedRecipeConvertsTheSameInputToTheSameBytes(arguments: [String]) throws {
        let folder = CLITests.temporaryDirectory()
        let saved = folder.appendingPathComponent("saved.yaml").path
        let first = try CLITests.run(["convert"] + arguments + ["-o", folder.appendingPathComponent("first").path, "--save-recipe", saved],
                                     directory: Self.root)
        #expect(first.status == 0, "\(first.stderr)")
        let recipe = CLITests.read(URL(fileURLWithPath: saved))
        #expect(recipe.contains("\nto: \"") && !recipe.contains("output:"), "\(recipe)")
        let again = try CLITests.run(["convert", arguments[0], "--converter", saved, "-o", folder.appendingPathComponent("again").path],
                                     directory: Self.root)
        #expect(again.status == 0, "\(again.stderr)")
        for name in ["train.jsonl", "validation.jsonl", "rejects.jsonl", "duplicates.jsonl"] {
            let one = try? Data(contentsOf: folder.appendingPathComponent("first/" + name))
            let two = try? Data(contentsOf: folder.appendingPathComponent("again/" + name))
            #expect(one == two, "\(name) differs")
        }
        #expect((try? Data(contentsOf: folder.appendingPathComponent("first/train.jsonl")))?.isEmpty == false)
    }

    @Test func aFolderRecipeHidesTheBuiltInOneAndAnUnreadableOneSaysWhy() throws {
        let folder = CLITests.temporaryDirectory()
        try Data("description: my FAQ\nsample: faq.csv\nuser: \"{{q}}\"\n".utf8).write(to: folder.appendingPathComponent("customer-service-faq.yaml"))
        try Data("dedup: fuzzy\n".utf8).write(to: folder.appendingPathComponent("broken.yaml"))
        let listing = try CLITests.run(["recipes", "--converters", folder.path])
        #expect(listing.status == 0)
        let lines = listing.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("customer-service-faq ") && $0.contains("my FAQ") && $0.contains(folder.path) })
        #expect(lines.contains { $0.contains("try: tunekit convert \(folder.path)/faq.csv --converter \(folder.path)/customer-service-faq.yaml -o out") })
        #expect(lines.contains { $0.hasPrefix("broken ") && $0.contains("cannot be read") && $0.contains("fuzzy") })
        #expect(lines.contains { $0.hasPrefix("support-tickets ") })
        let missing = try CLITests.run(["recipes", "--converters", folder.path + "/none"])
        #expect(missing.status == 2 && missing.stderr.contains("--converters"))
    }
}
