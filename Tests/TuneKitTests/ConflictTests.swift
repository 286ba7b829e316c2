import Testing
@testable import TuneKit

/// `--conflicts`: the same normalised prompt with different answers, found the same way by the byte lane and
/// the general path, counted, named and (with `first` or `drop`) rejected as `clean.conflict`.
@Suite("Conflicting answers")
struct ConflictTests {
    /// Written by Python's csv module (`Fixtures/csv/make_conflicts.py`); the record on line 7 spans two lines.
    static let csv = Fixture.path("csv/conflicts.csv")

    private func run(_ inputs: [String], byteLane: Bool = true, mode: ConvertOptions.ConflictMode?,
                     dedup: ConvertOptions.DedupMode = .exact, format: OutputFormat = .chat) throws -> (ConvertJob.Result, String) {
        let directory = Fixture.temporaryDirectory()
        var options = ConvertOptions(inputs: inputs, format: format, outputDirectory: directory, dedup: dedup)
        options.useFastLane = byteLane
        options.conflicts = mode
        return (try ConvertJob(options: options).run(), directory)
    }

    private func at(_ line: Int) -> TuneKit.SourceLocation { TuneKit.SourceLocation(file: Self.csv, line: line) }

    /// Reject lines' sources and reasons, in order.
    private func rejects(_ directory: String) -> [String] {
        let text = (try? String(contentsOfFile: directory + "/rejects.jsonl", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map { line in
            let object = try? JSONReader.parse(String(line)).value
            return "\(object?["source"]?.stringValue ?? "?") \(object?["reason"]?.stringValue ?? "?")"
        }
    }

    struct Expected: Sendable {
        var mode: ConvertOptions.ConflictMode
        var train: Int
        var rejected: [Int]
    }

    /// Both lanes find the same conflicts; keep writes them, first rejects the later answers, drop every record
    /// of the two prompts; exact repeats and the same answer with other white space are duplicates, not conflicts.
    @Test(arguments: [true, false], [
        Expected(mode: .keep, train: 6, rejected: []),
        Expected(mode: .first, train: 3, rejected: [5, 6, 9]),
        Expected(mode: .drop, train: 1, rejected: [2, 3, 5, 6, 9]),
    ])
    func csvThroughBothLanes(byteLane: Bool, expected: Expected) throws {
        let (result, directory) = try run([Self.csv], byteLane: byteLane, mode: expected.mode)
        let report = result.report
        #expect(report.counts == ConversionReport.Counts(read: 8, train: expected.train, validation: 0, duplicates: 2,
                                                         rejected: expected.rejected.count))
        #expect(report.counts.balanced)
        #expect(report.conflicts == ConflictFacts(count: 2, records: 3, examples: [
            ConflictExample(first: at(2), other: at(5)), ConflictExample(first: at(3), other: at(6)),
        ]))
        #expect(rejects(directory) == expected.rejected.map { "\(Self.csv):\($0) clean.conflict" })
        let warning = report.warnings.first { $0.code == "content.conflicting_answers" }
        #expect(warning?.message.contains("first at \(Self.csv):2 and \(Self.csv):5") == true)
        let json = report.json["conflicts"]
        #expect(json?["count"] == .int(2))
        #expect(json?["examples"]?.arrayValue?.first?["other"]?.stringValue == "\(Self.csv):5")
        let page = ReportPage(document: report.json).render()
        #expect(page.contains("2 prompts with different answers") && page.contains("<code>\(HTMLText.escape(Self.csv)):6</code>"))
    }

    /// The lanes write the same files, whatever the mode.
    @Test(arguments: ConvertOptions.ConflictMode.allCases)
    func lanesWriteTheSameLines(mode: ConvertOptions.ConflictMode) throws {
        let (_, lane) = try run([Self.csv], byteLane: true, mode: mode)
        let (_, general) = try run([Self.csv], byteLane: false, mode: mode)
        for file in ["train.jsonl", "rejects.jsonl", "duplicates.jsonl"] {
            #expect(Fixture.bytes(lane + "/" + file) == Fixture.bytes(general + "/" + file), "\(file)")
        }
    }

    /// Without de-duplication the repeats reach the conflict check: the same answer with other white space, or
    /// said again, is no conflict.
    @Test(arguments: [true, false])
    func sameAnswerIsNoConflict(byteLane: Bool) throws {
        let (result, directory) = try run([Self.csv], byteLane: byteLane, mode: .first, dedup: .none)
        #expect(result.report.counts == ConversionReport.Counts(read: 8, train: 5, validation: 0, duplicates: 0, rejected: 3))
        #expect(result.report.conflicts?.records == 3)
        #expect(rejects(directory) == [5, 6, 9].map { "\(Self.csv):\($0) clean.conflict" })
    }

    /// With `--dedup none` the byte lane skips the fingerprint, and the conflict check with it, unless
    /// `--conflicts` is given; with de-duplication on, the check runs by default (keep).
    @Test(arguments: [true, false])
    func onByDefaultOnlyWithDeduplication(byteLane: Bool) throws {
        let (off, _) = try run([Self.csv], byteLane: byteLane, mode: nil, dedup: .none)
        #expect(off.report.conflicts == nil)
        #expect(off.report.counts.train == 8)
        let (on, _) = try run([Self.csv], byteLane: byteLane, mode: nil, dedup: .exact)
        #expect(on.report.conflicts?.count == 2)
        #expect(on.report.counts.train == 6)
        #expect(on.report.json["options"]?["conflicts"] == nil)
        let (asked, _) = try run([Self.csv], byteLane: byteLane, mode: .keep, dedup: .none)
        #expect(asked.report.conflicts == ConflictFacts(count: 2, records: 3, examples: [
            ConflictExample(first: at(2), other: at(5)), ConflictExample(first: at(3), other: at(6)),
        ]))
    }

    /// The byte lane's key is the record's: the same pass, the same canonical bytes.
    @Test func laneKeyEqualsRecordKey() throws {
        let record = Record(source: at(1), example: .conversation(Conversation(system: "客服", messages: [
            .init(.user, " 退货要多久？"), .init(.assistant, "7 天"),
        ])))
        let other = Record(source: at(1), example: .conversation(Conversation(system: "客服", messages: [
            .init(.user, "退货要多久?"), .init(.assistant, "15 天"),
        ])))
        #expect(record.promptKey?.prompt == other.promptKey?.prompt)
        #expect(record.promptKey?.answer != other.promptKey?.answer)
        #expect(record.id == ContentFingerprint(of: record.example).id)
    }

    /// The table grows past its first size and keeps every first location: 5,000 prompts in two files, each
    /// answered again otherwise.
    /// (Prompt hashes 0 and 1 share a slot by design, 0 marking an empty slot: the keys start at 2.)
    @Test func tableGrowsAndKeepsFirstLocations() {
        var filter = ConflictFilter()
        func key(_ prompt: Int, _ answer: UInt64) -> PromptKey { PromptKey(prompt: UInt64(prompt + 2) &* 0x9E37_79B9_7F4A_7C15, answer: answer) }
        for prompt in 0..<5_000 {
            let file = prompt < 2_500 ? "a.csv" : "b.csv"
            #expect(filter.check(key(prompt, 7), source: TuneKit.SourceLocation(file: file, line: prompt + 2)) == nil)
        }
        var wrong = 0
        for prompt in 0..<5_000 {
            let first = filter.check(key(prompt, 8), source: TuneKit.SourceLocation(file: "c.csv", line: prompt))
            let expected = TuneKit.SourceLocation(file: prompt < 2_500 ? "a.csv" : "b.csv", line: prompt + 2)
            if first != expected { wrong += 1 }
            #expect(filter.check(key(prompt, 7), source: TuneKit.SourceLocation(file: "c.csv", line: 1)) == nil)
        }
        #expect(wrong == 0)
        #expect(filter.prompts == 5_000 && filter.records == 5_000 && filter.distinct == 5_000)
        #expect(filter.examples.count == ConflictFilter.exampleLimit)
        let dropped = filter.conflictingPrompts
        #expect(dropped.contains(key(0, 0).prompt) && dropped.contains(key(4_999, 0).prompt) && !dropped.contains(key(5_000, 0).prompt))
    }

    @Test func noConflictsLeaveTheReportAsBefore() throws {
        let input = Fixture.write("问题,答案\n退货要多久？,7 天\n怎么付款？,支付宝\n", name: "plain.csv")
        let (result, _) = try run([input], mode: .keep)
        #expect(result.report.conflicts == nil)
        #expect(result.report.json["conflicts"] == nil)
        #expect(!result.report.warnings.contains { $0.code == "content.conflicting_answers" })
    }

    /// LLaMA-Factory's KTO demo (third-party): items 17 and 19 answer one prompt with two replies labelled true.
    @Test func ktoDemoFromLLaMAFactory() throws {
        let path = Fixture.path("dialects/kto_en_demo.json")
        let (kept, _) = try run([path], mode: .keep)
        #expect(kept.report.conflicts?.count == 1)
        #expect(kept.report.conflicts?.examples.map { "\($0.first) \($0.other)" } == ["\(path)!item 17 \(path)!item 19"])
        let (first, directory) = try run([path], mode: .first)
        #expect(first.report.counts.train == kept.report.counts.train - 1)
        #expect(first.report.counts.balanced)
        #expect(rejects(directory).contains("\(path)!item 19 clean.conflict"))
    }

    /// DPO: the prompt is the input, the answer the preferred reply; another non-preferred reply is no conflict.
    @Test func dpoComparesThePreferredReply() throws {
        func line(_ prompt: String, _ preferred: String, _ other: String) -> String {
            #"{"input":{"messages":[{"role":"user","content":"\#(prompt)"}]},"preferred_output":[{"role":"assistant","content":"\#(preferred)"}],"non_preferred_output":[{"role":"assistant","content":"\#(other)"}]}"#
        }
        let input = Fixture.write([
            line("北京天气如何？", "晴，25℃。", "不冷。"),
            line("北京天气如何？", "晴，25℃。", "不知道。"),
            line("北京天气如何?", "多云。", "不冷。"),
            line("上海天气如何？", "小雨。", "不知道。"),
        ].joined(separator: "\n") + "\n", name: "pairs.jsonl")
        let (result, directory) = try run([input], mode: .drop, format: .dpo)
        #expect(result.report.counts == ConversionReport.Counts(read: 4, train: 1, validation: 0, duplicates: 0, rejected: 3))
        #expect(result.report.conflicts == ConflictFacts(count: 1, records: 1, examples: [
            ConflictExample(first: TuneKit.SourceLocation(file: input, line: 1), other: TuneKit.SourceLocation(file: input, line: 3)),
        ]))
        #expect(rejects(directory) == [1, 2, 3].map { "\(input):\($0) clean.conflict" })
    }

    /// `drop` reads the inputs twice: standard input is refused, naming the flag.
    @Test func dropRefusesStandardInput() throws {
        var flags = Recipe()
        try flags.set(.conflicts, text: "drop")
        #expect(throws: RecipeError.self) {
            _ = try ConvertOptions(inputs: ["-"], overriding: flags)
        }
        do {
            _ = try ConvertOptions(inputs: ["-"], overriding: flags)
        } catch {
            #expect(error.description.contains("--conflicts"))
        }
        #expect(throws: RecipeError.self) { try flags.set(.conflicts, text: "last") }
    }

    @Test func promptKeyIgnoresWhiteSpaceAndWidth() throws {
        func key(_ user: String, _ answer: String) -> PromptKey? {
            PromptKey(of: .conversation(Conversation(messages: [.init(.user, user), .init(.assistant, answer)])))
        }
        #expect(key("退货要多久？", "7 天") == key(" 退货要多久? ", "7  天"))
        #expect(key("退货要多久？", "7 天")?.prompt == key("退货要多久？", "15 天")?.prompt)
        #expect(key("退货要多久？", "7 天")?.answer != key("退货要多久？", "15 天")?.answer)
        #expect(PromptKey(of: .conversation(Conversation(messages: [.init(.user, "hi")]))) == nil)
    }
}
