/// The page's screening section: what each lint found (`lints` of the report), with counts, the first locations,
/// the first message and what to do.
extension ReportPage {
    static let lintNames: [String: String] = [
        "lint.blocklist": "blocked words 屏蔽词", "lint.personal_data": "personal data 个人信息",
        "lint.refusal": "refusal boilerplate 拒答套话", "lint.cut_off": "cut mid-sentence 回答被截断",
        "lint.language_mismatch": "language mismatch 问答语言不一致", "lint.short_answer": "answer far too short 回答过短",
        "lint.repeated_rejected": "repeated rejected answer 重复的劣选回答",
    ]

    func lints() -> String? {
        let lints = elements(ReportKey("lints"))
        guard !lints.isEmpty else { return nil }
        let rows = lints.indices.map { index -> [String] in
            let key = ReportKey("lints").index(index)
            let code = text(key.key("code")) ?? ""
            let examples = elements(key.key("examples")).indices.map { "<code>\(cell(key.key("examples").index($0)))</code>" }
            return ["<code>\(cell(key.key("code")))</code><br><span class=\"muted\">\(Self.lintNames[code] ?? "")</span>",
                    cell(key.key("count")), cell(key.key("dropped")), examples.joined(separator: ", "),
                    cell(key.key("message")), cell(key.key("fix"))]
        }
        return section("lints", "Screening", "数据筛查", table(
            ["lint 检查", "records 条数", "dropped 已剔除", "first at 首次位置", "first finding 首个问题", "what to do 处理办法"], rows)
            + "<p class=\"note\">What the platform's guide asks to keep out of training data: harmful, private or low-quality "
            + "records. Records are only reported unless <code>--drop-flagged</code> turns them into rejects; "
            + "lint.repeated_rejected needs the whole run and is only reported. 仅报告；加 --drop-flagged 时剔除。</p>")
    }
}
