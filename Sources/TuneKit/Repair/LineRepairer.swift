/// Repairs one input unit (``UnitAssembler/Unit``): the value-level repairs of ``RecordRepairer`` and, when
/// pictures are to be prepared, of ``ImageRepairer``; then the line to write — the line as it was read when
/// nothing was repaired, else the repaired value written compactly on one line.
struct LineRepairer: Sendable {
    /// Re-encodes inline pictures (`tunekit repair`); nil leaves them (`convert` prepares pictures itself,
    /// with `--image-mode base64`).
    var images: ImageRepairer?

    /// A repaired unit.
    struct Repaired {
        var value: JSONValue
        /// The line to write (no line end).
        var bytes: [UInt8]
        var repairs: [RepairKind: Int]
        /// Why pictures could not be repaired (for the reject the rules then make).
        var problems: [ImageRepairer.Problem]
    }

    /// The repaired unit, or the validator's code and message when it cannot be written again unchanged.
    func repair(_ unit: UnitAssembler.Unit) -> Result<Repaired, UnitAssembler.Failure> {
        var repairs = unit.repairs
        let repairedValue = RecordRepairer.repair(unit.value)
        var value = repairedValue.value
        for (kind, count) in repairedValue.repairs { repairs[kind, default: 0] += count }
        var problems: [ImageRepairer.Problem] = []
        if let images {
            let outcome = images.repair(value)
            value = outcome.value
            problems = outcome.problems
            if outcome.count > 0 { repairs[.imageReencoded, default: 0] += outcome.count }
        }
        if repairs.isEmpty, let original = unit.original {
            return .success(Repaired(value: value, bytes: original, repairs: [:], problems: problems))
        }
        if unit.loneSurrogate {
            return .failure(UnitAssembler.Failure(
                code: .encControlChars,
                message: "a lone UTF-16 surrogate escape (\\ud800–\\udfff) cannot be decoded, so the line cannot be written again without changing its text",
                firstLine: unit.firstLine, lastLine: unit.lastLine, raw: String(value.compactText.prefix(500))))
        }
        var writer = JSONWriter(capacity: 1024)
        writer.value(value)
        return .success(Repaired(value: value, bytes: writer.bytes, repairs: repairs, problems: problems))
    }
}
