/// One piece of a message's content: text or an image.
public enum ContentPart: Hashable, Sendable {
    /// Text.
    case text(String)
    /// An image.
    case image(ImageRef)

    /// The text of a text part, `nil` for an image.
    public var text: String? {
        if case .text(let value) = self { return value }
        return nil
    }
}
