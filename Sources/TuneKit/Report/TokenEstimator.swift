/// A rough token count for cost estimates, from UTF-8 bytes without a tokenizer:
/// CJK ideographs at about 0.7 token each (GLM-style tokenizers merge common pairs), other text at
/// about one token per 3.6 bytes, plus a few tokens of framing per message.
public enum TokenEstimator {
    /// Tokens of framing added per message (role markers).
    public static let perMessage = 4

    /// Estimates the tokens of UTF-8 text.
    public static func estimate(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var cjk = 0
        var other = 0
        for byte in bytes {
            if byte >= 0xE4 && byte <= 0xE9 {
                cjk += 1
            } else if byte < 0x80 || byte >= 0xC0 {
                other += 1
            }
        }
        // A CJK character is 3 bytes: its lead byte counted it; its continuation bytes are skipped above.
        return (cjk * 7 + 9) / 10 + (other * 10 + 35) / 36
    }

    /// Estimates the tokens of a string.
    public static func estimate(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { estimate($0) }
    }

    /// Estimates the tokens of a conversation-shaped record.
    public static func estimate(_ record: Record) -> Int {
        switch record.example {
        case .conversation(let conversation):
            return estimate(conversation)
        case .preference(let preference):
            return estimate(preference.context) + estimate(preference.preferred.text ?? "")
                + estimate(preference.nonPreferred.text ?? "") + 2 * perMessage
        }
    }

    private static func estimate(_ conversation: Conversation) -> Int {
        var total = 0
        if let system = conversation.system { total += estimate(system) + perMessage }
        for message in conversation.messages {
            total += perMessage + estimate(message.text ?? "") + estimate(message.reasoning ?? "")
        }
        return total
    }
}
