/// Why a record of an open-source dataset dialect (``DatasetDialect``) cannot become a training line: a reject
/// reason code (counted in the report's rejects by reason) and a sentence naming what decides.
struct DialectReject: Error, Sendable {
    /// The reason code (one of the constants below, or `jsonl.shape` for a record of the wrong shape).
    var code: String
    var message: String

    init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    /// A record whose keys or turns are not the dialect's shape.
    static func shape(_ message: String) -> DialectReject { DialectReject(shapeCode, message) }

    /// The reject reason codes of the dialects.
    static let shapeCode = "jsonl.shape"
    /// A KTO reply labelled `false`: an example of what not to say, never a training target.
    static let ktoUndesired = "kto.undesired"
    /// With `--to dpo`, a KTO reply with no reply of the other label to the same prompt to pair with.
    static let ktoUnpaired = "kto.unpaired"
    /// Preference data without a chosen or a rejected reply.
    static let dpoMissingReply = "dpo.missing_reply"
    /// A `function_call` turn whose value is not `{"name", "arguments"}` JSON (or a list of them).
    static let toolsCallNotJSON = "tools.call_not_json"
    /// A record's `tools` that is not a JSON array of function definitions.
    static let toolsNotJSON = "tools.tools_not_json"
    /// An `observation` turn with no `function_call` turn before it.
    static let toolsResultWithoutCall = "tools.result_without_call"
    /// One `observation` answering several calls of one turn: which result is whose cannot be told.
    static let toolsParallelResults = "tools.parallel_results"
    /// The `<image>` markers of the turns and the pictures of `images` differ in number.
    static let imageCountMismatch = "image.count_mismatch"
    /// An `<image>` marker in a reply (the platform's image understanding takes pictures in user turns).
    static let imageMarkerInReply = "image.marker_in_reply"
    /// Videos or audios, which no platform format carries.
    static let mediaUnsupported = "media.unsupported"
    /// An assistant turn the data says not to learn (LLaMA-Factory v1's `loss_weight` other than 1); the platform
    /// trains every assistant turn.
    static let lossWeight = "map.loss_weight"
    /// A local picture while images stay URLs (`--image-mode url`).
    static let localImage = "map.local_image"
}
