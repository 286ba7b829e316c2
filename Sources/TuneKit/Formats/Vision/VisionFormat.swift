/// Image understanding (GLM-4V): the question and the image as two consecutive user turns, then the answer.
struct VisionFormat: FormatLineRules {
    var format: OutputFormat { .vision }
    func fields(calls: Bool) -> [ColumnAliases.Field] { [.system, .user, .image, .assistant, .category] }
    func required(calls: Bool) -> [ColumnAliases.Field] { [.user, .image, .assistant] }
    var detectionReason: String { "the first lines hold an image in a user turn" }
    var detectionRank: Int { 4 }
    var imageRole: Role? { .user }
    var repeatedUserTurns: Bool { true }

    /// An image outside the assistant turn (and no calls or reasoning).
    func claims(_ clues: LineClues) -> Bool {
        !clues.preference && !clues.calls && !clues.reasoning && clues.imageRole != nil && clues.imageRole != "assistant"
    }

    func buildExample(from row: MappedRow) -> MappedRow.Outcome {
        row.withImage { image in
            .conversation(Conversation(system: row.system, messages: [
                Message(.user, row.value(.user)), Message(role: .user, parts: [.image(image)]),
                Message(.assistant, row.value(.assistant))]))
        }
    }

    /// Images in user turns only, each in a message of its own.
    func checkImageLayout(_ tally: ImageTally, cap: Int, base: String, emit: LineChecker.Emit) {
        for image in tally.images where image.role != .user {
            emit(.imgRole, "image understanding takes images in user turns only", image.pointer)
        }
        if tally.images.isEmpty {
            emit(.imgCount, "no image: an image-understanding line needs one in a user turn", base)
        } else if tally.images.count > cap {
            emit(.imgCount, "\(tally.images.count) images; the platform takes \(cap) per example", base)
        }
        for message in tally.mixed {
            emit(.imgLayoutGlm4v, "the image and the text share one message; the documented form puts them in two consecutive user messages", message)
        }
    }
}
