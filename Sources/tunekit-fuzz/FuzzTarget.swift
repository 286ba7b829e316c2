/// One parser under fuzzing: a name (`TUNEKIT_FUZZ_TARGET`, the replay argument), how long an input may be, which
/// committed files seed its corpus, and the function that feeds it one input. `run` must not trap on any input:
/// errors the parser throws are the expected outcome and are dropped.
struct FuzzTarget: Sendable {
    /// The target's name, e.g. `csv`.
    let name: String
    /// libFuzzer's `-max_len` for the target.
    let maxLength: Int
    /// File-name extensions (lower case, no dot) of the repository's files that seed the corpus.
    let seedExtensions: [String]
    /// The libFuzzer dictionary under `Tests/Fuzz/` (`xml.dict`, `json.dict`), if one helps.
    let dictionary: String?
    /// What the target reads: the parsers and entry points it drives.
    let covers: String
    /// Feeds one input to the parser.
    let run: @Sendable (UnsafeRawBufferPointer) -> Void
}
