/// Where an importer hands what it reads, in input order: the one accept path of a conversion.
///
/// Every input unit (a row, a session, a conversation, a JSON item) reaches the sink exactly once, as
/// ``accept(_:)`` or ``reject(_:)``; the sink counts it as read and carries it to train, validation,
/// duplicates or rejects. The byte-level chat lane hands its ready lines to ``acceptLine(id:category:source:lengths:write:)``
/// of the same sink, so a row takes the same checks, de-duplication and split whichever way it was rendered.
package protocol RecordSink {
    /// One input unit that became a record.
    mutating func accept(_ record: Record) throws(OutputError)
    /// One input unit that did not become a record, with the reason.
    mutating func reject(_ reject: Reject) throws(OutputError)
    /// One input unit rendered straight to a chat line by the byte lane: `write` appends the line (with its
    /// line end) to the bytes it is given. `id` is the record's content fingerprint; `turns` are its turns' text
    /// (valid only during the call).
    mutating func acceptLine(id: RecordID, category: String?, source: SourceLocation, turns: ChatTurnTexts,
                             write: (inout [UInt8]) -> Void) throws(OutputError)
    /// A hint of how many more records to expect (sizes the duplicate table once); may be ignored.
    mutating func expect(records: Int)
    /// Whether the sink looks at the `id` of ``acceptLine(id:category:source:turns:write:)`` (de-duplication, the
    /// split); when it does not, the byte lane skips the fingerprint, which costs as much as rendering the line.
    var usesRecordIDs: Bool { get }
    /// ``acceptLine(id:category:source:turns:write:)`` with the line's prompt and answer (``PromptKey``, from the
    /// same pass as `id`), for a sink that looks for conflicting answers.
    mutating func acceptLine(id: RecordID, key: PromptKey?, category: String?, source: SourceLocation, turns: ChatTurnTexts,
                             write: (inout [UInt8]) -> Void) throws(OutputError)
    /// Whether the sink looks at the `key` of ``acceptLine(id:key:category:source:turns:write:)`` (then the byte
    /// lane fingerprints every row, with the key).
    var usesPromptKeys: Bool { get }
}

extension RecordSink {
    package mutating func expect(records: Int) {}
    package var usesRecordIDs: Bool { true }
    package var usesPromptKeys: Bool { false }
    package mutating func acceptLine(id: RecordID, key: PromptKey?, category: String?, source: SourceLocation,
                                     turns: ChatTurnTexts, write: (inout [UInt8]) -> Void) throws(OutputError) {
        try acceptLine(id: id, category: category, source: source, turns: turns, write: write)
    }
}

/// The text of a chat line's turns as the byte lane rendered them (trimmed UTF-8, not yet escaped), lent to the
/// sink for the duration of one ``RecordSink/acceptLine(id:category:source:turns:write:)`` call.
package struct ChatTurnTexts {
    package var system: UnsafeBufferPointer<UInt8>?
    package var user: UnsafeBufferPointer<UInt8>
    package var assistant: UnsafeBufferPointer<UInt8>

    package init(system: UnsafeBufferPointer<UInt8>?, user: UnsafeBufferPointer<UInt8>, assistant: UnsafeBufferPointer<UInt8>) {
        self.system = system
        self.user = user
        self.assistant = assistant
    }

    /// The characters of each turn, for the report's length histograms.
    package var lengths: ChatTurnLengths {
        ChatTurnLengths(system: system.map { LengthHistogram.characters($0) },
                        user: LengthHistogram.characters(user),
                        assistant: LengthHistogram.characters(assistant))
    }
}

/// The characters of a chat line's turns, as the byte lane counts them for the report.
package struct ChatTurnLengths: Sendable, Equatable {
    package var system: Int?
    package var user: Int
    package var assistant: Int

    package init(system: Int?, user: Int, assistant: Int) {
        self.system = system
        self.user = user
        self.assistant = assistant
    }
}
