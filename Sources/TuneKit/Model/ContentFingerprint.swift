/// A 128-bit fingerprint of a record's normalised content: two records with the same fingerprint are
/// exact duplicates (after ``TextNormalizer``). Its first 64 bits are the record's ``RecordID``.
///
/// Roles, turn boundaries, reasoning, tool calls and images all take part, so a question answered
/// differently, or the same text said by another role, is not a duplicate. The category and tool-call ids
/// (arbitrary labels) do not.
public struct ContentFingerprint: Hashable, Sendable {
    public var high: UInt64
    public var low: UInt64

    /// The record id: the first 64 bits.
    public var id: RecordID { RecordID(rawValue: high) }

    /// Creates a fingerprint from its two halves.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Fingerprints an example.
    public init(of example: Example) {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(256)
        Self.serialize(example, into: &buffer)
        self.init(canonicalBytes: buffer)
    }

    /// Fingerprints bytes that are already in canonical form.
    public init(canonicalBytes bytes: [UInt8]) {
        let (high, low) = bytes.withUnsafeBytes {
            (WyHash.hash($0, seed: 0x7475_6e65_6b69_7431), WyHash.hash($0, seed: 0x6670_7269_6e74_3232))
        }
        self.init(high: high, low: low)
    }

    /// Writes the canonical, normalised form of an example: tagged, length-delimited pieces.
    public static func serialize(_ example: Example, into buffer: inout [UInt8]) {
        let normalizer = TextNormalizer()
        func piece(_ tag: UInt8, _ text: String) {
            buffer.append(tag)
            let lengthAt = buffer.count
            buffer.append(contentsOf: [0, 0, 0, 0])
            normalizer.append(text, to: &buffer)
            let length = UInt32(truncatingIfNeeded: buffer.count - lengthAt - 4)
            withUnsafeBytes(of: length.littleEndian) { raw in
                for k in 0..<4 { buffer[lengthAt + k] = raw[k] }
            }
        }
        func conversation(_ conversation: Conversation) {
            if let system = conversation.system { piece(1, system) }
            for tool in conversation.tools {
                piece(2, tool.name)
                piece(3, tool.description)
                piece(4, tool.parameters.compactText)
            }
            for message in conversation.messages { self.message(message, piece: piece) }
        }
        switch example {
        case .conversation(let value):
            conversation(value)
        case .preference(let value):
            conversation(value.context)
            buffer.append(0x10)
            message(value.preferred, piece: piece)
            buffer.append(0x11)
            message(value.nonPreferred, piece: piece)
        }
    }

    private static func message(_ message: Message, piece: (UInt8, String) -> Void) {
        let roleTag: UInt8
        switch message.role {
        case .system: roleTag = 0x20
        case .user: roleTag = 0x21
        case .assistant: roleTag = 0x22
        case .tool: roleTag = 0x23
        }
        piece(roleTag, "")
        for part in message.parts {
            switch part {
            case .text(let text): piece(0x30, text)
            case .image(.url(let url)): piece(0x31, url)
            case .image(.path(let path)): piece(0x32, path)
            case .image(.data(let bytes, _)):
                piece(0x33, String(WyHash.hash(bytes), radix: 16))
            }
        }
        if let reasoning = message.reasoning { piece(0x40, reasoning) }
        for call in message.toolCalls {
            piece(0x41, call.name)
            piece(0x42, call.arguments)
        }
    }
}
