/// `lint.short_answer`: an answer far shorter than its question — under a 25th of it, for questions of at
/// least ``minimumQuestion`` (150) characters: "好的" to a paragraph-long complaint, an answer cell cut to a word.
/// An answer without letters (a number) is never short.
///
/// Questions that pose a task with a label or a pick for an answer (问题, 答案, 选择, 分类, 判断, 是否, 标签,
/// 翻译, question, answer, option, classify, label, true or false, translate, "In this task") are exempt: "是的"
/// to a 300-character review is the right answer there. Tuned on LLaMA-Factory's demo data: with the exemption it
/// flags none of alpaca_zh_demo.json and alpaca_en_demo.json, and few of the reading-comprehension pairs of
/// dpo_*_demo.json (legitimate one-word picks: the lint reports, the user decides).
package struct ShortAnswerLint: Lint {
    package static let code = ValidationCode.lintShortAnswer

    /// Questions shorter than this (characters) are never judged.
    static let minimumQuestion = 150
    /// An answer is short under `question / ratio` characters.
    static let ratio = 25

    package init() {}

    package func flags(question: LintText, answer: LintText) -> Bool {
        guard question.characters >= Self.minimumQuestion, answer.characters * Self.ratio < question.characters else { return false }
        // A number is a whole answer to a sum.
        let a = answer.counts
        if a.latin + a.han + a.kana + a.hangul + a.cyrillic + a.other == 0 { return false }
        let lowered = String(decoding: question.bytes, as: UTF8.self).lowercased()
        return !Self.taskWords.contains { lowered.contains($0) }
    }

    package func message(question: LintText, answer: LintText) -> String {
        "the answer has \(answer.characters) characters for a question of \(question.characters): \(answer.excerpt(24))"
    }

    /// Words of a question whose answer is a label, a pick or an extract.
    static let taskWords = [
        "问题", "答案", "选择", "选项", "分类", "判断", "是否", "标签", "翻译", "吗？", "哪", "question", "answer", "option",
        "choose", "classif", "label", "true or false", "yes or no", "translat", "in this task", "q:", "a:",
    ]
}
