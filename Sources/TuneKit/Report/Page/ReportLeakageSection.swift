/// The split's leakage audit on the report page.
extension ReportPage {
    func leakageSection() -> String? {
        guard value(ReportKey("leakage")) != nil else { return nil }
        let pairs = number(ReportKey("leakage", "pairs"))?.value ?? 0
        let body = factTable(ReportKey("leakage"), labels: [
            "pairs": "pairs 跨集相似对", "threshold": "threshold 阈值", "on": "compared on 比较字段", "checked": "records checked 已检查记录",
            "first": "first pair 首对",
        ]) ?? ""
        let note = pairs == 0
            ? "<p>No validation record has user text equal or similar to a training record's. 验证集与训练集无相似问题。</p>"
            : "<p class=\"sev-warning\">Some validation records resemble training records: validation loss partly measures memory. 验证集与训练集存在相似问题。</p>"
        return section("leakage", "Split leakage", "划分泄漏检查", body + note)
    }
}
