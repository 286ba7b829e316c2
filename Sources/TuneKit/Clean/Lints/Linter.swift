/// Runs the screening lints (``LintRegistry``) over each kept record of a conversion and tallies what they find;
/// with `--drop-flagged`, says which records to reject instead.
///
/// Each turn is counted once (``LintText``: one pass over its UTF-8) and every lint reads those counts: on the
/// byte lane the turns are the bytes ``ChatTurnTexts`` lends, on the general path the record's strings' UTF-8.
/// Nothing is allocated for a record no lint flags. A record counts once per lint however many of its turns
/// break it; the turns checked are every text (system prompt, messages, reasoning, tool results, both replies
/// of a pair) for the text lints and each user turn with the assistant turn answering it (a pair's prompt
/// with its preferred reply) for the question-and-answer lints.
package struct Linter: Sendable {
    /// A record to reject: the first dropped lint that flagged it, and its message.
    package struct Drop: Sendable, Equatable {
        package var code: String
        package var message: String
    }

    private let blocklist: BlocklistLint?
    private let personalData = PersonalDataLint()
    private let refusal = RefusalLint()
    private let cutOff = CutOffLint()
    private let language = LanguageMismatchLint()
    private let shortAnswer = ShortAnswerLint()
    private var repeated = RepeatedRejectedLint()
    /// By position in ``LintRegistry/all``.
    private var tallies = [LintTally](repeating: LintTally(), count: LintRegistry.all.count)
    /// Positions of the lints `--drop-flagged` names, as bits.
    private let dropping: UInt32
    /// The characters of the turns of the last byte-lane line checked, counted by the same pass as the lints'
    /// (the report's length histograms take them instead of counting the turns again).
    package private(set) var laneLengths: ChatTurnLengths?

    /// Registry positions.
    private static let blocklistIndex = LintRegistry.index(of: BlocklistLint.code.code)!
    private static let personalDataIndex = LintRegistry.index(of: PersonalDataLint.code.code)!
    private static let refusalIndex = LintRegistry.index(of: RefusalLint.code.code)!
    private static let cutOffIndex = LintRegistry.index(of: CutOffLint.code.code)!
    private static let languageIndex = LintRegistry.index(of: LanguageMismatchLint.code.code)!
    private static let shortAnswerIndex = LintRegistry.index(of: ShortAnswerLint.code.code)!

    /// A linter with every lint on, the blocklist's when given, rejecting records flagged by the lints `drop` names.
    package init(blocklist: Blocklist? = nil, drop: Set<String> = []) {
        self.blocklist = blocklist.map(BlocklistLint.init)
        var bits: UInt32 = 0
        for code in drop {
            if let index = LintRegistry.index(of: code), !LintRegistry.reportOnly.contains(code) { bits |= 1 << UInt32(index) }
        }
        dropping = bits
    }

    // MARK: Checking

    /// Lints a kept record: the byte lane's turns when given, else the general path's record.
    package mutating func check(record: Record?, laneTurns: ChatTurnTexts?, source: SourceLocation) -> Drop? {
        if let laneTurns { return check(turns: laneTurns, source: source) }
        if let record { return check(record) }
        return nil
    }

    /// Lints the turns of a byte-lane line kept at `source`; the drop when a dropped lint flagged it.
    package mutating func check(turns: ChatTurnTexts, source: SourceLocation) -> Drop? {
        var flagged: UInt32 = 0
        var drop: Drop?
        let question = LintText(turns.user)
        let answer = LintText(turns.assistant)
        var systemCharacters: Int?
        if let system = turns.system.map(LintText.init) {
            systemCharacters = system.characters
            checkText(system, source, &flagged, &drop)
        }
        laneLengths = ChatTurnLengths(system: systemCharacters, user: question.characters, assistant: answer.characters)
        checkText(question, source, &flagged, &drop)
        checkText(answer, source, &flagged, &drop)
        checkExchange(question, answer, source, &flagged, &drop)
        return drop
    }

    /// Lints a record of the general path; the drop when a dropped lint flagged it.
    package mutating func check(_ record: Record) -> Drop? {
        var flagged: UInt32 = 0
        var drop: Drop?
        let source = record.source
        switch record.example {
        case .conversation(let conversation):
            check(conversation, answer: nil, source, &flagged, &drop)
        case .preference(let preference):
            check(preference.context, answer: preference.preferred.text ?? "", source, &flagged, &drop)
            for part in preference.nonPreferred.parts {
                guard case .text(let text) = part else { continue }
                Self.withBytes(text) { bytes in
                    let rejected = LintText(bytes)
                    checkText(rejected, source, &flagged, &drop)
                    repeated.add(rejected: rejected, source: source)
                }
            }
        }
        return drop
    }

    /// The texts of `conversation` and its exchanges; a pair's preferred reply is `answer`, answering its last
    /// user turn.
    private mutating func check(_ conversation: Conversation, answer: String?, _ source: SourceLocation,
                                _ flagged: inout UInt32, _ drop: inout Drop?) {
        if let system = conversation.system { Self.withBytes(system) { checkText(LintText($0), source, &flagged, &drop) } }
        var question: String?
        for message in conversation.messages {
            if let reasoning = message.reasoning { Self.withBytes(reasoning) { checkText(LintText($0), source, &flagged, &drop) } }
            guard let text = message.text else { continue }
            Self.withBytes(text) { checkText(LintText($0), source, &flagged, &drop) }
            switch message.role {
            case .user: question = text
            case .assistant:
                if let asked = question { checkExchange(asked, text, source, &flagged, &drop) }
                question = nil
            default: break
            }
        }
        if let answer {
            Self.withBytes(answer) { checkText(LintText($0), source, &flagged, &drop) }
            if let question { checkExchange(question, answer, source, &flagged, &drop) }
        }
    }

    private mutating func checkExchange(_ question: String, _ answer: String, _ source: SourceLocation,
                                        _ flagged: inout UInt32, _ drop: inout Drop?) {
        Self.withBytes(question) { questionBytes in
            Self.withBytes(answer) { answerBytes in
                checkExchange(LintText(questionBytes), LintText(answerBytes), source, &flagged, &drop)
            }
        }
    }

    /// The text lints on one turn. (The messages' closures capture the lints, not `self`, which is being changed.)
    private mutating func checkText(_ text: LintText, _ source: SourceLocation, _ flagged: inout UInt32, _ drop: inout Drop?) {
        let personalData = personalData
        if personalData.flags(text: text) {
            found(Self.personalDataIndex, source, &flagged, &drop) { personalData.message(text: text) }
        }
        if let blocklist, blocklist.flags(text: text) {
            found(Self.blocklistIndex, source, &flagged, &drop) { blocklist.message(text: text) }
        }
    }

    /// The question-and-answer lints on one exchange.
    private mutating func checkExchange(_ question: LintText, _ answer: LintText, _ source: SourceLocation,
                                        _ flagged: inout UInt32, _ drop: inout Drop?) {
        let (refusal, cutOff, language, shortAnswer) = (refusal, cutOff, language, shortAnswer)
        if refusal.flags(question: question, answer: answer) {
            found(Self.refusalIndex, source, &flagged, &drop) { refusal.message(question: question, answer: answer) }
        }
        if cutOff.flags(question: question, answer: answer) {
            found(Self.cutOffIndex, source, &flagged, &drop) { cutOff.message(question: question, answer: answer) }
        }
        if language.flags(question: question, answer: answer) {
            found(Self.languageIndex, source, &flagged, &drop) { language.message(question: question, answer: answer) }
        }
        if shortAnswer.flags(question: question, answer: answer) {
            found(Self.shortAnswerIndex, source, &flagged, &drop) { shortAnswer.message(question: question, answer: answer) }
        }
    }

    /// Counts a finding of the lint at `index` (once per record); the record's drop is the first dropped lint's,
    /// by registry order.
    @inline(never)
    private mutating func found(_ index: Int, _ source: SourceLocation, _ flagged: inout UInt32, _ drop: inout Drop?,
                                message: () -> String) {
        let bit: UInt32 = 1 << UInt32(index)
        guard flagged & bit == 0 else { return }
        flagged |= bit
        var text: String?
        tallies[index].add(source) {
            text = message()
            return text!
        }
        guard dropping & bit != 0 else { return }
        tallies[index].dropped += 1
        let code = LintRegistry.codes[index]
        // A lint earlier in the registry wins, whichever turn was checked first.
        if let current = drop, let currentIndex = LintRegistry.index(of: current.code), currentIndex < index { return }
        drop = Drop(code: code, message: text ?? message())
    }

    private static func withBytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = text
        copy.makeContiguousUTF8()
        return copy.utf8.withContiguousStorageIfAvailable(body)!
    }

    // MARK: Results

    /// What each lint found, in registry order (lints that found nothing left out).
    package var summaries: [LintSummary] {
        var result: [LintSummary] = []
        for (index, code) in LintRegistry.codes.enumerated() {
            if code == RepeatedRejectedLint.code.code {
                if let summary = repeated.summary() { result.append(summary) }
            } else if let summary = tallies[index].summary(code: code) {
                result.append(summary)
            }
        }
        return result
    }
}
