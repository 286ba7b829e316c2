/// The texts a split compares records by: the user text (every user turn, joined by a line feed) and the whole
/// record as near-duplicate detection reads it (``NearDuplicateIndex/document(of:)``: every turn but the system
/// prompt), with the record's `--group-by` value when there is one.
///
/// Both lanes give the same texts for the same row: a byte-lane chat line has one user and one assistant turn,
/// and `document(of:)` of its record is those two joined by a line feed.
package struct SplitText: Sendable {
    package var user: String
    package var whole: String
    /// The rendered `--group-by` template; records with equal non-empty values stay together.
    package var group: String?

    /// The key of ``Record/metadata`` that carries the rendered `--group-by` value.
    package static let groupKey = "tunekit.group"

    package init(user: String, whole: String, group: String? = nil) {
        self.user = user
        self.whole = whole
        self.group = group
    }

    /// The texts of a record.
    package init(record: Record, group: String? = nil) {
        var users: [String] = []
        switch record.example {
        case .conversation(let conversation):
            for message in conversation.messages where message.role == .user { if let text = message.text { users.append(text) } }
        case .preference(let preference):
            for message in preference.context.messages where message.role == .user { if let text = message.text { users.append(text) } }
        }
        self.init(user: users.joined(separator: "\n"), whole: NearDuplicateIndex.document(of: record).joined(separator: "\n"), group: group)
    }

    /// The texts of a byte-lane chat line (decoded only when a split is asked for).
    package init(turns: ChatTurnTexts, group: String? = nil) {
        let user = String(decoding: turns.user, as: UTF8.self)
        self.init(user: user, whole: user + "\n" + String(decoding: turns.assistant, as: UTF8.self), group: group)
    }
}
