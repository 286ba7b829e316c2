/// Image generation (CogView): the prompt in the user turn, the target image in the assistant turn; billed for
/// its images only.
struct ImageGenFormat: FormatUnit {
    var format: OutputFormat { .imageGen }
    func fields(calls: Bool) -> [ColumnAliases.Field] { [.system, .prompt, .user, .image, .category] }
    func required(calls: Bool) -> [ColumnAliases.Field] { [.prompt, .image] }
    var billsText: Bool { false }
    var imageRole: Role? { .assistant }
    var detectionReason: String { "the first lines hold an image in the assistant turn" }
}
