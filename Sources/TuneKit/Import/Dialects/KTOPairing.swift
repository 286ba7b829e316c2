/// One KTO record (LLaMA-Factory's `kto_tag`, `label` in its demo): a prompt, a reply, and whether the reply is
/// desirable (`true`) or an example of what not to say (`false`).
struct KTOItem: Sendable {
    var context: Conversation
    var reply: Message
    var desirable: Bool
}

/// KTO records made into preference pairs for `--to dpo`: each reply labelled `false` is paired with a reply
/// labelled `true` to the same prompt (the same context, turn for turn). Deterministic: prompts and replies are
/// taken in input order, and the n-th `false` reply of a prompt takes the prompt's n-th `true` reply (its first
/// again when there are fewer). A `false` reply with no `true` one, and a `true` reply no `false` one took, is
/// rejected (`kto.unpaired`). The pair keeps the location of its `false` reply.
struct KTOPairing {
    private var items: [(item: KTOItem, source: SourceLocation, category: String?)] = []
    /// Pairs made, the records they were made from, and records left unpaired, after ``finish()``.
    private(set) var pairs = 0
    private(set) var pairedRecords = 0
    private(set) var unpaired = 0

    /// What the report says of the pairing.
    struct Counts: Sendable {
        var pairs = 0
        /// Records the pairs were made from (a `true` reply shared by several pairs counts once).
        var records = 0
        var unpaired = 0
    }

    /// Holds a record until the whole input is read.
    mutating func add(_ item: KTOItem, source: SourceLocation, category: String?) {
        items.append((item, source, category))
    }

    /// Whether any record is held.
    var isEmpty: Bool { items.isEmpty }

    /// The pairs and the rejects, in input order of the records they come from.
    mutating func finish() -> [Result<Record, Reject>] {
        var desirable: [Conversation: [Int]] = [:]
        var undesirableCount: [Conversation: Int] = [:]
        for (index, entry) in items.enumerated() {
            if entry.item.desirable {
                desirable[entry.item.context, default: []].append(index)
            } else {
                undesirableCount[entry.item.context, default: 0] += 1
            }
        }
        var seen: [Conversation: Int] = [:]
        var used: Set<Int> = []
        var outcomes: [Result<Record, Reject>] = []
        for (index, entry) in items.enumerated() {
            let context = entry.item.context
            if entry.item.desirable {
                // Used by a pair (written where its `false` reply is), or left over.
                let partners = undesirableCount[context] ?? 0
                let rank = desirable[context]!.firstIndex(of: index)!
                if rank < partners { continue }
                unpaired += 1
                outcomes.append(.failure(Reject(reason: DialectReject.ktoUnpaired,
                    message: "a reply labelled true with no reply labelled false to the same prompt to pair it with (--to dpo needs both)",
                    source: entry.source, raw: entry.item.reply.text.map { String($0.prefix(500)) })))
                continue
            }
            let number = seen[context, default: 0]
            seen[context] = number + 1
            guard let candidates = desirable[context], !candidates.isEmpty else {
                unpaired += 1
                outcomes.append(.failure(Reject(reason: DialectReject.ktoUnpaired,
                    message: "a reply labelled false with no reply labelled true to the same prompt to pair it with",
                    source: entry.source, raw: entry.item.reply.text.map { String($0.prefix(500)) })))
                continue
            }
            let chosen = candidates[number < candidates.count ? number : 0]
            pairs += 1
            used.insert(chosen)
            let preference = Preference(context: context, preferred: items[chosen].item.reply, nonPreferred: entry.item.reply)
            outcomes.append(.success(Record(source: entry.source, category: entry.category, example: .preference(preference))))
        }
        pairedRecords = pairs + used.count
        items = []
        return outcomes
    }
}
