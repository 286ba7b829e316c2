/// The byte-level lane for table rows → chat lines when every template is plain text and columns:
/// it renders, trims, fingerprints and writes straight from the row's UTF-8 bytes, without building
/// strings or records.
///
/// It takes only rows it can handle exactly as the general path (``TableMapper`` → ``Record`` →
/// ``ChatExporter``) would, and yields the same bytes; any other row (an empty turn, white space outside
/// ASCII at an edge) goes down the general path. The test suite checks both lanes give identical files.
struct ChatFastLane {
    enum Step {
        case literal([UInt8])
        case column(Int)
    }

    /// A rendered row: ranges into the render buffer.
    struct Rendered {
        var system: Range<Int>?
        var user: Range<Int>
        var assistant: Range<Int>
        var category: Range<Int>?
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

    /// Renders a row into `buffer`; `nil` when the row must take the general path.
    func render(_ row: UnsafeBufferPointer<UInt8>, fields: [Range<Int>], into buffer: inout [UInt8]) -> Rendered? {
        buffer.removeAll(keepingCapacity: true)
        guard let user = Self.render(user, row, fields, &buffer), !user.isEmpty,
              let assistant = Self.render(assistant, row, fields, &buffer), !assistant.isEmpty else { return nil }
        var rendered = Rendered(user: user, assistant: assistant)
        if let system {
            guard let range = Self.render(system, row, fields, &buffer) else { return nil }
            rendered.system = range.isEmpty ? nil : range
        }
        if let category {
            guard let range = Self.render(category, row, fields, &buffer) else { return nil }
            rendered.category = range.isEmpty ? nil : range
        }
        return rendered
    }

    /// Appends one template's text and trims ASCII white space at its ends; `nil` when an end is a
    /// non-ASCII character that might be white space.
    private static func render(_ steps: [Step], _ row: UnsafeBufferPointer<UInt8>, _ fields: [Range<Int>],
                               _ buffer: inout [UInt8]) -> Range<Int>? {
        let start = buffer.count
        for step in steps {
            switch step {
            case .literal(let bytes): buffer.append(contentsOf: bytes)
            case .column(let index):
                if index < fields.count { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: row[fields[index]])) }
            }
        }
        var lower = start
        var upper = buffer.count
        while lower < upper && isASCIISpace(buffer[lower]) { lower += 1 }
        while upper > lower && isASCIISpace(buffer[upper - 1]) { upper -= 1 }
        guard lower < upper else { return lower..<lower }
        // A non-ASCII edge that is Unicode white space (U+3000, U+00A0 …): the general path trims it.
        let edgeIsSpace = buffer.withUnsafeBufferPointer { bytes -> Bool in
            if bytes[lower] >= 0x80, let (scalar, _) = TextNormalizer.decode(bytes, at: lower),
               TextNormalizer.isWhitespace(scalar) { return true }
            if bytes[upper - 1] >= 0x80 {
                var lead = upper - 1
                while lead > lower && bytes[lead] & 0xC0 == 0x80 { lead -= 1 }
                if let (scalar, _) = TextNormalizer.decode(bytes, at: lead), TextNormalizer.isWhitespace(scalar) {
                    return true
                }
            }
            return false
        }
        if edgeIsSpace { return nil }
        return lower..<upper
    }

    @inline(__always)
    private static func isASCIISpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    /// The fingerprint of the rendered row, equal to ``ContentFingerprint/init(of:)`` of its record.
    func fingerprint(_ rendered: Rendered, in buffer: [UInt8], builder: inout ContentFingerprint.Builder) -> ContentFingerprint {
        builder.reset()
        buffer.withUnsafeBufferPointer { bytes in
            if let system = rendered.system { builder.piece(ContentFingerprint.Tag.system, utf8: UnsafeBufferPointer(rebasing: bytes[system])) }
            let empty = UnsafeBufferPointer(rebasing: bytes[0..<0])
            builder.piece(ContentFingerprint.Tag.role(.user), utf8: empty)
            builder.piece(ContentFingerprint.Tag.text, utf8: UnsafeBufferPointer(rebasing: bytes[rendered.user]))
            builder.piece(ContentFingerprint.Tag.role(.assistant), utf8: empty)
            builder.piece(ContentFingerprint.Tag.text, utf8: UnsafeBufferPointer(rebasing: bytes[rendered.assistant]))
        }
        return builder.fingerprint
    }

    /// Appends the chat line (newline included), equal to ``ChatExporter/write(_:to:)`` of its record.
    func write(_ rendered: Rendered, in buffer: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        ChatLine.append(ChatLine.open, to: &out)
        var first = true
        if let system = rendered.system {
            ChatLine.appendMessage(role: .system, content: UnsafeBufferPointer(rebasing: buffer[system]), first: true, to: &out)
            first = false
        }
        ChatLine.appendMessage(role: .user, content: UnsafeBufferPointer(rebasing: buffer[rendered.user]), first: first, to: &out)
        ChatLine.appendMessage(role: .assistant, content: UnsafeBufferPointer(rebasing: buffer[rendered.assistant]),
                               first: false, to: &out)
        ChatLine.append(ChatLine.close, to: &out)
    }
}
