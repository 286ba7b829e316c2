import Foundation
import Testing
@testable import TuneKit

/// The screening lints: each on a positive and a negative example, the byte lane and the general path finding
/// the same, `--drop-flagged` turning findings into located rejects, the blocklist, and the report.
@Suite("Screening lints")
struct LintTests {
    /// A question, its answer, and the lint that must (or must not) flag the record.
    struct Case: Sendable, CustomStringConvertible {
        var code: String
        var question: String
        var answer: String
        var flagged: Bool
        var description: String { "\(flagged ? "+" : "-") \(code): \(answer.prefix(20))" }
    }

    static let complaint = "你们的快递实在太慢了，我上周一就下的单，到现在已经整整九天了还没有收到，物流信息也一直停在同一个地方不动，"
        + "打了三次客服电话都说在查，到底什么时候能给我一个明确的答复？如果再不发货我就要申请退款并且投诉了，请尽快处理，谢谢。"
        + "另外我想知道，如果申请退款的话，运费是不是也能一起退回来？之前买的东西都很快，这次真是太失望了。"

    static let cases: [Case] = [
        Case(code: "lint.personal_data", question: "怎么联系你们？", answer: "请拨打 138 1234 5678 或发邮件到 help@example.com。", flagged: true),
        Case(code: "lint.personal_data", question: "怎么联系你们？", answer: "订单号 20240101 已发货，请在订单页查看物流。", flagged: false),
        Case(code: "lint.refusal", question: "帮我查一下订单", answer: "作为一个AI语言模型，我无法访问您的订单信息。", flagged: true),
        Case(code: "lint.refusal", question: "帮我查一下订单", answer: "抱歉，我无法找到这个订单，请核对订单号。", flagged: true),
        Case(code: "lint.refusal", question: "What happened?", answer: "As an AI language model, I cannot browse the web.", flagged: true),
        Case(code: "lint.refusal", question: "我无法登录怎么办？", answer: "请在登录页点击“忘记密码”，按提示重置即可。", flagged: false),
        Case(code: "lint.refusal", question: "Tell me about AI.", answer: "The AI language model market grew quickly in 2024.", flagged: false),
        Case(code: "lint.cut_off", question: "退货流程是什么？", answer: "先在订单页申请退货，然后把商品寄回仓库，", flagged: true),
        Case(code: "lint.cut_off", question: "客服几点上班？", answer: "请联系人工客服（工作时间内", flagged: true),
        Case(code: "lint.cut_off", question: "How do refunds work?",
             answer: "Once the parcel reaches our warehouse we inspect the item, confirm that it is unused and complete, and then we start the refund to the card you paid with, which usually takes", flagged: true),
        Case(code: "lint.cut_off", question: "可以吗？", answer: "好的", flagged: false),
        Case(code: "lint.cut_off", question: "有哪些颜色？", answer: "目前有以下颜色：\n1. 黑色\n2. 白色\n3. 天空蓝", flagged: false),
        Case(code: "lint.cut_off", question: "List the steps.",
             answer: "Here are the steps to follow when you return an item to the store for a refund or exchange:\n1. Pack the item\n2. Print the label\n3. Drop the parcel at a post office", flagged: false),
        Case(code: "lint.language_mismatch", question: "请问退货后多久能收到退款呢？",
             answer: "Refunds usually arrive within three to five business days after we receive the item.", flagged: true),
        Case(code: "lint.language_mismatch", question: "请把这句话翻译成英文：退货后多久能收到退款？",
             answer: "How long does it take to get a refund after returning the item?", flagged: false),
        Case(code: "lint.language_mismatch", question: "请问退货后多久能收到退款呢？", answer: "一般在收到退货后三到五个工作日内退款。", flagged: false),
        Case(code: "lint.short_answer", question: complaint, answer: "好的", flagged: true),
        Case(code: "lint.short_answer", question: complaint, answer: "非常抱歉给您带来不便，我们已加急处理，今天内给您答复。", flagged: false),
        Case(code: "lint.short_answer", question: "根据以下评论判断顾客是否满意，回答“是”或“否”。" + complaint, answer: "否", flagged: false),
    ]

    /// The codes a linter finds in one record, on the general path.
    static func codes(record: Record, linter: inout Linter) -> [String] {
        _ = linter.check(record)
        return linter.summaries.map(\.code)
    }

    /// The codes a linter finds in the same turns handed over as the byte lane lends them.
    static func laneCodes(system: String?, user: String, assistant: String) -> [String] {
        var linter = Linter()
        let userBytes = Array(user.utf8)
        let assistantBytes = Array(assistant.utf8)
        let systemBytes = system.map { Array($0.utf8) } ?? []
        systemBytes.withUnsafeBufferPointer { systemBuffer in
            userBytes.withUnsafeBufferPointer { userBuffer in
                assistantBytes.withUnsafeBufferPointer { assistantBuffer in
                    let turns = ChatTurnTexts(system: system == nil ? nil : systemBuffer, user: userBuffer, assistant: assistantBuffer)
                    _ = linter.check(turns: turns, source: SourceLocation(file: "t.csv", line: 2))
                }
            }
        }
        return linter.summaries.map(\.code)
    }

    static func record(system: String? = nil, _ user: String, _ assistant: String, line: Int = 2) -> Record {
        Record(source: SourceLocation(file: "t.csv", line: line), example: .conversation(Conversation(
            system: system, messages: [Message(.user, user), Message(.assistant, assistant)])))
    }

    @Test(arguments: cases)
    func eachLintOnAPositiveAndANegativeExample(_ example: Case) {
        var linter = Linter()
        let general = Self.codes(record: Self.record(example.question, example.answer), linter: &linter)
        #expect(general.contains(example.code) == example.flagged, "\(general)")
        // The byte lane's turns give the same findings.
        #expect(Self.laneCodes(system: nil, user: example.question, assistant: example.answer) == general)
    }

    @Test func theSystemPromptIsScreenedForPersonalDataAndBlockedWords() throws {
        let blocklist = try Blocklist(text: "内部价\n")
        var linter = Linter(blocklist: blocklist)
        _ = linter.check(Self.record(system: "你是客服，内部价不得透露，主管电话 13812345678。", "你好", "您好，请问有什么可以帮您？"))
        #expect(linter.summaries.map(\.code) == ["lint.blocklist", "lint.personal_data"])
        #expect(Self.laneCodes(system: "主管电话 13812345678。", user: "你好", assistant: "您好，请问有什么可以帮您？") == ["lint.personal_data"])
    }

    @Test func aRecordCountsOncePerLintAndTheSummaryKeepsTheFirstLocations() {
        var linter = Linter()
        for line in 2...9 {
            // Two turns with a phone number: one finding per record.
            _ = linter.check(Self.record("我的电话 13812345678", "已记下 13812345678，稍后联系您。", line: line))
        }
        let summary = linter.summaries.first { $0.code == "lint.personal_data" }
        #expect(summary?.count == 8)
        #expect(summary?.first == SourceLocation(file: "t.csv", line: 2))
        #expect(summary?.examples.map(\.line) == [2, 3, 4, 5, 6])
        #expect(summary?.message.contains("a phone number") == true)
        // The message names the kind and a few characters, not the whole number.
        #expect(summary?.message.contains("13812345678") == false)
    }

    // MARK: Preference pairs

    static func pair(_ prompt: String, chosen: String, rejected: String, line: Int) -> Record {
        Record(source: SourceLocation(file: "p.jsonl", line: line), example: .preference(Preference(
            context: Conversation(messages: [Message(.user, prompt)]),
            preferred: Message(.assistant, chosen), nonPreferred: Message(.assistant, rejected))))
    }

    @Test(arguments: [(4, false), (5, true), (7, true)])
    func aRejectedAnswerRepeatedAcrossManyPromptsIsReported(repeats: Int, flagged: Bool) {
        var linter = Linter(drop: Set(LintRegistry.codes))
        for index in 0..<repeats {
            let drop = linter.check(Self.pair("第\(index + 1)个问题：怎么退货？", chosen: "在订单页申请退货即可，第\(index + 1)步。",
                                              rejected: "我不知道。", line: index + 1))
            // It needs the whole run: never a reason to drop a pair.
            #expect(drop == nil)
        }
        _ = linter.check(Self.pair("别的问题", chosen: "别的回答。", rejected: "另一个回答。", line: 99))
        let summary = linter.summaries.first { $0.code == "lint.repeated_rejected" }
        #expect((summary != nil) == flagged)
        if let summary {
            #expect(summary.count == repeats && summary.dropped == 0)
            #expect(summary.first == SourceLocation(file: "p.jsonl", line: 1))
            #expect(summary.examples.count == min(repeats, 5))
            #expect(summary.message.contains("我不知道"))
        }
    }

    @Test func aPairIsJudgedOnItsPreferredReplyAndScreenedInBoth() {
        var linter = Linter()
        // A refusal is a fine rejected reply; personal data is not fine anywhere.
        _ = linter.check(Self.pair("帮我查订单", chosen: "您的订单已发货，预计明天送达。",
                                   rejected: "作为一个AI语言模型，我无法查询。请拨打 13812345678。", line: 1))
        #expect(linter.summaries.map(\.code) == ["lint.personal_data"])
    }

    // MARK: Conversion, both lanes

    static func convert(_ rows: [[String]], byteLane: Bool, drop: Set<String> = [], redact: Bool = false) throws -> (ConversionReport, String) {
        func field(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        let csv = "question,answer\r\n" + rows.map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
        let input = Fixture.write(csv, name: "faq.csv")
        let output = Fixture.temporaryDirectory()
        var options = ConvertOptions(inputs: [input], outputDirectory: output)
        options.useFastLane = byteLane
        options.dropFlagged = drop
        options.redact = redact
        return (try ConvertJob(options: options).run().report, output)
    }

    static let rows: [[String]] = cases.map { [$0.question, $0.answer] }

    @Test func bothLanesReportTheSameFindings() throws {
        let (lane, _) = try Self.convert(Self.rows, byteLane: true)
        let (general, _) = try Self.convert(Self.rows, byteLane: false)
        // The same findings at the same lines and with the same messages (the files are in different folders).
        func shape(_ report: ConversionReport) -> [String] {
            report.lints.map { "\($0.code) \($0.count) \($0.dropped) \($0.examples.map { $0.line ?? 0 }) \($0.message)" }
        }
        #expect(shape(lane) == shape(general))
        // Every positive case is found, at the line its row starts on (quoted fields hold line breaks).
        var lines: [Int] = []
        var line = 2
        for example in Self.cases {
            lines.append(line)
            line += 1 + (example.question + example.answer).filter { $0 == "\n" }.count
        }
        for (index, example) in Self.cases.enumerated() where example.flagged {
            let summary = lane.lints.first { $0.code == example.code }
            #expect(summary != nil, "\(example)")
            #expect(summary.map { $0.count <= Self.cases.count } ?? false)
            if let summary, summary.examples.count < LintSummary.exampleLimit {
                #expect(summary.examples.contains { $0.line == lines[index] }, "\(example)")
            }
        }
        // Reported only: every record kept.
        #expect(lane.counts.rejected == 0 && lane.lints.allSatisfy { $0.dropped == 0 })
    }

    @Test(arguments: [true, false])
    func dropFlaggedRejectsWithTheLintsCodeAndLocation(byteLane: Bool) throws {
        let (report, output) = try Self.convert(Self.rows, byteLane: byteLane, drop: ["lint.refusal", "lint.cut_off"])
        let refusals = Self.cases.indices.filter { Self.cases[$0].code == "lint.refusal" && Self.cases[$0].flagged }
        let cuts = Self.cases.indices.filter { Self.cases[$0].code == "lint.cut_off" && Self.cases[$0].flagged }
        #expect(report.rejectsByReason["lint.refusal"] == refusals.count)
        #expect(report.rejectsByReason["lint.cut_off"] == cuts.count)
        #expect(report.counts.rejected == refusals.count + cuts.count && report.counts.balanced)
        let reason = report.rejectReasons.first { $0.code == "lint.refusal" }
        #expect(reason?.first.line == refusals[0] + 2)
        #expect(reason?.fix.contains("--drop-flagged") == true)
        // Each reject is in rejects.jsonl with its location and the line it would have been.
        let rejects = Fixture.read(output + "/rejects.jsonl").split(separator: "\n")
        #expect(rejects.count == refusals.count + cuts.count)
        #expect(rejects.allSatisfy { $0.contains("\"reason\":\"lint.") && $0.contains("faq.csv:") && $0.contains("\"raw\":") })
        // Not dropped: the other lints still only report.
        let mismatch = report.lints.first { $0.code == "lint.language_mismatch" }
        #expect(mismatch?.dropped == 0 && (mismatch?.count ?? 0) > 0)
        #expect(report.lints.first { $0.code == "lint.refusal" }?.dropped == refusals.count)
    }

    @Test func withRedactionNoPersonalDataIsLeft() throws {
        let rows = [["怎么联系？", "请拨打 13812345678 或写信到 li@example.com。"], ["身份证号？", "身份证 11010519491231002X 已登记。"]]
        let (plain, _) = try Self.convert(rows, byteLane: true)
        #expect(plain.lints.first { $0.code == "lint.personal_data" }?.count == 2)
        let (redacted, _) = try Self.convert(rows, byteLane: true, redact: true)
        #expect(!redacted.lints.contains { $0.code == "lint.personal_data" })
        #expect(redacted.redactions?["phone"] == 1)
    }

    // MARK: Blocklist

    @Test(arguments: [
        ("内部价", "本店内部价只对会员开放。", true),
        ("内部价", "本店价格对所有人一样。", false),
        ("VIP", "成为 vip 会员即可享受折扣。", true),          // ASCII case folded
        ("ＶＩＰ", "成为 VIP 会员即可享受折扣。", true),        // full-width folded by the normalisation
        ("ass", "Our class starts at nine.", false),          // word boundary on ASCII ends
        ("ass", "What an ass.", true),
        ("re:\\d{4}-\\d{4}", "拨打 4006-1234 咨询。", true),
        ("re:(?i)free\\s+money", "Get FREE   money now.", true),
        ("re:(?i)free\\s+money", "Money is never free.", false),
    ])
    func blocklistWordsAndExpressions(entry: String, text: String, found: Bool) throws {
        let blocklist = try Blocklist(text: "# 屏蔽词\n\n" + entry + "\n")
        var linter = Linter(blocklist: blocklist)
        _ = linter.check(Self.record("问题", text))
        #expect(linter.summaries.contains { $0.code == "lint.blocklist" } == found)
    }

    @Test func anInvalidExpressionIsRefusedWithItsLine() throws {
        let path = Fixture.write("坏词\n# comment\nre:[unclosed\n", name: "blocklist.txt")
        var flags = Recipe()
        try flags.set(.blocklist, text: path)
        #expect {
            _ = try ConvertOptions(inputs: [Fixture.write("q,a\n", name: "faq.csv")], overriding: flags)
        } throws: { error in
            let message = "\(error)"
            return message.contains("--blocklist") && message.contains("line 3") && message.contains("[unclosed")
        }
        #expect(throws: Blocklist.Failure.self) { _ = try Blocklist(text: "# only a comment\n") }
    }

    @Test func dropFlaggedTakesAllOrCodes() throws {
        #expect(try LintRegistry.dropCodes("all").get() == Set(LintRegistry.codes).subtracting(["lint.repeated_rejected"]))
        #expect(try LintRegistry.dropCodes("refusal, lint.cut_off").get() == ["lint.refusal", "lint.cut_off"])
        #expect(throws: LintRegistry.DropListError.self) { try LintRegistry.dropCodes("lint.spelling").get() }
        #expect(throws: LintRegistry.DropListError.self) { try LintRegistry.dropCodes("lint.repeated_rejected").get() }
        var recipe = Recipe()
        #expect(throws: RecipeError.self) { try recipe.set(.dropFlagged, text: "nonsense") }
        // Every lint code is registered, with its own fix sentence.
        for code in LintRegistry.codes {
            #expect(ValidationCode.named(code) != nil)
            #expect(RejectFix.sentence(for: code) != RejectFix.sentence(for: "lint.unknown"))
        }
    }

    // MARK: Third-party data

    @Test(arguments: [
        ("alpaca_zh_slice.json", [
            // Item 83 says "我是一个人工智能" inside a made-up dialogue, past the window: not flagged.
            "lint.refusal": [5, 47, 54, 68], "lint.cut_off": [44], "lint.language_mismatch": [67],
        ]),
        ("alpaca_en_slice.json", [
            "lint.personal_data": [36], "lint.refusal": [9, 34], "lint.cut_off": [65],
        ]),
    ])
    func llamaFactoryDemoData(file: String, expected: [String: [Int]]) throws {
        let output = Fixture.temporaryDirectory()
        let options = ConvertOptions(inputs: [Fixture.path("lints/" + file)], outputDirectory: output)
        let report = try ConvertJob(options: options).run().report
        var found: [String: [Int]] = [:]
        for lint in report.lints {
            found[lint.code] = lint.examples.compactMap { Int($0.description.split(separator: " ").last ?? "") }
            #expect(lint.count == lint.examples.count)
        }
        #expect(found == expected)
    }

    // MARK: Report

    @Test func theReportListsTheLintsAndThePageShowsThem() throws {
        let (report, _) = try Self.convert(Self.rows, byteLane: true, drop: ["lint.cut_off"])
        let document = report.json
        #expect(ReportSchemaTests.checker.problems(of: document).isEmpty)
        let lints = try #require(document["lints"]?.arrayValue)
        #expect(lints.count == report.lints.count && !lints.isEmpty)
        let first = try #require(lints.first)
        #expect(Set(first.objectValue?.members.map(\.key) ?? []) == ["code", "count", "dropped", "first", "examples", "message", "fix"])
        let html = ReportPage(document: document).render()
        #expect(html.contains("<section id=\"lints\">"))
        for index in lints.indices {
            #expect(html.contains("data-key=\"lints.\(index).count\""))
            #expect(html.contains("data-key=\"lints.\(index).dropped\""))
        }
        // A run with nothing found still writes the key, empty, and the page leaves the section out.
        let (clean, _) = try Self.convert([["你好", "您好，请问有什么可以帮您？"]], byteLane: true)
        #expect(clean.json["lints"]?.arrayValue?.isEmpty == true)
        #expect(!ReportPage(document: clean.json).render().contains("id=\"lints\""))
    }
}

/// The one pass every lint reads: its character count is the report's (the byte lane's lengths come from it), its
/// letters are counted by script.
@Suite("Lint text scan")
struct LintTextScanTests {
    @Test(arguments: [
        ("", 0, 0, 0, 0, 0, 0, 0),
        ("Hello, world! 2024 @home", 24, 14, 4, 1, 0, 0, 0),
        ("你好，世界。退货需要 3 个工作日", 17, 0, 1, 0, 12, 0, 0),
        ("こんにちは、東京タワー", 11, 0, 0, 0, 2, 8, 0),
        ("안녕하세요 고객님", 9, 0, 0, 0, 0, 0, 8),
        ("Привет, мир 😀 ok", 16, 2, 0, 0, 0, 0, 0),
        ("abcdefghABCDEFGH01234567@@@@@@@@xyz", 35, 19, 8, 8, 0, 0, 0),
    ])
    func countsCharactersAndScripts(text: String, characters: Int, latin: Int, digits: Int, at: Int, han: Int, kana: Int, hangul: Int) {
        let bytes = Array(text.utf8)
        let scanned = bytes.withUnsafeBufferPointer { LintText($0).counts }
        #expect(scanned.characters == characters)
        #expect(characters == LengthHistogram.characters(text))
        #expect(scanned.latin == latin && scanned.digits == digits && scanned.at == at)
        #expect(scanned.han == han && scanned.kana == kana && scanned.hangul == hangul)
        if text.hasPrefix("Привет") { #expect(scanned.cyrillic == 9) }
    }
}
