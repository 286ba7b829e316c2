import CKernels

/// `lint.language_mismatch`: a question in one script answered in another — a Chinese question with an English
/// answer, the usual slip of machine-made data ("安排明天上午10点的会议。" → "Certainly, I will schedule…").
///
/// Each text's letters are counted by script in the pass every lint shares: Han and kana together (Chinese and
/// Japanese are not told apart), Hangul, Latin, Cyrillic, others. Latin and Cyrillic letters weigh a quarter
/// (a word against a character). The question's dominant script and the answer's must differ, both texts must
/// have at least ``minimumWeight`` of letters, the question must hold less than a tenth of the answer's script
/// (a question quoting English words may well be answered in English) and the answer less than
/// 15 % of the question's. Exempt: questions that name a language or ask for a translation (翻译, 英文,
/// translate, English …) and answers holding a code block (```).
package struct LanguageMismatchLint: Lint {
    package static let code = ValidationCode.lintLanguageMismatch

    /// The least weight of letters each text needs (8 Chinese characters, 32 Latin letters).
    static let minimumWeight = 8.0

    /// The scripts told apart.
    enum Script: Int, CaseIterable {
        case cjk, hangul, latin, cyrillic, other

        var name: String {
            switch self {
            case .cjk: return "Chinese/Japanese"
            case .hangul: return "Korean"
            case .latin: return "Latin"
            case .cyrillic: return "Cyrillic"
            case .other: return "another script"
            }
        }
    }

    package init() {}

    /// The weight of each script's letters in `text`.
    static func weights(_ text: LintText) -> [Double] {
        let counts = text.counts
        return [Double(counts.han + counts.kana), Double(counts.hangul), Double(counts.latin) / 4,
                Double(counts.cyrillic) / 4, Double(counts.other) / 2]
    }

    /// The dominant script of weights `w`, and the total weight.
    static func dominant(_ w: [Double]) -> (script: Script, total: Double) {
        var best = 0
        for index in w.indices where w[index] > w[best] { best = index }
        return (Script(rawValue: best)!, w.reduce(0, +))
    }

    package func flags(question: LintText, answer: LintText) -> Bool {
        // Cheap exits first: the common case (one script on both sides) costs a few comparisons.
        let q = question.counts
        let a = answer.counts
        func cjkLeads(_ c: tk_text_counts) -> Bool {
            let cjk = c.han + c.kana
            return cjk > 0 && c.latin <= 4 * cjk && c.hangul <= cjk && c.cyrillic <= 4 * cjk && c.other <= 2 * cjk
        }
        if cjkLeads(q) && cjkLeads(a) { return false }
        if q.han + q.kana + q.hangul + q.cyrillic + q.other == 0 && a.han + a.kana + a.hangul + a.cyrillic + a.other == 0 {
            return false
        }
        return mismatch(question, answer) != nil
    }

    package func message(question: LintText, answer: LintText) -> String {
        guard let (asked, answered) = mismatch(question, answer) else { return Self.code.meaning }
        return "question in \(asked.name), answer in \(answered.name): \(question.excerpt(24)) → \(answer.excerpt(24))"
    }

    /// The question's and the answer's scripts when they differ as the lint means.
    func mismatch(_ question: LintText, _ answer: LintText) -> (Script, Script)? {
        let wq = Self.weights(question)
        let wa = Self.weights(answer)
        let (asked, questionTotal) = Self.dominant(wq)
        let (answered, answerTotal) = Self.dominant(wa)
        guard asked != answered, questionTotal >= Self.minimumWeight, answerTotal >= Self.minimumWeight,
              wq[answered.rawValue] < 0.10 * questionTotal, wa[asked.rawValue] < 0.15 * answerTotal else { return nil }
        if answer.contains(Array("```".utf8), in: 0..<answer.bytes.count) { return nil }
        let lowered = String(decoding: question.bytes, as: UTF8.self).lowercased()
        if Self.exemptions.contains(where: { lowered.contains($0) }) { return nil }
        return (asked, answered)
    }

    /// Words of a question that asks for another language.
    static let exemptions = [
        "翻译", "译成", "译为", "英文", "英语", "中文", "汉语", "日语", "日文", "韩语", "韩文", "法语", "德语", "俄语", "西班牙语",
        "translat", "english", "chinese", "japanese", "korean", "french", "german", "russian", "spanish", "language",
    ]
}
