/// The training-file formats of the platform (see `formats/FORMATS.md`), by their CLI names.
public enum OutputFormat: String, Sendable, CaseIterable, Codable {
    /// Chat SFT: `{"messages":[system?, user, assistant, …]}`.
    case chat
    /// Function calling: `messages` with `tool_calls` and `tool` turns, plus a top-level `tools` array.
    case tools
    /// Deep thinking: assistant turns carry `reasoning_content` beside `content`.
    case thinking
    /// Preference pairs: `input` / `preferred_output` / `non_preferred_output`.
    case dpo
    /// Image generation (CogView): the target image in the assistant turn.
    case imageGen = "image-gen"
    /// Image understanding (GLM-4V): the question and the image as consecutive user messages.
    case vision
}
