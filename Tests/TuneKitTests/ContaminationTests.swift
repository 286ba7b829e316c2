import Testing
@testable import TuneKit

/// `--against EVAL.jsonl`: training records whose prompt equals or is near a held-out evaluation record's are
/// rejected as `clean.contaminated`, naming the evaluation record. The evaluation files are LLaMA-Factory's demo
/// data (`Fixtures/dialects`, third-party), written in the platform's formats by `convert` itself.
@Suite("Held-out evaluation set")
struct ContaminationTests {
    private static func dialect(_ name: String) -> String { Fixture.path("dialects/" + name) }

    /// Converts a LLaMA-Factory demo file to the platform's `format`: the evaluation file.
    private static func evaluationFile(_ demo: String, _ format: OutputFormat,
                                       _ configure: (inout ConvertOptions) -> Void = { _ in }) throws -> String {
        let directory = Fixture.temporaryDirectory()
        var options = ConvertOptions(inputs: [dialect(demo)], format: format, outputDirectory: directory, dedup: .none)
        configure(&options)
        let result = try ConvertJob(options: options).run()
        #expect(result.report.counts.train > 0)
        return directory + "/train.jsonl"
    }

    private static func convert(_ inputs: [String], _ format: OutputFormat, against: [String], byteLane: Bool = true,
                                dedup: ConvertOptions.DedupMode = .exact) throws -> (ConversionReport, [String: String]) {
        let directory = Fixture.temporaryDirectory()
        var options = ConvertOptions(inputs: inputs, format: format, outputDirectory: directory, dedup: dedup)
        options.useFastLane = byteLane
        options.against = against
        let report = try ConvertJob(options: options).run().report
        // Reject messages by source.
        var messages: [String: String] = [:]
        let text = (try? String(contentsOfFile: directory + "/rejects.jsonl", encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n") {
            let object = try JSONReader.parse(String(line)).value
            #expect(object["reason"]?.stringValue == "clean.contaminated")
            messages[object["source"]?.stringValue ?? "?"] = object["message"]?.stringValue
        }
        return (report, messages)
    }

    /// Chat from a CSV through both lanes, against the Alpaca demo: the same question is an exact match, the same
    /// question lower-cased without its full stop a near one, another question is kept.
    @Test(arguments: [true, false])
    func chatAgainstAlpacaDemo(byteLane: Bool) throws {
        let eval = try Self.evaluationFile("alpaca_en_demo.json", .chat)
        let csv = Fixture.write("""
            question,answer
            Describe a process of making crepes.,Mix and fry.
            "give an example of a job that a computer can do better than a human being",Arithmetic.
            退货要多久？,7 天。
            Make a persuasive argument to promote recycling,It saves resources.

            """, name: "train.csv")
        let (report, messages) = try Self.convert([csv], .chat, against: [eval], byteLane: byteLane)
        #expect(report.counts == ConversionReport.Counts(read: 4, train: 1, validation: 0, duplicates: 0, rejected: 3, contaminated: 3))
        #expect(report.counts.balanced)
        #expect(messages["\(csv):2"]?.contains("(\(eval):1, exact)") == true)
        // Lower-cased and without its full stop: every word shingle agrees (the shingles ignore case and
        // punctuation), so it is similar at 1 rather than equal.
        #expect(messages["\(csv):3"]?.contains("(\(eval):5, similar 1") == true, "\(messages["\(csv):3"] ?? "")")
        #expect(messages["\(csv):5"]?.contains("(\(eval):3, ") == true)
        #expect(messages["\(csv):4"] == nil)
        #expect(report.contamination?.exact == 1 && report.contamination?.similar == 2)
        #expect(report.contamination?.evaluationRecords == 20)
        #expect(report.json["counts"]?["contaminated"] == .int(3))
        #expect(report.rejectsByReason["clean.contaminated"] == 3)
        #expect(report.warnings.contains { $0.code == "content.contaminated" && $0.message.contains("\(csv):2 and \(eval):1, exact") })
        let page = ReportPage(document: report.json).render()
        #expect(page.contains("Conflicts and evaluation overlap") && page.contains("<code>\(HTMLText.escape(eval)):1</code>"))
    }

    /// DPO: the prompt is the input messages; a preference pair on an evaluation prompt is rejected whatever its
    /// replies, one on another prompt kept.
    @Test func dpoAgainstDPODemo() throws {
        let eval = try Self.evaluationFile("dpo_en_demo.json", .dpo)
        let demo = try JSONReader.parse(Fixture.read(Self.dialect("dpo_en_demo.json"))).value
        let prompt = try #require(demo.arrayValue?.first?["conversations"]?.arrayValue?.first?["value"]?.stringValue)
        func line(_ user: String) -> String {
            var writer = JSONWriter(capacity: 256)
            writer.string(user)
            let text = String(decoding: writer.bytes, as: UTF8.self)
            return #"{"input":{"messages":[{"role":"user","content":\#(text)}]},"preferred_output":[{"role":"assistant","content":"Yes."}],"non_preferred_output":[{"role":"assistant","content":"No."}]}"#
        }
        let near = prompt.replacingOccurrences(of: "Hi! ", with: "Hello! ")
        let input = Fixture.write([line(prompt), line(near), line("北京天气如何？")].joined(separator: "\n") + "\n", name: "pairs.jsonl")
        let (report, messages) = try Self.convert([input], .dpo, against: [eval])
        #expect(report.counts == ConversionReport.Counts(read: 3, train: 1, validation: 0, duplicates: 0, rejected: 2, contaminated: 2))
        #expect(messages["\(input):1"]?.contains("(\(eval):1, exact)") == true)
        #expect(messages["\(input):2"]?.contains("(\(eval):1, similar") == true)
        #expect(messages["\(input):3"] == nil)
    }

    /// Vision, against the multimodal demo (its pictures inlined): the demo's own first record is contaminated,
    /// a question about a picture that the evaluation set does not ask is kept.
    @Test func visionAgainstMultimodalDemo() throws {
        let eval = try Self.evaluationFile("mllm_demo.json", .vision) { $0.images = ImageEmbedding(mode: .base64, jobs: 1) }
        let first = try #require(Fixture.read(eval).split(separator: "\n").first)
        let other = #"{"messages":[{"role":"user","content":[{"type":"text","text":"What colour is the ball in this photo?"},{"type":"image_url","image_url":{"url":"https://example.com/ball.jpg"}}]},{"role":"assistant","content":"White."}]}"#
        let input = Fixture.write(String(first) + "\n" + other + "\n", name: "vision.jsonl")
        let (report, messages) = try Self.convert([input], .vision, against: [eval])
        #expect(report.counts == ConversionReport.Counts(read: 2, train: 1, validation: 0, duplicates: 0, rejected: 1, contaminated: 1))
        #expect(messages["\(input):1"]?.contains("(\(eval):1, exact)") == true)
        #expect(report.contamination?.files == [eval])
    }

    /// Without `--against` the report is as before: no `contaminated` count, no `contamination` object.
    @Test func withoutAgainstTheReportIsUnchanged() throws {
        let csv = Fixture.write("question,answer\n退货要多久？,7 天。\n", name: "plain.csv")
        let (report, _) = try Self.convert([csv], .chat, against: [])
        #expect(report.contamination == nil)
        #expect(report.json["counts"]?["contaminated"] == nil)
        #expect(report.json["contamination"] == nil)
    }

    /// An evaluation file with no record is refused, naming it: a check against nothing would pass everything.
    @Test func emptyEvaluationFileIsRefused() throws {
        let empty = Fixture.write("not json\n", name: "eval.jsonl")
        let csv = Fixture.write("question,answer\n退货要多久？,7 天。\n", name: "plain.csv")
        #expect(throws: ConvertError.self) { _ = try Self.convert([csv], .chat, against: [empty]) }
    }

    /// `tunekit dedup --against`: contaminated records leave the file, to the duplicates file with the
    /// evaluation record; others stay byte for byte.
    @Test func dedupJobDropsContaminatedRecords() throws {
        let eval = try Self.evaluationFile("alpaca_en_demo.json", .chat)
        let input = Fixture.write("""
            {"messages":[{"role":"user","content":"Describe a process of making crepes."},{"role":"assistant","content":"Fry."}]}
            {"messages":[{"role":"user","content":"怎么付款？"},{"role":"assistant","content":"支付宝。"}]}

            """, name: "old.jsonl")
        let folder = Fixture.temporaryDirectory()
        var job = DedupJob(input: input, output: folder + "/kept.jsonl", duplicatesFile: folder + "/dropped.jsonl")
        job.against = [eval]
        let result = try job.run()
        #expect(result.contaminated == 1 && result.kept == 1)
        #expect(Fixture.read(folder + "/kept.jsonl").contains("怎么付款"))
        #expect(Fixture.read(folder + "/dropped.jsonl").contains(#""contaminated_by":"\#(eval):1, exact""#))
    }

    @Test func nearQueryFindsWithoutStoring() {
        var index = NearDuplicateIndex(threshold: 0.8)
        let stored = NearDuplicateIndex.signature(of: "How long does a refund take after the parcel arrives back?")
        #expect(index.insert(stored) == nil)
        #expect(index.query(NearDuplicateIndex.signature(of: "how long does a refund take after the parcel arrives back")) == 0)
        #expect(index.query(NearDuplicateIndex.signature(of: "Which payment methods do you accept at checkout?")) == nil)
        #expect(index.count == 1)
    }
}
