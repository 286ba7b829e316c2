import Foundation
import Testing
@testable import TuneKit

/// `report.json` against its JSON Schema (`Sources/TuneKit/Report/report.schema.json`): the checker itself
/// rejects documents that break the schema, and every report a table of conversions writes conforms.
@Suite("report.json schema")
struct ReportSchemaTests {
    static let schema: JSONValue = {
        let path = Fixture.repositoryRoot.appendingPathComponent("Sources/TuneKit/Report/report.schema.json").path
        return try! JSONReader.parse(Fixture.bytes(path)).value
    }()

    static var checker: SchemaChecker { SchemaChecker(root: schema) }

    /// A minimal report that conforms, which the rejection cases below break one key at a time.
    static let minimal = """
    {"schema_version": 2, "format": "chat", "inputs": [{"file": "a.csv", "rows": 3, "encoding": "utf-8", "blank_rows_skipped": 0}],
     "mapping": {"user": {"template": "{{q}}", "how": "given"}}, "unused_columns": [],
     "options": {"to": "chat", "dedup": "exact", "validation": 0.1, "seed": 42, "redact": false, "image_mode": "url"},
     "counts": {"read": 3, "train": 2, "validation": 0, "duplicates": 0, "rejected": 1},
     "rejects_by_reason": {"map.empty_user": 1},
     "reject_reasons": [{"code": "map.empty_user", "count": 1, "first": "a.csv:3", "message": "empty", "fix": "fill it"}],
     "categories": {"(none)": {"records": 2, "share": 1, "validation": 0}},
     "tokens": {"train": 10, "validation": 0, "method": "heuristic", "exact": false, "error_bar": "±3 %"},
     "lengths": {"user": {"unit": "characters", "bounds": [0, 20], "counts": [0, 2, 0], "min": 3, "median": 3, "max": 4}},
     "duplicate_clusters": [], "files": [{"name": "train.jsonl", "role": "train", "lines": 2, "bytes": 100}], "warnings": []}
    """

    @Test func theMinimalReportConforms() throws {
        #expect(Self.checker.problems(of: try JSONReader.parse(Self.minimal).value) == [])
    }

    /// Each edit breaks one rule of the schema; the checker names the place.
    @Test(arguments: [
        (#""seed": 42"#, #""seed": "42""#, "/options/seed"),
        (#""read": 3"#, #""read": "3""#, "/counts/read"),
        (#""redact": false"#, #""redact": "false""#, "/options/redact"),
        (#""validation": 0.1"#, #""validation": -1"#, "/options/validation"),
        (#""share": 1"#, #""share": "1""#, "/categories/(none)/share"),
        (#""schema_version": 2"#, #""schema_version": 1"#, "/schema_version"),
        (#""format": "chat""#, #""format": "sft""#, "/format"),
        (#""rows": 3"#, #""rows": true"#, "/inputs/0/rows"),
        (#""count": 1, "first""#, #""count": 0, "first""#, "/reject_reasons/0/count"),
        (#""median": 3"#, #""median": 3.5"#, "/lengths/user/median"),
        (#""lengths": {"user""#, #""lengths": {"tool""#, "/lengths/tool"),
        (#""exact": false"#, #""exact": 0"#, "/tokens/exact"),
        (#""unused_columns": []"#, #""unused_columns": [1]"#, "/unused_columns/0"),
        (#""duplicate_clusters": []"#, #""duplicate_clusters": [{"kept": "a.csv:2", "duplicates": [], "count": 1}]"#, "/duplicate_clusters/0"),
        (#""warnings": []"#, #""warnings": [], "extra": 1"#, "/extra"),
        (#""bytes": 100"#, #""bytes": 1e2, "images": -1"#, "/files/0/images"),
    ])
    func theCheckerRejectsABrokenReport(original: String, broken: String, pointer: String) throws {
        #expect(Self.minimal.contains(original))
        #expect(Self.minimal.contains(broken) == false)
        let document = try JSONReader.parse(Self.minimal.replacingOccurrences(of: original, with: broken)).value
        let problems = Self.checker.problems(of: document)
        #expect(problems.contains { $0.hasPrefix(pointer + ":") }, "\(problems)")
    }

    @Test func aMissingRequiredKeyIsNamed() throws {
        let document = try JSONReader.parse(Self.minimal.replacingOccurrences(of: #""unused_columns": [],"#, with: "")).value
        #expect(Self.checker.problems(of: document) == [": the required key unused_columns is missing"])
    }

    @Test func keywordsOutsideTheSubsetAreReported() throws {
        let schema = try JSONReader.parse(#"{"type": "string", "pattern": "^a"}"#).value
        #expect(SchemaChecker(root: schema).problems(of: .string("b")) == [": the schema uses pattern, which this checker does not support"])
    }

    // MARK: Written reports

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var inputs: [String]
        var recipe: String?
        var flags: [Recipe.Key: String]
        var redact = false
        var testDescription: String { name }
    }

    static let root = Fixture.repositoryRoot.path

    static let cases: [Case] = [
        Case(name: "CSV with a recipe and --validation 0.1", inputs: [root + "/Converters/customer-service-faq/sample.csv"],
             recipe: "customer-service-faq", flags: [:]),
        Case(name: "CSV, --redact, --dedup near, --validation 50", inputs: [root + "/Converters/customer-service-faq/sample.csv"],
             recipe: "customer-service-faq", flags: [.dedup: "near", .validation: "50"], redact: true),
        Case(name: "XLSX catalogue", inputs: [root + "/Converters/product-catalog/sample.xlsx"], recipe: "product-catalog", flags: [:]),
        Case(name: "ODS by LibreOffice", inputs: [Fixture.path("sheets/faq.ods")], recipe: nil, flags: [:]),
        Case(name: "transcript with its recipe", inputs: [root + "/Converters/customer-service-transcript/sample.txt"],
             recipe: "customer-service-transcript", flags: [:]),
        Case(name: "JSONL chat", inputs: [Fixture.path("jsonl/chat.jsonl")], recipe: nil, flags: [.to: "chat"]),
        Case(name: "JSONL dpo", inputs: [Fixture.path("jsonl/dpo.jsonl")], recipe: nil, flags: [.to: "dpo"]),
        Case(name: "LLaMA-Factory dpo demo", inputs: [Fixture.path("dialects/dpo_en_demo.json")], recipe: nil, flags: [:]),
        Case(name: "vision, base64 pictures (LLaMA-Factory mllm demo)", inputs: [Fixture.path("dialects/mllm_demo.json")],
             recipe: nil, flags: [.imageMode: "base64"]),
        Case(name: "vision, product photos recipe", inputs: [root + "/Converters/product-photos/sample.csv"],
             recipe: "product-photos", flags: [.imageRoot: root + "/Converters/product-photos"]),
        Case(name: "all formats CSV, thinking", inputs: [Fixture.path("formats/all-formats.csv")], recipe: nil,
             flags: [.to: "thinking", .allowUnused: "true"]),
        Case(name: "all formats CSV, image-gen", inputs: [Fixture.path("formats/all-formats.csv")], recipe: nil,
             flags: [.to: "image-gen", .allowUnused: "true"]),
        Case(name: "conflicting answers, --conflicts first", inputs: [Fixture.path("csv/conflicts.csv")], recipe: nil,
             flags: [.conflicts: "first"]),
        Case(name: "JSONL chat --against itself", inputs: [Fixture.path("jsonl/chat.jsonl")], recipe: nil,
             flags: [.to: "chat", .against: Fixture.path("jsonl/chat.jsonl")]),
    ]

    @Test(arguments: cases)
    func everyWrittenReportConforms(_ test: Case) throws {
        let out = Fixture.temporaryDirectory()
        var flags = test.flags
        flags[.output] = out
        if test.redact { flags[.redact] = "true" }
        let recipe = try test.recipe.map { try Recipe.load(nameOrPath: $0, folder: Self.root + "/Converters") }
        var overrides = Recipe()
        for (key, value) in flags.sorted(by: { $0.key.rawValue < $1.key.rawValue }) { try overrides.set(key, text: value) }
        let options = try ConvertOptions(inputs: test.inputs, recipe: recipe ?? Recipe(origin: .file("-")), overriding: overrides)
        let result = try ConvertJob(options: options).run()
        let report = try JSONReader.parse(Fixture.bytes(out + "/report.json")).value
        #expect(Self.checker.problems(of: report) == [], "\(test.name)")
        #expect(report == result.report.json)
        #expect(result.report.counts.read > 0)
    }
}
