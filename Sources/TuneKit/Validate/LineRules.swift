/// The line-level rules of `tunekit validate`, applied to one line: JSON syntax and notes, a non-object
/// line, the format's rules (``LineChecker``) and the token cap. ``JSONLValidator`` runs them on every line of
/// a file (adding the file-level rules around them); ``LineGate`` runs them on each line `convert` writes.
struct LineRules {
    private(set) var checker: LineChecker
    var profile: PlatformProfile { checker.profile }
    private(set) var tape = JSONTape()

    init(format: OutputFormat, profile: PlatformProfile, checkImages: Bool = true, decodesImages: Bool = true) {
        checker = LineChecker(format: format, profile: profile, checkImages: checkImages)
        checker.decodesImages = decodesImages
    }

    /// Receives problems: code, message, JSON pointer (`nil` for the whole line).
    typealias Emit = (ValidationCode, String, String?) -> Void

    /// Applies the rules to `line` (no line end), handing every problem to `emit` in the order validate prints
    /// them. A line that does not parse emits nothing and returns the failure (the caller decides: the
    /// validator first tries it as the start of a pretty-printed object).
    mutating func check(_ line: UnsafeBufferPointer<UInt8>, emit: Emit) -> JSONReader.Failure? {
        do {
            try tape.parse(line)
        } catch {
            return error
        }
        for note in tape.notes {
            switch note {
            case .duplicateKey(let key, let pointer):
                emit(.jsonDuplicateKey, "the key \"\(key)\" appears twice in one object", pointer)
            case .loneSurrogate(let pointer):
                emit(.encControlChars, "a lone UTF-16 surrogate escape (\\ud800–\\udfff) cannot be decoded", pointer)
            }
        }
        guard tape.nodes[tape.root].kind == .object else {
            emit(.jsonNotObject, "the line is \(tape.kindDescription(tape.root)), not a JSON object", nil)
            return nil
        }
        checker.check(tape) { code, message, pointer in emit(code, message, pointer) }
        // Text estimates never exceed the byte count, so only long lines can be over the cap; a line with
        // images counts each image's URL as the platform's tokens per image instead.
        let imageTokens = profile.imageTokens(for: checker.format)
        if line.count > profile.tokenWarning || imageTokens > 0,
           case let tokens = imageTokens > 0 ? TokenEstimator.estimate(line: line, imageTokens: imageTokens) : TokenEstimator.estimate(line),
           tokens > profile.tokenWarning {
            emit(.limitTokensExample, "about \(tokens) tokens; longer than \(profile.tokenWarning), the example may be truncated", nil)
        }
        return nil
    }
}
