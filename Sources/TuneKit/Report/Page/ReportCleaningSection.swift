/// The page's section on conflicting answers (`conflicts`) and on records matching a held-out evaluation set
/// (`contamination`): the pairs of locations the report lists, nil when it has neither.
extension ReportPage {
    func cleaningPairs() -> String? {
        var body = ""
        let conflicts = elements(ReportKey("conflicts").key("examples"))
        if !conflicts.isEmpty {
            let rows = conflicts.indices.map { index -> [String] in
                let key = ReportKey("conflicts").key("examples").index(index)
                return ["<code>\(cell(key.key("first")))</code>", "<code>\(cell(key.key("other")))</code>"]
            }
            body += "<p>\(cell(ReportKey("conflicts").key("count"))) prompts with different answers (\(cell(ReportKey("conflicts").key("records"))) records) · 同一问题有不同回答</p>"
            body += table(["first answer 首个回答", "other answer 不同回答"], rows)
        }
        let contaminated = elements(ReportKey("contamination").key("examples"))
        if value(ReportKey("contamination")) != nil {
            let rows = contaminated.indices.map { index -> [String] in
                let key = ReportKey("contamination").key("examples").index(index)
                let similarity = value(key.key("similarity")) == nil ? "exact 相同" : "similar 近似 \(cell(key.key("similarity")))"
                return ["<code>\(cell(key.key("record")))</code>", "<code>\(cell(key.key("evaluation")))</code>", similarity]
            }
            body += "<p>\(cell(ReportKey("contamination").key("records"))) records rejected as <code>clean.contaminated</code> against \(cell(ReportKey("contamination").key("evaluation_records"))) evaluation prompts · 与评测集重合的记录</p>"
            if !rows.isEmpty { body += table(["record 记录", "evaluation record 评测记录", "match 匹配"], rows) }
        }
        return body.isEmpty ? nil : section("cleaning", "Conflicts and evaluation overlap", "冲突与评测集重合", body)
    }
}
