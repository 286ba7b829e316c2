import Foundation
import Testing
@testable import TuneKit

/// Sessions that never merge strangers, and message text kept exactly (transcripts through the whole pipeline).
@Suite("Chat logs: session boundaries and exact text")
struct ChatSessionTests {
    /// Converts `path` and returns the written conversations (turn texts), the rejects and the input's facts.
    private func convert(_ path: String, configure: (inout ConvertOptions) -> Void = { _ in })
        throws -> (examples: [[String]], result: ConvertJob.Result, facts: [String: String]) {
        let directory = Fixture.temporaryDirectory()
        var options = ConvertOptions(inputs: [path], outputDirectory: directory)
        options.dedup = .none
        configure(&options)
        let result = try ConvertJob(options: options).run()
        let examples = Fixture.read(directory + "/train.jsonl").split(separator: "\n").map { line -> [String] in
            let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
            let messages = object?["messages"] as? [[String: Any]] ?? []
            return messages.map { ($0["role"] as? String ?? "") + ": " + ($0["content"] as? String ?? "") }
        }
        let facts = Dictionary(uniqueKeysWithValues: result.report.inputs[0].facts.map { ($0.key, $0.value) })
        return (examples, result, facts)
    }

    /// The order numbers (six digits from 200000) an example mentions.
    private func orders(in example: [String]) -> Set<String> {
        Set(example.flatMap { turn in
            turn.split { !$0.isASCII || !$0.isNumber }.map(String.init).filter { $0.count == 6 && $0.hasPrefix("200") }
        })
    }

    /// The case: 120 customers' chats written out of time order (see the fixture's generator). Every example
    /// holds exactly one order's chat; time going backwards and a change of customer are counted and warned about.
    @Test func outOfOrderSessionsNeverMergeStrangers() throws {
        let (examples, result, facts) = try convert(Fixture.path("chatlogs/sessions/out-of-order-120.txt"))
        #expect(examples.count == 120)
        for example in examples { #expect(orders(in: example).count == 1, "\(example)") }
        #expect(Set(examples.flatMap(orders)).count == 120)
        #expect(facts["sessions"] == "120")
        #expect(facts["session_breaks"] == "silence=42 time_backwards=48 customer_change=29 end_of_file=1")
        #expect(facts["placeholders_dropped"] == "media=14")
        let codes = result.diagnostics.map(\.code)
        #expect(codes.contains("chat.time_backwards") && codes.contains("chat.customer_change"))
        #expect(result.report.inputs[0].changes.contains { $0.kind == "placeholder.media" && $0.count == 14 })
        let backwards = try #require(result.diagnostics.first { $0.code == "chat.time_backwards" })
        #expect(backwards.location?.line != nil && backwards.message.hasPrefix("time went backwards 48 time(s), first from 2024-"))
        // The multi-line reply is kept exactly: blank line and indentation.
        #expect(examples.contains { $0.last == "assistant: 订单 200003 的发票会随包裹寄出：\n\n    抬头：个人\n    金额：以实付为准" })
    }

    /// `--group-chat` turns the customer rule off: the 29 customers who wrote within minutes of the previous one
    /// then share examples (time going backwards still splits).
    @Test func groupChatKeepsSpeakersTogether() throws {
        let (examples, _, facts) = try convert(Fixture.path("chatlogs/sessions/out-of-order-120.txt")) { $0.chatLog.groupChat = true }
        #expect(facts["session_breaks"] == "silence=42 time_backwards=48 end_of_file=1")
        #expect(examples.count == 91)
        #expect(examples.map { orders(in: $0).count - 1 }.reduce(0, +) == 29)
    }

    /// Session rules on small transcripts: (text, sessions, session_breaks, blank-line decision).
    static let cases: [(String, Int, String, String)] = [
        // Blank lines between blocks of several messages start sessions; the blank line inside a message does not.
        ("Customer: Hi, my parcel 4471 is late.\nAgent: Sorry! Let me check.\nCustomer: Thanks.\nAgent: It ships today.\n\n"
         + "Customer: Can I change the address of order 5512?\nAgent: Sure:\n\n    1. Open the order\n    2. Tap Edit\nCustomer: Great.\n\n"
         + "Customer: Refund for order 6620 please.\nAgent: Done, 3 days.\n",
         3, "blank_lines=2 end_of_file=1", "separate sessions (a blank line; 2 gaps before a message, 6 messages directly after another)"),
        // A file that double-spaces every message: blank lines separate messages only.
        ("Customer: Hi, my parcel 4471 is late.\n\nAgent: Sorry! Let me check:\n\n    tracking 4471\n\nCustomer: Thanks.\n\nAgent: It ships today.\n",
         1, "end_of_file=1", "inside sessions (3 gaps before a message, 0 messages directly after another)"),
        // Double-spaced, sessions apart by two blank lines: the longer gaps start sessions.
        ("Customer: q1\n\nAgent: a1\n\nCustomer: q1b\n\nAgent: a1b\n\n\nCustomer: q2\n\nAgent: a2\n",
         2, "blank_lines=1 end_of_file=1", "separate sessions (2+ blank lines; 5 gaps before a message, 0 messages directly after another)"),
        // One session per customer in a timestamped log without silences; the agent's name says who answers.
        ("[2024-03-05 10:00] 张三：我的订单 200027 呢\n[2024-03-05 10:01] 客服小美：在路上了\n[2024-03-05 10:02] 李四：退款？\n"
         + "[2024-03-05 10:03] 客服小美：已退\n[2024-03-05 10:04] 李四：谢谢你\n[2024-03-05 10:05] 客服小美：不客气\n",
         2, "customer_change=1 end_of_file=1", "inside sessions (0 gaps before a message, 5 messages directly after another)"),
        // Time going backwards splits even with --session-gap none semantics of a short gap.
        ("[2024-03-28 10:00] 张三：订单 200027\n[2024-03-28 10:01] 客服：好的\n[2024-03-01 09:00] 张三：订单 200028\n[2024-03-01 09:01] 客服：收到\n",
         2, "time_backwards=1 end_of_file=1", "inside sessions (0 gaps before a message, 3 messages directly after another)"),
    ]

    @Test(arguments: cases)
    func sessionBoundaries(text: String, sessions: Int, breaks: String, blankLines: String) throws {
        let (examples, _, facts) = try convert(Fixture.write(text, name: "log.txt")) { $0.chatLog.trimEdges = false }
        #expect(facts["sessions"] == String(sessions))
        #expect(facts["session_breaks"] == breaks)
        #expect(facts["blank_lines"] == blankLines)
        #expect(examples.count == sessions)
    }

    /// Message text survives byte for byte: blank lines, indentation, tabs, inner and trailing spaces of inner
    /// lines; only the space after the colon, the line breaks' CRs and the white space around a message go.
    @Test(arguments: ["\n", "\r\n"])
    func messageTextIsKeptExactly(lineBreak: String) throws {
        let lines = ["User: Can you write it?", "Assistant: Sure:", "", "    def f():", "        return 1  ", "\tdone",
                     "User:   spaced   words  ", "Assistant: ok"]
        let (examples, _, _) = try convert(Fixture.write(lines.joined(separator: lineBreak) + lineBreak, name: "code.txt"))
        #expect(examples == [["user: Can you write it?", "assistant: Sure:\n\n    def f():\n        return 1  \n\tdone",
                              "user: spaced   words", "assistant: ok"]])
    }

    /// Consecutive messages of one side merge with one line break between them, each kept exactly.
    @Test func mergedTurnsJoinWithALineBreak() throws {
        let (examples, _, _) = try convert(Fixture.write("User: first\n\n  indented\nUser: second\nAgent: answer\n", name: "m.txt"))
        #expect(examples == [["user: first\n\n  indented\nsecond", "assistant: answer"]])
    }

    /// Placeholders are dropped and counted by kind; `--keep-placeholders` keeps them (and says so).
    @Test func placeholdersDroppedOrKept() throws {
        let text = "Customer: <Medien ausgeschlossen>\nCustomer: This message was deleted\nCustomer: Where is 4471?\n"
            + "Agent: [图片]\nAgent: On its way.\n"
        let (dropped, result, facts) = try convert(Fixture.write(text, name: "p.txt"))
        #expect(dropped == [["user: Where is 4471?", "assistant: On its way."]])
        #expect(facts["placeholders_dropped"] == "deleted=1 media=2")
        #expect(result.report.changeLines.contains {
            $0.contains("dropped deleted placeholder messages (--keep-placeholders keeps them): 1; media placeholder messages (--keep-placeholders keeps them): 2")
        }, "\(result.report.changeLines)")
        let (kept, _, keptFacts) = try convert(Fixture.write(text, name: "p.txt")) { $0.chatLog.keepPlaceholders = true }
        #expect(kept == [["user: <Medien ausgeschlossen>\nThis message was deleted\nWhere is 4471?", "assistant: [图片]\nOn its way."]])
        #expect(keptFacts["placeholders_dropped"] == nil && keptFacts["placeholders"] == "kept (--keep-placeholders)")
    }

    /// A placeholder first line before a caption goes, counted; the caption stays exactly (a transcript, and a
    /// WhatsApp export whose caption is one line).
    @Test(arguments: [
        ("[2024-03-12 10:00] Kunde: Hallo\n[2024-03-12 10:01] Kunde: <attached: 00000042-PHOTO-2024-03-12.jpg>\n"
         + "Das ist  die Rechnung\n\n  Seite 2\n[2024-03-12 10:02] Support Anna: Danke!\n",
         "user: Hallo\nDas ist  die Rechnung\n\n  Seite 2",
         "user: Hallo\n<attached: 00000042-PHOTO-2024-03-12.jpg>\nDas ist  die Rechnung\n\n  Seite 2"),
        ("12.03.24, 10:00 - Kunde: Hallo\n12.03.24, 10:01 - Kunde: IMG-20240312-WA0001.jpg (Datei angehängt)\n"
         + "Das ist die Rechnung\n12.03.24, 10:02 - Support Anna: Danke!\n",
         "user: Hallo\nDas ist die Rechnung", "user: Hallo\nIMG-20240312-WA0001.jpg (Datei angehängt)\nDas ist die Rechnung"),
    ])
    func placeholderLineBeforeACaption(text: String, user: String, keptUser: String) throws {
        let (examples, result, facts) = try convert(Fixture.write(text, name: "w.txt"))
        #expect(examples == [[user, "assistant: Danke!"]])
        #expect(facts["placeholder_lines_removed"] == "attachment=1" && facts["placeholders_dropped"] == nil)
        #expect(result.report.inputs[0].changes.contains { $0.kind == "placeholder_line.attachment" && $0.count == 1 })
        let (kept, _, _) = try convert(Fixture.write(text, name: "w.txt")) { $0.chatLog.keepPlaceholders = true }
        #expect(kept.first?.first == keptUser)
    }

    /// The flags are recipe keys.
    @Test func recipeKeys() throws {
        let recipe = try Recipe.parse("keep_placeholders: true\ngroup_chat: true")
        let options = try ConvertOptions(inputs: ["a.txt"], recipe: recipe)
        #expect(options.chatLog.keepPlaceholders && options.chatLog.groupChat)
        #expect(try ConvertOptions(inputs: ["a.txt"], recipe: Recipe.parse("to: chat")).chatLog.keepPlaceholders == false)
    }

    /// WhatsR's German Android test chat (gesiscss/WhatsR) converted whole: its backward step in time is a
    /// session break (00:23 then 00:13), its placeholders are counted by kind.
    @Test func whatsRGermanChat() throws {
        let (_, _, facts) = try convert(Fixture.path("chatlogs/whatsr/germanandroid24h.txt")) { $0.chatLog.speakers["Bob"] = .some(.assistant) }
        #expect(facts["format"] == "whatsapp")
        #expect(facts["session_breaks"] == "silence=1 time_backwards=1 end_of_file=1")
        #expect(facts["placeholders_dropped"] == "attachment=1 location=2 media=1")
    }
}
