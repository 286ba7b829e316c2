/// A 128-bit fingerprint of a record's normalised content: two records with the same fingerprint are
/// exact duplicates (after ``TextNormalizer``). Its first 64 bits are the record's ``RecordID``.
///
/// Roles, turn boundaries, reasoning, tool calls and images all take part, so a question answered
/// differently, or the same text said by another role, is not a duplicate. The category and tool-call ids
/// (arbitrary labels) do not.
package struct ContentFingerprint: Hashable, Sendable {
    package var high: UInt64
    package var low: UInt64

    /// The record id: the first 64 bits.
    package var id: RecordID { RecordID(rawValue: high) }

    /// Creates a fingerprint from its two halves.
    package init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Fingerprints an example.
    package init(of example: Example) {
        var builder = Builder()
        Self.serialize(example, into: &builder)
        self = builder.fingerprint
    }

    /// The fingerprint of an example and its ``PromptKey`` (nil without an assistant reply), from one pass over
    /// its canonical form: the key hashes parts of the bytes the fingerprint hashes, so no text is normalised twice.
    package static func keyed(_ example: Example) -> (ContentFingerprint, PromptKey?) {
        var builder = Builder()
        let parts = serializeMarking(example, into: &builder)
        return (builder.fingerprint, parts.map { builder.promptKey(prompt: $0.prompt, answer: $0.answer) })
    }

    /// The seed of the first half (the ``RecordID``).
    static let highSeed: UInt64 = 0x7475_6e65_6b69_7431

    /// Fingerprints bytes that are already in canonical form.
    package init(canonical bytes: UnsafeRawBufferPointer) {
        self.init(high: WyHash.hash(bytes, seed: Self.highSeed), low: WyHash.hash(bytes, seed: 0x6670_7269_6e74_3232))
    }

    /// Builds the canonical form: tagged, length-delimited, normalised pieces. Importers with bytes at hand
    /// feed it directly; ``serialize(_:into:)`` feeds it from a model value. Both give the same bytes.
    package struct Builder {
        /// Storage; only the first `length` bytes are the canonical form.
        private var storage: [UInt8]
        private var length = 0
        private var slowScratch: [UInt8] = []

        /// Creates an empty builder.
        package init() {
            storage = [UInt8](repeating: 0, count: 1024)
        }

        /// The canonical bytes so far.
        package var bytes: [UInt8] { Array(storage[0..<length]) }

        /// Clears the bytes, keeping the allocation.
        package mutating func reset() {
            length = 0
        }

        private mutating func ensure(_ extra: Int) {
            if length + extra > storage.count {
                storage.append(contentsOf: repeatElement(0, count: max(storage.count, length + extra - storage.count)))
            }
        }

        /// Appends one piece: a tag, then the normalised text with its length.
        package mutating func piece(_ tag: UInt8, utf8 text: UnsafeBufferPointer<UInt8>) {
            ensure(5 + text.count)
            let at = length
            let written = storage.withUnsafeMutableBufferPointer { buffer in
                TextNormalizer.normalizeFast(text, into: buffer.baseAddress! + at + 5)
            }
            var count: Int
            if let written {
                count = written
            } else {
                slowScratch.removeAll(keepingCapacity: true)
                TextNormalizer.normalizeFully(text, into: &slowScratch)
                count = slowScratch.count
                ensure(5 + count)
                storage.replaceSubrange((at + 5)..<(at + 5 + count), with: slowScratch)
            }
            storage[at] = tag
            storage[at + 1] = UInt8(truncatingIfNeeded: count)
            storage[at + 2] = UInt8(truncatingIfNeeded: count >> 8)
            storage[at + 3] = UInt8(truncatingIfNeeded: count >> 16)
            storage[at + 4] = UInt8(truncatingIfNeeded: count >> 24)
            length = at + 5 + count
        }

        /// Appends one piece of text.
        package mutating func piece(_ tag: UInt8, _ text: String) {
            var text = text
            text.withUTF8 { piece(tag, utf8: $0) }
        }

        /// Appends a marker byte with no text.
        package mutating func marker(_ tag: UInt8) {
            ensure(1)
            storage[length] = tag
            length += 1
        }

        /// How many canonical bytes there are so far (where the next piece starts): a snapshot of the form
        /// after the prompt pieces marks where the answer's begin.
        package var count: Int { length }

        /// The ``PromptKey`` of the bytes built: the canonical bytes in `prompt` and in `answer`, each hashed
        /// (the bytes are already normalised; nothing is normalised again).
        package func promptKey(prompt: Range<Int>, answer: Range<Int>) -> PromptKey {
            storage.withUnsafeBytes { raw in
                PromptKey(prompt: WyHash.hash(UnsafeRawBufferPointer(rebasing: raw[prompt]), seed: PromptKey.promptSeed),
                          answer: WyHash.hash(UnsafeRawBufferPointer(rebasing: raw[answer]), seed: PromptKey.answerSeed))
            }
        }

        /// The record id of the bytes built (the fingerprint's first half, without hashing for the second).
        package var id: RecordID {
            storage.withUnsafeBytes { raw in
                RecordID(rawValue: WyHash.hash(UnsafeRawBufferPointer(rebasing: raw[0..<length]), seed: ContentFingerprint.highSeed))
            }
        }

        /// The fingerprint of the bytes built.
        package var fingerprint: ContentFingerprint {
            storage.withUnsafeBytes { raw in
                ContentFingerprint(canonical: UnsafeRawBufferPointer(rebasing: raw[0..<length]))
            }
        }
    }

    /// Tags of the canonical form.
    enum Tag {
        static let system: UInt8 = 1
        static let toolName: UInt8 = 2
        static let toolDescription: UInt8 = 3
        static let toolParameters: UInt8 = 4
        static let preferred: UInt8 = 0x10
        static let nonPreferred: UInt8 = 0x11
        static let text: UInt8 = 0x30

        static func role(_ role: Role) -> UInt8 {
            switch role {
            case .system: return 0x20
            case .user: return 0x21
            case .assistant: return 0x22
            case .tool: return 0x23
            }
        }
    }

    /// Writes the canonical, normalised form of an example.
    package static func serialize(_ example: Example, into builder: inout Builder) {
        _ = serializeMarking(example, into: &builder)
    }

    /// Writes the canonical form and returns where its prompt and answer lie in it (``PromptKey``): for a
    /// conversation, everything before its last assistant reply and that reply; for a preference pair, its context
    /// and its preferred reply. Nil when there is no assistant reply.
    private static func serializeMarking(_ example: Example, into builder: inout Builder) -> (prompt: Range<Int>, answer: Range<Int>)? {
        func conversation(_ conversation: Conversation, answerAt last: Int?) -> (prompt: Range<Int>, answer: Range<Int>)? {
            if let system = conversation.system { builder.piece(Tag.system, system) }
            for tool in conversation.tools {
                builder.piece(Tag.toolName, tool.name)
                builder.piece(Tag.toolDescription, tool.description)
                builder.piece(Tag.toolParameters, tool.parameters.compactText)
            }
            var parts: (prompt: Range<Int>, answer: Range<Int>)?
            for (index, message) in conversation.messages.enumerated() {
                let start = builder.count
                self.message(message, into: &builder)
                if index == last { parts = (0..<start, start..<builder.count) }
            }
            return parts
        }
        switch example {
        case .conversation(let value):
            return conversation(value, answerAt: value.messages.lastIndex { $0.role == .assistant })
        case .preference(let value):
            _ = conversation(value.context, answerAt: nil)
            let context = builder.count
            builder.marker(Tag.preferred)
            let start = builder.count
            message(value.preferred, into: &builder)
            let answer = start..<builder.count
            builder.marker(Tag.nonPreferred)
            message(value.nonPreferred, into: &builder)
            return (0..<context, answer)
        }
    }

    private static func message(_ message: Message, into builder: inout Builder) {
        builder.piece(Tag.role(message.role), "")
        for part in message.parts {
            switch part {
            case .text(let text): builder.piece(Tag.text, text)
            case .image(.url(let url)): builder.piece(0x31, url)
            case .image(.path(let path)): builder.piece(0x32, path)
            case .image(.data(let bytes, _)): builder.piece(0x33, String(WyHash.hash(bytes), radix: 16))
            case .image(.packaged(let picture)): builder.piece(0x34, picture.workbook + "!" + picture.entry)
            }
        }
        if let reasoning = message.reasoning { builder.piece(0x40, reasoning) }
        for call in message.toolCalls {
            builder.piece(0x41, call.name)
            builder.piece(0x42, call.arguments)
        }
    }
}
