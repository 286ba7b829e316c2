import Foundation
import Testing

/// Broken, hostile and mistaken inputs through the built `tunekit`, one table row each: every importer, every
/// command, recipes, templates, flags, missing files, folders, empty files and FIFOs. Each row names the exit
/// status the contract gives (0 written with rejects, 1 nothing usable or problems found, 2 bad usage or unreadable
/// input) and what the message must say; every row also checks that nothing crashed (no Swift trap, no crash
/// dump, no signal), that an error is one line naming the file, and that no temporary file was left behind.
@Suite("Bad inputs through the command line")
struct BadInputTableTests {
    /// How a row's input comes to be.
    enum Input: Sendable {
        /// Text written by the test (UTF-8).
        case text(String)
        /// Bytes written by the test.
        case bytes([UInt8])
        /// A committed file (path from the repository root), copied under the row's name.
        case fixture(String)
        /// The first `count` bytes of a committed file: the same file cut short.
        case prefix(String, Int)
        /// A committed file with the bytes in `range` XOR-ed with 0x5A: damaged in place.
        case damaged(String, Range<Int>)
        /// An empty folder under the row's name.
        case folder
        /// A named pipe that another process fills with this text.
        case fifo(String)
        /// Nothing at all: the file does not exist.
        case absent
    }

    /// What the output looks like, besides the words it must contain.
    enum Shape: Sendable {
        /// One line on standard error, naming the row's file (an input that cannot be read, a bad flag value).
        case line
        /// One line on standard error about a flag or recipe, not about an input file.
        case flagLine
        /// ArgumentParser's usage error: `Error: …`, then the usage (the documented shape for unknown options).
        case usage
        /// The run's console summary (records were read; rejects counted with their reason and place).
        case summary
        /// `validate`'s report on standard output: `FILE:LINE: message` lines, then a summary line.
        case report
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        /// The input's name in the row's working folder.
        var file: String
        var input: Input
        /// The command line; `$IN` stands for ``file``.
        var arguments: [String]
        var status: Int32
        var shape: Shape
        /// Words the output (standard error and standard output) must contain.
        var says: [String]
        /// Words `out/rejects.jsonl` must contain (the reject names its source), when the row rejects.
        var rejects: [String] = []
        /// Words the output must not contain (internals leaking into a message).
        var never: [String] = []

        var testDescription: String { name }
    }

    static let thirdParty = "Tests/TuneKitTests/Fixtures/thirdparty/"
    static let pictures = "Tests/TuneKitImagesTests/Fixtures/"
    static let bad = "Tests/CLITests/Fixtures/bad/"
    static let sheets = "Tests/TuneKitTests/Fixtures/sheets/long-cell/"
    static let faq = "Converters/customer-service-faq/sample.csv"

    static func convert(_ extra: String...) -> [String] { ["convert", "$IN", "-o", "out"] + extra }

    static let rows: [Row] = [
        // Files that are not there, or not files.
        Row(name: "missing file", file: "missing.csv", input: .absent, arguments: convert(), status: 2, shape: .line,
            says: ["cannot open", "No such file"]),
        Row(name: "folder instead of a file", file: "folder.csv", input: .folder, arguments: convert(), status: 2,
            shape: .line, says: ["is a directory, not a file"]),
        Row(name: "empty file", file: "empty.csv", input: .text(""), arguments: convert(), status: 2, shape: .line,
            says: ["no header row", "empty"]),
        Row(name: "FIFO carrying a ChatGPT export cut short", file: "fifo", input: .fifo(#"[{"title":"t","mapping":{"a":{"id":"a","message":{"author":{"role":"user"},"content":{"parts":["hi"#),
            arguments: convert("--from", "chatgpt"), status: 2, shape: .line, says: ["fifo:1", "not JSON"]),
        Row(name: "PNG picture named .csv", file: "picture.csv", input: .fixture(pictures + "rgb8.png"), arguments: convert(),
            status: 2, shape: .line, says: ["PNG image"]),

        // CSV and TSV.
        Row(name: "CSV with a lone quote", file: "lone.csv", input: .text("question,answer\nq1,a1\n\"unterminated,x\n"),
            arguments: convert(), status: 0, shape: .summary, says: ["csv.unterminated_quote", "lone.csv:3", "close the open quote"],
            rejects: [#""source":"lone.csv:3""#]),
        Row(name: "CSV with text after a closing quote", file: "quote.csv", input: .text("question,answer\n\"a\"b,c\n"),
            arguments: convert(), status: 1, shape: .summary, says: ["csv.text_after_quote", "quote.csv:2"],
            rejects: [#""source":"quote.csv:2""#]),
        Row(name: "GBK bytes read as UTF-8", file: "gbk.csv", input: .bytes(Array("question,answer\n".utf8) + [0xD6, 0xD0, 0xCE, 0xC4, 0x2C, 0xC3, 0x0A]),
            arguments: convert("--encoding", "utf-8"), status: 1, shape: .summary, says: ["csv.undecodable", "gbk.csv:2", "--encoding"],
            rejects: [#""source":"gbk.csv:2""#]),
        Row(name: "unknown --encoding", file: "faq.csv", input: .fixture(faq), arguments: convert("--encoding", "klingon"),
            status: 2, shape: .flagLine, says: ["unknown encoding 'klingon'", "--encoding"]),
        Row(name: "UTF-16 TSV ending in half a character", file: "odd.tsv",
            input: .bytes([0xFF, 0xFE] + Array("question\tanswer\nx\ty\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } + [0x7A]),
            arguments: convert(), status: 0, shape: .summary, says: ["csv.undecodable", "odd.tsv:3"], rejects: [#""source":"odd.tsv:3""#]),
        Row(name: "CSV with a header and no rows", file: "header.csv", input: .text("question,answer\n"), arguments: convert(),
            status: 1, shape: .summary, says: ["read 0: train 0"]),
        Row(name: "CSV whose columns map to nothing", file: "cols.csv", input: .text("foo,bar\n1,2\n"), arguments: convert(),
            status: 2, shape: .line, says: ["no column maps to the user turn", "--user"]),
        Row(name: "template naming a missing column", file: "faq.csv", input: .fixture(faq),
            arguments: convert("--user", "{{nope}}"), status: 2, shape: .line, says: [#"names the column "nope""#]),

        // XLSX.
        Row(name: "XLSX cut short", file: "cut.xlsx", input: .prefix(thirdParty + "temperature-table.xlsx", 1500), arguments: convert(),
            status: 2, shape: .line, says: ["no central directory", "cut off or damaged"]),
        Row(name: "XLSX with damaged compressed data", file: "damaged.xlsx", input: .damaged(thirdParty + "temperature-table.xlsx", 3142..<3182),
            arguments: convert(), status: 2, shape: .line, says: ["damaged.xlsx!xl/worksheets/sheet1.xml", "compressed data is damaged"]),
        Row(name: "XLSX without the sheet its workbook names", file: "nosheet.xlsx", input: .fixture(bad + "xlsx-no-sheet1.xlsx"),
            arguments: convert(), status: 2, shape: .line, says: ["xl/worksheets/sheet1.xml"]),
        Row(name: "XLSX whose sheet XML is cut off", file: "cutxml.xlsx", input: .fixture(bad + "xlsx-sheet1-cut.xlsx"),
            arguments: convert(), status: 2, shape: .line, says: ["cutxml.xlsx!xl/worksheets/sheet1.xml", "line 1", "not well-formed XML"]),
        Row(name: "XLSX that is only a zip signature", file: "pk.xlsx", input: .bytes(Array("PK\u{3}\u{4}garbage".utf8)),
            arguments: convert(), status: 2, shape: .line, says: ["too short to be a zip archive"]),
        Row(name: "plain text named .xlsx", file: "text.xlsx", input: .text("hello world\n"), arguments: convert("--from", "xlsx"),
            status: 2, shape: .line, says: ["plain text"]),
        Row(name: "password-protected XLSX", file: "secret.xlsx", input: .fixture(thirdParty + "example_password.xlsx"),
            arguments: convert(), status: 2, shape: .line, says: ["password-protected", "save a copy without a password"]),
        Row(name: "binary workbook (.xlsb)", file: "date.xlsb", input: .fixture(thirdParty + "date.xlsb"), arguments: convert(),
            status: 2, shape: .line, says: [".xlsb", "save it as .xlsx"]),
        Row(name: "damaged .xlsb that made calamine panic", file: "panic.xlsb", input: .fixture(bad + "issue_666_panic.xlsb"),
            arguments: convert(), status: 2, shape: .line, says: [".xlsb", "save it as .xlsx"]),
        Row(name: "Word document given as a workbook", file: "table.xlsx", input: .fixture(thirdParty + "tbl-2x2-table.docx"),
            arguments: convert("--from", "xlsx"), status: 2, shape: .line, says: ["Word document"]),

        // ODS, flat ODS, Excel 2003 XML.
        Row(name: "password-protected ODS", file: "secret.ods", input: .fixture(thirdParty + "pass_protected.ods"),
            arguments: convert(), status: 2, shape: .line, says: ["password-protected"]),
        Row(name: "ODS cut short", file: "cut.ods", input: .prefix(thirdParty + "issues.ods", 2000), arguments: convert(),
            status: 2, shape: .line, says: ["no central directory"]),
        Row(name: "ODS row repeated 999,999,999 times", file: "dos.ods", input: .fixture(bad + "issue_594_dos.ods"),
            arguments: convert("--user", "{{X}}", "--assistant", "{{X}}"), status: 2, shape: .line,
            says: ["dos.ods!content.xml: row 1", "repeats 999999999 times", "copy the real rows into a new sheet"]),
        Row(name: "flat ODS cut short", file: "cut.fods", input: .prefix(thirdParty + "errors-odf12.fods", 9000), arguments: convert(),
            status: 2, shape: .line, says: ["cut.fods: line 85", "not well-formed XML"]),
        Row(name: "Excel 2003 XML cut short", file: "cut.xml", input: .prefix(thirdParty + "wps-dates-2003.xml", 2000),
            arguments: convert("--user", "{{下单日期}}", "--assistant", "{{金额}}"), status: 2, shape: .line,
            says: ["cut.xml: line 35", "not well-formed XML"]),
        Row(name: "ODS cell over --max-line-bytes", file: "long.ods", input: .fixture(sheets + "long-cell.ods"),
            arguments: convert("--max-line-bytes", "1024"), status: 2, shape: .line,
            says: ["long.ods!content.xml!B3", "a cell longer than 1024 bytes", "--max-line-bytes"]),
        Row(name: "Excel 2003 XML cell over --max-line-bytes", file: "long.xml", input: .fixture(sheets + "long-cell-2003.xml"),
            arguments: convert("--max-line-bytes", "1024"), status: 2, shape: .line,
            says: ["long.xml!B3", "a cell longer than 1024 bytes", "--max-line-bytes"]),
        Row(name: "Excel 2003 XML with a character reference past 32 bits", file: "hexref.xml",
            input: .fixture("Tests/Fuzz/Regressions/spreadsheetml/crash-hex-reference-overflow.xml"), arguments: convert(),
            status: 2, shape: .line, says: ["hexref.xml: line 2", "character reference out of bounds"]),
        Row(name: "XML that is not a workbook", file: "page.xml", input: .text(#"<?xml version="1.0"?><html><body>hi</body></html>"#),
            arguments: convert(), status: 2, shape: .line, says: ["no worksheet"]),

        // JSONL and JSON arrays (ShareGPT, Alpaca).
        Row(name: "JSONL line cut short", file: "cut.jsonl", input: .text(#"{"messages":[{"role":"user","content":"hi"}"#),
            arguments: convert(), status: 1, shape: .summary, says: ["jsonl.parse", "cut.jsonl:1"], rejects: [#""source":"cut.jsonl:1""#]),
        Row(name: "Alpaca array cut short", file: "cut.json", input: .text(#"[{"instruction":"a","output":"b"},{"instr"#),
            arguments: convert("--from", "alpaca"), status: 2, shape: .line, says: ["cut.json:1", "not JSON"]),
        Row(name: "ShareGPT array cut short", file: "sharegpt.json", input: .text(#"[{"conversations":[{"from":"human","value":"x"}"#),
            arguments: convert("--from", "sharegpt"), status: 2, shape: .line, says: ["sharegpt.json:1", "not JSON"]),
        Row(name: "JSON array of numbers as Alpaca", file: "nums.json", input: .text("[1,2,3]"), arguments: convert("--from", "alpaca"),
            status: 1, shape: .summary, says: ["jsonl.not_object", "nums.json!item 1"], rejects: [#""source":"nums.json!item 1""#]),
        Row(name: "JSON object where records were expected", file: "object.json", input: .text(#"{"a":1}"#), arguments: convert("--from", "json"),
            status: 2, shape: .line, says: ["holds an object, not an array of records"]),

        // Chat logs.
        Row(name: "transcript without a message line", file: "kefu.txt", input: .text("hello there\nno timestamps\n"),
            arguments: convert("--from", "transcript"), status: 1, shape: .summary, says: ["transcript.stray_lines", "first at line 1"]),
        Row(name: "binary bytes as a transcript", file: "binary.log", input: .bytes([0, 1, 2, 3, 0xFF, 0xFE, 0x0A, 0x80]),
            arguments: convert("--from", "transcript"), status: 1, shape: .summary, says: ["binary.log"]),
        Row(name: "WhatsApp export cut inside a time stamp", file: "WhatsApp Chat.txt", input: .text("12/31/23, 10:00 - Alice: hi\n12/31/23, 10:0"),
            arguments: convert("--from", "whatsapp"), status: 1, shape: .summary, says: ["chat.no_exchange", "WhatsApp Chat.txt:1"],
            rejects: [#""source":"WhatsApp Chat.txt:1"#]),
        Row(name: "WeChat export without its columns", file: "wechat.csv", input: .text("foo,bar\n1,2\n"), arguments: convert("--from", "wechat"),
            status: 2, shape: .line, says: ["wechat.csv:1", "not a WeChat export", "StrContent"]),
        Row(name: "WeChat export missing CreateTime, cut inside a quote", file: "wechat.csv", input: .text("Type,IsSender,StrContent\n1,1,\"hi\n"),
            arguments: convert("--from", "wechat"), status: 2, shape: .line, says: ["wechat.csv:1", "no column CreateTime"]),
        Row(name: "Telegram export that is an array", file: "result.json", input: .text("[1,2,3]"), arguments: convert("--from", "telegram"),
            status: 2, shape: .line, says: ["not a Telegram export"]),
        Row(name: "Telegram export cut short", file: "result.json",
            input: .text(#"{"name":"x","type":"personal_chat","id":1,"messages":[{"id":1,"type":"message","date":"2024-01-01T10:00:00","from":"a","text":"hi""#),
            arguments: convert("--from", "telegram"), status: 2, shape: .line, says: ["result.json:1", "not JSON"]),
        Row(name: "ChatGPT export that is an object", file: "conversations.json", input: .text(#"{"a":1}"#), arguments: convert("--from", "chatgpt"),
            status: 2, shape: .line, says: ["not a ChatGPT export"]),

        // validate, stats, dedup, split, repair.
        Row(name: "validate: JSONL line cut short", file: "cut.jsonl", input: .text(#"{"messages":[{"role":"user","content":"hi"}"#),
            arguments: ["validate", "$IN"], status: 1, shape: .report, says: ["cut.jsonl:1: [json.parse]"]),
        Row(name: "validate: a PNG picture", file: "picture.jsonl", input: .fixture(pictures + "rgb8.png"), arguments: ["validate", "$IN"],
            status: 1, shape: .report, says: ["picture.jsonl:1: [json.parse]", "no readable line"]),
        Row(name: "validate: empty file", file: "empty.jsonl", input: .text(""), arguments: ["validate", "$IN"], status: 1, shape: .report,
            says: ["empty.jsonl: [file.empty]"], never: ["invalid ?", "detected: :"]),
        Row(name: "validate: missing file", file: "missing.jsonl", input: .absent, arguments: ["validate", "$IN"], status: 2, shape: .line,
            says: ["cannot open"]),
        Row(name: "validate: folder", file: "folder.jsonl", input: .folder, arguments: ["validate", "$IN"], status: 2, shape: .line,
            says: ["is a directory"]),
        Row(name: "stats: folder", file: "folder.jsonl", input: .folder, arguments: ["stats", "$IN"], status: 2, shape: .line,
            says: ["is a directory"]),
        Row(name: "dedup: missing file", file: "missing.jsonl", input: .absent, arguments: ["dedup", "$IN", "-o", "out/d.jsonl"], status: 2,
            shape: .line, says: ["cannot open"]),
        Row(name: "dedup: lines that are not records pass through, said", file: "garbage.jsonl", input: .text("not json at all\n"),
            arguments: ["dedup", "$IN", "-o", "kept.jsonl"], status: 0, shape: .summary, says: ["1 line is not a record", "tunekit validate"]),
        Row(name: "dedup without -o", file: "faq.csv", input: .fixture(faq), arguments: ["dedup", "$IN"], status: 2, shape: .usage,
            says: ["--output"]),
        Row(name: "split: --validation not a number", file: "records.jsonl", input: .text("{}\n"),
            arguments: ["split", "$IN", "-o", "out", "--validation", "abc"], status: 2, shape: .flagLine, says: ["--validation", "'abc'"]),
        Row(name: "split: --validation taking every record", file: "four.jsonl",
            input: .text((1...4).map { #"{"messages":[{"role":"user","content":"q\#($0)"},{"role":"assistant","content":"a\#($0)"}]}"# + "\n" }.joined()),
            arguments: ["split", "$IN", "-o", "out", "--validation", "50"], status: 2, shape: .line,
            says: ["--validation 50 would put all 4 records of four.jsonl in validation.jsonl", "nothing was written"]),
        Row(name: "repair: missing file", file: "missing.jsonl", input: .absent, arguments: ["repair", "$IN", "-o", "out/r.jsonl"], status: 2,
            shape: .line, says: ["cannot open"]),

        // Pictures.
        Row(name: "images: JPEG cut short", file: "cut.jpg", input: .fixture(pictures + "truncated.jpg"), arguments: ["images", "$IN", "-o", "out"],
            status: 1, shape: .summary, says: ["img.corrupt", "prepared 0, rejected 1"], rejects: ["cut.jpg"]),
        Row(name: "images: progressive JPEG cut short", file: "cut-progressive.jpg", input: .fixture(pictures + "truncated-progressive.jpg"),
            arguments: ["images", "$IN", "-o", "out"], status: 1, shape: .summary, says: ["img.truncated"], rejects: ["cut-progressive.jpg"]),
        Row(name: "images: PNG cut short", file: "cut.png", input: .fixture(pictures + "truncated.png"), arguments: ["images", "$IN", "-o", "out"],
            status: 1, shape: .summary, says: ["img.corrupt"], rejects: ["cut.png"]),
        Row(name: "images: text named .jpg", file: "text.jpg", input: .fixture(pictures + "not-an-image.jpg"), arguments: ["images", "$IN", "-o", "out"],
            status: 1, shape: .summary, says: ["img.not_an_image"], rejects: ["text.jpg"]),
        Row(name: "images: JPEG header claiming 65000 x 65000", file: "bomb.jpg", input: .fixture(pictures + "bomb.jpg"),
            arguments: ["images", "$IN", "-o", "out"], status: 1, shape: .summary, says: ["img.too_many_pixels"], rejects: ["bomb.jpg"]),
        Row(name: "images: JPEG with a restart marker out of sequence", file: "resync.jpg", input: .fixture(pictures + "codec/made-rst-wrong.jpg"),
            arguments: ["images", "$IN", "-o", "out"], status: 1, shape: .summary,
            says: ["img.corrupt_data", "prepared 0, rejected 1"], rejects: ["resync.jpg", "found marker 0xd5 instead of RST1"]),
        Row(name: "images: PNG with ancillary chunks failing their CRC", file: "crc.png", input: .fixture(pictures + "codec/image-png-cicp_pq.png"),
            arguments: ["images", "$IN", "-o", "out"], status: 0, shape: .summary,
            says: [#"crc.png: 2 libpng warnings, the first: "cLLI: CRC error""#, "[img.codec_warning]", "prepared 1, rejected 0",
                   "1 with decoder warnings"]),
        Row(name: "images: folder without pictures", file: "album", input: .folder, arguments: ["images", "$IN", "-o", "out"], status: 2,
            shape: .line, says: ["no pictures found"]),
        Row(name: "images: missing file", file: "missing.jpg", input: .absent, arguments: ["images", "$IN", "-o", "out"], status: 2,
            shape: .line, says: ["no such file or folder"]),

        // Recipes and templates.
        Row(name: "recipe that is not YAML", file: "bad.yaml", input: .text("user: \"{{问题}}\nassistant: [\n"),
            arguments: ["convert", Self.faqArgument, "--converter", "./$IN", "-o", "out"], status: 2, shape: .line,
            says: ["bad.yaml", "not valid YAML", "line 1"]),
        Row(name: "recipe with an unknown key", file: "typo.yaml", input: .text("user: \"{{问题}}\"\nassistent: \"{{答案}}\"\n"),
            arguments: ["convert", Self.faqArgument, "--converter", "./$IN", "-o", "out"], status: 2, shape: .line,
            says: ["unknown key 'assistent'"]),
        Row(name: "recipe that does not exist", file: "faq.csv", input: .fixture(faq), arguments: convert("--converter", "no-such-recipe"),
            status: 2, shape: .flagLine, says: ["no recipe named 'no-such-recipe'"]),
        Row(name: "template with a section never closed", file: "faq.csv", input: .fixture(faq), arguments: convert("--user", "{{#问题}}"),
            status: 2, shape: .flagLine, says: ["--user", "{{#问题}}", "{{/问题}}"], never: ["ParserError", "CONTENT_TYPE", "MustacheParserContext"]),
        Row(name: "template with a tag never closed", file: "faq.csv", input: .fixture(faq), arguments: convert("--user", "{{问题"),
            status: 2, shape: .flagLine, says: ["never closes"]),
        Row(name: "template with a partial", file: "faq.csv", input: .fixture(faq), arguments: convert("--user", "{{> other}}"),
            status: 2, shape: .flagLine, says: ["not supported in mappings"]),

        // Flags.
        Row(name: "--validation over 1 and not whole", file: "faq.csv", input: .fixture(faq), arguments: convert("--validation", "1.5"),
            status: 2, shape: .flagLine, says: ["--validation", "'1.5'"]),
        Row(name: "--to an unknown format", file: "faq.csv", input: .fixture(faq), arguments: convert("--to", "nonsense"),
            status: 2, shape: .flagLine, says: ["unknown format 'nonsense'"]),
        Row(name: "--from an unknown kind", file: "faq.csv", input: .fixture(faq), arguments: convert("--from", "nonsense"),
            status: 2, shape: .flagLine, says: ["unknown input kind 'nonsense'"]),
        Row(name: "--jobs 0", file: "faq.csv", input: .fixture(faq), arguments: convert("--jobs", "0"), status: 2, shape: .flagLine,
            says: ["--jobs"]),
        Row(name: "unknown option", file: "faq.csv", input: .fixture(faq), arguments: convert("--verbose"), status: 2, shape: .usage,
            says: ["Unknown option '--verbose'"]),
        Row(name: "--tools naming a missing file", file: "faq.csv", input: .fixture(faq),
            arguments: convert("--to", "tools", "--tools", "nope.json"), status: 2, shape: .flagLine, says: ["--tools nope.json", "no such file", "JSON array of function definitions"]),
        Row(name: "output folder that is a file", file: "faq.csv", input: .fixture(faq), arguments: ["convert", "$IN", "-o", "$IN"],
            status: 2, shape: .line, says: ["cannot create the output directory"]),
        Row(name: "workbook flags given for a CSV", file: "faq.csv", input: .fixture(faq), arguments: convert("--header-row", "999", "--sheet", "x"),
            status: 0, shape: .summary, says: ["faq.csv: warning: [input.flag_ignored] --header-row applies to workbooks",
                                               "[input.flag_ignored] --sheet / --sheet-index applies to workbooks"]),
        Row(name: "template: unknown format", file: "faq.csv", input: .fixture(faq), arguments: ["template", "nonsense"], status: 2,
            shape: .flagLine, says: ["unknown format 'nonsense'"]),
    ]

    /// A row whose input is a recipe converts the bundled sample, copied in under this name.
    static let faqArgument = "faq-sample.csv"

    @Test func theTableIsBroad() {
        #expect(Self.rows.count >= 40)
        #expect(Set(Self.rows.map(\.name)).count == Self.rows.count, "row names are distinct")
        // Every importer's --from appears, or its kind is chosen from the file.
        let arguments = Self.rows.flatMap(\.arguments)
        for kind in ["chatgpt", "telegram", "wechat", "whatsapp", "transcript", "alpaca", "sharegpt", "json", "xlsx"] {
            #expect(arguments.contains(kind), "\(kind)")
        }
        for command in ["convert", "validate", "stats", "dedup", "split", "repair", "images", "template"] {
            #expect(Self.rows.contains { $0.arguments.first == command }, "\(command)")
        }
    }

    @Test(arguments: rows)
    func badInput(_ row: Row) throws {
        let folder = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let writer = try Self.make(row, in: folder)
        if row.arguments.contains(Self.faqArgument) {
            try FileManager.default.copyItem(at: CLITests.repositoryRoot.appendingPathComponent(Self.faq),
                                             to: folder.appendingPathComponent(Self.faqArgument))
        }
        let arguments = row.arguments.map { $0.replacingOccurrences(of: "$IN", with: row.file) }
        let result = try Self.run(arguments, in: folder)
        if let writer, writer.isRunning { writer.terminate() }
        writer?.waitUntilExit()

        let output = result.stderr + result.stdout
        #expect(result.exited, "ended by signal \(result.status): \(output)")
        #expect(result.status == row.status, "\(output)")
        for crash in ["Fatal error", "Stack dump", "Illegal instruction", "Segmentation fault", "Trace/breakpoint", "Please submit a bug report"] {
            #expect(!output.contains(crash), "\(output)")
        }
        for word in row.says { #expect(output.contains(word), "missing \(word): \(output)") }
        for word in row.never { #expect(!output.contains(word), "\(word) in: \(output)") }
        let errorLines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast(result.stderr.hasSuffix("\n") ? 1 : 0)
        switch row.shape {
        case .line, .flagLine:
            #expect(errorLines.count == 1, "one line: \(result.stderr)")
            #expect(result.stderr.hasPrefix("tunekit"), "\(result.stderr)")
            if row.shape == .line { #expect(result.stderr.contains(row.file), "names \(row.file): \(result.stderr)") }
            #expect(result.stdout.isEmpty, "\(result.stdout)")
        case .usage:
            #expect(errorLines.first?.hasPrefix("Error: ") == true, "\(result.stderr)")
        case .summary:
            #expect(!result.stderr.hasPrefix("tunekit"), "a summary, not an error: \(result.stderr)")
        case .report:
            #expect(result.stderr.isEmpty, "\(result.stderr)")
            #expect(result.stdout.hasPrefix(row.file), "\(result.stdout)")
        }
        if !row.rejects.isEmpty {
            let rejects = CLITests.read(folder.appendingPathComponent("out/rejects.jsonl"))
            for word in row.rejects { #expect(rejects.contains(word), "rejects.jsonl: \(rejects)") }
        }
        // A refused run writes nothing; no run leaves temporary files.
        if row.status == 2 && arguments.first == "convert" {
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/train.jsonl").path))
        }
        let debris = (FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? [])
            .filter { $0.contains(".tmp-") || $0.contains(".tunekit-spool") }
        #expect(debris.isEmpty, "\(debris)")
    }

    /// Writes the row's input into `folder`; for a FIFO, returns the process that feeds it.
    static func make(_ row: Row, in folder: URL) throws -> Process? {
        let target = folder.appendingPathComponent(row.file)
        func committed(_ path: String) throws -> Data {
            try Data(contentsOf: CLITests.repositoryRoot.appendingPathComponent(path))
        }
        switch row.input {
        case .text(let text): try Data(text.utf8).write(to: target)
        case .bytes(let bytes): try Data(bytes).write(to: target)
        case .fixture(let path): try committed(path).write(to: target)
        case .prefix(let path, let count): try committed(path).prefix(count).write(to: target)
        case .damaged(let path, let range):
            var bytes = [UInt8](try committed(path))
            for index in range { bytes[index] ^= 0x5A }
            try Data(bytes).write(to: target)
        case .folder: try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        case .absent: break
        case .fifo(let text):
            let payload = folder.appendingPathComponent(".payload")
            try Data(text.utf8).write(to: payload)
            #expect(mkfifo(target.path, 0o600) == 0)
            let writer = Process()
            writer.executableURL = URL(fileURLWithPath: "/bin/sh")
            writer.arguments = ["-c", "cat \"$0\" > \"$1\"", payload.path, target.path]
            try writer.run()
            return writer
        }
        return nil
    }

    struct Outcome {
        var status: Int32
        var exited: Bool
        var stdout: String
        var stderr: String
    }

    /// Runs the binary in `folder` with empty standard input; a run still going after two minutes is killed
    /// (and fails the row) rather than hanging the suite.
    static func run(_ arguments: [String], in folder: URL) throws -> Outcome {
        let process = Process()
        process.executableURL = CLITests.binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { process.interrupt(); process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: watchdog)
        let errData = ReadAll(err.fileHandleForReading)
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        return Outcome(status: process.terminationStatus, exited: process.terminationReason == .exit,
                       stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData.wait(), as: UTF8.self))
    }

    /// Reads a pipe to its end on another thread (standard output and error drain at once: no pipe fills up).
    final class ReadAll: @unchecked Sendable {
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)

        init(_ handle: FileHandle) {
            Thread.detachNewThread { [self] in
                data = handle.readDataToEndOfFile()
                done.signal()
            }
        }

        func wait() -> Data {
            done.wait()
            return data
        }
    }
}
