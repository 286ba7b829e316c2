/// `lint.refusal`: an answer that is a model's refusal or AI-assistant boilerplate ("作为一个AI语言模型，我无法…",
/// "As an AI language model, I cannot…") rather than the answer a fine-tuned model should learn to give.
///
/// The English phrases are from the word lists the "unfiltered" instruction datasets were cleaned with
/// (https://huggingface.co/datasets/ehartford/WizardLM_alpaca_evol_instruct_70k_unfiltered/blob/main/wizardlm_clean.py
/// and https://huggingface.co/datasets/gozfarb/ShareGPT_Vicuna_unfiltered/blob/main/optional_clean.py: "as an AI
/// language model", "as a language model", "I'm sorry, but I cannot" …), the Chinese ones as they occur in LLaMA-Factory's
/// `data/alpaca_zh_demo.json` (作为一个人工智能, 由于我是一个人工智能, 我无法…). Unambiguous phrases count
/// when they start within the answer's first ``window`` bytes; short ones ("我无法", "I cannot") only where the answer
/// starts, or after an apology (抱歉，), since they are ordinary words elsewhere.
package struct RefusalLint: Lint {
    package static let code = ValidationCode.lintRefusal

    /// A phrase and where it counts.
    struct Phrase: Sendable {
        /// UTF-8, ASCII letters lower-case.
        var bytes: [UInt8]
        var text: String
        /// Only at the start of the answer (after an apology).
        var atStart: Bool
    }

    /// How far into the answer (in bytes) a phrase that counts anywhere may start: 24 bytes, 8 Chinese characters
    /// or 24 letters, where boilerplate stands ("抱歉，作为一个AI语言模型", "I am sorry, but I am an AI language
    /// model"); further in, the same words are mostly about AI rather than a model speaking of itself. On
    /// LLaMA-Factory's alpaca_zh_demo.json every AI-boilerplate answer starts its phrase within 21 bytes.
    static let window = 24

    /// The phrase table, and its phrases grouped by first byte (ASCII letters lower-case).
    static let phrases: [Phrase] = {
        let anywhere = [
            "作为一个AI", "作为一名AI", "作为AI语言模型", "作为AI助手", "作为一个人工智能", "作为一名人工智能", "作为人工智能",
            "作为一个语言模型", "作为语言模型", "我是一个人工智能", "我是一个AI", "我只是一个AI", "我只是一个人工智能",
            "as an ai language model", "as an ai assistant", "as an ai model", "as a language model", "as an artificial intelligence",
            "i am an ai language model", "i'm an ai language model", "i’m an ai language model",
        ]
        let atStart = [
            "我无法", "我不能", "抱歉，我无法", "很抱歉，我无法", "对不起，我无法", "抱歉，我不能", "很抱歉，我不能", "对不起，我不能",
            "i cannot", "i can't", "i can’t", "i'm sorry, but i cannot", "i’m sorry, but i cannot", "i'm sorry, but i can't",
            "i am sorry, but i cannot", "sorry, but i cannot", "i'm unable to", "i am unable to", "i’m unable to",
        ]
        return anywhere.map { Phrase(bytes: Array($0.lowercased().utf8), text: $0, atStart: false) }
            + atStart.map { Phrase(bytes: Array($0.lowercased().utf8), text: $0, atStart: true) }
    }()

    /// The phrases' first two (folded) bytes as bits of a 65,536-bit map: one look-up per byte of the window
    /// rules out nearly every position before a phrase is compared.
    static let firstPairs: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: 1024)
        for phrase in phrases {
            let key = Int(phrase.bytes[0]) << 8 | Int(phrase.bytes[1])
            bits[key >> 6] |= 1 << UInt64(key & 63)
        }
        return bits
    }()

    /// For each (folded) byte, the indices of the phrases that start with it.
    static let byFirstByte: [[Int]] = {
        var table = [[Int]](repeating: [], count: 256)
        for (index, phrase) in phrases.enumerated() { table[Int(phrase.bytes[0])].append(index) }
        return table
    }()

    package init() {}

    package func flags(question: LintText, answer: LintText) -> Bool {
        phrase(in: answer) != nil
    }

    package func message(question: LintText, answer: LintText) -> String {
        let found = phrase(in: answer)?.text ?? ""
        return "the answer is refusal or AI-assistant boilerplate (“\(found)”): \(answer.excerpt())"
    }

    /// The first phrase of the table found in `answer`: one look-up in ``firstPairs`` per byte of the window,
    /// phrases compared only where one could start.
    func phrase(in answer: LintText) -> Phrase? {
        let bytes = answer.bytes
        var start = 0
        while start < bytes.count && (bytes[start] == 0x20 || (bytes[start] >= 0x09 && bytes[start] <= 0x0D)) { start += 1 }
        let end = min(bytes.count - 1, start + Self.window)
        guard start < end else { return nil }
        return Self.firstPairs.withUnsafeBufferPointer { pairs -> Phrase? in
            var index = start
            while index < end {
                let key = Int(LintText.folded(bytes[index])) << 8 | Int(LintText.folded(bytes[index + 1]))
                if pairs[key >> 6] & (1 << UInt64(key & 63)) != 0, let found = phrase(at: index, start: start, in: answer) {
                    return found
                }
                index += 1
            }
            return nil
        }
    }

    /// The phrase starting at byte `index` of `answer`, if any (start-only phrases only at `start`).
    @inline(never)
    private func phrase(at index: Int, start: Int, in answer: LintText) -> Phrase? {
        for candidate in Self.byFirstByte[Int(LintText.folded(answer.bytes[index]))] {
            let phrase = Self.phrases[candidate]
            if (!phrase.atStart || index == start) && answer.matches(phrase.bytes, at: index) { return phrase }
        }
        return nil
    }
}
