import Foundation
import Testing

/// Runs the built `tunekit` binary the way users do and checks output files, messages and exit codes.
@Suite("tunekit command line")
struct CLITests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let sample = repositoryRoot.appendingPathComponent("Converters/customer-service-faq/sample.csv").path

    /// The `tunekit` executable beside the test bundle.
    static var binary: URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("tunekit")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return repositoryRoot.appendingPathComponent(".build/debug/tunekit")
    }

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], stdin: Data? = nil, directory: URL? = nil, executable: URL? = nil,
                    environment: [String: String]? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = executable ?? binary
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let stdin { try input.fileHandleForWriting.write(contentsOf: stdin) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                       stderr: String(decoding: errData, as: UTF8.self))
    }

    static func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tunekit-cli-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func read(_ url: URL) -> String {
        (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }

    @Test func convertsTheBundledSampleWithItsRecipe() throws {
        let out = Self.temporaryDirectory()
        let result = try Self.run(["convert", Self.sample, "--converter", "customer-service-faq", "-o", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("read 348: train 303, validation 42, duplicates 2, rejected 1"))
        let train = Self.read(out.appendingPathComponent("train.jsonl"))
        #expect(train.split(separator: "\n").count == 303)
        #expect(train.hasPrefix(#"{"messages":[{"role":"system","content":"你是一家网店的客服助手，回答要准确、简洁、礼貌。"},{"role":"user","content":"#))
        let report = Self.read(out.appendingPathComponent("report.json"))
        #expect(report.contains(#""read": 348"#))
        #expect(report.contains(#""validation": 0.1,"#))
        #expect(report.contains(#""seed": 42,"#) && report.contains(#""redact": false,"#))

        // Every written line passes validate.
        let check = try Self.run(["validate", out.appendingPathComponent("train.jsonl").path,
                                  out.appendingPathComponent("validation.jsonl").path])
        #expect(check.status == 0, "\(check.stdout)")
        #expect(check.stdout.contains("train.jsonl: valid chat, detected: the first lines hold plain messages: 303 records, 0 errors"))
        #expect(check.stdout.contains("validation.jsonl: valid chat, detected: the first lines hold plain messages: 42 records, 0 errors"))
    }

    @Test func outputIsByteIdenticalAcrossRuns() throws {
        let first = Self.temporaryDirectory()
        let second = Self.temporaryDirectory()
        for out in [first, second] {
            let result = try Self.run(["convert", Self.sample, "--validation", "40", "--seed", "9", "-o", out.path, "--quiet"])
            #expect(result.status == 0)
            #expect(result.stderr.isEmpty)
        }
        for name in ["train.jsonl", "validation.jsonl", "rejects.jsonl", "duplicates.jsonl", "report.json"] {
            let a = try Data(contentsOf: first.appendingPathComponent(name))
            let b = try Data(contentsOf: second.appendingPathComponent(name))
            #expect(a == b, "\(name)")
        }
    }

    @Test func flagsMapColumnsAndReadStandardInput() throws {
        let csv = "Q;A\n\"He said \"\"hi\"\"\";<ok> & done\n"
        let result = try Self.run(["convert", "-", "--user", "Q: {{Q}}", "--assistant", "{{A}}", "-o", "-"], stdin: Data(csv.utf8))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == #"{"messages":[{"role":"user","content":"Q: He said \"hi\""},{"role":"assistant","content":"<ok> & done"}]}"# + "\n")
    }

    /// Standard input, as `-` or `/dev/stdin`, converts and splits exactly like the file (nothing lost to the sample).
    @Test func standardInputReadsLikeTheFile() throws {
        let transcript = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("Converters/customer-service-transcript/sample.txt"),
                                    encoding: .utf8)
        let text = String(repeating: transcript + "\n", count: 4)
        let file = Self.temporaryDirectory().appendingPathComponent("kefu.txt")
        try Data(text.utf8).write(to: file)
        let expected = Self.temporaryDirectory()
        #expect(try Self.run(["convert", "--from", "transcript", file.path, "-o", expected.path, "--quiet"]).status == 0)
        for input in ["-", "/dev/stdin"] {
            let out = Self.temporaryDirectory()
            let result = try Self.run(["convert", "--from", "transcript", input, "-o", out.path, "--quiet"], stdin: Data(text.utf8))
            #expect(result.status == 0, "\(result.stderr)")
            #expect(Self.read(out.appendingPathComponent("train.jsonl")) == Self.read(expected.appendingPathComponent("train.jsonl")))
            #expect(!Self.read(out.appendingPathComponent("train.jsonl")).isEmpty)
        }
        let records = (0..<40).map { #"{"messages":[{"role":"user","content":"q\#($0)"},{"role":"assistant","content":"a\#($0)"}]}"# }
            .joined(separator: "\n") + "\n"
        let jsonl = Self.temporaryDirectory().appendingPathComponent("records.jsonl")
        try Data(records.utf8).write(to: jsonl)
        let fromFile = Self.temporaryDirectory()
        let fromStdin = Self.temporaryDirectory()
        #expect(try Self.run(["split", jsonl.path, "--validation", "0.25", "-o", fromFile.path]).status == 0)
        let split = try Self.run(["split", "-", "--validation", "0.25", "-o", fromStdin.path], stdin: Data(records.utf8))
        #expect(split.status == 0, "\(split.stderr)")
        for name in ["train.jsonl", "validation.jsonl"] {
            #expect(Self.read(fromStdin.appendingPathComponent(name)) == Self.read(fromFile.appendingPathComponent(name)))
        }
        #expect(!Self.read(fromStdin.appendingPathComponent("validation.jsonl")).isEmpty)
    }

    @Test func strictFailsOnRejects() throws {
        let out = Self.temporaryDirectory()
        let result = try Self.run(["convert", Self.sample, "-o", out.path, "--strict"])
        #expect(result.status == 1)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("rejects.jsonl").path))
    }

    @Test(arguments: [
        (["convert", "--to", "sft", "x.csv"], "unknown format 'sft'"),
        (["convert", "/nonexistent/faq.csv", "-o", "-"], "/nonexistent/faq.csv: cannot open"),
        (["convert", "a.csv", "--validation", "2.5"], "--validation takes"),
        (["convert", "a.csv", "--converter", "no-such-recipe"], "no recipe named 'no-such-recipe'"),
        (["convert", "--bogus-flag"], "Unknown option '--bogus-flag'"),
        (["validate", "/nonexistent.jsonl"], "/nonexistent.jsonl: cannot open"),
    ])
    func usageAndInputErrorsExitWithTwo(arguments: [String], message: String) throws {
        let result = try Self.run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"))
    }

    @Test func validateReportsEveryProblemWithLineAndCode() throws {
        let directory = Self.temporaryDirectory()
        let file = directory.appendingPathComponent("bad.jsonl")
        let lines = [
            #"{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}]}"#,
            #"{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"},]}"#,
            #"{"messages":[{"role":"system","content":"s"}]}"#,
        ]
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let result = try Self.run(["validate", file.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("\(file.path):2: [json.trailing_comma] trailing comma before ']'"))
        #expect(result.stdout.contains("\(file.path):3: [role.no_assistant]"))
        #expect(result.stdout.contains("bad.jsonl: invalid chat, detected: the first lines hold plain messages: 2 records, 2 errors, 1 warning"))
    }

    @Test func validateListsEveryCodeWithSeverityAndMeaning() throws {
        let result = try Self.run(["validate", "--list-codes"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count > 70)
        #expect(lines.contains { $0.hasPrefix("role.first_turn") && $0.contains(" error ") && $0.contains("user") })
        #expect(lines.contains { $0.hasPrefix("role.consecutive") && $0.contains(" warning ") })
        let json = try Self.run(["validate", "--list-codes", "--json"])
        #expect(json.stdout.split(separator: "\n").count == lines.count)
        #expect(json.stdout.contains(#""code":"content.special_tokens""#))
    }

    /// Without --to, the DPO template's columns make it DPO, and the console says why.
    @Test func theFormatFollowsTheColumns() throws {
        let out = Self.temporaryDirectory()
        let dpo = Self.repositoryRoot.appendingPathComponent("Templates/dpo.csv").path
        let result = try Self.run(["convert", dpo, "-o", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("format: dpo (columns chosen, rejected)"), "\(result.stderr)")
        let check = try Self.run(["validate", "--format", "dpo", out.appendingPathComponent("train.jsonl").path])
        #expect(check.stdout.contains("2 records, 0 errors"), "\(check.stdout)")
        // --to chat on the same table names the columns it would drop, and --allow-unused drops them.
        let refused = try Self.run(["convert", dpo, "--to", "chat", "--assistant", "{{chosen}}", "-o", Self.temporaryDirectory().path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("\"rejected\"") && refused.stderr.contains("--to dpo"), "\(refused.stderr)")
        let allowed = try Self.run(["convert", dpo, "--to", "chat", "--assistant", "{{chosen}}", "--allow-unused",
                                    "-o", Self.temporaryDirectory().path])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(allowed.stderr.contains("[map.unused_column]"), "\(allowed.stderr)")
    }

    static let formatsTable = repositoryRoot.appendingPathComponent("Tests/TuneKitTests/Fixtures/formats/all-formats.csv").path
    static let toolsFile = repositoryRoot.appendingPathComponent("Tests/TuneKitTests/Fixtures/formats/tools.json").path

    /// The built binary converts one table to every format, and `validate` passes every line it wrote,
    /// with the format detected.
    @Test(arguments: [("chat", 3), ("thinking", 3), ("dpo", 3), ("image-gen", 2), ("vision", 2), ("tools", 3)])
    func convertsATableToEachFormatAndValidatesIt(format: String, lines: Int) throws {
        let out = Self.temporaryDirectory()
        var arguments = ["convert", Self.formatsTable, "--to", format, "-o", out.path, "--quiet", "--allow-unused"]
        if format == "tools" { arguments += ["--tools", Self.toolsFile] }
        let converted = try Self.run(arguments)
        #expect(converted.status == 0, "\(converted.stderr)")
        let train = out.appendingPathComponent("train.jsonl")
        #expect(Self.read(train).split(separator: "\n").count == lines)
        let check = try Self.run(["validate", train.path])
        #expect(check.status == 0, "\(check.stdout)")
        #expect(check.stdout.contains("valid \(format), detected"), "\(check.stdout)")
        #expect(check.stdout.contains("\(lines) records, 0 errors"))
        let strict = try Self.run(["validate", "--format", format, "--json", train.path])
        #expect(strict.stdout.contains(#""valid":true"#), "\(strict.stdout)")
    }

    /// The product-catalogue recipe reads the named sheet of a several-sheet workbook.
    @Test func convertsTheProductCatalogueWorkbook() throws {
        let out = Self.temporaryDirectory()
        let workbook = Self.repositoryRoot.appendingPathComponent("Converters/product-catalog/sample.xlsx").path
        let result = try Self.run(["convert", workbook, "--converter", "product-catalog", "-o", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        // Its questions are one template over the products ("… 标准版（货号 00001）的规格和价格是多少？"). A product's
        // two editions ask nearly the same question and stay on one side; different products are only alike
        // through the template and are split (a wider grouping margin once chained all 24 into one group).
        #expect(result.stderr.contains("read 24: train 20, validation 4, duplicates 0, rejected 0"), "\(result.stderr)")
        let held = Self.read(out.appendingPathComponent("validation.jsonl"))
        for product in ["Type-C 数据线 标准版（货号 00015）", "Type-C 数据线 Pro 版（货号 00016）", "Monitor Stand Standard（货号 00021）", "Monitor Stand Pro（货号 00022）"] {
            #expect(held.contains(product))
        }
        let train = Self.read(out.appendingPathComponent("train.jsonl"))
        #expect(train.contains(#"{"role":"user","content":"电热水壶 标准版（货号 00001）的规格和价格是多少？"}"#))
        let report = Self.read(out.appendingPathComponent("report.json"))
        #expect(report.contains(#""sheets": "说明, 商品 (read), 售后政策, 内部备注 (hidden)""#))
        #expect(Self.read(out.appendingPathComponent("rejects.jsonl")).isEmpty)
        let check = try Self.run(["validate", out.appendingPathComponent("train.jsonl").path])
        #expect(check.stdout.contains("20 records, 0 errors"), "\(check.stdout)")
    }

    /// The product-photos recipe inlines its pictures as base64 JPEG; the row naming a deleted photo is a reject.
    @Test func convertsTheProductPhotosWithPicturesInlined() throws {
        let out = Self.temporaryDirectory()
        let csv = Self.repositoryRoot.appendingPathComponent("Converters/product-photos/sample.csv").path
        let result = try Self.run(["convert", csv, "--converter", "product-photos", "-o", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("read 6: train 5, duplicates 0, rejected 1, 5 images inlined"), "\(result.stderr)")
        #expect(Self.read(out.appendingPathComponent("rejects.jsonl")).contains(#""reason":"img.missing""#))
        let train = Self.read(out.appendingPathComponent("train.jsonl"))
        #expect(train.components(separatedBy: #""url":"data:image/jpeg;base64,/9j/"#).count == 6)
        let report = Self.read(out.appendingPathComponent("report.json"))
        #expect(report.contains(#""turned_upright": 1"#), "\(report)")
        let check = try Self.run(["validate", out.appendingPathComponent("train.jsonl").path])
        #expect(check.stdout.contains("5 records, 0 errors"), "\(check.stdout)")
    }

    @Test func statsMeasuresFilesAndTheirCost() throws {
        let out = Self.temporaryDirectory()
        _ = try Self.run(["convert", Self.sample, "-o", out.path, "--quiet"])
        let train = out.appendingPathComponent("train.jsonl").path
        let text = try Self.run(["stats", train, "--epochs", "3", "--price", "0.05"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("chat, 345 records"), "\(text.stdout)")
        #expect(text.stdout.contains("× 3 epochs") && text.stdout.contains("yuan at 0.05 yuan per 1K tokens"))
        let json = try Self.run(["stats", train, "--json"])
        #expect(json.stdout.hasPrefix(#"{"file":"#) && json.stdout.contains(#""format":"chat","records":345"#), "\(json.stdout)")
        let missing = try Self.run(["stats", "/nonexistent.jsonl"])
        #expect(missing.status == 2 && missing.stderr.split(separator: "\n").count == 1)
    }

    /// dedup keeps lines byte for byte and drops repeats; split divides them; template writes a fill-in file.
    @Test func dedupSplitAndTemplate() throws {
        let out = Self.temporaryDirectory()
        _ = try Self.run(["convert", Self.sample, "-o", out.path, "--quiet"])
        let train = Self.read(out.appendingPathComponent("train.jsonl"))
        let doubled = out.appendingPathComponent("doubled.jsonl")
        try (train + train).write(to: doubled, atomically: true, encoding: .utf8)
        let deduped = out.appendingPathComponent("deduped.jsonl")
        let dedup = try Self.run(["dedup", doubled.path, "-o", deduped.path, "--duplicates", out.appendingPathComponent("dups.jsonl").path])
        #expect(dedup.status == 0 && dedup.stderr.contains("read 690: kept 345, duplicates 345"), "\(dedup.stderr)")
        #expect(Self.read(deduped) == train)
        let near = try Self.run(["dedup", doubled.path, "-o", out.appendingPathComponent("near.jsonl").path, "--near"])
        #expect(near.status == 0 && near.stderr.contains("duplicates "), "\(near.stderr)")
        #expect(try Self.run(["dedup", doubled.path, "-o", deduped.path, "--near", "--threshold", "1.5"]).status == 2)
        let split = try Self.run(["split", deduped.path, "-o", out.appendingPathComponent("split").path, "--validation", "0.1", "--seed", "7"])
        #expect(split.status == 0 && split.stderr.contains("train 308, validation 37"), "\(split.stderr)")
        let parts = ["train.jsonl", "validation.jsonl"].map { Self.read(out.appendingPathComponent("split/" + $0)) }
        #expect(Set((parts[0] + parts[1]).split(separator: "\n")) == Set(train.split(separator: "\n")))
        let again = try Self.run(["split", deduped.path, "-o", out.appendingPathComponent("again").path, "--validation", "0.1", "--seed", "7"])
        #expect(again.status == 0 && Self.read(out.appendingPathComponent("again/validation.jsonl")) == parts[1])

        let folder = Self.temporaryDirectory()
        let template = try Self.run(["template", "tools", "--as", "csv"], directory: folder)
        #expect(template.status == 0, "\(template.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("tools.json").path))
        #expect(Self.read(folder.appendingPathComponent("tools.csv")).contains("call_name,call_arguments"))
        #expect(try Self.run(["template", "tools", "--as", "csv"], directory: folder).status == 2)
        #expect(try Self.run(["template", "tools", "--as", "csv", "--force"], directory: folder).status == 0)
    }

    /// `template` writes FORMAT.xlsx by default, picks the kind by extension or --as, writes the same bytes every
    /// run, refuses an extension that names no kind; the filled workbook converts with no flag, tools included,
    /// and the console names the rows that took the first row's system prompt.
    @Test func workbookTemplates() throws {
        let folder = Self.temporaryDirectory()
        let first = try Self.run(["template", "tools"], directory: folder)
        #expect(first.status == 0 && first.stderr.contains("wrote tools.xlsx"), "\(first.stderr)")
        let bytes = try Data(contentsOf: folder.appendingPathComponent("tools.xlsx"))
        #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("tools.json").path))
        #expect(try Self.run(["template", "tools"], directory: folder).status == 2)
        #expect(try Self.run(["template", "tools", "--force"], directory: folder).status == 0)
        #expect(try Data(contentsOf: folder.appendingPathComponent("tools.xlsx")) == bytes)
        let xml = try Self.run(["template", "chat", "-o", "sub.xml"], directory: folder)
        #expect(xml.status == 0 && Self.read(folder.appendingPathComponent("sub.xml")).contains("urn:schemas-microsoft-com:office:spreadsheet"))
        let forced = try Self.run(["template", "dpo", "-o", "dpo.dat", "--as", "xml"], directory: folder)
        #expect(forced.status == 0 && Self.read(folder.appendingPathComponent("dpo.dat")).contains("<Worksheet ss:Name=\"说明 Notes\">"))
        let unknown = try Self.run(["template", "chat", "-o", "chat.txt"], directory: folder)
        #expect(unknown.status == 2 && unknown.stderr.contains("--as xlsx|xml|csv"), "\(unknown.stderr)")
        #expect(try Self.run(["template", "chat", "--as", "ods"], directory: folder).status == 2)

        let filled = Self.repositoryRoot.appendingPathComponent("Tests/TuneKitTests/Fixtures/templates/tools-filled-openpyxl.xlsx").path
        let out = folder.appendingPathComponent("out").path
        let convert = try Self.run(["convert", filled, "-o", out])
        #expect(convert.status == 0 && convert.stderr.contains("format: tools (column call_name)"), "\(convert.stderr)")
        #expect(convert.stderr.contains("adapted rows with an empty system cell given the first row's system prompt"), "\(convert.stderr)")
        #expect(Self.read(URL(fileURLWithPath: out + "/train.jsonl")).contains(#""tools":[{"type":"function","function":{"name":"get_order_status""#))
        let help = try Self.run(["help", "template"])
        for text in ["--as", "FORMAT.xlsx", "system_from_first_row"] { #expect(help.stdout.contains(text), "\(text)") }
    }

    /// The binary copied alone into an empty folder outside the clone, with no TUNEKIT_* variables, still lists
    /// and writes every template and runs every built-in recipe by name on its sample (copied beside it).
    @Test func aCopiedBinaryCarriesItsTemplatesAndRecipes() throws {
        let folder = Self.temporaryDirectory()
        #expect(!folder.path.hasPrefix(Self.repositoryRoot.path))
        let copy = folder.appendingPathComponent("tunekit")
        try FileManager.default.copyItem(at: Self.binary, to: copy)
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TUNEKIT_") }
        func run(_ arguments: [String]) throws -> Outcome {
            try Self.run(arguments, directory: folder, executable: copy, environment: environment)
        }

        let list = try run(["template", "--list"])
        #expect(list.status == 0, "\(list.stderr)")
        for format in ["chat", "tools", "thinking", "dpo", "image-gen", "vision"] {
            #expect(list.stdout.contains("\(format).csv (built in)"), "\(list.stdout)")
        }
        for format in ["chat", "tools", "thinking", "dpo", "image-gen", "vision"] {
            let written = try run(["template", format, "-o", "\(format).csv"])
            #expect(written.status == 0, "\(format): \(written.stderr)")
            let original = try Data(contentsOf: Self.repositoryRoot.appendingPathComponent("Templates/\(format).csv"))
            #expect(try Data(contentsOf: folder.appendingPathComponent("\(format).csv")) == original, "\(format)")
        }
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("tools.json").path))

        let converters = Self.repositoryRoot.appendingPathComponent("Converters")
        let names = try FileManager.default.contentsOfDirectory(atPath: converters.path).sorted()
        #expect(names == ["answer-ratings", "api-call-logs", "contract-extraction", "customer-service-faq",
                          "customer-service-transcript", "product-catalog", "product-photos", "product-workbook-image-gen",
                          "product-workbook-vision", "support-tickets"])
        for name in names {
            let source = converters.appendingPathComponent(name)
            // The sample the recipe's `sample` key names (relative to its folder).
            let recipeText = Self.read(source.appendingPathComponent("converter.yaml"))
            let sampleLine = try #require(recipeText.split(separator: "\n").first { $0.hasPrefix("sample: ") }, "\(name)")
            let samplePath = source.appendingPathComponent(String(sampleLine.dropFirst("sample: ".count))).standardized
            let sample = samplePath.lastPathComponent
            let work = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: samplePath, to: work.appendingPathComponent(sample))
            let photos = source.appendingPathComponent("photos")
            if FileManager.default.fileExists(atPath: photos.path) {
                try FileManager.default.copyItem(at: photos, to: work.appendingPathComponent("photos"))
            }
            var extra: [String] = []
            let tools = source.appendingPathComponent("tools.json")
            if FileManager.default.fileExists(atPath: tools.path) {
                try FileManager.default.copyItem(at: tools, to: work.appendingPathComponent("tools.json"))
                extra = ["--tools", name + "/tools.json"]
            }
            let out = "out-" + name
            let converted = try run(["convert", name + "/" + sample, "--converter", name, "-o", out] + extra)
            #expect(converted.status == 0, "\(name): \(converted.stderr)")
            #expect(converted.stderr.contains("read "), "\(name): \(converted.stderr)")
            let train = Self.read(folder.appendingPathComponent(out + "/train.jsonl"))
            #expect(train.split(separator: "\n").count > 3, "\(name)")
            #expect(Self.read(folder.appendingPathComponent(out + "/report.json")).contains(#""counts""#), "\(name)")
        }

        // A folder given by flag or variable is read first.
        let mine = folder.appendingPathComponent("my-recipes")
        try FileManager.default.createDirectory(at: mine, withIntermediateDirectories: true)
        try "to: chat\nuser: \"{{问题}}\"\nassistant: \"{{答案}}\"\nvalidation: 2\n"
            .write(to: mine.appendingPathComponent("customer-service-faq.yaml"), atomically: true, encoding: .utf8)
        let faq = "customer-service-faq/sample.csv"
        let flagged = try run(["convert", faq, "--converter", "customer-service-faq", "--converters", mine.path, "-o", "mine"])
        #expect(flagged.status == 0, "\(flagged.stderr)")
        #expect(!Self.read(folder.appendingPathComponent("mine/train.jsonl")).contains(#""role":"system""#))
        #expect(flagged.stderr.contains(", validation 7,"), "\(flagged.stderr)")  // 2 asked: whole groups of similar questions follow
        var withVariable = environment
        withVariable["TUNEKIT_CONVERTERS"] = mine.path
        let variable = try Self.run(["convert", faq, "--converter", "customer-service-faq", "-o", "mine"],
                                    directory: folder, executable: copy, environment: withVariable)
        #expect(variable.stderr.contains(", validation 7,"), "\(variable.stderr)")
        let missing = try run(["template", "chat", "--templates", "no-such-folder"])
        #expect(missing.status == 2 && missing.stderr.contains("--templates: no folder 'no-such-folder'"), "\(missing.stderr)")
    }

    @Test func helpDocumentsTheFlags() throws {
        let result = try Self.run(["help", "convert"])
        #expect(result.status == 0)
        for flag in ["--to", "--user", "--assistant", "--category", "--validation", "--seed", "--dedup", "--converter", "--encoding",
                     "--sheet", "--header-row", "--no-fill-merged", "--skip-hidden-rows", "--tools", "--reasoning",
                     "--image-mode", "--image-root", "--max-side", "--max-image-bytes", "--background", "--converters",
                     "TUNEKIT_CONVERTERS"] {
            #expect(result.stdout.contains(flag), "\(flag)")
        }
        let template = try Self.run(["help", "template"])
        for text in ["--templates", "TUNEKIT_TEMPLATES", "--list", "built into tunekit"] {
            #expect(template.stdout.contains(text), "\(text)")
        }
    }

    static func imageFixture(_ name: String) -> String {
        repositoryRoot.appendingPathComponent("Tests/TuneKitImagesTests/Fixtures/" + name).path
    }

    @Test func imagesPreparesPicturesAndReportsRejects() throws {
        let out = Self.temporaryDirectory()
        let outcome = try Self.run(["images", Self.imageFixture("orient-6.jpg"), Self.imageFixture("truncated.png"),
                                    "-o", out.path, "--manifest", "--crop", "16x16", "--jobs", "2"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("prepared 1, rejected 1"))
        #expect(outcome.stderr.contains("[img.corrupt]"))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("orient-6.jpg").path))
        #expect(Self.read(out.appendingPathComponent("manifest.jsonl")).contains("\"width\":16,\"height\":16"))
        let strict = try Self.run(["images", Self.imageFixture("truncated.png"), "-o", out.path, "--strict"])
        #expect(strict.status == 1)
    }

    @Test(arguments: [["images"], ["images", "/nonexistent.jpg"], ["images", "x.jpg", "--crop", "16"],
                      ["images", "x.jpg", "--format", "gif"], ["images", "x.jpg", "--crop", "8x8", "--pad", "9x9"],
                      ["convert", "x.csv", "--image-mode", "inline"], ["images", "x.jpg", "--max-bytes", "lots"]])
    func imageUsageErrorsExitTwo(_ arguments: [String]) throws {
        let outcome = try Self.run(arguments, directory: Self.temporaryDirectory())
        #expect(outcome.status == 2, "\(arguments): \(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
    }
}

extension CLITests {
    /// A run that rejects every row shows the reason, the first location and the fix on the console: 15
    /// captions naming local pictures while images stay URLs.
    @Test func anAllRejectedRunShowsTheReasonAndTheFix() throws {
        let folder = Self.temporaryDirectory()
        var csv = "image,question,answer\n"
        for index in 1...15 { csv += "photos/p\(index).jpg,图里是什么？,一张商品照片 \(index)\n" }
        try csv.write(to: folder.appendingPathComponent("captions.csv"), atomically: true, encoding: .utf8)
        let result = try Self.run(["convert", "captions.csv", "-o", "out"], directory: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("read 15: train 0, duplicates 0, rejected 15 → out/"), "\(result.stderr)")
        #expect(result.stderr.contains("mapping: user ← {{question}} (column name)"), "\(result.stderr)")
        #expect(result.stderr.contains(
            "rejected: 15 map.local_image, first at captions.csv:2 — fix: add --image-mode base64 (and --image-root DIR if the pictures are elsewhere)"),
            "\(result.stderr)")
        #expect(!result.stderr.contains("sample ("), "no line was written")
        let quiet = try Self.run(["convert", "captions.csv", "-o", "out", "--quiet"], directory: folder)
        #expect(quiet.status == 1 && quiet.stderr.isEmpty, "\(quiet.stderr)")
    }

    /// A typical run: the mapping, the unused columns and one sample line cut to 100 columns when stderr is
    /// not a terminal.
    @Test func theSummaryShowsMappingUnusedColumnsAndASample() throws {
        let folder = Self.temporaryDirectory()
        let csv = "问题,答案,备注\n" + (1...3).map { "问题\($0)" + String(repeating: "长", count: 80) + ",回答\($0),内部\n" }.joined()
        try csv.write(to: folder.appendingPathComponent("faq.csv"), atomically: true, encoding: .utf8)
        let result = try Self.run(["convert", "faq.csv", "-o", "out"], directory: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains("mapping: user ← {{问题}} (column name)"), "\(lines)")
        #expect(lines.contains("         assistant ← {{答案}} (column name)"), "\(lines)")
        #expect(lines.contains("unused columns: 备注"), "\(lines)")
        #expect(lines.contains("sample (faq.csv:2):"), "\(lines)")
        // The record as its turns, one line each; the long question is cut.
        let sample = try #require(lines.first { $0.hasPrefix("  user: 问题1长长") }, "\(lines)")
        #expect(sample.hasSuffix("…"))
        #expect(lines.contains("  assistant: 回答1"), "\(lines)")
        // Wide characters take two columns: the cut line fits in 100.
        let columns = sample.unicodeScalars.reduce(0) { $0 + ((0x4E00...0x9FFF).contains($1.value) ? 2 : 1) }
        #expect(columns <= 100 && columns >= 98, "\(columns)")
        #expect(lines.count <= 15, "\(lines)")
    }

    /// A preference record's sample shows the prompt and both replies, labelled.
    @Test func aDPOSampleShowsBothReplies() throws {
        let folder = Self.temporaryDirectory()
        let csv = "prompt,chosen,rejected\n退货要多久？,收到退货后 3 个工作日内退款。,不知道。\n"
        try csv.write(to: folder.appendingPathComponent("ratings.csv"), atomically: true, encoding: .utf8)
        let result = try Self.run(["convert", "ratings.csv", "--to", "dpo", "-o", "out"], directory: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains("  user: 退货要多久？"), "\(lines)")
        #expect(lines.contains("  preferred: 收到退货后 3 个工作日内退款。"), "\(lines)")
        #expect(lines.contains("  non-preferred: 不知道。"), "\(lines)")
    }
}
