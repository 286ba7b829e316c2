import Foundation
import Testing
@testable import TuneKit

/// Every resource an input can make the reader spend is bounded, refused in one line naming the place, what was
/// over and the flag that raises the bound; the limits are lowered here so that small inputs reach them.
@Suite("Input limits: refused in one line naming the flag")
struct InputLimitsTests {
    /// A workbook whose one sheet names `strings` shared strings of `length` bytes each (`question`/`answer`
    /// header in the first row), made with the package's own zip writer.
    static func sharedStringsWorkbook(strings: Int, length: Int, inlineLength: Int? = nil) throws -> String {
        let folder = Fixture.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let relations = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        var zip = ZipWriter()
        zip.add("[Content_Types].xml", Array("""
            <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/></Types>
            """.utf8))
        zip.add("_rels/.rels", Array("""
            <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="\(relations)/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """.utf8))
        zip.add("xl/workbook.xml", Array("""
            <?xml version="1.0" encoding="UTF-8"?><workbook xmlns="\(main)" xmlns:r="\(relations)">\
            <sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>
            """.utf8))
        zip.add("xl/_rels/workbook.xml.rels", Array("""
            <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="\(relations)/worksheet" Target="worksheets/sheet1.xml"/>\
            <Relationship Id="rId2" Type="\(relations)/sharedStrings" Target="sharedStrings.xml"/></Relationships>
            """.utf8))
        var table = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"\(main)\"><si><t>question</t></si><si><t>answer</t></si>"
        var rows = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c></row>"
        for index in 0..<strings {
            let number = String(index)
            table += "<si><t>" + number + String(repeating: "x", count: max(0, length - number.count)) + "</t></si>"
            if index % 2 == 1 {
                let row = index / 2 + 2
                rows += "<row r=\"\(row)\"><c r=\"A\(row)\" t=\"s\"><v>\(index + 1)</v></c><c r=\"B\(row)\" t=\"s\"><v>\(index + 2)</v></c>"
                    + (inlineLength.map { "<c r=\"C\(row)\" t=\"inlineStr\"><is><t>\(String(repeating: "y", count: $0))</t></is></c>" } ?? "") + "</row>"
            }
        }
        zip.add("xl/sharedStrings.xml", Array((table + "</sst>").utf8))
        zip.add("xl/worksheets/sheet1.xml", Array("""
            <?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="\(main)"><sheetData>\(rows)</sheetData></worksheet>
            """.utf8))
        let path = folder + "/strings.xlsx"
        try Data(zip.finish()).write(to: URL(fileURLWithPath: path))
        return path
    }

    private static func options(_ path: String) -> ConvertOptions {
        ConvertOptions(inputs: [path], outputDirectory: Fixture.temporaryDirectory())
    }

    /// What a failed run left in its output folder (nothing: no outputs, no temporary files).
    private static func leftovers(_ options: ConvertOptions) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: options.outputDirectory)) ?? []
    }

    @Test func sharedStringsOverTheLimitAreRefusedNamingThePartAndTheFlag() throws {
        let path = try Self.sharedStringsWorkbook(strings: 2000, length: 100)
        var options = Self.options(path)
        options.sheet.sharedStringsLimit = 64 << 10
        let error = try #require(throws: ConvertError.self) { try ConvertJob(options: options).run() }
        #expect(error.message.contains("xl/sharedStrings.xml"), "\(error.message)")
        #expect(error.message.contains("more than 64 KiB") || error.message.contains("more than 65536 bytes"), "\(error.message)")
        #expect(error.message.contains("--shared-strings-limit raises it"), "\(error.message)")
        #expect(!error.message.contains("\n"))
        #expect(Self.leftovers(options).allSatisfy { !$0.contains("tmp") && !$0.hasSuffix(".jsonl") }, "\(Self.leftovers(options))")

        // The same table under the default limit, or a raised one, is read whole.
        options.sheet.sharedStringsLimit = 1 << 20
        options.outputDirectory = Fixture.temporaryDirectory()
        let result = try ConvertJob(options: options).run()
        #expect(result.report.counts.train + result.report.counts.validation == 1000)
    }

    @Test func aTableInATemporaryFileIsBoundedToo() throws {
        let path = try Self.sharedStringsWorkbook(strings: 2000, length: 100)
        var options = Self.options(path)
        options.sheet.sharedStringsInMemory = 1024
        options.sheet.sharedStringsLimit = 100_000
        let error = try #require(throws: ConvertError.self) { try ConvertJob(options: options).run() }
        #expect(error.message.contains("--shared-strings-limit"), "\(error.message)")
    }

    @Test func partsInflatingPastTheWorkbookBudgetAreRefused() throws {
        let path = try Self.sharedStringsWorkbook(strings: 2000, length: 100)
        var options = Self.options(path)
        options.sheet.zipTotalLimit = 150_000
        let error = try #require(throws: ConvertError.self) { try ConvertJob(options: options).run() }
        #expect(error.message.contains("inflate to more than 150000 bytes together"), "\(error.message)")
        #expect(error.message.contains("--zip-total-limit raises it"), "\(error.message)")
        options.sheet.zipTotalLimit = 1 << 20
        options.outputDirectory = Fixture.temporaryDirectory()
        #expect(try ConvertJob(options: options).run().report.counts.train > 0)
    }

    @Test(arguments: [
        (Recipe.Key.sharedStringsLimit, "512M", 512 << 20), (.sharedStringsLimit, "2G", 2 << 30),
        (.zipTotalLimit, "16G", 16 << 30), (.maxLineBytes, "64M", 64 << 20), (.maxLineBytes, "1G", 1 << 30),
    ])
    func limitFlagsTakeSizes(key: Recipe.Key, text: String, bytes: Int) throws {
        let recipe = try Recipe.parse("\(key.rawValue): \(text)\n")
        let options = try ConvertOptions(inputs: ["x.xlsx"], recipe: recipe)
        switch key {
        case .sharedStringsLimit: #expect(options.sheet.sharedStringsLimit == bytes)
        case .zipTotalLimit: #expect(options.sheet.zipTotalLimit == bytes)
        default: #expect(options.maxLineBytes == bytes)
        }
    }

    @Test func aSharedStringsLimitPastWhat32BitEndsHoldIsRefused() throws {
        #expect(throws: RecipeError.self) { try ConvertOptions(inputs: ["x.xlsx"], recipe: try Recipe.parse("shared_strings_limit: 5G\n")) }
    }

    // MARK: Lines, fields and cells

    /// A file of `text` in a fresh folder.
    static func file(_ name: String, _ text: String) throws -> String {
        let folder = Fixture.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static let long = String(repeating: "x", count: 5000)

    /// A JSONL line over the limit, ended or not by a line feed, refuses the run naming its line and the flag.
    @Test(arguments: ["\n", ""])
    func aJSONLLineOverTheLimitIsRefused(end: String) throws {
        let record = #"{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]}"#
        let path = try Self.file("long.jsonl", record + "\n" + #"{"messages":[{"role":"user","content":""# + Self.long + #""}]}"# + end)
        var options = Self.options(path)
        options.maxLineBytes = 1000
        let error = try #require(throws: ConvertError.self) { try ConvertJob(options: options).run() }
        #expect(error.message.contains("long.jsonl:2"), "\(error.message)")
        #expect(error.message.contains("a line longer than 1000 bytes (--max-line-bytes raises it)"), "\(error.message)")
        options.maxLineBytes = 1 << 20
        options.outputDirectory = Fixture.temporaryDirectory()
        #expect(throws: Never.self) { try ConvertJob(options: options).run() }
    }

    /// A line read a few bytes at a time is refused once it passes the limit, not gathered whole.
    @Test func aTranscriptLineOverTheLimitIsRefused() throws {
        let path = try Self.file("chat.txt", "User: hi\nAssistant: hello\nUser: " + Self.long)
        let reader = try TranscriptReader(source: ByteSource(path: path), maxLineBytes: 1000)
        let error = try #require(throws: ImportError.self) { while try reader.next() != nil {} }
        #expect(error.description.contains("chat.txt:3"), "\(error.description)")
        #expect(error.description.contains("--max-line-bytes"), "\(error.description)")
        let whole = try TranscriptReader(source: ByteSource(path: path), maxLineBytes: 10_000)
        var messages = 0
        while try whole.next() != nil { messages += 1 }
        #expect(messages == 3)
    }

    @Test func aWhatsAppLineOverTheLimitIsRefused() throws {
        let path = try Self.file("chat.txt", "12/03/2024, 10:00 - Ann: hi\n12/03/2024, 10:01 - Bob: " + Self.long + "\n")
        let error = try #require(throws: ImportError.self) {
            let reader = try WhatsAppExportReader(source: ByteSource(path: path), maxLineBytes: 1000)
            while try reader.next() != nil {}
        }
        #expect(error.description.contains("chat.txt:2"), "\(error.description)")
        #expect(error.description.contains("--max-line-bytes"), "\(error.description)")
    }

    /// A CSV line longer than the limit is one reject, and what follows it on the same line is passed over: read
    /// a few bytes at a time, its tail (`,tail`) must not come back as a row of its own.
    @Test func aCSVLineOverTheLimitIsOneRejectAndItsRestIsNoRow() throws {
        let path = try Self.file("long.csv", "question,answer\nq1,a1\nq2" + Self.long + ",tail\nq3,a3\n")
        var options = CSVReader.Options(maxRowBytes: 1000, chunkSize: 256)
        options.delimiter = 0x2C
        let read = try ReadOutcome(path: path, options: options)
        let rejects = read.rejects
        #expect(read.rows.map(\.values) == [["q1", "a1"], ["q3", "a3"]])
        #expect(rejects.map(\.reason) == ["csv.row_too_long"])
        #expect(rejects.first?.source.line == 3)
        #expect(rejects.first?.message.contains("--max-line-bytes") == true, "\(rejects.first?.message ?? "")")
    }

    @Test func validateNamesALineOverTheLimit() throws {
        let record = #"{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]}"#
        let path = try Self.file("long.jsonl", record + "\n" + #"{"messages":[{"role":"user","content":""# + Self.long + "\"}]}\n" + record + "\n")
        var validator = JSONLValidator()
        validator.maxLineBytes = 1000
        let result = validator.validate(path: path)
        #expect(result.unreadable?.contains("long.jsonl:2") == true, "\(result.unreadable ?? "nil")")
        #expect(result.unreadable?.contains("--max-line-bytes") == true)
        validator.maxLineBytes = 1 << 20
        #expect(validator.validate(path: path).unreadable == nil)
    }

    /// A shared string, or an inline string, longer than the cell limit refuses the workbook naming the flag.
    @Test(arguments: [(5000, 100, "shared string"), (100, 5000, "sheet1.xml!C2")])
    func aWorkbookCellOverTheLimitRefusesTheSheet(shared: Int, inline: Int, place: String) throws {
        let path = try Self.sharedStringsWorkbook(strings: 20, length: shared, inlineLength: inline)
        var options = Self.options(path)
        options.sheet.maxCellBytes = 1000
        let error = try #require(throws: ConvertError.self) { try ConvertJob(options: options).run() }
        #expect(error.message.contains("a cell longer than 1000 bytes (--max-line-bytes raises it)"), "\(error.message)")
        #expect(error.message.contains(place), "\(error.message)")
        options.sheet.maxCellBytes = 10_000
        options.outputDirectory = Fixture.temporaryDirectory()
        #expect(throws: Never.self) { try ConvertJob(options: options).run() }
    }

    /// A workbook made by LibreOffice (ODS, flat ODS, Excel 2003 XML) whose cell B3 holds `size` bytes, and the
    /// text B3 must read as when the limit allows it (Fixtures/sheets/README.md, "One long cell").
    static let longCells: [(file: String, size: Int, text: String)] = [
        ("sheets/long-cell/long-cell.ods", 1500, String(repeating: "答", count: 500)),
        ("sheets/long-cell/long-cell.fods", 1500, String(repeating: "答", count: 500)),
        ("sheets/long-cell/long-cell-2003.xml", 1500, String(repeating: "答", count: 500)),
        ("sheets/long-cell/long-cell-spans.ods", 2305,
         String(repeating: "答", count: 100) + String(repeating: " ", count: 2000) + "尾\nx"),
    ]

    /// The B3 text of a converted long-cell workbook (the answer of the record asking 长的问题).
    static func longAnswer(_ options: ConvertOptions) throws -> String? {
        let train = try String(contentsOfFile: options.outputDirectory + "/train.jsonl", encoding: .utf8)
        for line in train.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let messages = try #require(object["messages"] as? [[String: Any]])
            if messages.first?["content"] as? String == "长的问题" { return messages.last?["content"] as? String }
        }
        return nil
    }

    /// ODS, flat ODS and Excel 2003 XML cells are bounded as XLSX cells are: over the limit (plain text, or rich
    /// text of spans and space runs) the workbook is refused naming the cell and the flag, with nothing written;
    /// at the limit exactly the cell reads byte for byte.
    @Test(arguments: longCells)
    func anODSOrExcel2003CellOverTheLimitRefusesTheSheet(file: String, size: Int, text: String) throws {
        #expect(text.utf8.count == size)
        for limit in [1000, size - 1] {
            var options = Self.options(Fixture.path(file))
            options.sheet.maxCellBytes = limit
            let error = try #require(throws: ConvertError.self) { try ConvertJob(options: options).run() }
            #expect(error.message.contains("!B3: a cell longer than \(ZipArchive.describe(limit)) (--max-line-bytes raises it)"),
                    "\(error.message)")
            #expect(Self.leftovers(options).isEmpty, "\(Self.leftovers(options))")
        }
        var options = Self.options(Fixture.path(file))
        options.sheet.maxCellBytes = size
        let result = try ConvertJob(options: options).run()
        #expect(result.report.counts.train == 3)
        #expect(try Self.longAnswer(options) == text)
    }

    // MARK: Wide headers

    static func wideCSV(columns: Int, mapped: Bool) throws -> String {
        let names = (0..<columns).map { "column_name_\($0)" } + (mapped ? ["question", "answer"] : [])
        let values = (0..<columns).map { "v\($0)" } + (mapped ? ["q", "a"] : [])
        return try file("wide.csv", names.joined(separator: ",") + "\n" + values.joined(separator: ",") + "\n")
    }

    /// A header of 100,000 columns, none mapped: the refusal lists the first columns and how many more, in one
    /// short line (it listed all of them, 1.9 MB).
    @Test func aHeaderOf100000ColumnsGivesAShortError() throws {
        let options = Self.options(try Self.wideCSV(columns: 100_000, mapped: false))
        let error = try #require(throws: ConvertError.self) { try ConvertJob(options: options).run() }
        #expect(error.message.count < 1000, "\(error.message.count) characters")
        #expect(error.message.contains("column_name_0, column_name_1"))
        #expect(error.message.contains("and 99980 more"), "\(error.message.suffix(80))")
    }

    /// The columns no template reads are noted once each in linear time (a list search per column took minutes
    /// for 100,000), and the report keeps every one.
    @Test func unusedColumnsOfAWideHeaderAreNotedOnce() throws {
        let options = Self.options(try Self.wideCSV(columns: 30_000, mapped: true))
        let result = try ConvertJob(options: options).run()
        #expect(result.report.unusedColumns.count == 30_000)
        #expect(result.report.unusedColumns.first == "column_name_0")
        #expect(result.report.counts.read == 1)
    }
}
