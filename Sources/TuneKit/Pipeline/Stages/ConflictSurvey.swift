/// The first pass of `--conflicts drop`: reads every input unit, keys each record by prompt and answer
/// (``PromptKey``, after redaction when asked) and keeps only the ``ConflictFilter``, so that the second pass
/// can reject every record of a prompt answered in more than one way, the first included. Nothing is written.
///
/// It sees records before the line rules and de-duplication of the second pass, so a prompt whose other answer
/// is itself rejected for another reason still counts as answered in more than one way.
struct ConflictSurvey: RecordSink {
    private var filter = ConflictFilter()
    private var redactor: Redactor?

    init(options: ConvertOptions) {
        if options.redact { redactor = Redactor() }
    }

    /// The prompts with more than one answer.
    var conflictingPrompts: ConflictFilter.PromptSet { filter.conflictingPrompts }

    mutating func accept(_ record: Record) throws(OutputError) {
        var record = record
        if redactor != nil { record = redactor!.redact(record) }
        if let key = record.promptKey { _ = filter.check(key, source: record.source) }
    }

    mutating func reject(_ reject: Reject) throws(OutputError) {}

    mutating func acceptLine(id: RecordID, category: String?, source: SourceLocation, turns: ChatTurnTexts,
                             write: (inout [UInt8]) -> Void) throws(OutputError) {}

    mutating func acceptLine(id: RecordID, key: PromptKey?, category: String?, source: SourceLocation,
                             turns: ChatTurnTexts, write: (inout [UInt8]) -> Void) throws(OutputError) {
        if let key { _ = filter.check(key, source: source) }
    }

    mutating func expect(records: Int) { filter.reserve(expectedCount: records) }

    var usesRecordIDs: Bool { false }
    var usesPromptKeys: Bool { true }
}
