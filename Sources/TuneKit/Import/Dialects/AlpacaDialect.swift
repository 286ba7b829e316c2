/// Alpaca records (LLaMA-Factory's `alpaca` formatting) as messages, joined exactly as its converter joins them:
/// each `history` pair becomes a user and an assistant turn, then the user turn is the non-empty ones of
/// `instruction` and `input` joined by one line feed (`"instruction\ninput"`). The reply (`output`, or
/// `chosen` / `rejected`, or a KTO-labelled `output`) is added by ``DialectRecord``.
enum AlpacaDialect {
    /// The prompt side: history pairs, then the user turn; the system prompt from its column.
    static func prompt(_ root: JSONObject, dialect: DatasetDialect) throws(DialectReject) -> Conversation {
        var conversation = Conversation(system: ShareGPTDialect.nonEmpty(dialect.system.flatMap { root[$0]?.stringValue }),
                                        messages: [])
        if let key = dialect.history, case .array(let pairs)? = root[key] {
            for (index, pair) in pairs.enumerated() {
                guard case .array(let turn) = pair, turn.count == 2, case .string(let question) = turn[0],
                      case .string(let answer) = turn[1] else {
                    throw .shape("\(key) item \(index) is not a [question, answer] pair")
                }
                conversation.messages += [Message(.user, question), Message(.assistant, answer)]
            }
        }
        var query: [String] = []
        for key in [dialect.prompt, dialect.query].compactMap({ $0 }) {
            switch root[key] {
            case nil, .null?: continue
            case .string(let text)?: if !text.isEmpty { query.append(text) }
            case let value?: throw .shape("\"\(key)\" is \(value.kindDescription), not a string")
            }
        }
        conversation.messages.append(Message(.user, query.joined(separator: "\n")))
        return conversation
    }

    /// The `output` reply.
    static func response(_ root: JSONObject, dialect: DatasetDialect) throws(DialectReject) -> Message {
        guard let key = dialect.response, case .string(let output)? = root[key] else {
            let name = dialect.response ?? "output"
            throw .shape("\"\(dialect.prompt ?? "instruction")\" and \"\(name)\" must be strings")
        }
        return Message(.assistant, output)
    }
}
