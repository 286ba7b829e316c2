import Foundation
import PropertyBased
import Testing
@testable import TuneKit

/// Random inputs of every kind through ``ConvertJob``: every unit ends in exactly one of train, validation,
/// duplicates or rejects, and each output file holds as many lines as the report says.
@Suite("Every input unit counted once (property)")
struct UnitCountingPropertyTests {
    /// The input kinds generated, each with the `--from` that reads it.
    enum Shape: Int, CaseIterable, Sendable {
        case csv, tsvUTF16, transcript, whatsapp, wechat, jsonl, jsonArray, chatgpt, telegram, spreadsheetML

        var kind: ConvertOptions.InputKind {
            switch self {
            case .csv: .csv
            case .tsvUTF16: .tsv
            case .transcript: .transcript
            case .whatsapp: .whatsapp
            case .wechat: .wechat
            case .jsonl: .jsonl
            case .jsonArray: .json
            case .chatgpt: .chatgpt
            case .telegram: .telegram
            case .spreadsheetML: .spreadsheetml
            }
        }

        var fileName: String {
            switch self {
            case .csv: "rows.csv"
            case .tsvUTF16: "rows.txt"
            case .transcript: "kefu.log"
            case .whatsapp: "WhatsApp Chat.txt"
            case .wechat: "wechat.csv"
            case .jsonl: "records.jsonl"
            case .jsonArray: "alpaca.json"
            case .chatgpt: "conversations.json"
            case .telegram: "result.json"
            case .spreadsheetML: "faq.xml"
            }
        }
    }

    /// 300 cases from fixed seeds, the same on every run (CI stays reproducible); a failure names its shape and seed.
    @Test func everyUnitEndsSomewhereAndTheFilesAgreeWithTheReport() async throws {
        var seeds = RandomInput(seed: 0x7475_6E65_6B69_7431)
        var totals = Totals()
        for _ in 0..<300 {
            let seed = seeds.next()
            checkCase(shape: Int(seed % UInt64(Shape.allCases.count)), seed: seed, recognise: seed & 0x100 != 0,
                      totals: &totals)
        }
        // The inputs exercise every outcome.
        #expect(totals.read > 500 && totals.rejected > 50 && totals.duplicates > 5, "\(totals)")
    }

    /// Fresh random cases on each run, for exploring: `TUNEKIT_EXPLORE=1 swift test --filter UnitCounting`
    /// (a failure prints the `.fixedSeed` that replays it).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["TUNEKIT_EXPLORE"] != nil))
    func freshCasesEveryRun() async throws {
        var totals = Totals()
        await propertyCheck(count: 2000, input: Gen.int(in: 0...(Shape.allCases.count - 1)), Gen.uint64(in: 0...UInt64.max),
                            Gen.bool) { shape, seed, recognise in
            checkCase(shape: shape, seed: seed, recognise: recognise, totals: &totals)
        }
    }

    struct Totals {
        var read = 0
        var rejected = 0
        var duplicates = 0
    }

    /// One random input of `shape` from `seed`, converted, with every count checked against the files.
    private func checkCase(shape: Int, seed: UInt64, recognise: Bool, totals: inout Totals) {
        var random = RandomInput(seed: seed)
        let shape = Shape(rawValue: shape)!
        let bytes = random.input(shape)
        let units = random.units
        let path = Fixture.write(bytes, name: shape.fileName)
        let directory = Fixture.temporaryDirectory()
        // Half the runs name the kind; the others let recognition pick (for kinds it tells apart surely).
        let given: ConvertOptions.InputKind? = recognise && [.jsonl, .chatgpt, .telegram, .whatsapp, .wechat, .spreadsheetML].contains(shape) ? nil : shape.kind
        var options = ConvertOptions(inputs: [path], inputKind: given, outputDirectory: directory,
                                     validation: random.next(4) == 0 ? nil : .fraction(0.25))
        // One session per chat, so that an export's units are its chats and conversations.
        options.chatLog.sessionGap = shape == .telegram ? nil : 600
        let result: ConvertJob.Result
        do {
            result = try ConvertJob(options: options).run()
        } catch {
            Issue.record("\(shape) seed \(seed): \(error)")
            return
        }
        let counts = result.report.counts
        #expect(counts.balanced, "\(shape) seed \(seed): \(counts)")
        if let units {
            #expect(counts.read == units, "\(shape) seed \(seed): \(units) units in, \(counts)")
        }
        totals.read += counts.read
        totals.rejected += counts.rejected
        totals.duplicates += counts.duplicates
        let lines = { (name: String) -> Int in
            Fixture.bytes(directory + "/" + name).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        }
        #expect(lines("train.jsonl") == counts.train, "\(shape) seed \(seed)")
        #expect(lines("rejects.jsonl") == counts.rejected, "\(shape) seed \(seed)")
        #expect(lines("duplicates.jsonl") == counts.duplicates, "\(shape) seed \(seed)")
        if options.validation != nil {
            #expect(lines("validation.jsonl") == counts.validation, "\(shape) seed \(seed)")
        }
        for output in result.report.outputs {
            #expect(lines(output.name) == output.lines, "\(shape) seed \(seed): \(output.name)")
        }
        if given == nil {
            #expect(result.report.inputs.first?.facts.first { $0.key == "importer" } != nil)
        }
    }
}

/// Random inputs of each kind, from a seed (SplitMix64): tables with quotes, line breaks, blank and ragged
/// rows; transcripts with stray, continuation and placeholder lines; JSONL with broken lines; exports with
/// empty chats and missing nodes.
struct RandomInput {
    private var state: UInt64
    /// How many units (items, lines, chats, conversations) the last input holds, where that is known
    /// without reading it (JSON exports and records).
    private(set) var units: Int?

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound`.
    mutating func next(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    mutating func pick<T>(_ items: [T]) -> T { items[next(items.count)] }

    private static let pieces = ["退货", "运费", "怎么", "发票", "hello", "order", " ", "，", "。", ",", "\"", "\n", "a", "42",
                                 "😀", "Ünïcode", "\t", "<b>", "'"]

    /// Some text; `plain` leaves out delimiters, quotes and line breaks.
    mutating func text(plain: Bool = false, max: Int = 6) -> String {
        var result = ""
        for _ in 0..<next(max + 1) {
            var piece = pick(Self.pieces)
            if plain && [",", "\"", "\n", "\t"].contains(piece) { piece = "x" }
            result += piece
        }
        return result
    }

    mutating func input(_ shape: UnitCountingPropertyTests.Shape) -> [UInt8] {
        units = nil
        switch shape {
        case .csv: return Array(table(delimiter: ",").utf8)
        case .tsvUTF16:
            let text = table(delimiter: "\t")
            return [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        case .transcript: return Array(transcript().utf8)
        case .whatsapp: return Array(whatsapp().utf8)
        case .wechat: return Array(wechat().utf8)
        case .jsonl: return Array(jsonl().utf8)
        case .jsonArray: return json(alpaca())
        case .chatgpt: return json(chatgpt())
        case .telegram: return json(telegram())
        case .spreadsheetML: return Array(spreadsheetML().utf8)
        }
    }

    /// An Excel 2003 XML workbook: a header row, then rows of strings, numbers and empty cells, some rows
    /// blank, some without an answer, some repeated, some starting at a later column (`ss:Index`).
    mutating func spreadsheetML() -> String {
        func escaped(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
        }
        func cell(_ value: String?) -> String {
            guard let value else { return "<Cell/>" }
            if let number = Int(value) { return "<Cell><Data ss:Type=\"Number\">\(number)</Data></Cell>" }
            return "<Cell><Data ss:Type=\"String\">\(escaped(value))</Data></Cell>"
        }
        var rows = ["<Row>" + ["question", "answer", "category"].map { cell($0) }.joined() + "</Row>"]
        var earlier: [String] = []
        for _ in 0..<(1 + next(25)) {
            switch next(10) {
            case 0: rows.append("<Row></Row>")
            case 1: rows.append("<Row>" + cell(text()) + "</Row>")
            case 2: rows.append("<Row><Cell ss:Index=\"2\"><Data ss:Type=\"String\">\(escaped(text()))</Data></Cell></Row>")
            case 3 where !earlier.isEmpty: rows.append(pick(earlier))
            default:
                let row = "<Row>" + [text(), next(6) == 0 ? String(next(1000)) : text(), pick(["", "售后", "物流"])]
                    .map { cell($0.isEmpty ? nil : $0) }.joined() + "</Row>"
                rows.append(row)
                earlier.append(row)
            }
        }
        return """
            <?xml version="1.0"?>
            <?mso-application progid="Excel.Sheet"?>
            <Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
            <Worksheet ss:Name="FAQ"><Table>
            \(rows.joined(separator: "\n"))
            </Table></Worksheet>
            </Workbook>

            """
    }

    private func quoted(_ field: String, delimiter: String) -> String {
        guard field.contains(delimiter) || field.contains("\"") || field.contains("\n") || field.contains("\r") else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    mutating func table(delimiter: String) -> String {
        let lineEnd = next(2) == 0 ? "\n" : "\r\n"
        var lines = [["question", "answer", "category"].joined(separator: delimiter)]
        var earlier: [String] = []
        for _ in 0..<(1 + next(25)) {
            switch next(12) {
            case 0: lines.append("")
            case 1: lines.append([text(), text(), text(), "extra"].map { quoted($0, delimiter: delimiter) }.joined(separator: delimiter))
            case 2: lines.append(quoted(text(), delimiter: delimiter))
            case 3 where !earlier.isEmpty: lines.append(pick(earlier))
            case 4: lines.append("\"" + text(plain: true) + "\"x" + delimiter + "a" + delimiter + "b")
            default:
                let row = [text(), next(6) == 0 ? "" : text(), pick(["", "售后", "物流"])].map { quoted($0, delimiter: delimiter) }
                    .joined(separator: delimiter)
                lines.append(row)
                earlier.append(row)
            }
        }
        return lines.joined(separator: lineEnd) + (next(2) == 0 ? lineEnd : "")
    }

    mutating func transcript() -> String {
        var lines: [String] = []
        if next(3) == 0 { lines.append("导出时间：2024-03-06") }
        var minute = 0
        for _ in 0..<(1 + next(40)) {
            minute += next(20)
            let stamp = String(format: "[2024-03-05 %02d:%02d:%02d] ", 8 + minute / 60 % 14, minute % 60, next(60))
            switch next(8) {
            case 0: lines.append(text(plain: true))
            case 1: lines.append("")
            case 2: lines.append(stamp + pick(["客户", "客服"]) + "：[图片]")
            default: lines.append(stamp + pick(["客户", "客服", "张三", "Agent", "访客"]) + pick(["：", ": "]) + text(plain: true))
            }
        }
        return lines.joined(separator: "\n")
    }

    mutating func whatsapp() -> String {
        var lines: [String] = []
        for _ in 0..<(1 + next(30)) {
            let day = 1 + next(28)
            let header = "\(1 + next(12))/\(day)/24, \(1 + next(12)):\(String(format: "%02d", next(60))) \(pick(["AM", "PM"])) - "
            switch next(8) {
            case 0: lines.append(header + "Alice added Bob")
            case 1: lines.append(text(plain: true))
            case 2: lines.append(header + pick(["Alice", "Bob"]) + ": <Media omitted>")
            default: lines.append(header + pick(["Alice", "Bob", "Shop"]) + ": " + text(plain: true))
            }
        }
        return lines.joined(separator: "\n")
    }

    mutating func wechat() -> String {
        var lines = ["localId,TalkerId,Type,SubType,IsSender,CreateTime,StrContent,StrTime,NickName,Sender"]
        var time = 1_709_600_000
        for id in 0..<(1 + next(30)) {
            time += next(900)
            let type = pick(["1", "1", "1", "3", "34", "10000"])
            let fields = [String(id), pick(["wxid_a", "wxid_b"]), type, "0", pick(["0", "1"]), String(time),
                          quoted(text(), delimiter: ","), "", pick(["小王", ""]), ""]
            lines.append(next(15) == 0 ? "\"broken" : fields.joined(separator: ","))
        }
        return "\u{FEFF}" + lines.joined(separator: "\n") + "\n"
    }

    mutating func jsonl() -> String {
        var lines: [String] = []
        for _ in 0..<(2 + next(25)) {
            switch next(7) {
            case 0: lines.append("{\"messages\": [")
            case 1: lines.append("")
            case 2: lines.append(string(json(["messages": [["role": "user", "content": text()]]])))
            default:
                lines.append(string(json(["messages": [["role": "user", "content": text() + "?"],
                                                       ["role": "assistant", "content": next(8) == 0 ? "" : text() + "!"]]])))
            }
        }
        units = lines.filter { !$0.isEmpty }.count
        return lines.joined(separator: "\n") + "\n"
    }

    mutating func alpaca() -> Any {
        let count = next(20)
        units = count
        return (0..<count).map { _ -> Any in
            switch next(8) {
            case 0: return 42
            case 1: return ["instruction": text()]
            default: return ["instruction": text() + "?", "input": text(), "output": text() + "。"]
            }
        }
    }

    mutating func chatgpt() -> Any {
        let count = next(8)
        units = count
        return (0..<count).map { index -> Any in
            if next(10) == 0 { return ["title": "bare \(index)"] }
            var mapping: [String: Any] = ["root": ["id": "root", "message": NSNull(), "parent": NSNull(), "children": [String]()]]
            var parent = "root"
            for node in 0..<next(8) {
                let id = "n\(node)"
                let role = pick(["user", "assistant", "system", "tool"])
                mapping[id] = ["id": id, "parent": parent, "children": [String](),
                               "message": ["id": id, "author": ["role": role], "create_time": 1_709_632_800 + node,
                                           "content": ["content_type": pick(["text", "text", "code"]), "parts": [text()]]]]
                var parentNode = mapping[parent] as! [String: Any]
                parentNode["children"] = [id]
                mapping[parent] = parentNode
                parent = id
            }
            let current = next(8) == 0 ? "missing" : parent
            return ["title": "conversation \(index)", "mapping": mapping, "current_node": current]
        }
    }

    mutating func telegram() -> Any {
        let count = next(5)
        let chats = (0..<count).map { index -> Any in
            let messages = (0..<next(12)).map { id -> Any in
                if next(6) == 0 { return ["id": id, "type": "service", "action": "phone_call", "text": ""] }
                let text: Any = next(3) == 0 ? [self.text(), ["type": "bold", "text": self.text()]] as [Any] : self.text()
                return ["id": id, "type": "message", "date": "2024-03-05T10:0\(next(10)):00",
                        "date_unixtime": String(1_709_632_800 + id * 60), "from": pick(["Alice", "Shop", "Bob"]),
                        "from_id": pick(["user1", "user2"]), "text": text]
            }
            return ["name": "chat \(index)", "type": "personal_chat", "id": index, "messages": messages]
        }
        units = count
        return ["personal_information": ["user_id": 1], "chats": ["list": chats]]
    }

    private func json(_ value: Any) -> [UInt8] {
        [UInt8](try! JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]))
    }

    private func string(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
}
