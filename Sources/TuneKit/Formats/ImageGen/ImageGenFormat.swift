/// Image generation (CogView): the prompt in the user turn, the target image in the assistant turn; billed for
/// its images only.
struct ImageGenFormat: FormatLineRules {
    var format: OutputFormat { .imageGen }
    func fields(calls: Bool) -> [ColumnAliases.Field] { [.system, .prompt, .user, .image, .category] }
    func required(calls: Bool) -> [ColumnAliases.Field] { [.prompt, .image] }
    var billsText: Bool { false }
    var billingNote: String { "; image generation is billed for its images only" }
    var imageRole: Role? { .assistant }
    var detectionReason: String { "the first lines hold an image in the assistant turn" }
    var detectionRank: Int { 3 }

    /// An image in the assistant turn (and no calls or reasoning).
    func claims(_ clues: LineClues) -> Bool {
        !clues.preference && !clues.calls && !clues.reasoning && clues.imageRole == "assistant"
    }

    func buildExample(from row: MappedRow) -> MappedRow.Outcome {
        row.withImage { image in
            .conversation(Conversation(system: row.system, messages: [
                Message(.user, row.value(.prompt)), Message(role: .assistant, parts: [.image(image)])]))
        }
    }

    /// One image, in the assistant's turn.
    func checkImageLayout(_ tally: ImageTally, cap: Int, base: String, emit: LineChecker.Emit) {
        for image in tally.images where image.role != .assistant {
            emit(.imgRole, "image generation takes the image in the assistant turn", image.pointer)
        }
        if tally.images.isEmpty {
            emit(.imgCount, "no image: an image-generation line needs the target image in the assistant turn", base)
        } else if tally.images.count > cap {
            emit(.imgCount, "\(tally.images.count) images; the platform takes \(cap) per example", base)
        }
    }
}
