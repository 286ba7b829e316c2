#if canImport(Glibc)
import Glibc
#endif

/// The train/validation split of a conversion: remembers what ``SplitPlanner`` needs of each kept line (its id,
/// category, source line and the sketches of its user and whole text, about 300 bytes) and its token estimate
/// while the input is read, then routes the spooled lines to `train` and `validation` by the plan.
///
/// The byte lane's lines give their turns' UTF-8, decoded here (only when a split is asked for); the general
/// path's records give their messages. Both make the same texts for the same row.
struct ValidationSplit {
    private var planner: SplitPlanner
    private var tokens: [UInt32] = []

    init(amount: SplitPlanner.Amount, seed: UInt64, threshold: Double = 0.8) {
        planner = SplitPlanner(amount: amount, seed: seed, threshold: threshold)
    }

    /// Adds the next kept line: a record of the general path, or the turns of a byte-lane line.
    mutating func add(id: RecordID, category: String?, source: SourceLocation, record: Record?, laneTurns: ChatTurnTexts?,
                      tokens count: Int) {
        let text: SplitText
        if let laneTurns {
            text = SplitText(turns: laneTurns)
        } else if let record {
            text = SplitText(record: record, group: record.metadata[SplitText.groupKey])
        } else {
            text = SplitText(user: "", whole: "")
        }
        planner.add(id: id, category: category, source: source, text: text)
        tokens.append(UInt32(clamping: count))
    }

    /// Lines added so far.
    var count: Int { planner.count }

    /// Which lines go to validation, and the leakage audit of that choice.
    func plan() -> SplitPlan { planner.plan() }

    /// Reads the spool line by line and writes each line to `train` or `validation` by `plan`, counting both
    /// in `report`. Returns the ordinal of the first line written to `train` (nil when none was).
    @discardableResult
    func route(spool path: String, plan: ValidationSet, train: PartedOutput, validation: PartedOutput,
               report: inout ConversionReport) throws(OutputError) -> Int? {
        let source: ByteSource
        do {
            source = try ByteSource(path: path)
        } catch {
            throw OutputError(path: path, message: error.message)
        }
        var ordinal = 0
        var firstTrain: Int?
        var failure: OutputError?
        func route(_ line: UnsafeBufferPointer<UInt8>) throws(OutputError) {
            let lineTokens = Int(tokens[ordinal])
            if plan.contains(ordinal) {
                try validation.write(line, lineCount: 1)
                report.counts.validation += 1
                report.estimatedTokens.validation += lineTokens
                report.validationCategories[planner.category(of: ordinal), default: 0] += 1
            } else {
                if firstTrain == nil { firstTrain = ordinal }
                try train.write(line, lineCount: 1)
                report.counts.train += 1
                report.estimatedTokens.train += lineTokens
            }
            ordinal += 1
        }
        do {
            try LineSplitter.forEachLine(of: source) { (line) throws(OutputError) in try route(line) }
        } catch let error as OutputError {
            failure = error
        } catch {
            failure = OutputError(path: path, message: "\(error)")
        }
        if let failure { throw failure }
        return firstTrain
    }
}
