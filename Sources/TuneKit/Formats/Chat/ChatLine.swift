/// The bytes of a chat-format line, written from fixed pieces: `{"messages":[`, one
/// `{"role":"…","content":"…"}` per message, `]}` and a newline. Shared by ``ChatExporter`` and the
/// byte-level lane so that both always write the same bytes.
enum ChatLine {
    static let open: StaticString = #"{"messages":["#
    static let close: StaticString = "]}\n"

    @inline(__always)
    static func append(_ text: StaticString, to out: inout [UInt8]) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    /// Appends one message; `first` says whether it is the first in the array (no comma before it).
    @inline(__always)
    static func appendMessage(role: Role, content: UnsafeBufferPointer<UInt8>, first: Bool, to out: inout [UInt8]) {
        if !first { out.append(UInt8(ascii: ",")) }
        switch role {
        case .system: append(#"{"role":"system","content":"#, to: &out)
        case .user: append(#"{"role":"user","content":"#, to: &out)
        case .assistant: append(#"{"role":"assistant","content":"#, to: &out)
        case .tool: append(#"{"role":"tool","content":"#, to: &out)
        }
        JSONWriter.appendEscaped(validUTF8: content, to: &out)
        out.append(UInt8(ascii: "}"))
    }
}
