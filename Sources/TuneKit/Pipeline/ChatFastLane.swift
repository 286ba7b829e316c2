#if canImport(Glibc)
import Glibc
#endif

/// The byte-level lane for table rows → chat lines when every template is plain text and columns:
/// it renders, trims, fingerprints and writes straight from the row's UTF-8 bytes, without building
/// strings or records.
///
/// It takes only rows it can handle exactly as the general path (``TableMapper`` → ``Record`` →
/// ``ChatExporter``) would, and yields the same bytes; any other row (an empty turn, white space outside
/// ASCII at an edge) goes down the general path. The test suite checks both lanes give identical files.
final class ChatFastLane {
    enum Step {
        case literal([UInt8])
        case column(Int)
    }

    /// Where a rendered text is: a slice of the row itself (a template that is one column), or of the
    /// render buffer (a template with text around columns).
    struct Span {
        var inRow: Bool
        var range: Range<Int>

        var isEmpty: Bool { range.isEmpty }
    }

    /// The two places rendered text can be.
    struct Sources {
        var row: UnsafeBufferPointer<UInt8>
        var rendering: UnsafeBufferPointer<UInt8>

        subscript(span: Span) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: (span.inRow ? row : rendering)[span.range])
        }
    }

    /// A rendered row.
    struct Rendered {
        var system: Span?
        var user: Span
        var assistant: Span
        var category: Span?
    }

    private let system: [Step]?
    private let user: [Step]
    private let assistant: [Step]
    private let category: [Step]?

    /// The lane for `mapper`, or `nil` when a template needs Mustache (sections and the like).
    init?(mapper: TableMapper) {
        func steps(_ bound: FieldTemplate.Bound?) -> [Step]?? {
            guard let bound else { return .some(nil) }
            guard let steps = bound.steps else { return nil }
            return steps.map { step in
                switch step {
                case .literal(let text): return .literal(Array(text.utf8))
                case .column(let index): return .column(index)
                case .missing: return .literal([])
                }
            }
        }
        guard let system = steps(mapper.system), let user = steps(mapper.user), let assistant = steps(mapper.assistant),
              let category = steps(mapper.category), let user, let assistant else { return nil }
        self.system = system
        self.user = user
        self.assistant = assistant
        self.category = category
    }

    /// Renders a row (into `buffer` where a template adds text); `nil` when the row must take the general path.
    func render(_ row: UnsafeBufferPointer<UInt8>, fields: UnsafeBufferPointer<Range<Int>>, into buffer: inout [UInt8]) -> Rendered? {
        buffer.removeAll(keepingCapacity: true)
        guard let user = Self.render(user, row, fields, &buffer), !user.isEmpty,
              let assistant = Self.render(assistant, row, fields, &buffer), !assistant.isEmpty else { return nil }
        // A WPS in-cell picture (`=DISPIMG(…)`) in a turn is a reject the general path words.
        let picture = buffer.withUnsafeBufferPointer { rendering in
            let sources = Sources(row: row, rendering: rendering)
            return Self.holdsCellPicture(sources[user]) || Self.holdsCellPicture(sources[assistant])
        }
        if picture { return nil }
        var rendered = Rendered(user: user, assistant: assistant)
        if let system {
            guard let span = Self.render(system, row, fields, &buffer) else { return nil }
            rendered.system = span.isEmpty ? nil : span
        }
        if let category {
            guard let span = Self.render(category, row, fields, &buffer) else { return nil }
            rendered.category = span.isEmpty ? nil : span
        }
        return rendered
    }

    /// One template's text, trimmed of ASCII white space at its ends; `nil` when an end is a non-ASCII
    /// character that is white space (the general path trims those).
    private static func render(_ steps: [Step], _ row: UnsafeBufferPointer<UInt8>, _ fields: UnsafeBufferPointer<Range<Int>>,
                               _ buffer: inout [UInt8]) -> Span? {
        if steps.count == 1, case .column(let index) = steps[0] {
            let range = index < fields.count ? fields[index] : 0..<0
            return trim(row, range).map { Span(inRow: true, range: $0) }
        }
        let start = buffer.count
        for step in steps {
            switch step {
            case .literal(let bytes): buffer.append(contentsOf: bytes)
            case .column(let index):
                if index < fields.count { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: row[fields[index]])) }
            }
        }
        let end = buffer.count
        return buffer.withUnsafeBufferPointer { trim($0, start..<end) }.map { Span(inRow: false, range: $0) }
    }

    private static let cellPictureNeedle = Array("=DISPIMG(".utf8)

    /// Whether a rendered text holds `=DISPIMG(` (memchr for the `=` first: this runs on every turn).
    private static func holdsCellPicture(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = text.baseAddress else { return false }
        let needle = cellPictureNeedle
        var from = 0
        while text.count - from >= needle.count,
              let hit = memchr(base + from, Int32(UInt8(ascii: "=")), text.count - from - needle.count + 1) {
            let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if memcmp(base + at, needle, needle.count) == 0 { return true }
            from = at + 1
        }
        return false
    }

    /// `range` without ASCII white space at its ends; `nil` when an end is other Unicode white space.
    private static func trim(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int>? {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper && isASCIISpace(bytes[lower]) { lower += 1 }
        while upper > lower && isASCIISpace(bytes[upper - 1]) { upper -= 1 }
        guard lower < upper else { return lower..<lower }
        if bytes[lower] >= 0x80, let (scalar, _) = TextNormalizer.decode(bytes, at: lower),
           TextNormalizer.isWhitespace(scalar) { return nil }
        if bytes[upper - 1] >= 0x80 {
            var lead = upper - 1
            while lead > lower && bytes[lead] & 0xC0 == 0x80 { lead -= 1 }
            if let (scalar, _) = TextNormalizer.decode(bytes, at: lead), TextNormalizer.isWhitespace(scalar) {
                return nil
            }
        }
        return lower..<upper
    }

    @inline(__always)
    private static func isASCIISpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    /// The fingerprint of the rendered row, equal to ``ContentFingerprint/init(of:)`` of its record.
    func fingerprint(_ rendered: Rendered, in sources: Sources, builder: inout ContentFingerprint.Builder) -> ContentFingerprint {
        builder.reset()
        if let system = rendered.system { builder.piece(ContentFingerprint.Tag.system, utf8: sources[system]) }
        let empty = UnsafeBufferPointer(rebasing: sources.row[0..<0])
        builder.piece(ContentFingerprint.Tag.role(.user), utf8: empty)
        builder.piece(ContentFingerprint.Tag.text, utf8: sources[rendered.user])
        builder.piece(ContentFingerprint.Tag.role(.assistant), utf8: empty)
        builder.piece(ContentFingerprint.Tag.text, utf8: sources[rendered.assistant])
        return builder.fingerprint
    }

    /// The record id and the ``PromptKey`` of the rendered row, from the same pass as
    /// ``fingerprint(_:in:builder:)`` (the same pieces, normalised once): the prompt is the canonical form as it
    /// stands after the system and user pieces, the answer the assistant pieces. Equal to its record's.
    func keyedFingerprint(_ rendered: Rendered, in sources: Sources,
                          builder: inout ContentFingerprint.Builder) -> (RecordID, PromptKey) {
        builder.reset()
        if let system = rendered.system { builder.piece(ContentFingerprint.Tag.system, utf8: sources[system]) }
        let empty = UnsafeBufferPointer(rebasing: sources.row[0..<0])
        builder.piece(ContentFingerprint.Tag.role(.user), utf8: empty)
        builder.piece(ContentFingerprint.Tag.text, utf8: sources[rendered.user])
        let prompt = builder.count
        builder.piece(ContentFingerprint.Tag.role(.assistant), utf8: empty)
        builder.piece(ContentFingerprint.Tag.text, utf8: sources[rendered.assistant])
        return (builder.id, builder.promptKey(prompt: 0..<prompt, answer: prompt..<builder.count))
    }

    /// The text of each turn, lent to the sink with the line.
    func turns(_ rendered: Rendered, in sources: Sources) -> ChatTurnTexts {
        ChatTurnTexts(system: rendered.system.map { sources[$0] }, user: sources[rendered.user],
                      assistant: sources[rendered.assistant])
    }

    /// Appends the chat line (newline included), equal to ``ChatExporter/write(_:to:)`` of its record.
    func write(_ rendered: Rendered, in sources: Sources, to out: inout [UInt8]) {
        ChatLine.append(ChatLine.open, to: &out)
        var first = true
        if let system = rendered.system {
            ChatLine.appendMessage(role: .system, content: sources[system], first: true, to: &out)
            first = false
        }
        ChatLine.appendMessage(role: .user, content: sources[rendered.user], first: first, to: &out)
        ChatLine.appendMessage(role: .assistant, content: sources[rendered.assistant], first: false, to: &out)
        ChatLine.append(ChatLine.close, to: &out)
    }
}
