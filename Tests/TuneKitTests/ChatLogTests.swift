import Foundation
import Testing
@testable import TuneKit

/// Chat transcripts (hand-built from the shapes customer-service tools export) into conversations.
@Suite("Chat logs: transcripts into sessions")
struct ChatLogTests {
    private func conversations(_ file: String, options: ChatLogOptions = ChatLogOptions(), encoding: TextEncoding? = nil)
        throws -> (records: [Record], rejects: [Reject], shaper: ChatSessionShaper, reader: TranscriptReader) {
        let reader = try TranscriptReader(path: Fixture.path("chatlogs/" + file), encoding: encoding)
        var shaper = ChatSessionShaper(options: options, fileName: file)
        var outcomes: [ChatSessionShaper.Outcome] = []
        while let message = try reader.next() { outcomes += shaper.add(message) }
        outcomes += shaper.finish()
        var records: [Record] = []
        var rejects: [Reject] = []
        for outcome in outcomes {
            switch outcome {
            case .record(let record): records.append(record)
            case .reject(let reject): rejects.append(reject)
            }
        }
        return (records, rejects, shaper, reader)
    }

    private func turns(_ record: Record) -> [String] {
        guard case .conversation(let conversation) = record.example else { return [] }
        return conversation.messages.map { "\($0.role.rawValue): \($0.text ?? "")" }
    }

    /// Text, seconds into 2024-03-05 (day 19787 since 1970), UTF-8 bytes taken.
    static let stamps: [(String, Int, Int)] = [
        ("2024-03-05 10:01:02 张三：", 36_062, 19),
        ("2024/3/5 9:58 访客", 35_880, 13),
        ("2024.03.05 10:01 x", 36_060, 16),
        ("2024年3月5日 10:01 x", 36_060, 21),
        ("2024-03-05T23:59:00.123 x", 86_340, 23),
        ("2024-03-05 客服：", 0, 11),
    ]

    @Test(arguments: stamps)
    func timestamps(text: String, secondsIntoDay: Int, length: Int) throws {
        let parsed = try #require(LogTimestamp.parse(Substring(text), lastDay: nil))
        #expect(parsed.seconds == 19787 * 86_400 + Int64(secondsIntoDay))
        #expect(parsed.length == length)
    }

    @Test func bareTimesKeepTheLastDateAndDigitsAloneAreNoTimestamp() throws {
        let parsed = try #require(LogTimestamp.parse("08:30 张三: hi", lastDay: 19787))
        #expect(parsed.seconds == 19787 * 86_400 + 8 * 3600 + 30 * 60)
        #expect(LogTimestamp.parse("4471 件", lastDay: nil) == nil)
        #expect(LogTimestamp.parse("2024-13-05 10:00", lastDay: nil) == nil)
    }

    /// The rest of a date stamp is never a speaker: a WhatsApp line read as a transcript gives no message named
    /// `, 10`, and a name may still hold a comma or a dash inside.
    @Test(arguments: [
        ("2019-10-20, 10:16 - Alice: hi", nil),
        ("2019-10-20 - 10:16 - Alice: hi", nil),
        ("[2024-03-05 10:01] 张三, VIP: 在吗", "张三, VIP"),
        ("Anna-Lena: hallo", "Anna-Lena"),
    ] as [(String, String?)])
    func dateRemnantsAreNoSpeakers(line: String, speaker: String?) {
        #expect(TranscriptReader.messageLine(Substring(line))?.speaker == speaker)
    }

    /// A log of bare times that runs past midnight goes on to the next day (one session, no time going
    /// backwards); a bare time an hour earlier does go backwards (a new session, counted).
    @Test func bareTimesPastMidnightAreTheNextDay() throws {
        let stamp = try #require(LogTimestamp.parse("00:03 客服小美: 在的", lastDay: 19787))
        #expect(stamp.seconds == 19787 * 86_400 + 180)
        var late = "00:03 客服小美: 在的"
        let rolled = late.withUTF8 { LogTimestamp.parse($0, lastDay: 19787, after: 19787 * 86_400 + 23 * 3600 + 58 * 60) }
        #expect(rolled?.seconds == 19788 * 86_400 + 180 && rolled?.day == 19788)
        let earlier = try #require(late.withUTF8 { LogTimestamp.parse($0, lastDay: 19787, after: 19787 * 86_400 + 3600) })
        #expect(earlier.seconds == Int64(19787 * 86_400 + 180))

        let text = "23:50 顾客: 还在吗？\n23:58 客服小美: 在的，请讲\n00:03 顾客: 快递到哪了\n00:05 客服小美: 明天上午送到\n"
            + "00:01 顾客: 另一个问题\n00:02 客服小美: 您说\n"
        let directory = Fixture.temporaryDirectory()
        let result = try ConvertJob(options: ConvertOptions(inputs: [Fixture.write(text, name: "midnight.txt")],
                                                            outputDirectory: directory, validation: nil)).run()
        let facts = Dictionary(uniqueKeysWithValues: result.report.inputs[0].facts.map { ($0.key, $0.value) })
        #expect(facts["session_breaks"] == "time_backwards=1 end_of_file=1", "\(facts)")
        #expect(String(decoding: Fixture.bytes(directory + "/train.jsonl"), as: UTF8.self).split(separator: "\n").count == 2)
    }

    /// The exact conversations of a transcript with a header, continuation lines, a placeholder, three date
    /// styles, a greeting and a thank-you to trim, a 105-minute silence and a session across midnight.
    /// The GBK copy (made with iconv) is detected and reads the same.
    @Test(arguments: ["transcript.txt", "transcript-gbk.txt"])
    func transcriptSessions(file: String) throws {
        let (records, rejects, shaper, reader) = try conversations(file)
        #expect(rejects.isEmpty)
        #expect(records.count == 3)
        #expect(turns(records[0]) == ["user: 你好，\n我想问下退款进度",
                                      "assistant: 亲，退款已经在处理中，\n预计 1-3 个工作日到账。\n注意：节假日顺延。"])
        #expect(turns(records[1]) == ["user: 在的，运费险怎么赔？", "assistant: 签收后 48 小时内自动理赔到您的支付账户。"])
        #expect(turns(records[2]) == ["user: 我要投诉", "assistant: 您好，请描述一下问题"])
        #expect(records.map { $0.source.line } == [4, 12, 14])
        #expect(shaper.sessions == 3)
        #expect(shaper.placeholdersDropped == 1)
        #expect(shaper.turnsTrimmed == 2)
        #expect(reader.strayLines == 2)
    }

    @Test func untimedLogIsOneSessionWithMergedTurns() throws {
        let (records, _, _, _) = try conversations("plain.log")
        #expect(records.count == 1)
        #expect(turns(records[0]) == ["user: Hi, my order hasn't arrived.",
                                      "assistant: Sorry to hear that! Could you share the order number?",
                                      "user: It's 4471.\nPlaced last Monday.", "assistant: Thanks, it ships today."])
    }

    @Test func maxTurnsWindowsASession() throws {
        var options = ChatLogOptions()
        options.maxTurns = 1
        let (records, _, _, _) = try conversations("plain.log", options: options)
        #expect(records.map(turns) == [
            ["user: Hi, my order hasn't arrived.", "assistant: Sorry to hear that! Could you share the order number?"],
            ["user: It's 4471.\nPlaced last Monday.", "assistant: Thanks, it ships today."],
        ])
        #expect(records.map { $0.source.line } == [1, 3])
    }

    @Test func rolesFromFlagsAndAClearRejectWhenNoneAnswers() throws {
        var options = ChatLogOptions()
        options.speakers = ["Agent": .some(.user), "Customer": .some(.user)]
        let (records, rejects, _, _) = try conversations("plain.log", options: options)
        #expect(records.isEmpty)
        #expect(rejects.map(\.reason) == ["chat.roles_undecided"])
        #expect(rejects[0].message.contains("Agent, Customer"))
        #expect(rejects[0].source.description == "plain.log:1")

        options.speakers = ["Customer": .some(.assistant), "Agent": .some(.user)]
        options.trimEdges = false
        let (swapped, _, swappedShaper, _) = try conversations("plain.log", options: options)
        // --keep-edges keeps the trailing user turn, but never a leading assistant turn (role.first_turn).
        #expect(turns(swapped[0]).first == "user: Sorry to hear that! Could you share the order number?")
        #expect(turns(swapped[0]).last == "user: Thanks, it ships today.")
        #expect(swappedShaper.turnsTrimmed == 1)
    }

    @Test func sessionGapNoneKeepsOneSession() throws {
        var options = ChatLogOptions()
        options.sessionGap = nil
        let (records, _, shaper, _) = try conversations("transcript.txt", options: options)
        #expect(shaper.sessions == 1)
        #expect(records.count == 1)
        #expect(turns(records[0]).count == 8)
    }

    @Test(arguments: [("30m", Int64(1800) as Int64?), ("2h", 7200), ("90s", 90), ("45", 45), ("none", nil)])
    func gaps(text: String, seconds: Int64?) {
        #expect(ChatLogOptions.parseGap(text) == .some(seconds))
    }

    @Test func badGapsAndSpeakersAreRefused() {
        #expect(ChatLogOptions.parseGap("soon") == nil)
        #expect(ChatLogOptions.parseGap("-5m") == nil)
        #expect(ChatLogOptions.parseSpeaker("张三=boss") == nil)
        #expect(ChatLogOptions.parseSpeaker("客服=小美=assistant")?.name == "客服=小美")
    }

    /// The bundled recipe: sessions split, personal data redacted, 10% validation, every session accounted
    /// for, byte-identical on a second run.
    @Test func customerServiceTranscriptRecipe() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let recipe = try Recipe.load(nameOrPath: "customer-service-transcript", folder: root + "/Converters")
        #expect(recipe.redact == true)
        var outputs: [[UInt8]] = []
        for _ in 0..<2 {
            let directory = Fixture.temporaryDirectory()
            var options = ConvertOptions(inputs: [root + "/Converters/customer-service-transcript/sample.txt"],
                                         outputDirectory: directory, validation: recipe.validation)
            options.redact = true
            options.chatLog.system = recipe.system
            let result = try ConvertJob(options: options).run()
            let counts = result.report.counts
            #expect(counts.balanced)
            #expect(counts.read == 57)
            #expect(counts.validation == 5)  // 10 % of 56 kept sessions, by the deficit rule, whole groups of similar sessions together
            #expect(counts.rejected == 1)
            #expect(result.report.rejectsByReason == ["chat.roles_undecided": 1])
            #expect((result.report.redactions?["phone"] ?? 0) > 0 && (result.report.redactions?["bank_card"] ?? 0) > 0)
            let train = Fixture.bytes(directory + "/train.jsonl")
            let text = String(decoding: train, as: UTF8.self)
            #expect(!text.contains("13812345678") && !text.contains("@example.com") && !text.contains("6217 0000"))
            #expect(text.contains("[PHONE_1]"))
            #expect(!text.contains("好的谢谢"))
            outputs.append(train + Fixture.bytes(directory + "/validation.jsonl"))
        }
        #expect(outputs[0] == outputs[1])
    }

    /// Alpaca in a `.json` array: input on the next line (as LLaMA-Factory joins them), history before the question, system kept; an
    /// item without an output is rejected by its position.
    @Test func alpacaArray() throws {
        let reader = try JSONArrayRecordReader(path: Fixture.path("chatlogs/alpaca.json"))
        var records: [Record] = []
        var rejects: [Reject] = []
        while let event = reader.next() {
            switch event {
            case .record(let record): records.append(record)
            case .reject(let reject): rejects.append(reject)
            }
        }
        #expect(records.map(turns) == [
            ["user: 把下面的句子翻译成英文。\n退货请在七天内申请。", "assistant: Please request a return within seven days."],
            ["user: 你好", "assistant: 您好，请问有什么可以帮您？", "user: 退货运费谁出？", "assistant: 质量问题由我们承担；七天无理由退货由您承担。"],
        ])
        guard case .conversation(let second) = records[1].example else { Issue.record("not a conversation"); return }
        #expect(second.system == "你是本店的在线客服。")
        #expect(rejects.map(\.source.description) == [Fixture.path("chatlogs/alpaca.json") + "!item 3"])
        #expect(reader.rewrites == ["Alpaca instruction/input/output rewritten as messages": 2])
    }

    /// ShareGPT lines: every role spelling, system as a first turn or a top-level key, an unknown speaker rejected.
    @Test func shareGPTLines() throws {
        let reader = try JSONLRecordReader(path: Fixture.path("chatlogs/sharegpt.jsonl"))
        var records: [Record] = []
        var rejects: [Reject] = []
        while let event = try reader.next() {
            switch event {
            case .record(let record): records.append(record)
            case .reject(let reject): rejects.append(reject)
            }
        }
        #expect(records.map(turns) == [
            ["user: Where is my parcel?", "assistant: It left the warehouse today."],
            ["user: 发票怎么开？", "assistant: 在订单详情页申请。", "user: 多久到？", "assistant: 1 个工作日内。"],
        ])
        let systems = records.map { record -> String? in
            if case .conversation(let conversation) = record.example { return conversation.system }
            return nil
        }
        #expect(systems == ["You are a support agent.", "你是客服。"])
        #expect(rejects.map(\.message) == ["turn 1 comes from \"narrator\", which is neither human nor gpt"])
        #expect(reader.rewrites["key \"id\" left out"] == 1)
    }

    @Test func aJSONFileThatIsNoArrayIsAClearError() {
        let path = Fixture.write("{\"instruction\": \"x\", \"output\": \"y\"}", name: "one.json")
        do {
            _ = try JSONArrayRecordReader(path: path)
            Issue.record("read an object as an array")
        } catch {
            #expect(error.message.contains("not an array of records"), "\(error.message)")
        }
    }

    /// A WeChat CSV export (BOM, CRLF, a quoted multi-line message) is recognised by its columns: text messages
    /// only, the owner's (IsSender = 1) answer, chats split by TalkerId and by a silence, non-text types counted.
    @Test func weChatExport() throws {
        let directory = Fixture.temporaryDirectory()
        let result = try ConvertJob(options: ConvertOptions(inputs: [Fixture.path("chatlogs/wechat.csv")],
                                                            outputDirectory: directory)).run()
        let lines = String(decoding: Fixture.bytes(directory + "/train.jsonl"), as: UTF8.self).split(separator: "\n")
        #expect(lines == [
            #"{"messages":[{"role":"user","content":"你好，我想问下发票"},{"role":"assistant","content":"您好！电子发票在订单详情页申请，\n1 个工作日内发到邮箱。"}]}"#,
            #"{"messages":[{"role":"user","content":"在吗？耳机左边没声音"},{"role":"assistant","content":"请把耳机放回充电盒，长按按钮 10 秒重置。"}]}"#,
            #"{"messages":[{"role":"user","content":"重置后好了"},{"role":"assistant","content":"太好了，有问题随时找我们，祝您生活愉快！"}]}"#,
        ])
        let facts = Dictionary(uniqueKeysWithValues: result.report.inputs[0].facts.map { ($0.key, $0.value) })
        #expect(facts["format"] == "wechat")
        #expect(facts["text_messages"] == "8")
        #expect(facts["non_text_messages_type_3"] == "1" && facts["non_text_messages_type_34"] == "1"
                && facts["non_text_messages_type_10000"] == "1")
        #expect(facts["placeholders_dropped"] == "sticker=1")
        #expect(result.report.counts.balanced && result.report.counts.read == 3)
    }

    @Test func aCSVWithoutWeChatColumnsIsNamedAsSuch() {
        let path = Fixture.write("问题,答案\n你好,您好\n", name: "plain.csv")
        do {
            _ = try WeChatExportReader(path: path)
            Issue.record("read a plain CSV as WeChat")
        } catch {
            #expect(error.message.contains("not a WeChat export: no column Type, IsSender, CreateTime, StrContent"), "\(error.message)")
        }
    }

    /// Telegram Desktop exports: a single chat with entity arrays, a photo without text and a service message;
    /// a full export whose owner (personal_information.user_id) answers, each chat its own conversation.
    @Test func telegramExports() throws {
        let single = try TelegramExportReader(path: Fixture.path("chatlogs/telegram-single.json"))
        #expect(single.chats.count == 1)
        #expect(single.serviceMessages == 1)
        #expect(!single.ownerKnown)
        #expect(single.chats[0].messages.map(\.text) == ["Hi!", "", "My order #4471 has not arrived, see https://t.me/shop",
                                                          "Sorry! It ships today."])
        #expect(single.chats[0].messages[0].location(in: "r.json").description == "r.json!Shop Support #2")

        let directory = Fixture.temporaryDirectory()
        let result = try ConvertJob(options: ConvertOptions(inputs: [Fixture.path("chatlogs/telegram-full.json")],
                                                            outputDirectory: directory)).run()
        let lines = String(decoding: Fixture.bytes(directory + "/train.jsonl"), as: UTF8.self).split(separator: "\n")
        #expect(lines == [
            #"{"messages":[{"role":"user","content":"发票怎么开？"},{"role":"assistant","content":"在订单详情页申请。"}]}"#,
            #"{"messages":[{"role":"user","content":"积分什么时候过期？"},{"role":"assistant","content":"获得之日起 12 个月。"}]}"#,
        ])
        let facts = Dictionary(uniqueKeysWithValues: result.report.inputs[0].facts.map { ($0.key, $0.value) })
        #expect(facts["format"] == "telegram" && facts["chats"] == "2" && facts["service_messages_skipped"] == "1")
    }

    @Test func telegramSingleChatConverts() throws {
        let directory = Fixture.temporaryDirectory()
        _ = try ConvertJob(options: ConvertOptions(inputs: [Fixture.path("chatlogs/telegram-single.json")],
                                                   outputDirectory: directory)).run()
        #expect(String(decoding: Fixture.bytes(directory + "/train.jsonl"), as: UTF8.self)
                == #"{"messages":[{"role":"user","content":"Hi!\nMy order #4471 has not arrived, see https://t.me/shop"},{"role":"assistant","content":"Sorry! It ships today."}]}"# + "\n")
    }

    /// The ChatGPT export: the shown path from current_node (the regenerated reply, not the first), hidden
    /// system, reasoning and tool nodes left out, parts joined, image parts of a multimodal message left out.
    @Test func chatGPTExport() throws {
        let path = Fixture.path("chatlogs/chatgpt-conversations.json")
        let reader = try ChatGPTExportReader(document: JSONDocument.load(path: path), fileName: "conversations.json")
        #expect(reader.chats.map(\.title) == ["退货政策", "Photo question"])
        #expect(reader.chats[0].messages.map { "\($0.speaker): \($0.text)" } == [
            "user: 七天无理由退货的运费谁出？", "assistant: 七天无理由退货的运费一般由买家承担；\n买了运费险的会自动理赔。", "user: 谢谢",
        ])
        #expect(reader.chats[0].messages[1].location(in: "conversations.json").description == "conversations.json!退货政策 #a2")
        #expect(reader.chats[1].messages.map(\.text) == ["What is wrong with this charger?", "The cable is frayed near the plug; stop using it."])
        #expect(reader.hiddenNodes == 3)
        #expect(reader.regeneratedReplies == 1)

        let directory = Fixture.temporaryDirectory()
        let result = try ConvertJob(options: ConvertOptions(inputs: [path], outputDirectory: directory)).run()
        #expect(result.report.counts.train == 2)
        let text = String(decoding: Fixture.bytes(directory + "/train.jsonl"), as: UTF8.self)
        #expect(!text.contains("一般由买家承担。\"") && !text.contains("谢谢") && !text.contains("search results"))
    }

    private func whatsApp(_ file: String) throws -> (messages: [ChatLogMessage], reader: WhatsAppExportReader) {
        let reader = try WhatsAppExportReader(path: Fixture.path("chatlogs/" + file))
        var messages: [ChatLogMessage] = []
        while let message = try reader.next() { messages.append(message) }
        return (messages, reader)
    }

    /// Android, US: M/D/YY, a 12-hour clock with U+202F before PM, 12 PM as noon, system lines without a
    /// sender, a multi-line message, a media placeholder and an edit marker.
    @Test func whatsAppAndroidUS() throws {
        let (messages, reader) = try whatsApp("whatsapp-android-us.txt")
        #expect(reader.dateOrder == "month/day/year")
        #expect(reader.systemLines == 2)
        #expect(messages.map(\.speaker) == ["Alice", "Alice", "Shop Support", "Alice", "Shop Support", "Alice", "Shop Support"])
        #expect(messages[2].text == "Yes! We have 3 left.\nDelivery takes 2 days.")
        #expect(messages[3].text == "Great, I'll order now")
        let day = LogTimestamp.daysFromCivil(year: 2023, month: 12, day: 30) * 86_400
        #expect(messages[0].time == day + 21 * 3600 + 41 * 60)
        let noon = LogTimestamp.daysFromCivil(year: 2024, month: 1, day: 2) * 86_400 + 12 * 3600 + 7 * 60
        #expect(messages[6].time == noon)
    }

    /// iOS, day-first (13/03 decides it): brackets, seconds, U+200E marks, "image omitted", and the encryption
    /// notice that iOS attributes to the chat itself.
    @Test func whatsAppIOS() throws {
        let (messages, reader) = try whatsApp("whatsapp-ios-eu.txt")
        #expect(reader.dateOrder == "day/month/year")
        #expect(reader.systemLines == 1)
        #expect(messages.map(\.text) == ["请问耳机怎么重置？", "image omitted", "长按充电盒按钮 10 秒，\n指示灯闪白光即可。", "好了，谢谢！"])
        #expect(messages[0].time == LogTimestamp.daysFromCivil(year: 2024, month: 3, day: 13) * 86_400 + 9 * 3600 + 5)
        #expect(ChatSessionShaper.isPlaceholder(messages[1].text))
    }

    /// Spanish: "p. m." with no-break spaces, an ambiguous 5/3/24 read day-first.
    @Test func whatsAppSpanish() throws {
        let (messages, reader) = try whatsApp("whatsapp-es.txt")
        #expect(reader.dateOrder == "day/month/year")
        #expect(messages[0].time == LogTimestamp.daysFromCivil(year: 2024, month: 3, day: 5) * 86_400 + 21 * 3600 + 41 * 60)
        #expect(messages.map(\.speaker) == ["Lucía", "Agente Tienda", "Lucía"])
    }

    /// A .txt holding a WhatsApp export is recognised and converted; the exchange split by a silence.
    @Test func whatsAppConverts() throws {
        let directory = Fixture.temporaryDirectory()
        let result = try ConvertJob(options: ConvertOptions(inputs: [Fixture.path("chatlogs/whatsapp-android-us.txt")],
                                                            outputDirectory: directory)).run()
        #expect(result.report.inputs[0].facts.first { $0.key == "format" }?.value == "whatsapp")
        let lines = String(decoding: Fixture.bytes(directory + "/train.jsonl"), as: UTF8.self).split(separator: "\n")
        #expect(lines.last == #"{"messages":[{"role":"user","content":"It arrived, thank you"},{"role":"assistant","content":"Glad to hear it!"}]}"#)
        #expect(result.report.counts.train == 2)
    }

    @Test func oneSpeakerSessionsAreNoExchange() throws {
        var shaper = ChatSessionShaper(options: ChatLogOptions(), fileName: "log.txt")
        _ = shaper.add(ChatLogMessage(speaker: "Alice", text: "hello?", time: 0, line: 1))
        guard case .reject(let reject)? = shaper.finish().first else { Issue.record("no reject"); return }
        #expect(reject.reason == "chat.no_exchange")
        #expect(reject.message == "the session (1 message) has only one speaker, Alice")
    }
}
