/// One self-contained HTML page showing a run at a glance, rendered from its `report.json` document: counts by
/// outcome, length histograms, categories, duplicate clusters, rejects with their locations and fixes, warnings,
/// tokens, files, mapping, a sample record and, for picture datasets, thumbnails of the prepared pictures.
///
/// The page loads nothing: its CSS is inline, its charts are inline SVG and its thumbnails are data URIs, so it
/// opens offline in any browser. Every number shown carries a `data-key` attribute naming its place in the
/// document (`counts.train`, `files.0.lines`), and is the document's own number (a JSON number or
/// a numeric string, shown with thousands separators or, for shares, as an exact percentage). Everything taken
/// from the document is HTML-escaped. A section whose keys are absent is left out.
///
/// ```swift
/// let html = ReportPage(document: report.json).render()
/// ```
public struct ReportPage: Sendable {
    /// A small picture shown on the page.
    public struct Thumbnail: Sendable, Equatable {
        /// What the page shows.
        public enum Content: Sendable, Equatable {
            /// A small JPEG as a `data:image/jpeg;base64,` URI.
            case picture(dataURI: String)
            /// A web address, shown as text and never loaded.
            case address(String)
            /// A picture that could not be shown, and why.
            case unreadable(String)
        }

        /// Where the picture is (`train.jsonl:3`).
        public var location: String
        /// The picture, or what stands in for it.
        public var content: Content

        /// Creates a thumbnail.
        public init(location: String, content: Content) {
            self.location = location
            self.content = content
        }
    }

    /// The report document (`report.json`, or a document built to its schema).
    public var document: JSONValue
    /// Thumbnails of the prepared pictures, in order.
    public var thumbnails: [Thumbnail]
    /// The page's title.
    public var title: String

    /// A page for `document`.
    public init(document: JSONValue, thumbnails: [Thumbnail] = [], title: String = "TuneKit report") {
        self.document = document
        self.thumbnails = thumbnails
        self.title = title
    }

    /// The page as HTML text (UTF-8 when written).
    public func render() -> String {
        let sections = [
            header(), outcomes(), modelSection(), rejects(), warnings(), lints(), pictures(), tokens(), lengths(), categories(),
            duplicateClusters(), cleaningPairs(), leakageSection(), imageFacts(), redactions(), sample(), files(), mapping(), options(), inputs(),
        ].compactMap { $0 }
        return """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="tunekit">
        <title>\(HTMLText.escape(title))</title>
        <style>\(Self.style)</style>
        </head>
        <body>
        <main>
        \(sections.joined(separator: "\n"))
        </main>
        </body>
        </html>

        """
    }

    // MARK: Reading the document

    /// The value at `key`, or nil.
    func value(_ key: ReportKey) -> JSONValue? {
        ReportKey.value(at: key.description, in: document)
    }

    /// The members of the object at `key` (none when absent or not an object).
    func members(_ key: ReportKey) -> [(key: String, value: JSONValue)] {
        value(key)?.objectValue?.members ?? []
    }

    /// The elements of the array at `key` (none when absent or not an array).
    func elements(_ key: ReportKey) -> [JSONValue] {
        value(key)?.arrayValue ?? []
    }

    /// The number at `key`, or nil.
    func number(_ key: ReportKey) -> ReportNumber? {
        ReportNumber(value(key))
    }

    /// The text at `key` (strings as they are, numbers and booleans as written), or nil.
    func text(_ key: ReportKey) -> String? {
        switch value(key) {
        case .string(let text)?: return text
        case .number(let text)?: return text
        case .bool(let flag)?: return flag ? "yes" : "no"
        default: return nil
        }
    }

    // MARK: Pieces

    /// The number at `key` as an element naming its place, or nil when there is none.
    func shown(_ key: ReportKey, percent: Bool = false) -> String? {
        guard let number = number(key) else { return nil }
        return "<span class=\"n\" data-key=\"\(HTMLText.escape(key.description))\">\(percent ? number.percent : number.display)</span>"
    }

    /// Any value for a table cell: numbers with their `data-key`, text escaped, containers as compact JSON.
    func cell(_ key: ReportKey) -> String {
        if let shown = shown(key) { return shown }
        switch value(key) {
        case .string(let text)?: return HTMLText.escape(text)
        case .bool(let flag)?: return flag ? "yes 是" : "no 否"
        case .null?, nil: return ""
        case let other?: return "<code>\(HTMLText.escape(other.compactText))</code>"
        }
    }

    /// A section with a heading in English and Chinese.
    func section(_ id: String, _ english: String, _ chinese: String, _ body: String) -> String {
        "<section id=\"\(id)\"><h2>\(english) <span class=\"zh\">\(chinese)</span></h2>\n\(body)\n</section>"
    }

    /// A two-column table of an object's members (`key: value`), numbers carrying their `data-key`.
    func factTable(_ key: ReportKey, skipping: Set<String> = [], labels: [String: String] = [:]) -> String? {
        let rows = members(key).filter { !skipping.contains($0.key) }.map { member in
            "<tr><th>\(HTMLText.escape(labels[member.key] ?? member.key))</th><td>\(cell(key.key(member.key)))</td></tr>"
        }
        guard !rows.isEmpty else { return nil }
        return "<table class=\"facts\">" + rows.joined() + "</table>"
    }

    /// A table with a header row.
    func table(_ headers: [String], _ rows: [[String]], className: String = "grid") -> String {
        "<table class=\"\(className)\"><thead><tr>" + headers.map { "<th>\($0)</th>" }.joined() + "</tr></thead><tbody>"
            + rows.map { "<tr>" + $0.map { "<td>\($0)</td>" }.joined() + "</tr>" }.joined() + "</tbody></table>"
    }

    static let style = """
    :root{color-scheme:light;--ink:#1f2933;--soft:#52606d;--line:#d9e2ec;--bar:#2f80ed;--train:#2f80ed;--validation:#f2994a;\
    --duplicates:#9b51e0;--rejected:#eb5757;--read:#7b8794}
    *{box-sizing:border-box}
    body{margin:0;background:#f5f7fa;color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI","PingFang SC",\
    "Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif}
    main{max-width:1100px;margin:0 auto;padding:24px}
    header{margin-bottom:16px}
    h1{font-size:26px;margin:0 0 4px}
    h2{font-size:19px;margin:0 0 12px}
    h3{font-size:16px;margin:14px 0 6px}
    .zh{color:var(--soft);font-weight:normal}
    section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin:0 0 16px}
    .cards{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}
    .card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 16px;min-width:140px}
    .card .n{display:block;font-size:26px;font-weight:600}
    .card.train{border-top:4px solid var(--train)}.card.validation{border-top:4px solid var(--validation)}
    .card.duplicates{border-top:4px solid var(--duplicates)}.card.rejected{border-top:4px solid var(--rejected)}
    .card.read{border-top:4px solid var(--read)}
    .muted,.note{color:var(--soft)}
    table{border-collapse:collapse;margin:6px 0 10px;font-size:14px}
    th,td{border-bottom:1px solid var(--line);padding:5px 10px 5px 0;text-align:left;vertical-align:top}
    table.grid td .n,table.grid td.num{font-variant-numeric:tabular-nums}
    table.facts th{font-weight:normal;color:var(--soft);white-space:nowrap}
    td{overflow-wrap:anywhere}
    code,pre{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:13px}
    pre{background:#f0f4f8;border-radius:6px;padding:10px;white-space:pre-wrap;overflow-wrap:anywhere;margin:6px 0}
    svg.chart{display:block;max-width:100%;height:auto;margin:4px 0 8px}
    svg .bar{fill:var(--bar)}svg .train{fill:var(--train)}svg .validation{fill:var(--validation)}
    svg .duplicates{fill:var(--duplicates)}svg .rejected{fill:var(--rejected)}svg .read{fill:var(--read)}
    svg text{font-size:13px;fill:var(--ink)}svg .label{fill:var(--soft)}svg .axis{stroke:var(--line)}
    .meter{display:flex;width:220px;height:12px;background:#edf0f3;border-radius:3px;overflow:hidden}
    .meter .train{background:var(--train)}.meter .validation{background:var(--validation)}
    .meter .rejected{background:var(--rejected)}
    .thumbs{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:10px}
    figure{margin:0;background:#f0f4f8;border-radius:6px;padding:6px;text-align:center}
    figure img{max-width:160px;max-height:160px;display:block;margin:0 auto}
    figcaption{font-size:12px;color:var(--soft);overflow-wrap:anywhere}
    .sev-error{color:var(--rejected);font-weight:600}.sev-warning{color:#b7791f;font-weight:600}
    ul.plain{margin:4px 0;padding-left:20px}
    """
}
