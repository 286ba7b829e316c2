/// What a placeholder message stands for (a column of ``PlaceholderTable``; the report counts drops by it).
package enum PlaceholderKind: String, Sendable, CaseIterable, Comparable {
    case media, sticker, attachment, deleted, call, location, contact, link, payment

    package static func < (lhs: PlaceholderKind, rhs: PlaceholderKind) -> Bool { lhs.rawValue < rhs.rawValue }
}
