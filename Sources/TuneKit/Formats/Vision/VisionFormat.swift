/// Image understanding (GLM-4V): the question and the image as two consecutive user turns, then the answer.
struct VisionFormat: FormatUnit {
    var format: OutputFormat { .vision }
    func fields(calls: Bool) -> [ColumnAliases.Field] { [.system, .user, .image, .assistant, .category] }
    func required(calls: Bool) -> [ColumnAliases.Field] { [.user, .image, .assistant] }
    var detectionReason: String { "the first lines hold an image in a user turn" }
    var imageRole: Role? { .user }
    var repeatedUserTurns: Bool { true }
}
