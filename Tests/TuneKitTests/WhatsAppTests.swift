import Foundation
import Testing
@testable import TuneKit

/// WhatsApp exports in every locale's stamp: the pattern learned per file, the day/month order decided from the
/// whole file, message text kept exactly, localised system lines and edit markers.
@Suite("WhatsApp exports")
struct WhatsAppTests {
    /// Reads `text` as a WhatsApp export.
    static func read(_ text: String, order: WhatsAppDateOrder? = nil, lookahead: Int = WhatsAppExportReader.dateOrderLookahead)
        throws -> (messages: [ChatLogMessage], reader: WhatsAppExportReader) {
        let path = Fixture.write(text, name: "WhatsApp Chat.txt")
        let reader = try WhatsAppExportReader(source: ByteSource(path: path), dateOrder: order, lookahead: lookahead)
        var messages: [ChatLogMessage] = []
        while let message = try reader.next() { messages.append(message) }
        return (messages, reader)
    }

    static func time(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int = 0) -> Int64 {
        LogTimestamp.daysFromCivil(year: year, month: month, day: day) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// One stamp family: a message line, the order to read it with (`nil`: decided by the line itself), and
    /// the time it must give.
    struct Family: Sendable, CustomTestStringConvertible {
        var line: String
        var order: WhatsAppDateOrder?
        var time: Int64
        var testDescription: String { line }
    }

    static let june3 = time(2018, 6, 3, 13, 55)
    static let june13 = time(2018, 6, 13, 21, 25, 15)

    /// The twelve date styles of Pustur/whatsapp-chat-parser's `tests/parser.test.ts` (sender `a`, text `m`), with
    /// its expected times; where the line cannot settle day and month (3/6), the parser's own day-first reading is asked for.
    static let pusturTable: [Family] = [
        Family(line: "3/6/18, 1:55 p.m. - a: m", order: .dmy, time: june3),
        Family(line: "03-06-2018, 01.55 PM - a: m", order: .dmy, time: june3),
        Family(line: "13.06.18 21.25.15: a: m", order: nil, time: june13),
        Family(line: "[06.13.18 21:25:15] a: m", order: nil, time: june13),
        Family(line: "13.6.2018 klo 21.25.15 - a: m", order: nil, time: june13),
        Family(line: "13. 6. 2018. 21:25:15 a: m", order: nil, time: june13),
        Family(line: "[3/6/18 1:55:00 p. m.] a: m", order: .dmy, time: june3),
        Family(line: "\u{200E}[3/6/18 1:55:00 p. m.] a: m", order: .dmy, time: june3),
        Family(line: "[2018/06/13, 21:25:15] a: m", order: nil, time: june13),
        Family(line: "[06/2018/13, 21:25:15] a: m", order: nil, time: june13),
        Family(line: "3/6/2018 1:55 p.\u{00A0}m. - a: m", order: .dmy, time: june3),
        Family(line: "3/6/18, 1:55\u{202F}PM - a: m", order: .dmy, time: june3),
    ]

    /// More families seen in exports: year first, markers before the time, Japanese and Arabic clocks, a colon
    /// after the marker, Arabic-Indic digits with right-to-left marks.
    static let moreFamilies: [Family] = [
        Family(line: "2019-10-20, 10:16 - a: m", order: nil, time: time(2019, 10, 20, 10, 16)),
        Family(line: "2018/6/13 下午9:25 - a: m", order: nil, time: time(2018, 6, 13, 21, 25)),
        Family(line: "[2018/06/13 午後9:25:15] a: m", order: nil, time: time(2018, 6, 13, 21, 25, 15)),
        Family(line: "13/06/2018, 9:25 م - a: m", order: nil, time: time(2018, 6, 13, 21, 25)),
        Family(line: "\u{0661}\u{0663}\u{200F}/\u{0666}\u{200F}/\u{0662}\u{0660}\u{0661}\u{0668} \u{0669}:\u{0662}\u{0665} ص - a: m", order: nil,
               time: time(2018, 6, 13, 9, 25)),
        Family(line: "13/06/2018, 9:25 PM: a: m", order: nil, time: time(2018, 6, 13, 21, 25)),
        Family(line: "2016-08-06, 1:23 PM - a: m", order: nil, time: time(2016, 8, 6, 13, 23)),
        Family(line: "13/06/2018 à 21:25 - a: m", order: nil, time: time(2018, 6, 13, 21, 25)),
        Family(line: "[13.06.18, 21:25:15] a: m", order: nil, time: june13),
        Family(line: "06/13/2018, 12:05 AM - a: m", order: nil, time: time(2018, 6, 13, 0, 5)),
        Family(line: "06/13/2018, 12:05 PM - a: m", order: nil, time: time(2018, 6, 13, 12, 5)),
        Family(line: "2018/6/13 上午12:05 - a: m", order: nil, time: time(2018, 6, 13, 0, 5)),
        Family(line: "13/6/2018, 9:25 a. m. - a: m", order: nil, time: time(2018, 6, 13, 9, 25)),
        // Shapes of the locale samples in starkdmi/whats_json's test data (GPL, so not copied): Arabic iOS with
        // Arabic-Indic digits, marks, an Arabic comma and a no-break space before م; Thai Buddhist-era years;
        // Czech Android without a comma; Indonesian iOS with dotted times; Vietnamese iOS with the time first.
        Family(line: "[\u{0661}\u{0668}\u{200F}/\u{0663}\u{200F}/\u{0662}\u{0660}\u{0662}\u{0662}\u{060C} \u{0662}:\u{0665}\u{0666}:\u{0660}\u{0660}\u{00A0}\u{0645}] a: m",
               order: nil, time: time(2022, 3, 18, 14, 56)),
        Family(line: "[3/18/2565 BE, 14:56:01] a: m", order: nil, time: time(2022, 3, 18, 14, 56, 1)),
        Family(line: "23.03.22 13:31 - a: m", order: nil, time: time(2022, 3, 23, 13, 31)),
        Family(line: "[3/18/22 14.56.01] a: m", order: nil, time: time(2022, 3, 18, 14, 56, 1)),
        Family(line: "[14:56:01, 3/18/22] a: m", order: nil, time: time(2022, 3, 18, 14, 56, 1)),
    ]

    @Test(arguments: pusturTable + moreFamilies)
    func eachFamilyGivesDateTimeSenderAndText(_ family: Family) throws {
        let (messages, _) = try Self.read(family.line + "\n" + family.line + "\n", order: family.order)
        #expect(messages.count == 2)
        #expect(messages.first?.time == family.time)
        #expect(messages.first?.speaker == "a")
        #expect(messages.first?.text == "m")
        #expect(messages.first?.line == 1)
    }

    @Test(arguments: pusturTable + moreFamilies)
    func eachFamilyIsRecognisedOverATranscript(_ family: Family) throws {
        let text = family.line + "\n" + family.line.replacingOccurrences(of: "a: m", with: "b: n") + "\n"
        let choice = try Importers.choose(for: InputSample(name: "chat.txt", bytes: Array(text.utf8), complete: true), given: nil)
        #expect(choice.importer.name == "whatsapp", "\(choice.reason)")
    }

    /// A group export that opens with dozens of joins and notices (with commas, so it also looks like a table) is
    /// still a WhatsApp export: its first message is counted wherever it comes in the sample.
    @Test func aGroupExportOpeningWithJoinsIsRecognised() throws {
        var text = "7/25/19, 23:45 - Messages to this group are now secured with end-to-end encryption. Tap for more info.\n"
            + "7/25/19, 22:06 - Angad Sharma created group \"CodeChef-VIT Technical\"\n"
        for number in 1...60 { text += "7/25/19, 23:45 - Member \(number), VIT joined using this group's invite link\n" }
        text += "7/26/19, 09:12 - Angad Sharma: Welcome, everyone\n7/26/19, 09:13 - Member 4, VIT: Thanks!\n"
        let choice = try Importers.choose(for: InputSample(name: "chat.txt", bytes: Array(text.utf8), complete: true), given: nil)
        #expect(choice.importer.name == "whatsapp", "\(choice.reason)")
    }

    /// The transcript's own timestamp shape stays a transcript; a line that only starts with a date is no stamp.
    @Test func aTranscriptStaysATranscript() throws {
        let transcript = "[2024-03-05 10:01:02] 张三: 我的快递三天没动了\n[2024-03-05 10:01:40] 客服小美: 您好\n"
        let choice = try Importers.choose(for: InputSample(name: "log.txt", bytes: Array(transcript.utf8), complete: true), given: nil)
        #expect(choice.importer.name == "transcript")
        #expect(WhatsAppExportReader.recognise(["2016-04-29 10:30:00", "notes: none"]) == nil)
    }

    // MARK: Day and month

    @Test(arguments: [
        // A day over 12 anywhere in the lookahead settles it.
        (["1/2/24", "3/4/24", "13/6/24"], nil as WhatsAppDateOrder?, "day/month/year", "line 3: 13/6/24 (13 can only be a day)"),
        (["1/2/24", "6/13/24"], nil, "month/day/year", "line 2: 6/13/24 (13 can only be a day)"),
        (["1/2/24", "3/4/24"], .mdy, "month/day/year", "--date-order mdy"),
        (["2024-01-02", "2024-03-04"], nil, "year/month/day", "assumed: no date in the file has a day over 12; year-first dates put the month before the day (--date-order sets it)"),
    ])
    func theOrderAndWhatDecidedIt(dates: [String], order: WhatsAppDateOrder?, spelled: String, decidedBy: String) throws {
        let text = dates.map { "\($0), 10:00 - Alice: hi" }.joined(separator: "\n")
        let (messages, reader) = try Self.read(text, order: order)
        #expect(messages.count == dates.count)
        #expect(reader.dateOrder == spelled)
        #expect(reader.dateOrderDecidedBy == decidedBy)
    }

    /// Past the lookahead the order is assumed; a later date that confirms it is named, one that contradicts it
    /// stops the read naming the flag.
    @Test func aLaterDateConfirmsOrContradictsTheAssumption() throws {
        let early = ["1/2/24", "3/4/24", "5/6/24", "7/8/24"]
        let confirmed = try Self.read((early + ["20/8/24"]).map { "\($0), 10:00 - Alice: hi" }.joined(separator: "\n"), lookahead: 2)
        #expect(confirmed.messages.last?.time == Self.time(2024, 8, 20, 10, 0))
        #expect(confirmed.reader.dateOrderDecidedBy == "line 5: 20/8/24 (20 can only be a day), confirming the order assumed before it")
        #expect(!confirmed.reader.dateOrderAssumed)

        let contradicted = (early + ["8/20/24"]).map { "\($0), 10:00 - Alice: hi" }.joined(separator: "\n")
        do {
            _ = try Self.read(contradicted, lookahead: 2)
            Issue.record("a contradicting date was read")
        } catch let error as ImportError {
            #expect(error.location.line == 5)
            #expect(error.message.contains("8/20/24") && error.message.contains("--date-order"))
        }
    }

    @Test func aDateThatContradictsASettledOrderOrTheFlagStops() throws {
        #expect(throws: ImportError.self) { try Self.read("13/6/24, 10:00 - Alice: hi\n6/13/24, 10:00 - Alice: ho\n") }
        #expect(throws: ImportError.self) { try Self.read("13/6/24, 10:00 - Alice: hi\n", order: .mdy) }
        // ymd does not fit dates with the year last.
        #expect(throws: ImportError.self) { try Self.read("1/6/24, 10:00 - Alice: hi\n", order: .ymd) }
    }

    @Test func theDecisionIsInTheReportAndTheFlagIsARecipeKey() throws {
        let path = Fixture.write("1/2/24, 10:00 - Alice: hi\n1/2/24, 10:01 - Shop: hello\n", name: "WhatsApp Chat.txt")
        var recipe = Recipe()
        try recipe.set(.dateOrder, text: "mdy")
        #expect(recipe.dateOrder == .mdy)
        #expect(throws: RecipeError.self) { try recipe.set(.dateOrder, text: "dym") }
        var options = ConvertOptions(inputs: [path], outputDirectory: Fixture.temporaryDirectory())
        options.dateOrder = recipe.dateOrder
        let result = try ConvertJob(options: options).run()
        let facts = result.report.inputs[0].facts
        #expect(facts.first { $0.key == "date_order" }?.value == "month/day/year")
        #expect(facts.first { $0.key == "date_order_decided_by" }?.value == "--date-order mdy")
        #expect(facts.first { $0.key == "stamp_pattern" }?.value == "n/n/yy, hh:mm - ")
    }

    // MARK: Text

    @Test func messageTextIsKeptExactly() throws {
        let text = "1/2/24, 10:00 - Alice: Sure:\r\n\r\n    def f():\r\n        return 1\r\n\r\n   \r\n"
            + "1/2/24, 10:01 - Bob:   two  spaces\tand a tab  \n\tindented\n"
        let (messages, _) = try Self.read(text)
        #expect(messages.map(\.text) == ["Sure:\n\n    def f():\n        return 1", "  two  spaces\tand a tab  \n\tindented"])
    }

    /// A continuation line that starts like a stamp of another shape stays text, and is counted.
    @Test func aLineWithAnotherStampIsTextAndCounted() throws {
        let (messages, reader) = try Self.read("13/06/2018, 21:25 - Loris: one\n2016-04-29 10:30:00\n[2018/06/13, 21:25:15] x: quoted\n")
        #expect(messages.map(\.text) == ["one\n2016-04-29 10:30:00\n[2018/06/13, 21:25:15] x: quoted"])
        #expect(reader.otherStampLines == 1 && reader.firstOtherStampLine == 3)
    }

    @Test(arguments: [
        "<This message was edited>", "<Se editó este mensaje.>", "<Mensagem editada>", "<Ce message a été modifié>",
        "<Diese Nachricht wurde bearbeitet.>", "<Questo messaggio è stato modificato>", "<Сообщение изменено>",
        "<Pesan ini diedit>", "<このメッセージは編集されました>", "<已编辑的消息>", "\u{200E}<This message was edited>",
    ])
    func editMarkersAreRemovedAndCounted(marker: String) throws {
        let (messages, reader) = try Self.read("13/06/2018, 21:25 - Ana: see you at 8 \(marker)\n13/06/2018, 21:26 - Ana: <b>bold</b>\n")
        #expect(messages.map(\.text) == ["see you at 8", "<b>bold</b>"])
        #expect(reader.editedMarkers == 1)
    }

    // MARK: System lines

    /// iOS writes notices with the chat's name as the sender and a U+200E mark before the text.
    @Test(arguments: [
        "Messages and calls are end-to-end encrypted. No one outside of this chat can read them.",
        "消息和通话已进行端到端加密。", "Los mensajes y las llamadas están cifrados de extremo a extremo.",
        "As mensagens e as chamadas são protegidas com a criptografia de ponta a ponta.",
        "Les messages et les appels sont chiffrés de bout en bout.", "Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt.",
        "I messaggi e le chiamate sono crittografati end-to-end.", "Сообщения и звонки защищены сквозным шифрованием.",
        "Pesan dan panggilan terenkripsi secara end-to-end.", "メッセージと通話はエンドツーエンド暗号化されています。",
        "الرسائل والمكالمات مشفرة تمامًا بين الطرفين، بحيث لا يستطيع أحد", "Viestit ja puhelut salataan täysin.",
        "Zprávy a hovory jsou opatřeny koncovým šifrováním.", "消息和通话都进行端到端加密。对话之外的任何人",
        "\u{200E}Ana added Luis", "\u{200E}Ana añadió a Luis", "\u{200E}Ana adicionou Luis", "\u{200E}Ana a ajouté Luis",
        "\u{200E}Ana hat Luis hinzugefügt.", "\u{200E}Ana ha aggiunto Luis", "\u{200E}Ana добавил(а) Luis",
        "\u{200E}Ana menambahkan Luis", "\u{200E}AnaがLuisを追加しました", "\u{200E}Ana 添加了 Luis",
        "\u{200E}Ana changed the subject to \"Trip\"", "\u{200E}Ana cambió el asunto a \"Viaje\"",
        // Security-code notices (iOS writes two marks before them).
        "\u{200E}\u{200E}Your security code with Ana changed. \u{200E}Tap to learn more.",
        "\u{200E}\u{200E}Deine Sicherheitsnummer für Ana hat sich geändert.", "\u{200E}\u{200E}Cambió tu código de seguridad con Ana.",
        "\u{200E}\u{200E}Votre code de sécurité avec Ana a changé.", "\u{200E}\u{200E}Il tuo codice di sicurezza con Ana è cambiato.",
        "\u{200E}\u{200E}O seu código de segurança partilhado com Ana mudou.", "\u{200E}\u{200E}Ваш код безопасности с контактом Ana изменился.",
        "\u{200E}\u{200E}Kode keamanan Anda dengan Ana telah berubah.", "\u{200E}\u{200E}Anaとのセキュリティコードが変更されました。",
    ])
    func localisedNoticesAreSystemLines(notice: String) throws {
        let text = "[13/06/2018, 21:25:15] Familie: \(notice)\n[13/06/2018, 21:25:20] Ana: hola\n"
        let (messages, reader) = try Self.read(text)
        #expect(messages.map(\.text) == ["hola"])
        #expect(reader.systemLines == 1)
    }

    /// Deleted-message notes are placeholders (the session shaper's), not system lines: they stay messages.
    @Test(arguments: ["\u{200E}Вы удалили данное сообщение.", "\u{200E}このメッセージを削除しました。", "\u{200E}You deleted this message."])
    func deletedMessageNotesStayMessages(note: String) throws {
        let (messages, reader) = try Self.read("[13/06/2018, 21:25:15] Ana: \(note)\n")
        #expect(messages.count == 1 && reader.systemLines == 0)
    }

    /// Android writes events without a sender; a quoted subject with a colon does not make one.
    @Test func senderlessAndQuotedLinesAreSystemLines() throws {
        let text = "13/06/2018, 21:25 - Ana changed the subject from \"a\" to \"Re: trip\"\n"
            + "13/06/2018, 21:25 - Ana cambió el asunto de “a” a “Viaje: julio”\n"
            + "13/06/2018, 21:25 - Ana added Luis\nsecond line of the event\n13/06/2018, 21:26 - Luis: hi\n"
        let (messages, reader) = try Self.read(text)
        #expect(messages.map(\.text) == ["hi"])
        #expect(reader.systemLines == 3 && reader.strayLines == 0)
    }

    // MARK: Other projects' exports

    /// chat-miner's five stamp styles of the same chat give the six messages of its `target.json`.
    @Test(arguments: ["chatminer-ddmmyy-24h.txt", "chatminer-mmddyy-24h.txt", "chatminer-mmddyyyy-12h.txt",
                      "chatminer-yyyymmdd-24h.txt", "chatminer-bracketed-mmddyy-24h.txt"])
    func chatMinerExports(file: String) throws {
        let reader = try WhatsAppExportReader(path: Fixture.path("chatlogs/whatsapp/" + file))
        var messages: [ChatLogMessage] = []
        while let message = try reader.next() { messages.append(message) }
        #expect(messages.map(\.speaker) == ["John Doe", "Jahn Doe", "John-John Doe", "John Doe 🤓", "🤓", "John Doe"])
        #expect(messages.map(\.time) == [Self.time(2019, 1, 1, 11, 25), Self.time(2019, 1, 30, 20, 49), Self.time(2020, 6, 10, 15, 55),
                                         Self.time(2021, 12, 10, 10, 10), Self.time(2021, 12, 20, 12, 10), Self.time(2021, 12, 30, 22, 1)])
        #expect(messages[1].text == "Lorem ipsum dolor sit amet,\nconsectetur adipiscing elit. Duis libero.")
        #expect(messages[2].text == "Lorem ipsum : dolor sit amet.")
        #expect(reader.systemLines == 3)
        let choice = try Importers.choose(for: InputSample(name: file, bytes: Fixture.bytes(Fixture.path("chatlogs/whatsapp/" + file)),
                                                           complete: true), given: nil)
        #expect(choice.importer.name == "whatsapp")
    }
}
