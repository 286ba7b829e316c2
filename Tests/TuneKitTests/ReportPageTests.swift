import Foundation
import Testing
import TuneKitImages
@testable import TuneKit

@Suite("report.html page")
struct ReportPageTests {
    /// A report document written to the schema-2 contract by hand (numbers as JSON numbers).
    static let contractDocument = """
    {
      "schema_version": 2,
      "format": "chat",
      "inputs": [{"file": "faq.csv", "format": "csv", "rows": 12, "blank_rows_skipped": 1,
                  "changes": [{"action": "dropped", "kind": "x", "what": "empty rows", "count": 2, "first": "faq.csv:4"}]}],
      "mapping": {"user": {"template": "{{问题}}", "how": "column name"}, "assistant": {"template": "{{答案}}", "how": "given"}},
      "unused_columns": ["备注"],
      "options": {"to": "chat", "dedup": "exact", "validation": 0.1, "seed": 42, "redact": false, "image_mode": "url"},
      "counts": {"read": 1234, "train": 1100, "validation": 110, "duplicates": 20, "rejected": 4},
      "near_duplicates": 3,
      "rejects_by_reason": {"map.empty_field": 3, "chat.too_long": 1},
      "reject_reasons": [
        {"code": "map.empty_field", "count": 3, "first": "faq.csv:7", "message": "assistant is empty", "fix": "fill the 答案 column"},
        {"code": "chat.too_long", "count": 1, "first": "faq.csv:9", "message": "line over the limit", "fix": "shorten the answer"}
      ],
      "categories": {"退款": {"records": 600, "share": 0.4959, "validation": 60}, "物流.配送": {"records": 610, "share": 0.5041, "validation": 50}},
      "redactions": {"phone": 5},
      "tokens": {"train": 45678, "validation": 4567, "method": "heuristic", "exact": false, "error_bar": "±3 % on Chinese text"},
      "lengths": {
        "user": {"unit": "characters", "bounds": [20, 50, 100], "counts": [10, 900, 290, 10], "min": 3, "median": 31, "max": 480},
        "assistant": {"unit": "characters", "bounds": [20, 50], "counts": [1, 2, 3], "min": 1, "median": 40, "max": 2000}
      },
      "duplicate_clusters": [{"kept": "faq.csv:2", "duplicates": ["faq.csv:5", "faq.csv:11"], "count": 2, "near": false}],
      "sample": {"location": "faq.csv:2", "line": "{\\"messages\\":[{\\"role\\":\\"user\\",\\"content\\":\\"<b>hi</b>\\"}]}"},
      "files": [{"name": "train.jsonl", "role": "train", "lines": 1100, "bytes": 345678}],
      "warnings": [{"severity": "warning", "code": "data.few_records", "message": "only 1100 records"}],
      "model": {"name": "glm-4-flash", "method": "lora", "problems": []}
    }
    """

    static func parse(_ text: String) throws -> JSONValue {
        try JSONReader.parse(text).value
    }

    /// The `data-key` elements of a page and their text, entities decoded.
    static func keyed(_ html: String) -> [(key: String, text: String)] {
        let pattern = try! NSRegularExpression(pattern: #"data-key="([^"]*)"[^>]*>([^<]*)<"#)
        let range = NSRange(html.startIndex..., in: html)
        return pattern.matches(in: html, range: range).map { match in
            (unescape(String(html[Range(match.range(at: 1), in: html)!])), unescape(String(html[Range(match.range(at: 2), in: html)!])))
        }
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Whether shown text is the document's value: whole numbers without their separators, shares as percentages.
    static func matches(_ text: String, _ value: JSONValue?) -> Bool {
        guard let number = ReportNumber(value) else { return false }
        if text.hasSuffix(" %") {
            guard let percent = Decimal(string: String(text.dropLast(2))), let fraction = Decimal(string: number.text) else { return false }
            return percent == fraction * 100
        }
        return text.replacingOccurrences(of: ",", with: "") == number.text
    }

    /// Paths of every number in a document.
    static func numberPaths(_ value: JSONValue, _ key: ReportKey = ReportKey()) -> [String] {
        switch value {
        case .number: return [key.description]
        case .object(let object): return object.members.flatMap { numberPaths($0.value, key.key($0.key)) }
        case .array(let array): return array.indices.flatMap { numberPaths(array[$0], key.index($0)) }
        default: return []
        }
    }

    @Test func everyNumberIsShownWithItsKeyAndValue() throws {
        let document = try Self.parse(Self.contractDocument)
        let html = ReportPage(document: document).render()
        let keyed = Self.keyed(html)
        #expect(keyed.count > 50)
        for (key, text) in keyed {
            #expect(Self.matches(text, ReportKey.value(at: key, in: document)), "\(key) shows \(text)")
        }
        let shownKeys = Set(keyed.map(\.key))
        // rejects_by_reason is shown only when the richer reject_reasons is absent.
        for path in Self.numberPaths(document) where !path.hasPrefix("rejects_by_reason.") {
            #expect(shownKeys.contains(path), "\(path) is not on the page")
        }
        #expect(shownKeys.contains(#"categories.物流\.配送.records"#))
        #expect(html.contains(">1,234<"))
        #expect(html.contains(">49.59 %<"))
        for id in ["outcomes", "rejects", "warnings", "tokens", "lengths", "categories", "duplicates", "sample", "files",
                   "mapping", "options", "inputs", "model", "redactions"] {
            #expect(html.contains("<section id=\"\(id)\""), "section \(id)")
        }
        #expect(!html.contains("<section id=\"pictures\""))
    }

    @Test func numericStringsRenderAsNumbers() throws {
        let numbers = try Self.parse(#"{"counts":{"read":1234,"train":1200,"validation":0,"duplicates":30,"rejected":4},"options":{"seed":42,"validation":0.1}}"#)
        let strings = try Self.parse(#"{"counts":{"read":"1234","train":"1200","validation":"0","duplicates":"30","rejected":"4"},"options":{"seed":"42","validation":"0.1"}}"#)
        let page = ReportPage(document: numbers).render()
        #expect(page == ReportPage(document: strings).render())
        #expect(page.contains(#"<span class="n" data-key="counts.read">1,234</span>"#))
        #expect(page.contains(#"data-key="options.validation">0.1<"#))
    }

    @Test func textThatIsNotANumberIsNotShownAsOne() throws {
        let document = try Self.parse(#"{"counts":{"read":"many","train":"012","validation":"1e","duplicates":"-","rejected":" 4"}}"#)
        let html = ReportPage(document: document).render()
        #expect(Self.keyed(html).isEmpty)
        #expect(!html.contains("<svg"))
    }

    @Test func absentSectionsAreLeftOut() throws {
        for text in ["{}", #"{"format":"chat"}"#, "[]", #"{"counts":{},"lengths":{},"categories":{},"files":[],"warnings":[]}"#,
                     #"{"categories":{"(none)":{"records":5,"share":1,"validation":0}}}"#] {
            let html = ReportPage(document: try Self.parse(text)).render()
            #expect(html.hasPrefix("<!DOCTYPE html>"))
            #expect(html.hasSuffix("</html>\n"))
            #expect(!html.contains("<section"), "\(text)")
            #expect(!html.contains("<svg"), "\(text)")
        }
    }

    @Test func histogramNeedsOneMoreCountThanBounds() throws {
        let document = try Self.parse(#"{"lengths":{"user":{"unit":"characters","bounds":[10,20],"counts":[1,2],"min":1,"median":5,"max":9}}}"#)
        let html = ReportPage(document: document).render()
        #expect(html.contains("<section id=\"lengths\""))
        #expect(html.contains(#"data-key="lengths.user.median">5<"#))
        #expect(!html.contains("<svg"))
    }

    @Test func everythingFromTheDataIsEscaped() throws {
        let hostile = #"<script>alert("x")</script>&'"#
        var categories = JSONObject()
        categories[hostile] = .object(["records": .number("1"), "share": .number("1"), "validation": .number("0")])
        let document = JSONValue.object([
            "format": .string(hostile),
            "inputs": .array([.object(["file": .string(hostile), "sheet": .string(hostile)])]),
            "categories": .object(categories),
            "reject_reasons": .array([.object(["code": .string(hostile), "count": .number("1"), "first": .string(hostile),
                                               "message": .string("<img src=x onerror=alert(1)>"), "fix": .string(hostile)])]),
            "warnings": .array([.object(["severity": .string("\"><script>"), "code": .string(hostile), "message": .string(hostile)])]),
            "sample": .object(["location": .string(hostile), "line": .string("</pre><script>x</script>")]),
            "mapping": .object([hostile: .object(["template": .string("{{<b>}}"), "how": .string(hostile)])]),
            "unused_columns": .array([.string(hostile)]),
        ])
        let thumbnails = [ReportPage.Thumbnail(location: hostile, content: .address("https://example.com/a.jpg?\"><script>"))]
        let html = ReportPage(document: document, thumbnails: thumbnails).render()
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img src=x"))
        #expect(!html.contains("{{<b>}}"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;"))
        let keyed = Self.keyed(html)
        #expect(keyed.contains { $0.key == "categories.\(hostile).records" && $0.text == "1" })
        #expect(!html.contains("<img"))
    }

    @Test(arguments: [
        ("0.1129", "11.29 %"), ("1", "100 %"), ("0", "0 %"), ("0.5", "50 %"), ("0.0001", "0.01 %"), ("0.12345", "12.345 %"),
    ])
    func sharesAreExactPercentages(text: String, percent: String) throws {
        #expect(try #require(ReportNumber(text: text)).percent == percent)
    }

    @Test(arguments: [
        ("12345678", "12,345,678"), ("-1234", "-1,234"), ("999", "999"), ("0.25", "0.25"), ("1e3", "1e3"),
    ])
    func numbersShowWithSeparators(text: String, shown: String) throws {
        #expect(try #require(ReportNumber(text: text)).display == shown)
    }

    @Test(arguments: ["", "-", "01", "1.", ".5", "1e", "+1", " 1", "1 ", "0x10", "NaN", "Infinity"])
    func onlyJSONNumbersAreNumbers(text: String) {
        #expect(ReportNumber(text: text) == nil)
    }

    @Test func keysWithDotsAndBackslashesRoundTrip() throws {
        let key = ReportKey("categories").key(#"a.b\c"#).key("records")
        #expect(key.description == #"categories.a\.b\\c.records"#)
        #expect(ReportKey.segments(of: key.description) == ["categories", #"a.b\c"#, "records"])
        let document = try Self.parse(#"{"categories":{"a.b\\c":{"records":7}},"files":[{"lines":3}]}"#)
        #expect(ReportKey.value(at: key.description, in: document) == .number("7"))
        #expect(ReportKey.value(at: "files.0.lines", in: document) == .number("3"))
        #expect(ReportKey.value(at: "files.1.lines", in: document) == nil)
    }

    @Test func thumbnailsComeFromTheFirstPicturesAndStayBounded() throws {
        let picture = RGBImage(width: 640, height: 480, color: RGBColor(red: 200, green: 40, blue: 40))
        let jpeg = try JPEGCodec.encode(picture, quality: 85)
        let uri = "data:image/jpeg;base64," + Data(jpeg).base64EncodedString()
        var lines: [String] = [#"{"messages":[{"role":"user","content":"no picture"},{"role":"assistant","content":"ok"}]}"#]
        lines.append(#"{"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://example.com/p.jpg"}}]},{"role":"assistant","content":"x"}]}"#)
        for _ in 0..<30 {
            lines.append(#"{"messages":[{"role":"user","content":[{"type":"text","text":"看图"},{"type":"image_url","image_url":{"url":"\#(uri)"}}]},{"role":"assistant","content":"红色"}]}"#)
        }
        lines.append(#"{"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/jpeg;base64,AAAA"}}]}]}"#)
        let directory = Fixture.temporaryDirectory()
        let path = directory + "/train.jsonl"
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let thumbnails = ReportThumbnails.collect(path: path, name: "train.jsonl")
        #expect(thumbnails.count == 24)
        #expect(thumbnails.first == ReportPage.Thumbnail(location: "train.jsonl:2", content: .address("https://example.com/p.jpg")))
        #expect(thumbnails[1].location == "train.jsonl:3")
        guard case .picture(let small) = thumbnails[1].content else {
            Issue.record("no picture: \(thumbnails[1].content)")
            return
        }
        #expect(small.hasPrefix("data:image/jpeg;base64,"))
        let bytes = try #require(Data(base64Encoded: String(small.dropFirst("data:image/jpeg;base64,".count))))
        let decoded = try JPEGCodec.decode(Array(bytes))
        #expect(decoded.width == 160 && decoded.height == 120)
        #expect(bytes.count < jpeg.count)
        let unreadable = ReportThumbnails.thumbnail(of: "data:image/jpeg;base64,AAAA")
        guard case .unreadable = unreadable else {
            Issue.record("damaged picture shown as \(unreadable)")
            return
        }
        let page = ReportPage(document: .object(["format": .string("vision")]), thumbnails: thumbnails).render()
        #expect(page.components(separatedBy: "<img src=\"data:image/jpeg;base64,").count - 1 == 23)
        #expect(!page.contains("<img src=\"https:"))
    }

    @Test func statsPageShowsEveryFileHistogramAndCost() throws {
        let directory = Fixture.temporaryDirectory()
        let path = directory + "/train.jsonl"
        let lines = (1...9).map { index in
            #"{"messages":[{"role":"user","content":"\#(String(repeating: "问", count: index * 7))"},{"role":"assistant","content":"好"}]}"#
        }
        try (lines.joined(separator: "\n") + "\nnot json\n").write(toFile: path, atomically: true, encoding: .utf8)
        let stats = try DatasetStats.measure(path: path)
        let document = ReportPage.statsDocument([stats], epochs: 3, price: 0.005)
        let counts = try #require(document["lengths"]?["user"]?["counts"]?.arrayValue).compactMap { ReportNumber($0)?.integer }
        #expect(counts == [2, 5, 2, 0, 0, 0, 0, 0, 0])
        #expect(document["cost"]?["yuan"] == .number(String(format: "%.2f", Double(stats.tokens * 3) / 1000 * 0.005)))
        let html = ReportPage.forStats([stats], epochs: 3, price: 0.005)
        for (key, text) in Self.keyed(html) {
            #expect(Self.matches(text, ReportKey.value(at: key, in: document)), "\(key) shows \(text)")
        }
        #expect(html.contains(#"data-key="inputs.0.records">9<"#))
        #expect(html.contains("<section id=\"warnings\""))
        #expect(html.contains("<svg"))
    }
}
