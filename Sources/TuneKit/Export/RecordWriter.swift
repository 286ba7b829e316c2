import Foundation

/// Writes records as training lines in any of the six formats (`formats/FORMATS.md`), keys in the
/// documented order, and says why a record cannot be written in a format.
///
/// Each format's unit writes its lines (`Formats/<Format>/`), from the pieces every format shares
/// (``MessageLines``):
/// - chat: `{"messages":[{"role","content"}…]}` (the bytes of ``ChatExporter``)
/// - thinking: assistant turns add `reasoning_content` (after `content`; before it when the line also has tools)
/// - tools: `{"messages":[…],"tools":[…]}`
/// - dpo: `{"input":{"messages","tools":[],"parallel_tool_calls":false},"preferred_output":[…],"non_preferred_output":[…]}`
/// - image-gen / vision: image parts `{"type":"image_url","image_url":{"url":…}}`
package struct RecordWriter: Sendable {
    package let format: OutputFormat
    package let profile: PlatformProfile

    /// Creates a writer.
    package init(format: OutputFormat, profile: PlatformProfile = .bigModel) {
        self.format = format
        self.profile = profile
    }

    /// Why the record cannot be written in this format at all, or `nil`: a preference pair outside DPO (or the
    /// reverse), or content the format has no place for (tool calls, reasoning, pictures), which the line would
    /// silently lose. Everything else about the line — roles, images, tools, empty turns, control tokens — is
    /// judged on the written line by the validator's own rules (``LineGate``), so convert and validate share one
    /// rulebook. Each format's unit says (``FormatUnit/problem(with:)``).
    package func problem(with record: Record) -> (reason: String, message: String)? {
        format.unit.problem(with: record)
    }

    /// Appends the record's line (with its newline), written by the format's unit
    /// (``FormatUnit/write(_:to:profile:)``). Call ``problem(with:)`` first.
    package func write(_ record: Record, to writer: inout JSONWriter) {
        format.unit.write(record, to: &writer, profile: profile)
    }

    /// The URL written for an image: as given, or a base64 data URI.
    static func url(of image: ImageRef, prefix: String) -> String {
        switch image {
        case .url(let url): return url
        case .path(let path): return path
        case .data(let bytes, _): return prefix + Data(bytes).base64EncodedString()
        // Prepared before writing; the part's name never passes `validate` (not a URL), so it cannot slip through.
        case .packaged(let picture): return picture.entry
        }
    }
}
