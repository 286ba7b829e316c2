import Foundation
import Testing
@testable import TuneKit

@Suite("Conversion end to end (library)")
struct ConvertJobTests {
    static var sample: String {
        Fixture.repositoryRoot.appendingPathComponent("Converters/customer-service-faq/sample.csv").path
    }

    private func run(_ inputs: [String], validation: SplitPlanner.Amount? = .fraction(0.1), fastLane: Bool = true,
                     dedup: ConvertOptions.DedupMode = .exact, seed: UInt64 = 42,
                     mapping: MappingSpec = MappingSpec()) throws -> (ConvertJob.Result, String) {
        let directory = Fixture.temporaryDirectory()
        var options = ConvertOptions(inputs: inputs, outputDirectory: directory, mapping: mapping, dedup: dedup,
                                     validation: validation, seed: seed)
        options.useFastLane = fastLane
        return (try ConvertJob(options: options).run(), directory)
    }

    private func lines(_ path: String) -> [String] {
        Fixture.read(path).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    @Test func everyRecordEndsSomewhereAndCountsAddUp() throws {
        let (result, directory) = try run([Self.sample])
        let counts = result.report.counts
        #expect(counts.read == 348)
        #expect(counts.duplicates == 2)
        #expect(counts.rejected == 1)
        #expect(counts.balanced)
        #expect(counts.validation == 42)  // 34.5 asked; groups of near-duplicate records move it
        #expect(lines(directory + "/train.jsonl").count == counts.train)
        #expect(lines(directory + "/validation.jsonl").count == counts.validation)
        #expect(lines(directory + "/duplicates.jsonl").count == counts.duplicates)
        #expect(lines(directory + "/rejects.jsonl").count == counts.rejected)
        let report = try JSONReader.parse(Fixture.bytes(directory + "/report.json")).value
        #expect(report["counts"]?["read"] == .number("348"))
        #expect(report["counts"]?["train"] == .number(String(counts.train)))
        #expect(result.exitStatus == 0)
        #expect(!FileManager.default.fileExists(atPath: directory + "/.tunekit-spool-\(getpid()).jsonl"))
    }

    /// A lone surrogate escape (`\ud800`) would be decoded as U+FFFD, and of a key given twice only one value
    /// would be written, changing the text: each line is a reject naming the validator's code and its line, on
    /// the plain and the repairing reader (convert's), and in a whole conversion; a surrogate pair passes.
    @Test func loneSurrogateIsRejectedNotReplaced() throws {
        let folder = Fixture.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let input = folder + "/chat.jsonl"
        let lines = [
            #"{"messages":[{"role":"user","content":"表情 \ud83d\ude00 好"},{"role":"assistant","content":"好的"}]}"#,
            #"{"messages":[{"role":"user","content":"坏的 \ud800 转义"},{"role":"assistant","content":"好的"}]}"#,
            #"{"messages":[{"role":"user","content":"A","content":"B"},{"role":"assistant","content":"好的"}]}"#,
        ]
        try (lines.joined(separator: "\n") + "\n").write(toFile: input, atomically: true, encoding: .utf8)
        for repairing in [false, true] {
            let read = try JSONLOutcome(reader: JSONLRecordReader(source: ByteSource(path: input), repairing: repairing))
            let rejects = read.rejects
            #expect(read.records.count == 1 && rejects.count == 2, "repairing: \(repairing)")
            #expect(rejects.first?.message.contains("enc.control_chars") == true)
            #expect(rejects.first?.source.line == 2)
            #expect(rejects.last?.message.contains(#"[json.duplicate_key]: the key "content" appears twice"#) == true, "\(rejects.last?.message ?? "")")
            #expect(rejects.last?.source.line == 3)
        }
        let (result, directory) = try run([input], validation: nil)
        #expect(result.report.counts.train == 1 && result.report.counts.rejected == 2)
        #expect(Fixture.read(directory + "/train.jsonl").contains("😀"))
        #expect(!Fixture.read(directory + "/train.jsonl").contains("\u{FFFD}"))
        #expect(Fixture.read(directory + "/rejects.jsonl").contains("chat.jsonl:2"))
    }

    @Test func duplicatesNameWhatTheyDuplicate() throws {
        let (_, directory) = try run([Self.sample])
        let duplicates = try lines(directory + "/duplicates.jsonl").map { try JSONReader.parse($0).value }
        let sources = duplicates.compactMap { $0["source"]?.stringValue?.split(separator: ":").last.map(String.init) }
        let originals = duplicates.compactMap { $0["duplicate_of_source"]?.stringValue?.split(separator: ":").last.map(String.init) }
        #expect(sources == ["217", "308"])
        #expect(originals == ["44", "97"])
        #expect(duplicates.allSatisfy { $0["id"] == $0["duplicate_of"] && $0["record"]?["messages"] != nil })
    }

    @Test func rejectsCarryLocationReasonAndFields() throws {
        let (_, directory) = try run([Self.sample])
        let reject = try JSONReader.parse(lines(directory + "/rejects.jsonl")[0]).value
        #expect(reject["source"]?.stringValue?.hasSuffix("sample.csv:239") == true)
        #expect(reject["reason"] == .string("map.empty_assistant"))
        #expect(reject["fields"]?["答案"] == .string(""))
    }

    @Test func sameInputFlagsAndSeedGiveIdenticalBytes() throws {
        let (_, first) = try run([Self.sample])
        let (_, second) = try run([Self.sample])
        for name in ["train.jsonl", "validation.jsonl", "rejects.jsonl", "duplicates.jsonl", "report.json"] {
            #expect(Fixture.bytes(first + "/" + name) == Fixture.bytes(second + "/" + name), "\(name)")
        }
        let (_, otherSeed) = try run([Self.sample], seed: 7)
        #expect(Fixture.bytes(first + "/validation.jsonl") != Fixture.bytes(otherSeed + "/validation.jsonl"))
    }

    /// The byte-level lane and the model path write the same bytes, on the sample and on every CSV fixture.
    @Test(arguments: [
        "sample", "csv/utf8-bom.csv", "csv/gbk.csv", "csv/quoted-newlines.csv", "csv/ragged.csv",
        "csv/unterminated-quote.csv", "csv/empty-fields.csv", "csv/invalid-utf8-late.csv", "csv/utf16le-bom.txt",
    ])
    func fastLaneMatchesTheModelPath(file: String) throws {
        let path = file == "sample" ? Self.sample : Fixture.path(file)
        let (fast, fastDirectory) = try run([path], fastLane: true)
        let (slow, slowDirectory) = try run([path], fastLane: false)
        #expect(fast.report.counts == slow.report.counts)
        for name in ["train.jsonl", "validation.jsonl", "rejects.jsonl", "duplicates.jsonl", "report.json"] {
            #expect(Fixture.bytes(fastDirectory + "/" + name) == Fixture.bytes(slowDirectory + "/" + name), "\(name)")
        }
    }

    @Test func fastLaneMatchesWithTemplatesAndEdgeSpaces() throws {
        let csv = "q,a,c\n\u{3000}问,答\u{00A0},x\n  plain  ,\"two\nlines\",\n\"say \"\"hi\"\"\",ok,y\n"
        let path = Fixture.write(csv, name: "edges.csv")
        let mapping = MappingSpec(system: try FieldTemplate("Sys {{c}}"), user: try FieldTemplate("Q: {{q}}"),
                                  assistant: try FieldTemplate("{{a}}"), category: try FieldTemplate("{{c}}"))
        let (_, fast) = try run([path], validation: nil, fastLane: true, mapping: mapping)
        let (_, slow) = try run([path], validation: nil, fastLane: false, mapping: mapping)
        #expect(Fixture.bytes(fast + "/train.jsonl") == Fixture.bytes(slow + "/train.jsonl"))
        #expect(lines(fast + "/train.jsonl").first == #"{"messages":[{"role":"system","content":"Sys x"},{"role":"user","content":"Q: \#u{3000}问"},{"role":"assistant","content":"答"}]}"#)
    }

    /// With and without a system prompt, every line has the keys, order and value kinds of the platform's
    /// own example lines.
    @Test(arguments: [("你是客服。", "jsonl/chat.jsonl"), (nil, "jsonl/chat-no-system.jsonl")] as [(String?, String)])
    func trainLinesHaveTheDocumentedShape(system: String?, example: String) throws {
        let (_, directory) = try run([Self.sample], validation: nil, mapping: MappingSpec(
            system: try system.map { try FieldTemplate($0) }, user: try FieldTemplate("{{问题}}"),
            assistant: try FieldTemplate("{{答案}}")))
        let exampleShape = shape(try JSONReader.parse(Fixture.bytes(Fixture.path(example))).value)
        let written = lines(directory + "/train.jsonl")
        #expect(written.count == 345)
        for line in written {
            #expect(shape(try JSONReader.parse(line).value) == exampleShape)
        }
    }

    @Test func readsTSVByExtensionAndByFlag() throws {
        let text = "问题\t答案\n退货要多久？\t7 个工作日, 原路退回。\n"
        let tsv = Fixture.write(text, name: "faq.tsv")
        let (result, directory) = try run([tsv], validation: nil)
        #expect(result.report.counts.train == 1)
        #expect(lines(directory + "/train.jsonl") == [#"{"messages":[{"role":"user","content":"退货要多久？"},{"role":"assistant","content":"7 个工作日, 原路退回。"}]}"#])
        var options = ConvertOptions(inputs: [Fixture.write(text, name: "faq.dat")], inputKind: .tsv,
                                     outputDirectory: Fixture.temporaryDirectory())
        options.validation = nil
        #expect(try ConvertJob(options: options).run().report.counts.train == 1)
    }

    /// Keys and value kinds, recursively: what "matches the example key for key" means.
    private func shape(_ value: JSONValue) -> String {
        switch value {
        case .object(let object): return "{" + object.members.map { "\($0.key):\(shape($0.value))" }.joined(separator: ",") + "}"
        case .array(let items): return "[" + items.map(shape).joined(separator: ",") + "]"
        case .string: return "s"
        default: return value.kindDescription
        }
    }

    @Test func dedupNoneKeepsDuplicatesOnOneSide() throws {
        let (result, directory) = try run([Self.sample], dedup: .none)
        #expect(result.report.counts.duplicates == 0)
        #expect(result.report.counts.train + result.report.counts.validation == 347)
        let train = Set(lines(directory + "/train.jsonl"))
        let validation = Set(lines(directory + "/validation.jsonl"))
        let original = #"{"messages":[{"role":"user","content":"无门槛5元的优惠券可以和积分一起用吗？"}"#
        let both = train.filter { $0.hasPrefix(original) }.count + validation.filter { $0.hasPrefix(original) }.count
        #expect(both >= 1)
        #expect(train.filter { $0.hasPrefix(original) }.isEmpty || validation.filter { $0.hasPrefix(original) }.isEmpty)
    }

    /// A count is met exactly when no records must stay together; the sample's templated questions that share an
    /// answer are near duplicates as whole records, and whole groups follow their first record, so 55 here.
    @Test func splitByCountIsNearTheCount() throws {
        let (result, _) = try run([Self.sample], validation: .count(50))
        #expect(result.report.counts.validation == 55)
        #expect(result.report.leakage?.pairs == 0)
        #expect(result.report.counts.balanced)
    }

    @Test func severalInputsAreCountedTogether() throws {
        let (result, directory) = try run([Fixture.path("csv/utf8-bom.csv"), Fixture.path("csv/gbk.csv")], validation: nil)
        #expect(result.report.counts.read == 6)
        #expect(result.report.counts.duplicates == 3)
        #expect(result.report.inputs.map { $0.facts.first { $0.key == "encoding" }?.value } == ["UTF-8 with BOM", "GB18030"])
        let duplicate = try JSONReader.parse(lines(directory + "/duplicates.jsonl")[0]).value
        #expect(duplicate["duplicate_of_source"]?.stringValue?.hasSuffix("utf8-bom.csv:2") == true)
    }

    @Test func nothingUsableExitsWithOne() throws {
        let path = Fixture.write("question,answer\nq,\n", name: "none.csv")
        let (result, _) = try run([path], validation: nil)
        #expect(result.exitStatus == 1)
        #expect(result.report.counts.rejected == 1)
    }

    @Test func unreadableInputLeavesNoFiles() throws {
        let directory = Fixture.temporaryDirectory()
        let options = ConvertOptions(inputs: [Fixture.path("csv/utf8-plain.csv"), "/nonexistent.csv"], outputDirectory: directory)
        #expect(throws: ConvertError.self) { try ConvertJob(options: options).run() }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    @Test func spreadsheetInputIsRefusedWithAReason() {
        let options = ConvertOptions(inputs: ["faq.xlsx"], outputDirectory: Fixture.temporaryDirectory())
        do {
            _ = try ConvertJob(options: options).run()
            Issue.record("converted")
        } catch {
            #expect(error.exitStatus == 2)
            #expect(error.message.contains("xlsx"))
        }
    }

    /// Over the platform's size cap, the output is cut into numbered parts at line boundaries; together
    /// they hold exactly the lines of the single file, and a later run removes stale parts.
    @Test func largeOutputsAreSplitIntoParts() throws {
        let whole = try run([Self.sample], validation: nil).1
        let directory = Fixture.temporaryDirectory()
        var options = ConvertOptions(inputs: [Self.sample], outputDirectory: directory)
        options.profile.maxFileBytes = 20_000
        let result = try ConvertJob(options: options).run()
        let parts = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("train-") }.sorted()
        #expect(parts.count == 5)
        #expect(parts.first == "train-001.jsonl")
        var joined: [UInt8] = []
        for part in parts {
            let bytes = Fixture.bytes(directory + "/" + part)
            #expect(bytes.count <= 20_000)
            #expect(bytes.last == 0x0A)
            joined += bytes
        }
        #expect(joined == Fixture.bytes(whole + "/train.jsonl"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/train.jsonl"))
        #expect(result.report.outputs.filter { $0.role.hasPrefix("train part") }.map(\.lines).reduce(0, +) == result.report.counts.train)
        #expect(result.report.warnings.contains { $0.code == "file.parts" })
        // A run that fits in one file leaves no stale parts behind.
        _ = try ConvertJob(options: ConvertOptions(inputs: [Self.sample], outputDirectory: directory)).run()
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("train") } == ["train.jsonl"])
    }

    @Test func reportsCategoriesTokensAndWarnings() throws {
        let (result, _) = try run([Self.sample])
        let report = result.report
        #expect(report.categories.values.reduce(0, +) == report.counts.train + report.counts.validation)
        #expect(report.validationCategories.values.reduce(0, +) == report.counts.validation)
        #expect(report.estimatedTokens.train > 10_000)
        #expect(report.warnings.contains { $0.code == "content.category_share" && $0.message.contains("Account") })
        #expect(report.warnings.contains { $0.code == "convert.rejects" })
    }
}
