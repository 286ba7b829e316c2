/// The training-file formats of the platform (see `formats/FORMATS.md`), by their CLI names.
public enum OutputFormat: String, Sendable, CaseIterable {
    /// Chat SFT: `{"messages":[system?, user, assistant, …]}`.
    case chat
}
