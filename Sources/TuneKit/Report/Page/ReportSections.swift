/// The sections of ``ReportPage``, each nil when the document has nothing for it.
extension ReportPage {
    static let outcomeNames: [(key: String, english: String, chinese: String)] = [
        ("read", "read", "读取"), ("train", "train", "训练集"), ("validation", "validation", "验证集"),
        ("duplicates", "duplicates", "重复"), ("rejected", "rejected", "拒绝"),
    ]

    static let roleNames: [String: String] = [
        "system": "系统", "user": "用户", "assistant": "助手", "reasoning": "思考过程", "chosen": "优选回答",
        "rejected": "劣选回答", "prompt": "提示词",
    ]

    func header() -> String {
        var line: [String] = []
        if let format = text(ReportKey("format")) { line.append("format 格式: <b>\(HTMLText.escape(format))</b>") }
        let inputs = elements(ReportKey("inputs")).compactMap { $0["file"]?.stringValue }
        if !inputs.isEmpty {
            line.append("input 输入: " + inputs.prefix(5).map { "<code>\(HTMLText.escape($0))</code>" }.joined(separator: ", ")
                + (inputs.count > 5 ? " …" : ""))
        }
        if let schema = shown(ReportKey("schema_version")) { line.append("report schema \(schema)") }
        var cards = ""
        if value(ReportKey("counts")) != nil {
            cards = "<div class=\"cards\">" + Self.outcomeNames.compactMap { outcome in
                shown(ReportKey("counts", outcome.key)).map {
                    "<div class=\"card \(outcome.key)\">\($0)\(outcome.english) <span class=\"zh\">\(outcome.chinese)</span></div>"
                }
            }.joined() + "</div>"
        }
        return "<header><h1>\(HTMLText.escape(title))</h1><div class=\"muted\">\(line.joined(separator: " · "))</div>\(cards)</header>"
    }

    func outcomes() -> String? {
        let bars = Self.outcomeNames.dropFirst().compactMap { outcome -> SVGChart.Bar? in
            let key = ReportKey("counts", outcome.key)
            return number(key).map { SVGChart.Bar(label: "\(outcome.english) \(outcome.chinese)", number: $0, key: key, tone: outcome.key) }
        }
        guard !bars.isEmpty else { return nil }
        var body = SVGChart.horizontal(bars, caption: "records by outcome")
        if let read = shown(ReportKey("counts", "read")) {
            body += "<p>Every one of the \(read) inputs read ended in exactly one of these. 每条输入只进入其中一类。</p>"
        }
        if let near = shown(ReportKey("near_duplicates")) {
            body += "<p class=\"note\">Of the duplicates, \(near) were similar rather than equal (near duplicates 近似重复).</p>"
        }
        return section("outcomes", "Outcomes", "结果", body)
    }

    func modelSection() -> String? {
        guard value(ReportKey("model")) != nil else { return nil }
        var body = factTable(ReportKey("model"), skipping: ["problems"]) ?? ""
        let problems = elements(ReportKey("model", "problems")).compactMap(\.stringValue)
        body += problems.isEmpty
            ? "<p>No problems found for this model and method. 该模型与训练方式可用。</p>"
            : "<ul class=\"plain\">" + problems.map { "<li class=\"sev-error\">\(HTMLText.escape($0))</li>" }.joined() + "</ul>"
        return section("model", "Model", "模型", body)
    }

    func rejects() -> String? {
        let reasons = elements(ReportKey("reject_reasons"))
        if !reasons.isEmpty {
            let total = reasons.compactMap { ReportNumber($0["count"])?.value }.max() ?? 0
            let rows = reasons.indices.map { index -> [String] in
                let key = ReportKey("reject_reasons").index(index)
                let count = number(key.key("count"))?.value ?? 0
                let width = total > 0 ? Int((count / total * 100).rounded()) : 0
                return ["<code>\(cell(key.key("code")))</code>",
                        cell(key.key("count")) + "<div class=\"meter\"><div class=\"rejected\" style=\"width:\(width)%\"></div></div>",
                        "<code>\(cell(key.key("first")))</code>", cell(key.key("message")), cell(key.key("fix"))]
            }
            return section("rejects", "Rejects by reason", "拒绝原因", table(
                ["reason 原因", "count 数量", "first at 首次位置", "message 说明", "what to do 处理办法"], rows)
                + "<p class=\"note\">Every rejected input is in <code>rejects.jsonl</code> with its location and reason.</p>")
        }
        let byReason = members(ReportKey("rejects_by_reason"))
        guard !byReason.isEmpty else { return nil }
        let rows = byReason.map { ["<code>\(HTMLText.escape($0.key))</code>", cell(ReportKey("rejects_by_reason", $0.key))] }
        return section("rejects", "Rejects by reason", "拒绝原因", table(["reason 原因", "count 数量"], rows)
            + "<p class=\"note\">Every rejected input is in <code>rejects.jsonl</code> with its location and reason.</p>")
    }

    func warnings() -> String? {
        let warnings = elements(ReportKey("warnings"))
        guard !warnings.isEmpty else { return nil }
        let rows = warnings.indices.map { index -> [String] in
            let key = ReportKey("warnings").index(index)
            let severity = text(key.key("severity")) ?? ""
            return ["<span class=\"sev-\(HTMLText.escape(severity))\">\(HTMLText.escape(severity))</span>",
                    "<code>\(cell(key.key("code")))</code>", cell(key.key("message"))]
        }
        return section("warnings", "Warnings", "警告", table(["severity 级别", "code 代码", "message 说明"], rows))
    }

    func tokens() -> String? {
        let key = ReportKey("tokens")
        guard value(key) != nil else { return nil }
        var rows: [String] = []
        for (name, english, chinese) in [("train", "training records", "训练集"), ("validation", "validation records", "验证集")] {
            let shown = shown(key.key(name)) ?? shown(key.key(name + "_estimate"))
            if let shown { rows.append("<tr><th>\(english) \(chinese)</th><td>\(shown) tokens per epoch</td></tr>") }
        }
        if let method = text(key.key("method")) { rows.append("<tr><th>method 计算方式</th><td>\(HTMLText.escape(method))</td></tr>") }
        if case .bool(let exact)? = value(key.key("exact")) {
            rows.append("<tr><th>exact 精确</th><td>\(exact ? "yes, counted with the model's tokenizer 按分词器精确计数" : "no, an estimate 估算")</td></tr>")
        }
        if let errorBar = text(key.key("error_bar")) {
            rows.append("<tr><th>error 误差</th><td>\(HTMLText.escape(errorBar))</td></tr>")
        }
        var body = rows.isEmpty ? "" : "<table class=\"facts\">" + rows.joined() + "</table>"
        let cost = ReportKey("cost")
        if let yuan = shown(cost.key("yuan")) {
            let price = shown(cost.key("price_per_1k_tokens")) ?? "?"
            let epochs = shown(cost.key("epochs")) ?? "1"
            body += "<p>Cost 费用 ≈ <b>\(yuan) yuan 元</b> (\(shown(cost.key("tokens")) ?? "") tokens × \(epochs) epochs × \(price) yuan per 1,000 tokens).</p>"
        } else {
            body += "<p class=\"note\">Cost 费用 = tokens × epochs × the price per 1,000 tokens of the platform's price list "
                + "(<code>tunekit stats --price P --epochs N</code> works it out). 训练价格 = tokens × epoch 数 × 单价。</p>"
        }
        return section("tokens", "Tokens and cost", "token 与费用", body)
    }

    func lengths() -> String? {
        let roles = members(ReportKey("lengths"))
        guard !roles.isEmpty else { return nil }
        var body = ""
        for role in roles {
            let key = ReportKey("lengths", role.key)
            var spread: [String] = []
            for (name, label) in [("min", "min 最短"), ("median", "median 中位数"), ("max", "max 最长")] {
                if let shown = shown(key.key(name)) { spread.append("\(label) \(shown)") }
            }
            let unit = text(key.key("unit")) ?? "characters"
            body += "<h3>\(HTMLText.escape(role.key)) <span class=\"zh\">\(Self.roleNames[role.key] ?? "")</span></h3>"
            body += "<p class=\"muted\">length in \(HTMLText.escape(unit)) 长度（字符）: \(spread.joined(separator: " · "))</p>"
            let bounds = elements(key.key("bounds"))
            let counts = elements(key.key("counts"))
            if !counts.isEmpty, counts.count == bounds.count + 1,
               counts.allSatisfy({ ReportNumber($0) != nil }), bounds.allSatisfy({ ReportNumber($0) != nil }) {
                let bins = counts.indices.map { index in
                    SVGChart.Bin(count: ReportNumber(counts[index])!, countKey: key.key("counts").index(index),
                                 bound: index < bounds.count ? ReportNumber(bounds[index]) : nil,
                                 boundKey: index < bounds.count ? key.key("bounds").index(index) : nil)
                }
                body += SVGChart.histogram(bins, caption: "\(role.key) length histogram")
            }
        }
        return section("lengths", "Text lengths per role", "各角色文本长度", body)
    }

    func categories() -> String? {
        let categories = members(ReportKey("categories"))
        // Records without a category are under "(none)": a run without categories has nothing to show here.
        guard !categories.isEmpty, categories.map(\.key) != ["(none)"] else { return nil }
        let shownCount = 60
        let largest = categories.compactMap { ReportNumber($0.value["records"])?.value }.max() ?? 0
        let rows = categories.prefix(shownCount).map { category -> [String] in
            let key = ReportKey("categories", category.key)
            let records = number(key.key("records"))?.value ?? 0
            let validation = min(records, number(key.key("validation"))?.value ?? 0)
            let trainWidth = largest > 0 ? (records - validation) / largest * 100 : 0
            let validationWidth = largest > 0 ? validation / largest * 100 : 0
            let meter = "<div class=\"meter\" title=\"train and validation share\"><div class=\"train\" style=\"width:\(Self.width(trainWidth))%\"></div>"
                + "<div class=\"validation\" style=\"width:\(Self.width(validationWidth))%\"></div></div>"
            return [HTMLText.escape(category.key), shown(key.key("records")) ?? "", shown(key.key("share"), percent: true) ?? "",
                    shown(key.key("validation")) ?? "", meter]
        }
        var body = table(["category 类别", "records 条数", "share 占比", "in validation 验证集", "train / validation 训练 / 验证"], rows)
        if categories.count > shownCount {
            body += "<p class=\"note\">… and \(categories.count - shownCount) more categories in report.json.</p>"
        }
        body += "<p class=\"note\">The validation split is stratified by category: each category keeps about the same share in validation. 验证集按类别分层抽取。</p>"
        return section("categories", "Categories", "类别", body)
    }

    static let imageLabels: [String: String] = [
        "embedded": "pictures inlined 内嵌图片", "prepared": "distinct pictures prepared 处理的图片",
        "jpeg_bytes": "JPEG bytes 字节", "turned_upright": "turned upright (EXIF) 按 EXIF 转正",
        "resized": "resized 缩放", "shrunk_for_budget": "shrunk to fit the byte budget 为大小限制压缩",
        "color_converted": "converted to sRGB 转换为 sRGB", "largest_base64": "largest base64 最大 base64 长度",
        "codec_warnings": "decoder warnings (img.codec_warning) 解码警告",
    ]

    static func width(_ value: Double) -> String {
        String(Double(Int((value * 10).rounded())) / 10)
    }

    func duplicateClusters() -> String? {
        let clusters = elements(ReportKey("duplicate_clusters"))
        guard !clusters.isEmpty else { return nil }
        let shownCount = 8
        let rows = clusters.indices.prefix(shownCount).map { index -> [String] in
            let key = ReportKey("duplicate_clusters").index(index)
            let duplicates = elements(key.key("duplicates")).indices.map { "<code>\(cell(key.key("duplicates").index($0)))</code>" }
            let near: String
            if case .bool(true)? = value(key.key("near")) { near = "similar 近似" } else { near = "equal 相同" }
            return ["<code>\(cell(key.key("kept")))</code>", cell(key.key("count")), near, duplicates.joined(separator: ", ")]
        }
        var body = table(["kept 保留", "duplicates 重复数", "kind 类型", "first duplicates 重复位置"], rows)
        if clusters.count > shownCount {
            body += "<p class=\"note\">The largest \(shownCount) of \(clusters.count) clusters; all duplicates are in <code>duplicates.jsonl</code>.</p>"
        }
        return section("duplicates", "Duplicate clusters", "重复记录", body)
    }

    func pictures() -> String? {
        guard !thumbnails.isEmpty else { return nil }
        let figures = thumbnails.map { thumbnail -> String in
            let caption = "<figcaption>\(HTMLText.escape(thumbnail.location))</figcaption>"
            switch thumbnail.content {
            case .picture(let uri):
                return "<figure class=\"thumb\"><img src=\"\(HTMLText.escape(uri))\" alt=\"\(HTMLText.escape(thumbnail.location))\">\(caption)</figure>"
            case .address(let url):
                return "<figure class=\"address\"><code>\(HTMLText.escape(url))</code>\(caption)</figure>"
            case .unreadable(let reason):
                return "<figure class=\"unreadable\"><span class=\"sev-warning\">\(HTMLText.escape(reason))</span>\(caption)</figure>"
            }
        }
        return section("pictures", "Pictures as prepared", "处理后的图片",
                       "<p class=\"muted\">The first pictures of the training file, made small for this page. "
                       + "Web addresses are shown, never loaded. 训练文件中的前几张图片。</p><div class=\"thumbs\">" + figures.joined() + "</div>")
    }

    func imageFacts() -> String? {
        factTable(ReportKey("images"), labels: Self.imageLabels).map { section("images", "Picture processing", "图片处理", $0) }
    }

    func redactions() -> String? {
        factTable(ReportKey("redactions")).map {
            section("redactions", "Personal data replaced", "已脱敏的个人信息", $0)
        }
    }

    func sample() -> String? {
        let key = ReportKey("sample")
        guard let line = text(key.key("line")) else { return nil }
        let location = text(key.key("location")).map { "<p class=\"muted\">from <code>\(HTMLText.escape($0))</code></p>" } ?? ""
        return section("sample", "Sample record", "样例记录", location + "<pre>\(HTMLText.escape(line))</pre>")
    }

    func files() -> String? {
        let files = elements(ReportKey("files"))
        guard !files.isEmpty else { return nil }
        let hasImages = files.contains { $0["images"] != nil }
        let rows = files.indices.map { index -> [String] in
            let key = ReportKey("files").index(index)
            return ["<code>\(cell(key.key("name")))</code>", cell(key.key("role")), cell(key.key("lines")), cell(key.key("bytes"))]
                + (hasImages ? [cell(key.key("images"))] : [])
        }
        return section("files", "Files written", "输出文件", table(
            ["file 文件", "holds 内容", "lines 行数", "bytes 字节"] + (hasImages ? ["pictures 图片"] : []), rows))
    }

    func mapping() -> String? {
        let fields = members(ReportKey("mapping"))
        let unused = elements(ReportKey("unused_columns")).compactMap(\.stringValue)
        guard !fields.isEmpty || !unused.isEmpty else { return nil }
        var body = ""
        if !fields.isEmpty {
            body += table(["field 字段", "template 模板", "decided by 来源"], fields.map { field in
                let key = ReportKey("mapping", field.key)
                return ["<b>\(HTMLText.escape(field.key))</b>", "<code>\(cell(key.key("template")))</code>", cell(key.key("how"))]
            })
        }
        if !unused.isEmpty {
            body += "<p>Columns no template used 未使用的列: " + unused.map { "<code>\(HTMLText.escape($0))</code>" }.joined(separator: ", ") + "</p>"
        }
        return section("mapping", "Mapping", "字段映射", body)
    }

    func options() -> String? {
        factTable(ReportKey("options")).map { section("options", "Options", "选项", $0) }
    }

    func inputs() -> String? {
        let inputs = elements(ReportKey("inputs"))
        guard !inputs.isEmpty else { return nil }
        var body = ""
        for index in inputs.indices {
            let key = ReportKey("inputs").index(index)
            body += "<h3><code>\(HTMLText.escape(text(key.key("file")) ?? ""))</code></h3>"
            body += factTable(key, skipping: ["file", "changes"]) ?? ""
            let changes = elements(key.key("changes"))
            if !changes.isEmpty {
                body += table(["action 处理", "what 内容", "count 数量", "first at 首次位置"], changes.indices.map { change in
                    let changeKey = key.key("changes").index(change)
                    return [cell(changeKey.key("action")), cell(changeKey.key("what")), cell(changeKey.key("count")),
                            "<code>\(cell(changeKey.key("first")))</code>"]
                })
            }
        }
        return section("inputs", "Inputs", "输入文件", body)
    }
}
