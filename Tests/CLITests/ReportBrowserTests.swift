import Foundation
import Testing
import TuneKit

/// Converts the bundled samples and opens their report.html in headless Chromium (when installed): the page
/// renders, every number carrying a `data-key` in the DOM Chromium built equals the value at that path of
/// report.json, and the photo sample shows its thumbnails.
@Suite("report.html in headless Chromium")
struct ReportBrowserTests {
    static let chromium: URL? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            for name in ["chromium", "chromium-browser"] {
                let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
        }
        return nil
    }()

    /// The DOM Chromium builds from a page.
    static func dumpDOM(_ page: URL) throws -> String {
        let profile = CLITests.temporaryDirectory()
        let outcome = try CLITests.run(["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                        "--user-data-dir=\(profile.path)", "--dump-dom", page.absoluteString],
                                       executable: chromium!)
        #expect(outcome.status == 0, "chromium: \(outcome.stderr)")
        return outcome.stdout
    }

    /// `(data-key, text)` of every element naming a report value, as Chromium serialised them.
    static func keyed(_ dom: String) -> [(key: String, text: String)] {
        let pattern = try! NSRegularExpression(pattern: #"<(span|tspan)[^>]*\bdata-key="([^"]*)"[^>]*>([^<]*)</\1>"#)
        return pattern.matches(in: dom, range: NSRange(dom.startIndex..., in: dom)).map { match in
            (entities(String(dom[Range(match.range(at: 2), in: dom)!])), entities(String(dom[Range(match.range(at: 3), in: dom)!])))
        }
    }

    static func entities(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&nbsp;", with: "\u{A0}")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The value at a dotted path (`\.` is a dot inside a key) of a JSON document.
    static func lookup(_ path: String, in document: Any) -> Any? {
        var segments: [String] = []
        var current = ""
        var escaped = false
        for character in path {
            if escaped { current.append(character); escaped = false }
            else if character == "\\" { escaped = true }
            else if character == "." { segments.append(current); current = "" }
            else { current.append(character) }
        }
        segments.append(current)
        var value: Any? = document
        for segment in segments {
            if let object = value as? [String: Any] { value = object[segment] }
            else if let array = value as? [Any], let index = Int(segment), array.indices.contains(index) { value = array[index] }
            else { return nil }
        }
        return value
    }

    /// Whether a number shown on the page is report.json's: separators dropped, a percentage divided by 100.
    static func agrees(_ shown: String, _ value: Any?) -> Bool {
        let expected: Decimal?
        switch value {
        case let number as NSNumber: expected = Decimal(string: "\(number)")
        case let text as String: expected = Decimal(string: text)
        default: expected = nil
        }
        var text = shown.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "")
        let percent = text.hasSuffix("%")
        if percent { text = String(text.dropLast()).trimmingCharacters(in: .whitespaces) }
        guard let expected, var got = Decimal(string: text) else { return false }
        if percent { got /= 100 }
        return got == expected
    }

    /// Converts, opens report.html in Chromium and checks every number; returns the DOM.
    func convertAndCheck(_ arguments: [String]) throws -> (dom: String, report: [String: Any], output: URL) {
        let output = CLITests.temporaryDirectory()
        let convert = try CLITests.run(["convert"] + arguments + ["-o", output.path], directory: CLITests.repositoryRoot)
        #expect(convert.status == 0, "\(convert.stderr)")
        let page = output.appendingPathComponent("report.html")
        let reportData = try Data(contentsOf: output.appendingPathComponent("report.json"))
        let report = try #require(try JSONSerialization.jsonObject(with: reportData) as? [String: Any])
        let dom = try Self.dumpDOM(page)
        #expect(dom.contains("<section id=\"outcomes\""))
        let keyed = Self.keyed(dom)
        #expect(keyed.count >= 10)
        for (key, text) in keyed {
            #expect(Self.agrees(text, Self.lookup(key, in: report)), "data-key \(key) shows '\(text)'")
        }
        let keys = Set(keyed.map(\.key))
        for outcome in ["read", "train", "validation", "duplicates", "rejected"] {
            #expect(keys.contains("counts.\(outcome)"), "counts.\(outcome) is not on the page")
        }
        return (dom, report, output)
    }

    /// A document written to the schema-2 contract, with text that would be markup if it were not escaped.
    static let contractDocument = #"""
    {"schema_version":2,"format":"vision","counts":{"read":12345,"train":11000,"validation":1100,"duplicates":200,"rejected":45},
     "near_duplicates":7,"reject_reasons":[{"code":"img.missing","count":45,"first":"a.csv:3",
     "message":"<script>document.title='pwned'</script>","fix":"give --image-root"}],
     "categories":{"退款.<b>x</b>":{"records":6000,"share":0.5,"validation":600},"物流":{"records":6100,"share":0.5083,"validation":500}},
     "tokens":{"train":987654,"validation":98765,"method":"heuristic","exact":false,"error_bar":"±3 %"},
     "lengths":{"user":{"unit":"characters","bounds":[20,50,100],"counts":[100,5000,5900,1100],"min":2,"median":48,"max":900}},
     "duplicate_clusters":[{"kept":"a.csv:2","duplicates":["a.csv:9"],"count":1,"near":true}],
     "sample":{"location":"a.csv:2","line":"{\"messages\":[]}<img src=x onerror=alert(1)>"},
     "files":[{"name":"train.jsonl","role":"train","lines":11000,"bytes":123456789,"images":11000}],
     "warnings":[{"severity":"warning","code":"w","message":"<iframe src=\"https://example.com\"></iframe>"}],
     "options":{"to":"vision","validation":0.1,"seed":42,"redact":true,"image_mode":"base64"}}
    """#

    @Test(.enabled(if: chromium != nil, "needs chromium on PATH"))
    func contractDocumentRendersEscapedWithItsNumbers() throws {
        let document = try JSONReader.parse(Self.contractDocument).value
        let thumbnail = ReportPage.Thumbnail(location: "train.jsonl:1", content: .address("https://example.com/a.jpg"))
        let directory = CLITests.temporaryDirectory()
        let page = directory.appendingPathComponent("report.html")
        try ReportPage(document: document, thumbnails: [thumbnail]).render().write(to: page, atomically: true, encoding: .utf8)
        let dom = try Self.dumpDOM(page)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(Self.contractDocument.utf8)) as? [String: Any])
        let keyed = Self.keyed(dom)
        let keys = Set(keyed.map(\.key))
        for path in ["counts.read", "counts.rejected", "near_duplicates", "reject_reasons.0.count", "tokens.train",
                     "lengths.user.counts.3", "lengths.user.bounds.2", "files.0.bytes", "files.0.images", "options.validation"] {
            #expect(keys.contains(path), "\(path) is not on the page")
        }
        for (key, text) in keyed {
            #expect(Self.agrees(text, Self.lookup(key, in: report)), "data-key \(key) shows '\(text)'")
        }
        #expect(keyed.contains { $0.key == #"categories.退款\.<b>x</b>.share"# && $0.text == "50 %" })
        #expect(keyed.contains { $0.key == "counts.read" && $0.text == "12,345" })
        // The browser built no element from the data: no script ran, no picture or frame was requested.
        #expect(!dom.contains("<script") && !dom.contains("<iframe") && !dom.contains("<img src=\"x\""))
        #expect(!dom.contains("<img src=\"https:"))
        #expect(dom.contains("<title>TuneKit report</title>"))
    }

    @Test(.enabled(if: chromium != nil, "needs chromium on PATH"))
    func faqSampleReportMatchesItsJSON() throws {
        let (dom, report, _) = try convertAndCheck([CLITests.sample, "--converter", "customer-service-faq"])
        #expect(report["format"] as? String == "chat")
        #expect(dom.contains("<section id=\"categories\""))
        #expect(!dom.contains("<img"))
    }

    @Test(.enabled(if: chromium != nil, "needs chromium on PATH"))
    func productPhotoReportShowsThumbnails() throws {
        let sample = CLITests.repositoryRoot.appendingPathComponent("Converters/product-photos/sample.csv").path
        let (dom, report, output) = try convertAndCheck([sample, "--converter", "product-photos", "--image-mode", "base64"])
        let training = try String(contentsOf: output.appendingPathComponent("train.jsonl"), encoding: .utf8)
        let pictures = training.components(separatedBy: "data:image/jpeg;base64,").count - 1
        #expect(pictures > 0)
        let thumbnails = dom.components(separatedBy: "<img src=\"data:image/jpeg;base64,").count - 1
        #expect(thumbnails == min(24, pictures), "\(thumbnails) thumbnails for \(pictures) pictures")
        #expect((report["images"] as? [String: Any]) != nil)
    }
}

/// report.html and `stats --html` from the command line, without a browser.
@Suite("report.html from the command line")
struct ReportPageCLITests {
    @Test func standardOutputWritesNoPage() throws {
        let directory = CLITests.temporaryDirectory()
        let outcome = try CLITests.run(["convert", CLITests.sample, "--to", "chat", "-o", "-"], directory: directory)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.hasPrefix("{\"messages\""))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test func statsWritesAPageOfItsNumbers() throws {
        let output = CLITests.temporaryDirectory()
        let convert = try CLITests.run(["convert", CLITests.sample, "--converter", "customer-service-faq", "-o", output.path])
        #expect(convert.status == 0, "\(convert.stderr)")
        let train = output.appendingPathComponent("train.jsonl").path
        let page = output.appendingPathComponent("stats.html")
        let stats = try CLITests.run(["stats", train, "--epochs", "3", "--price", "0.05", "--json", "--html", page.path])
        #expect(stats.status == 0, "\(stats.stderr)")
        let measured = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        let html = try String(contentsOf: page, encoding: .utf8)
        let records = try #require(measured["records"] as? Int)
        let tokens = try #require(measured["tokens_per_epoch"] as? Int)
        #expect(html.contains(#"data-key="inputs.0.records">\#(records)<"#))
        #expect(html.contains(#"data-key="tokens.train">\#(ReportPageCLITests.grouped(tokens))<"#))
        #expect(html.contains(#"data-key="cost.yuan">\#(String(format: "%.2f", Double(tokens * 3) / 1000 * 0.05))<"#))
        #expect(html.contains("<svg"))
        if ReportBrowserTests.chromium != nil {
            let dom = try ReportBrowserTests.dumpDOM(page)
            #expect(ReportBrowserTests.keyed(dom).contains { $0.key == "inputs.0.records" && $0.text == "\(records)" })
        }
        let unwritable = try CLITests.run(["stats", train, "--html", output.appendingPathComponent("no/such/dir/x.html").path])
        #expect(unwritable.status == 2)
        #expect(unwritable.stderr.contains("--html"))
    }

    static func grouped(_ value: Int) -> String {
        let digits = Array(String(value))
        return String(digits.enumerated().flatMap { index, digit in
            index > 0 && (digits.count - index) % 3 == 0 ? [",", digit] : [digit]
        })
    }
}
