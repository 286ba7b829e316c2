/// The pictures of a multimodal record (LLaMA-Factory's `images` column and `<image>` markers) as image parts.
///
/// The number of markers in the user turns must equal the number of pictures (a mismatch is a reject, as in
/// LLaMA-Factory). Each user turn is cut at its markers into consecutive user messages — text, picture, text — in
/// place, the layout of the platform's image understanding (the question and the image as separate user
/// messages); text pieces are trimmed of the white space beside a marker and dropped when nothing is left. Paths
/// stay paths, resolved at export under `--image-root` or the data file's folder (`--image-mode base64`).
enum DialectImages {
    static let marker = "<image>"

    /// Rewrites `conversation`'s markers as the record's pictures; returns how many there were. A recognised
    /// record without an `images` key is text only: a literal `<image>` in it stays text (a `dataset_info.json`
    /// entry that names an images column checks every record).
    static func apply(_ root: JSONObject, dialect: DatasetDialect, to conversation: inout Conversation,
                      localImages: Bool) throws(DialectReject) -> Int {
        guard let key = dialect.images, root[key] != nil || !dialect.lenientRoles else { return 0 }
        let pictures = try paths(root, dialect: dialect)
        var markers = 0
        for (index, message) in conversation.messages.enumerated() {
            let count = (message.text ?? "").components(separatedBy: marker).count - 1
            if count > 0 && message.role != .user {
                throw DialectReject(DialectReject.imageMarkerInReply,
                                    "message \(index) (\(message.role.rawValue)) holds an \(marker) marker; pictures go in user turns")
            }
            markers += count
        }
        guard markers == pictures.count else {
            throw DialectReject(DialectReject.imageCountMismatch,
                                "the turns hold \(markers) \(marker) marker\(markers == 1 ? "" : "s") and \"\(dialect.images ?? "images")\" \(pictures.count) picture\(pictures.count == 1 ? "" : "s")")
        }
        guard markers > 0 else { return 0 }
        var images = try pictures.map { (path) throws(DialectReject) -> ImageRef in try reference(path, localImages: localImages) }
        var messages: [Message] = []
        for message in conversation.messages {
            guard message.role == .user, let text = message.text, text.contains(marker) else {
                messages.append(message)
                continue
            }
            let pieces = text.components(separatedBy: marker)
            for (number, piece) in pieces.enumerated() {
                var piece = Substring(piece)
                if number > 0 { piece = piece.drop { $0.isWhitespace } }
                if number < pieces.count - 1 { while piece.last?.isWhitespace == true { piece = piece.dropLast() } }
                if !piece.isEmpty { messages.append(Message(.user, String(piece))) }
                if number < pieces.count - 1 { messages.append(Message(role: .user, parts: [.image(images.removeFirst())])) }
            }
        }
        conversation.messages = messages
        return markers
    }

    /// The record's picture paths: a list of strings, or one string.
    static func paths(_ root: JSONObject, dialect: DatasetDialect) throws(DialectReject) -> [String] {
        guard let key = dialect.images else { return [] }
        switch root[key] {
        case nil, .null?: return []
        case .string(let path)?: return [path]
        case .array(let items)?:
            return try items.map { (item) throws(DialectReject) -> String in
                guard case .string(let path) = item else { throw .shape("\"\(key)\" holds \(item.kindDescription), not a path") }
                return path
            }
        case let value?: throw .shape("\"\(key)\" is \(value.kindDescription), not a list of paths")
        }
    }

    /// A URL as given; a local path kept for inlining, or refused while images stay URLs.
    static func reference(_ path: String, localImages: Bool) throws(DialectReject) -> ImageRef {
        let lower = path.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("data:") { return .url(path) }
        guard localImages else {
            throw DialectReject(DialectReject.localImage,
                                "\(path) is a local file: with --image-mode url images must be http(s) URLs (--image-mode base64 inlines local files)")
        }
        return .path(path)
    }

    /// Refuses videos and audios, which no platform format carries (dropping them would change the example).
    static func refuseOtherMedia(_ root: JSONObject, dialect: DatasetDialect) throws(DialectReject) {
        for key in [dialect.videos, dialect.audios].compactMap({ $0 }) {
            switch root[key] {
            case nil, .null?: continue
            case .array(let items)? where items.isEmpty: continue
            case .string(let text)? where text.isEmpty: continue
            default:
                throw DialectReject(DialectReject.mediaUnsupported,
                                    "the record has \"\(key)\"; the platform's formats take text and images only")
            }
        }
    }
}
