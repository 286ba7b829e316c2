/// A picture referenced by a record, resolved to a URL or a `data:image/jpeg;base64,` URI at export.
public enum ImageRef: Hashable, Sendable {
    /// An `http(s)://` URL, or a `data:` URI already in the file.
    case url(String)
    /// A local file path, resolved under the image root when loaded.
    case path(String)
    /// Encoded image bytes (JPEG or PNG) with their MIME type.
    case data([UInt8], mimeType: String)
    /// A picture stored inside the input workbook, in the cell of its row: read from the package when prepared
    /// (`--image-mode base64` or `files`).
    case packaged(WorkbookPicture)
}
