import Testing
@testable import TuneKit

/// Chat exports in the layouts the common tools write: the WeChat CSV layouts (see
/// Fixtures/chatlogs/wechat/README.md), every text message read with its text exactly as exported whatever the
/// number of columns; Telegram messages whose text is only in `text_entities`.
@Suite struct ChatExportLayoutTests {
    static let oneToOne = [
        "你好，我想问下发票\n\n    抬头写公司名可以吗？", "可以的，在订单详情页申请，\n1 个工作日内发到邮箱。", "好的，谢谢！", "不客气，祝您生活愉快！",
    ]

    @Test(arguments: [
        ("wechat-9-columns.csv", 0, 0),
        ("wechat-10-columns-pandas.csv", 0, 0),
        ("wechat-12-columns.csv", 0, 3),
        ("wechat-12-columns-extra-field.csv", 4, 0),
    ])
    func everyLayoutReadsItsTextMessages(file: String, extraFieldRows: Int, shortRows: Int) throws {
        let reader = try WeChatExportReader(path: Fixture.path("chatlogs/wechat/" + file))
        var items: [WeChatExportReader.Item] = []
        while let item = try reader.next() { items.append(item) }
        #expect(Array(items.prefix(4)).map(\.message.text) == Self.oneToOne)
        #expect(items.prefix(4).map(\.message.speaker).filter { $0 != WeChatExportReader.me }.allSatisfy { !$0.hasPrefix("wxid_") })
        #expect(items[0].message.line == 3 || file.contains("pandas") || file.contains("9-columns"))
        #expect(reader.skippedTypes == ["10000": 1, "3": 1])
        #expect(reader.rejects.isEmpty)
        #expect(reader.rowsWithExtraField == extraFieldRows && reader.shortRows == shortRows)
    }

    /// The group rows' appended field is the sender; the shifted name columns hold the group's names.
    @Test func theAppendedFieldNamesTheGroupSender() throws {
        let reader = try WeChatExportReader(path: Fixture.path("chatlogs/wechat/wechat-12-columns-extra-field.csv"))
        var items: [WeChatExportReader.Item] = []
        while let item = try reader.next() { items.append(item) }
        let group = items.filter { $0.talker == "301" }
        #expect(group.map(\.message.speaker) == ["王先生", WeChatExportReader.me, "赵女士", WeChatExportReader.me])
        #expect(items.filter { $0.talker == "217" && $0.message.speaker != WeChatExportReader.me }.allSatisfy { $0.message.speaker == "Lily" })
    }

    @Test(arguments: ["wechat-9-columns.csv", "wechat-10-columns-pandas.csv", "wechat-12-columns.csv", "wechat-12-columns-extra-field.csv"])
    func everyLayoutConverts(file: String) throws {
        let directory = Fixture.temporaryDirectory()
        let result = try ConvertJob(options: ConvertOptions(inputs: [Fixture.path("chatlogs/wechat/" + file)],
                                                            outputDirectory: directory)).run()
        let facts = Dictionary(uniqueKeysWithValues: result.report.inputs[0].facts.map { ($0.key, $0.value) })
        #expect(facts["format"] == "wechat")
        #expect(result.report.counts.rejected == 0)
        let train = String(decoding: Fixture.bytes(directory + "/train.jsonl"), as: UTF8.self)
        #expect(train.hasPrefix(#"{"messages":[{"role":"user","content":"你好，我想问下发票\n\n    抬头写公司名可以吗？"},{"role":"assistant","content":"可以的，在订单详情页申请，\n1 个工作日内发到邮箱。"}"#))
    }

    /// What the export held that is not a text message is named, by kind, with where the first one is.
    @Test func leftOutMessagesAreNamedByKind() throws {
        let path = Fixture.path("chatlogs/wechat/wechat-12-columns-extra-field.csv")
        let result = try ConvertJob(options: ConvertOptions(inputs: [path], outputDirectory: Fixture.temporaryDirectory())).run()
        let changes = result.report.inputs[0].changes
        #expect(changes.map(\.kind) == ["wechat.type_3", "wechat.type_10000", "wechat.extra_field"])
        #expect(changes.map(\.count) == [1, 1, 4])
        #expect(changes[0].first == SourceLocation(file: path, line: 6))
        #expect(result.report.changeLines == [
            "\(path): dropped picture messages (WeChat type 3): 1 (first at line 6); system notices (WeChat type 10000): 1 (first at line 2)",
            "\(path): adapted rows with one field more than the header, read with it as the group sender: 4",
        ])
        guard case .array(let inputs)? = result.report.json["inputs"], case .array(let listed)? = inputs[0]["changes"] else {
            Issue.record("no changes in report.json")
            return
        }
        #expect(listed.count == 3)
    }

    /// More than one extra field, or too few fields to hold the message: a ragged-row reject with its line.
    @Test func rowsNoExporterWritesAreRejected() throws {
        let path = Fixture.write("""
            localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime
            1,217,1,0,0,1709600060,2,你好,2024-03-05 08:54:20,x,y
            2,217,1,0,1
            3,217,1,0,1,1709600120,2,您好,2024-03-05 08:55:20

            """, name: "wechat-broken.csv")
        let reader = try WeChatExportReader(path: path)
        var texts: [String] = []
        while let item = try reader.next() { texts.append(item.message.text) }
        #expect(texts == ["您好"])
        #expect(reader.rejects.map(\.reason) == ["csv.ragged_row", "csv.ragged_row"])
        #expect(reader.rejects.map { $0.source.line } == [2, 3])
    }

    /// A third-party Telegram export whose messages have no `text`, only `text_entities`.
    @Test func telegramMessagesWithOnlyEntities() throws {
        let path = Fixture.path("chatlogs/telegram-entities-only.json")
        let reader = try TelegramExportReader(path: path)
        #expect(reader.chats.map { $0.messages.map(\.text) } == [["Hello Alice!", "Hi John! How are you?"]])
        #expect(reader.chats[0].messages.map(\.speaker) == [TelegramExportReader.me, "Alice Smith"])

        var options = ConvertOptions(inputs: [path], outputDirectory: Fixture.temporaryDirectory())
        options.chatLog.speakers = [TelegramExportReader.me: .some(.user), "Alice Smith": .some(.assistant)]
        let result = try ConvertJob(options: options).run()
        #expect(result.report.counts.train == 1)
        #expect(String(decoding: Fixture.bytes(options.outputDirectory + "/train.jsonl"), as: UTF8.self)
                == #"{"messages":[{"role":"user","content":"Hello Alice!"},{"role":"assistant","content":"Hi John! How are you?"}]}"# + "\n")
    }
}
