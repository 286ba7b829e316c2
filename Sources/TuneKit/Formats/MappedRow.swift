/// One table row's mapped texts, from which a format unit builds its record (``FormatUnit/buildExample(from:)``).
package struct MappedRow {
    /// What a unit makes of a row: the example, or the reject's reason code and message.
    package enum Outcome {
        case example(Example)
        case reject(reason: String, message: String)
    }

    /// The format's required fields, in order, and their rendered, trimmed, non-empty texts.
    let fields: [ColumnAliases.Field]
    let texts: [String]
    /// The system prompt, when one is mapped and not empty.
    let system: String?
    /// The function definitions (`--tools`).
    let tools: [ToolDefinition]
    /// Whether rows become a function-calling exchange.
    let makesCalls: Bool
    /// Whether image cells may name local files.
    let allowsLocalImages: Bool
    /// The workbook's pictures, which picture cells name.
    var pictures: PictureArchive? = nil

    /// The text of a required field (a prompt falls back to the user text).
    func value(_ field: ColumnAliases.Field) -> String {
        texts[fields.firstIndex(of: field)!]
    }

    /// The example made around the row's image, or why its image cell cannot be used.
    func withImage(_ build: (ImageRef) -> Example) -> Outcome {
        if WorkbookPicture.isCellText(value(.image)) {
            guard let picture = pictures?.picture(named: value(.image)) else {
                return .reject(reason: "map.image_reference", message: "\(value(.image)) is not a picture of this workbook")
            }
            guard allowsLocalImages else {
                return .reject(reason: "map.local_image", message: "\(picture) is a picture inside the workbook: with --image-mode url images must be http(s) URLs (--image-mode base64 inlines it, --image-mode files writes it out)")
            }
            return .example(build(.packaged(picture)))
        }
        guard let image = TableMapper.imageReference(value(.image)) else {
            return .reject(reason: "map.image_reference", message: "\(value(.image)) is not an http(s) URL or an image file path")
        }
        if case .path = image, !allowsLocalImages {
            return .reject(reason: "map.local_image", message: "\(value(.image)) is a local file: with --image-mode url images must be http(s) URLs (--image-mode base64 inlines local files)")
        }
        return .example(build(image))
    }
}
