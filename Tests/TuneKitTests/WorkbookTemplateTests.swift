import Foundation
import Testing
@testable import TuneKit

/// The workbook templates `tunekit template` writes (``WorkbookTemplate``): read back by TuneKit's own reader,
/// opened by LibreOffice, and — filled — converted with no flag into the right format, tools included, with the
/// first row's system prompt given to the rows that leave theirs empty.
@Suite("Workbook templates")
struct WorkbookTemplateTests {
    static let cases: [(OutputFormat, WorkbookTemplate.Kind)] = OutputFormat.allCases.flatMap { [($0, .xlsx), ($0, .xml)] }
    static let soffice: String? = ["/usr/bin/soffice", "/usr/local/bin/soffice", "/usr/bin/libreoffice"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    static let system = "你是一家网店的客服助手。"

    static func dialect(_ kind: WorkbookTemplate.Kind) -> WorkbookReader.Dialect {
        kind == .xlsx ? .xlsx : .spreadsheetML
    }

    /// Three rows for `format`: the system prompt in the first only, row 3 with a category.
    static func rows(_ format: OutputFormat) -> [[String]] {
        let columns = WorkbookTemplate(format: format).columns
        return (1...3).map { number in
            columns.map { field -> String in
                switch field {
                case .system: return number == 1 ? system : ""
                case .user: return "问题 \(number)：订单 A-\(number) 到哪了？"
                case .assistant: return "回答 \(number)：已经发货。"
                case .category: return number == 3 ? "物流" : ""
                case .reasoning: return "思考 \(number)：先查订单。"
                case .chosen: return "好的回答 \(number)"
                case .rejected: return "差的回答 \(number)"
                case .prompt: return "一只蓝色的水壶 \(number)"
                case .image: return "https://example.com/images/\(number).jpg"
                case .callName: return "get_order_status"
                case .callArguments: return "{\"order_id\": \"A-\(number)\"}"
                case .toolResult: return "{\"status\": \"shipped\"}"
                }
            }
        }
    }

    /// Converts `path` the way `tunekit convert FILE` does with no flag (the columns decide the format).
    static func convert(_ path: String) throws -> (result: ConvertJob.Result, out: String) {
        let out = Fixture.temporaryDirectory()
        var options = ConvertOptions(inputs: [path], outputDirectory: out)
        options.mapping.formatFromColumns = true
        return (try ConvertJob(options: options).run(), out)
    }

    @Test("TuneKit's reader reads each template: the data sheet first, its columns and the example row",
          arguments: cases)
    func readerReadsTemplate(_ format: OutputFormat, _ kind: WorkbookTemplate.Kind) throws {
        let template = WorkbookTemplate(format: format)
        let path = Fixture.write(template.bytes(kind)!, name: "\(format.rawValue).\(kind.rawValue)")
        let reader = try WorkbookReader(path: path, dialect: Self.dialect(kind))
        #expect(reader.sheetName == WorkbookTemplate.dataSheet)
        #expect(reader.sheets.map(\.name) == (format == .tools ? [WorkbookTemplate.dataSheet, "tools"] : [WorkbookTemplate.dataSheet])
                + [WorkbookTemplate.notesSheet, WorkbookTemplate.settingsSheet])
        // The same columns as the CSV template, which convert maps without flags.
        let csv = Fixture.read(Fixture.repositoryRoot.appendingPathComponent("Templates/\(format.rawValue).csv").path)
        let csvHeader = csv.drop { $0 == "\u{FEFF}" }.split(whereSeparator: \.isNewline)[0].split(separator: ",").map(String.init)
        #expect(reader.header.columns == csvHeader)
        guard case .row(let row)? = try reader.next() else { Issue.record("no example row"); return }
        let example = WorkbookTemplateText.example(for: format)
        #expect(row.values == template.columns.map { example[$0] ?? "" })
        if case .row(let extra)? = try reader.next() { Issue.record("a second row: \(extra.values)") }
    }

    @Test("filled with three rows, a template converts with no flag to its format, tools included",
          arguments: cases)
    func filledTemplateConverts(_ format: OutputFormat, _ kind: WorkbookTemplate.Kind) throws {
        let bytes = WorkbookTemplate(format: format).bytes(kind, rows: Self.rows(format))!
        let path = Fixture.write(bytes, name: "filled.\(kind.rawValue)")
        let (result, out) = try Self.convert(path)
        let report = result.report
        #expect(report.format == format)
        #expect(report.counts.read == 3 && report.counts.train == 3 && report.counts.rejected == 0, "\(report.rejectsByReason)")
        let validation = JSONLValidator().validate(path: out + "/train.jsonl", format: format)
        #expect(validation.errorCount == 0, "\(validation.diagnostics)")
        let lines = Fixture.read(out + "/train.jsonl").split(separator: "\n")
        #expect(lines.count == 3)
        // The system prompt given once is in every line, and the two rows that took it are counted.
        for line in lines {
            #expect(line.contains(#"{"role":"system","content":"\#(Self.system)"}"#), "\(line)")
        }
        let changes = report.inputs.flatMap(\.changes)
        #expect(changes.map(\.kind) == ["template.system_from_first_row"])
        #expect(changes.first?.action == .adapted && changes.first?.count == 2)
        #expect(changes.first?.first?.line == 3)
        if format == .tools {
            for line in lines { #expect(line.contains(#""tools":[{"type":"function","function":{"name":"get_order_status""#), "\(line)") }
            #expect(report.inputs[0].facts.contains { $0.key == "tools_from_sheet" && $0.value.hasSuffix("get_order_status") })
        }
    }

    @Test("templates filled and saved by openpyxl convert with no flag (Fixtures/templates)",
          arguments: [("tools-filled-openpyxl.xlsx", OutputFormat.tools), ("vision-filled-openpyxl.xlsx", .vision)])
    func openpyxlFilledTemplateConverts(_ name: String, _ format: OutputFormat) throws {
        let (result, out) = try Self.convert(Fixture.path("templates/" + name))
        #expect(result.report.format == format)
        #expect(result.report.counts.read == 3 && result.report.counts.train == 3, "\(result.report.rejectsByReason)")
        let changes = result.report.inputs.flatMap(\.changes)
        #expect(changes.map(\.kind) == ["template.system_from_first_row"] && changes[0].count == 2)
        let lines = Fixture.read(out + "/train.jsonl").split(separator: "\n")
        #expect(lines.count == 3 && lines.allSatisfy { $0.contains(#""role":"system""#) })
        #expect(lines.allSatisfy { $0.contains(#""tools":["#) } == (format == .tools))
        let validation = JSONLValidator().validate(path: out + "/train.jsonl", format: format)
        #expect(validation.errorCount == 0, "\(validation.diagnostics)")
    }

    @Test("the template's bytes are the same every time, and differ between kinds and formats")
    func deterministic() {
        var seen: Set<[UInt8]> = []
        for (format, kind) in Self.cases {
            let template = WorkbookTemplate(format: format)
            #expect(template.bytes(kind) == template.bytes(kind))
            seen.insert(template.bytes(kind)!)
        }
        #expect(seen.count == Self.cases.count)
        #expect(WorkbookTemplate(format: .chat).bytes(.csv) == nil)
    }

    @Test("with no marker, or system_from_first_row no, rows keep their own empty system prompt", arguments: [false, true])
    func ruleOnlyForMarkedTemplates(_ markerRemoved: Bool) throws {
        var document = WorkbookTemplate(format: .chat).document(rows: Self.rows(.chat))
        let settings = document.sheets.count - 1
        if markerRemoved {
            document.sheets[settings].rows[0][1] = "my own workbook"
        } else {
            document.sheets[settings].rows[1][1] = "no"
        }
        let path = Fixture.write(XLSXWriter.bytes(document), name: "chat.xlsx")
        let (result, out) = try Self.convert(path)
        #expect(result.report.counts.train == 3)
        #expect(result.report.inputs.flatMap(\.changes).isEmpty)
        #expect(Fixture.read(out + "/train.jsonl").split(separator: "\n").filter { $0.contains(#""role":"system""#) }.count == 1)
        #expect(result.report.inputs[0].facts.contains { $0.key == "template" } == !markerRemoved)
    }

    @Test("a --system template given on the command line wins over the first-row rule")
    func systemFlagWins() throws {
        let path = Fixture.write(WorkbookTemplate(format: .chat).bytes(.xlsx, rows: Self.rows(.chat))!, name: "chat.xlsx")
        let out = Fixture.temporaryDirectory()
        var options = ConvertOptions(inputs: [path], outputDirectory: out)
        options.mapping[.system] = try FieldTemplate("固定的系统提示")
        let result = try ConvertJob(options: options).run()
        #expect(result.report.inputs.flatMap(\.changes).isEmpty)
        #expect(Fixture.read(out + "/train.jsonl").split(separator: "\n").allSatisfy { $0.contains("固定的系统提示") })
    }

    @Test("a function on the tools sheet whose parameters are not JSON stops the run, naming its row")
    func badToolsSheet() throws {
        var document = WorkbookTemplate(format: .tools).document(rows: Self.rows(.tools))
        document.sheets[1].rows.append(["lookup", "", "{not json"])
        let path = Fixture.write(XLSXWriter.bytes(document), name: "tools.xlsx")
        #expect {
            try Self.convert(path)
        } throws: { error in
            let text = "\(error)"
            return text.contains("lookup") && text.contains("not JSON") && text.contains("!tools!A3:C3")
        }
    }

    @Test("LibreOffice opens every template (headless conversion to CSV keeps the header and the example)",
          .enabled(if: soffice != nil))
    func libreOfficeOpensTemplates() throws {
        let folder = Fixture.temporaryDirectory()
        var files: [String] = []
        for (format, kind) in Self.cases {
            let path = folder + "/\(format.rawValue)-\(kind.rawValue).\(kind.rawValue)"
            FileManager.default.createFile(atPath: path, contents: Data(WorkbookTemplate(format: format).bytes(kind)!))
            files.append(path)
        }
        let out = folder + "/csv"
        let status = try Self.run(Self.soffice!, ["--headless", "-env:UserInstallation=file://\(folder)/profile",
                                                  "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", out] + files)
        #expect(status == 0)
        for (format, kind) in Self.cases {
            let csv = Fixture.read(out + "/\(format.rawValue)-\(kind.rawValue).csv")
            let lines = csv.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.first.map(String.init) == WorkbookTemplate(format: format).columns.map(\.rawValue).joined(separator: ","),
                    "\(format) \(kind): \(csv.prefix(200))")
            #expect(csv.contains(WorkbookTemplateText.example(for: format)[.user] ?? WorkbookTemplateText.example(for: format)[.prompt]!),
                    "\(format) \(kind)")
        }
    }

    @Test("filled templates saved again by LibreOffice as .xlsx or .ods still convert with no flag (tools sheet, settings)",
          .enabled(if: soffice != nil),
          arguments: [(OutputFormat.tools, WorkbookTemplate.Kind.xlsx, "xlsx"), (.chat, .xml, "xlsx"), (.thinking, .xlsx, "ods"), (.tools, .xml, "ods")])
    func libreOfficeSavedTemplateConverts(_ format: OutputFormat, _ kind: WorkbookTemplate.Kind, _ saved: String) throws {
        let folder = Fixture.temporaryDirectory()
        let path = folder + "/filled.\(kind.rawValue)"
        FileManager.default.createFile(atPath: path, contents: Data(WorkbookTemplate(format: format).bytes(kind, rows: Self.rows(format))!))
        let filter = saved == "xlsx" ? "xlsx:Calc MS Excel 2007 XML" : "ods"
        let status = try Self.run(Self.soffice!, ["--headless", "-env:UserInstallation=file://\(folder)/profile",
                                                  "--convert-to", filter, "--outdir", folder + "/lo", path])
        #expect(status == 0)
        let (result, out) = try Self.convert(folder + "/lo/filled." + saved)
        #expect(result.report.format == format)
        #expect(result.report.counts.train == 3, "\(result.report.rejectsByReason)")
        #expect(result.report.inputs.flatMap(\.changes).first?.count == 2)
        let validation = JSONLValidator().validate(path: out + "/train.jsonl", format: format)
        #expect(validation.errorCount == 0, "\(validation.diagnostics)")
    }

    @Test("openpyxl loads a template as a valid package (sheets, frozen header, list validation)",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")))
    func openpyxlLoadsTemplate() throws {
        let path = Fixture.write(WorkbookTemplate(format: .tools).bytes(.xlsx)!, name: "tools.xlsx")
        let script = """
        import sys
        try:
            import openpyxl
        except ImportError:
            print("skip"); sys.exit(0)
        wb = openpyxl.load_workbook(sys.argv[1])
        ws = wb.worksheets[0]
        print(wb.sheetnames, ws.freeze_panes, ws["A1"].font.b, [c.value for c in ws[1]][2],
              ws.data_validations.dataValidation[0].formula1)
        """
        let output = folderOutput(try Self.run("/usr/bin/python3", ["-c", script, path], capture: true))
        guard output != "skip" else { return }
        #expect(output == "['数据 Data', 'tools', '说明 Notes', '设置 Settings'] A2 True call_name 'tools'!$A$2:$A$200", "\(output)")
    }

    private func folderOutput(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// Runs a program and returns its exit status.
    static func run(_ executable: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Runs a program and returns what it printed.
    static func run(_ executable: String, _ arguments: [String], capture: Bool) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
