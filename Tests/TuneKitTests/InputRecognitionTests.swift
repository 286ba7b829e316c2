import Foundation
import Testing
@testable import TuneKit

/// Inputs are recognised by their content; the extension only breaks near-ties, and `--from` always wins.
@Suite("Input recognition")
struct InputRecognitionTests {
    static func run(_ input: String, kind: ConvertOptions.InputKind? = nil) throws -> (ConvertJob.Result, String) {
        let directory = Fixture.temporaryDirectory()
        let options = ConvertOptions(inputs: [input], inputKind: kind, outputDirectory: directory)
        return (try ConvertJob(options: options).run(), directory)
    }

    static func fact(_ result: ConvertJob.Result, _ key: String) -> String? {
        result.report.inputs.first?.facts.first { $0.key == key }?.value
    }

    /// The sample of a file, as recognition sees it.
    static func sample(_ path: String, name: String? = nil) -> InputSample {
        let bytes = Fixture.bytes(path)
        return InputSample(name: name ?? path, bytes: Array(bytes.prefix(InputSample.size)), complete: bytes.count <= InputSample.size)
    }

    /// Output files with every `source` location removed (for tables whose physical lines differ).
    static func withoutSources(_ path: String) -> String {
        Fixture.read(path).replacingOccurrences(of: #""[a-z_]*source":"[^"]*""#, with: "", options: .regularExpression)
    }

    @Test func excelUnicodeTextIsATableLikeTheSameTableAsCSV() throws {
        let (text, textDirectory) = try Self.run(Fixture.path("csv/excel-unicode-text.txt"))
        let (csv, csvDirectory) = try Self.run(Fixture.path("csv/excel-unicode-text.csv"))
        #expect(Self.fact(text, "importer") == "csv")
        #expect(Self.fact(text, "format") == "tsv")
        #expect(Self.fact(text, "encoding") == "UTF-16LE with BOM")
        #expect(Self.fact(text, "recognised")?.contains("tab-separated fields") == true)
        #expect(text.report.counts == csv.report.counts)
        #expect(csv.report.counts.rejected == 2 && csv.report.counts.duplicates == 1)
        for name in ["train.jsonl", "rejects.jsonl", "duplicates.jsonl"] {
            let expected = Fixture.read(csvDirectory + "/" + name).replacingOccurrences(of: "excel-unicode-text.csv", with: "FILE")
            let actual = Fixture.read(textDirectory + "/" + name).replacingOccurrences(of: "excel-unicode-text.txt", with: "FILE")
            #expect(actual == expected, "\(name)")
        }
    }

    /// A UTF-16 tab-separated export written by another program (SurveyXact, from NIFU-NO/readSX's test data),
    /// named `.txt` as Excel names its "Unicode text": a table, row for row the same as the program's
    /// semicolon-separated Windows-1252 export of the same labels (which the old extension rule read as a
    /// transcript: one reject).
    @Test func anotherProgramsUTF16TabExportIsATable() throws {
        let mapping = MappingSpec(user: try FieldTemplate("{{v_1_1}} = {{0}}"), assistant: try FieldTemplate("{{Ikke valgt}}"))
        func convert(_ file: String, encoding: TextEncoding?) throws -> (ConvertJob.Result, String) {
            let directory = Fixture.temporaryDirectory()
            let options = ConvertOptions(inputs: [Fixture.path("csv/readsx/" + file)], outputDirectory: directory,
                                         mapping: mapping, dedup: .none, encoding: encoding)
            return (try ConvertJob(options: options).run(), directory)
        }
        let (text, textDirectory) = try convert("labels-tab-utf16.txt", encoding: nil)
        let (ansi, ansiDirectory) = try convert("labels-semicolon-ansi.csv", encoding: .windows1252)
        #expect(Self.fact(text, "importer") == "csv")
        #expect(Self.fact(text, "delimiter") == "tab")
        #expect(text.report.counts.read == 1198 && text.report.counts.train == 1198)
        #expect(text.report.counts == ansi.report.counts)
        #expect(Fixture.bytes(textDirectory + "/train.jsonl") == Fixture.bytes(ansiDirectory + "/train.jsonl"))
        #expect(Fixture.read(textDirectory + "/train.jsonl").contains("I løpet av ungdomsskolen"))
    }

    @Test func anExcelSepLineSetsTheDelimiterAndIsNotTheHeader() throws {
        let (sep, sepDirectory) = try Self.run(Fixture.path("csv/excel-sep-semicolon.csv"))
        let (csv, csvDirectory) = try Self.run(Fixture.path("csv/excel-unicode-text.csv"))
        #expect(Self.fact(sep, "delimiter") == "semicolon")
        #expect(Self.fact(sep, "header_line") == "2")
        #expect(Self.fact(sep, "recognised")?.contains("sep=") == true)
        #expect(sep.report.counts == csv.report.counts)
        #expect(Fixture.bytes(sepDirectory + "/train.jsonl") == Fixture.bytes(csvDirectory + "/train.jsonl"))
        for name in ["rejects.jsonl", "duplicates.jsonl"] {
            #expect(Self.withoutSources(sepDirectory + "/" + name) == Self.withoutSources(csvDirectory + "/" + name))
        }
    }

    /// `sep=` files from another project's CSV corpus (cmdrvl/rvl, see Fixtures/csv/README.md).
    @Test(arguments: [
        ("sep_semicolon.csv", UInt8(ascii: ";"), ["id", "value", "note"], 2),
        ("sep_tab.csv", UInt8(0x09), ["id", "name", "value"], 2),
        ("sep_pipe.csv", UInt8(ascii: "|"), ["id", "name", "value"], 2),
        ("utf8_bom_sep_pipe.csv", UInt8(ascii: "|"), ["id", "name", "value"], 1),
    ])
    func sepLinesOfAnotherProjectsCorpus(file: String, delimiter: UInt8, header: [String], rows: Int) throws {
        let path = Fixture.path("csv/rvl/" + file)
        let reader = try CSVReader(path: path)
        #expect(reader.delimiter == delimiter)
        #expect(reader.header.columns == header)
        #expect(reader.headerLine == 2)
        var read = 0
        while let event = try reader.next() {
            if case .row(let row) = event {
                read += 1
                #expect(row.values.count == header.count)
            }
        }
        #expect(read == rows)
        let choice = try Importers.choose(for: Self.sample(path), given: nil)
        #expect(choice.importer.name == "csv")
        #expect(choice.reason.contains("sep="))
    }

    /// Fixtures made by other programs, and what reads them.
    @Test(arguments: [
        ("chatlogs/transcript.txt", "transcript"),
        ("chatlogs/transcript-gbk.txt", "transcript"),
        ("chatlogs/whatsapp-android-us.txt", "whatsapp"),
        ("chatlogs/whatsapp-ios-eu.txt", "whatsapp"),
        ("chatlogs/whatsapp-es.txt", "whatsapp"),
        ("chatlogs/wechat.csv", "wechat"),
        ("chatlogs/telegram-full.json", "telegram"),
        ("chatlogs/telegram-single.json", "telegram"),
        ("chatlogs/chatgpt-conversations.json", "chatgpt"),
        ("chatlogs/alpaca.json", "json array"),
        ("chatlogs/sharegpt.jsonl", "jsonl"),
        ("csv/utf16le-bom.txt", "csv"),
        ("csv/gbk.csv", "csv"),
        ("csv/semicolon.csv", "csv"),
        ("csv/quoted-newlines.csv", "csv"),
        ("sheets/faq.xlsx", "workbook"),
        ("sheets/faq.ods", "workbook"),
        ("sheets/faq.fods", "workbook"),
        ("sheets/faq-2003.xml", "workbook"),
    ])
    func eachFixtureIsRecognised(file: String, importer: String) throws {
        let choice = try Importers.choose(for: Self.sample(Fixture.path(file)), given: nil)
        #expect(choice.importer.name == importer)
    }

    /// The name lies; the content decides.
    @Test(arguments: [
        ("chatlogs/sharegpt.jsonl", "records.txt", "jsonl", ConvertOptions.InputKind.jsonl),
        ("sheets/faq.xlsx", "export.dat", "workbook", .xlsx),
        ("sheets/faq.ods", "export.xlsx", "workbook", .ods),
        ("chatlogs/transcript.txt", "chat.csv", "transcript", .transcript),
        ("csv/excel-unicode-text.txt", "faq.log", "csv", .tsv),
        ("chatlogs/telegram-full.json", "result.txt", "telegram", .telegram),
    ])
    func contentOutweighsTheExtension(file: String, name: String, importer: String, kind: ConvertOptions.InputKind) throws {
        let choice = try Importers.choose(for: Self.sample(Fixture.path(file), name: name), given: nil)
        #expect(choice.importer.name == importer)
        #expect(choice.kind == kind)
    }

    /// Found by the property test: a quote that never closes on the first row hid the WeChat columns.
    @Test func aBrokenFirstRowDoesNotHideTheTable() throws {
        let wechat = "\u{FEFF}localId,TalkerId,Type,SubType,IsSender,CreateTime,StrContent,StrTime,NickName,Sender\n\"broken\n"
            + "1,wxid_a,1,0,0,1709600000,你好,,小王,\n2,wxid_a,1,0,1,1709600060,您好,,,\n"
        let choice = try Importers.choose(for: InputSample(name: "-", bytes: Array(wechat.utf8), complete: true), given: nil)
        #expect(choice.importer.name == "wechat")
        let table = "question,answer\n\"never closed,x\nq1,a1\nq2,a2\nq3,a3\n"
        let tableChoice = try Importers.choose(for: InputSample(name: "-", bytes: Array(table.utf8), complete: true), given: nil)
        #expect(tableChoice.importer.name == "csv")
    }

    /// Found by the property test: a chat log whose first line starts with `<` is still a chat log, not XML.
    @Test func aTextFileStartingWithAnAngleBracketIsText() throws {
        let chat = "<b>exported</b>\n12/31/23, 9:41 PM - Alice: Hello\n12/31/23, 9:42 PM - Shop: Hi, how can I help?\n"
        let choice = try Importers.choose(for: InputSample(name: "WhatsApp Chat.txt", bytes: Array(chat.utf8), complete: true), given: nil)
        #expect(choice.importer.name == "whatsapp")
    }

    /// Found by the property test: JSONL whose lines are all broken is still JSONL (by its name), not a transcript
    /// of `{"messages": …` speakers nor a Telegram document.
    @Test func brokenJSONLIsNotATranscript() throws {
        let lines = "{\"messages\": [\n{\"messages\": [{\"role\": \"user\"\n"
        let choice = try Importers.choose(for: InputSample(name: "records.jsonl", bytes: Array(lines.utf8), complete: true), given: nil)
        #expect(choice.importer.name == "jsonl")
    }

    @Test func anAmbiguousInputStopsNamingBothCandidates() throws {
        let path = Fixture.path("csv/ambiguous-comma-dialogue.txt")
        let error = #expect(throws: ConvertError.self) { try Self.run(path) }
        #expect(error?.exitStatus == 2)
        for part in ["csv", "transcript", "--from csv", "--from transcript"] {
            #expect(error?.message.contains(part) == true, "\(part)")
        }
        // --from always wins.
        let asTable = try Importers.choose(for: Self.sample(path), given: .csv)
        #expect(asTable.importer.name == "csv" && asTable.reason == "--from csv")
        let (asLog, _) = try Self.run(path, kind: .transcript)
        #expect(Self.fact(asLog, "importer") == "transcript")
    }

    @Test func theExtensionBreaksANearTie() throws {
        let bytes = Fixture.bytes(Fixture.path("csv/ambiguous-comma-dialogue.txt"))
        let asCSV = try Importers.choose(for: InputSample(name: "dialogue.csv", bytes: bytes, complete: true), given: nil)
        #expect(asCSV.importer.name == "csv")
        #expect(asCSV.reason.contains("the .csv extension breaks a near-tie with transcript"))
    }

    @Test(arguments: [
        ("faq.csv", [UInt8]([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]), "a PNG image"),
        ("chat.txt", [0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37, 0x0A], "a PDF document"),
        ("book.xlsx", [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 0x4A, 0x46], "a JPEG image"),
        ("faq.csv", [0x50, 0x4B, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0], "a zip archive"),
        ("old.xls", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "xls input is not supported"),
    ])
    func aBinaryFileIsRefusedNamingWhatItIs(name: String, bytes: [UInt8], says: String) throws {
        let path = Fixture.write(bytes + [UInt8](repeating: 7, count: 600), name: name)
        let error = #expect(throws: ConvertError.self) { try Self.run(path) }
        #expect(error?.message.contains(says) == true, "\(error?.message ?? "")")
    }

    /// Third-party workbooks convert cannot read are named with what to do: a password-protected `.xlsx`
    /// (msoffcrypto-tool's test file), a password-protected `.ods` and a binary `.xlsb` (calamine's), by name,
    /// renamed and with `--from`.
    @Test(arguments: [
        ("thirdparty/example_password.xlsx", nil, "read as xlsx, but the file looks like a password-protected (encrypted) Office file; open it, save a copy without a password"),
        ("thirdparty/pass_protected.ods", nil, "a password-protected (encrypted) OpenDocument file; open it, save a copy without a password"),
        ("thirdparty/date.xlsb", nil, "the file looks like a binary Excel workbook (.xlsb), which convert does not read; save it as .xlsx"),
        ("thirdparty/date.xlsb", ConvertOptions.InputKind.xlsx, "read as xlsx, but the file looks like a binary Excel workbook (.xlsb); save it as .xlsx"),
    ] as [(String, ConvertOptions.InputKind?, String)])
    func workbooksConvertCannotReadSayWhatToDo(fixture: String, kind: ConvertOptions.InputKind?, says: String) throws {
        let error = #expect(throws: ConvertError.self) { try Self.run(Fixture.path(fixture), kind: kind) }
        #expect(error?.message.contains(says) == true, "\(error?.message ?? "")")
        let renamed = Fixture.write(Fixture.bytes(Fixture.path(fixture)), name: "renamed.bin")
        let again = #expect(throws: ConvertError.self) { try Self.run(renamed) }
        #expect(again?.message.contains(fixture.hasSuffix("xlsb") ? "binary Excel workbook" : "password-protected") == true,
                "\(again?.message ?? "")")
    }

    @Test func fromPicksTheImporterAndStillChecksTheBytes() throws {
        let png = Fixture.write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0, count: 64), name: "rows.csv")
        let error = #expect(throws: ConvertError.self) { try Self.run(png, kind: .tsv) }
        #expect(error?.message.contains("read as tsv, but the file looks like a PNG image") == true)
    }
}

/// Every input unit becomes a record or a reject: nothing vanishes from `read`.
@Suite("Every input unit counted once")
struct UnitCountingTests {
    @Test func chatGPTConversationsWithoutMessagesAreRejects() throws {
        let (result, directory) = try InputRecognitionTests.run(Fixture.path("chatlogs/chatgpt-gaps.json"))
        #expect(result.report.counts.read == 4)
        #expect(result.report.counts.train == 2)
        #expect(result.report.rejectsByReason == ["chat.empty_conversation": 1, "chat.missing_current_node": 1])
        let rejects = Fixture.read(directory + "/rejects.jsonl")
        #expect(rejects.contains("chatgpt-gaps.json!conversation 2"))
        #expect(rejects.contains("chatgpt-gaps.json!conversation 3"))
        #expect(rejects.contains("gone-7"))
    }

    @Test func telegramChatsWithoutMessagesAreRejects() throws {
        let (result, directory) = try InputRecognitionTests.run(Fixture.path("chatlogs/telegram-gaps.json"))
        #expect(result.report.counts.read == 4)
        #expect(result.report.counts.train == 2)
        #expect(result.report.rejectsByReason == ["chat.empty_chat": 2])
        #expect(Fixture.read(directory + "/rejects.jsonl").contains("telegram-gaps.json!chat 3"))
    }

    @Test func aChatGPTConversationWithoutAMappingIsAReject() throws {
        let path = Fixture.write(#"[{"title":"bare","id":"x"}]"#, name: "conversations.json")
        let reader = try ChatGPTExportReader(document: JSONDocument.load(path: path), fileName: path)
        #expect(reader.chats.count == 1)
        #expect(reader.chats[0].problem?.reason == "chat.no_mapping")
    }
}
