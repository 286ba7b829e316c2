/// Which text of a record the duplicate key (exact and near) is computed on (`--dedup-on`).
public enum DedupOn: String, Sendable, CaseIterable {
    /// Every user and assistant turn (no system prompt): the same exchange is a duplicate.
    case conversation
    /// The user turns only: the same question is a duplicate, whatever the answer.
    case user
}
