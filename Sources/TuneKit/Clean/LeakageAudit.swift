/// The split's leakage audit: after the sides are decided, pairs of a train and a validation record whose user
/// texts are equal after normalisation, or whose estimated similarity (``SplitSketch``) reaches the threshold.
///
/// It is independent of the grouping where it can be: up to 4 million train × validation pairs every pair is
/// compared; past that, every train × validation pair sharing a band of the sketches (which includes a pair at
/// the threshold with probability 1 − 5·10⁻⁵ at 0.8), where the grouping compared each record with a window of
/// groups only. The planner joins the pairs it finds and decides again, so the final count is zero; a count in
/// the report is a defect, reported as the warning `split.leak` with the first pair's locations. The band pass
/// compares at most ``comparisonBudget`` pairs; past it the report says the audit was not complete.
struct LeakageAudit {
    let sketch: SplitSketch
    /// Pairs compared exhaustively up to this many.
    static let exhaustiveLimit = 4_000_000
    /// Sketch comparisons the band pass makes at most (about a second or two).
    static let comparisonBudget = 200_000_000
    /// Leaking pairs kept for the planner to join.
    static let keptPairs = 1_000_000

    /// The report, and the leaking pairs found (train ordinal, validation ordinal; at most ``keptPairs``).
    struct Outcome {
        var report: LeakageReport
        var pairs: [(train: Int32, validation: Int32)]
    }

    func run(validation: ValidationSet, userKeys: [UInt64], sketches: [UInt8],
             source: (Int) -> SourceLocation) -> LeakageReport {
        audit(validation: validation, userKeys: userKeys, sketches: sketches, source: source).report
    }

    func audit(validation: ValidationSet, userKeys: [UInt64], sketches: [UInt8],
               source: (Int) -> SourceLocation) -> Outcome {
        var leaks: [(train: Int32, validation: Int32)] = []
        var report = LeakageReport(threshold: sketch.threshold)
        var trainSide: [Int] = []
        var validationSide: [Int] = []
        for ordinal in userKeys.indices where userKeys[ordinal] != 0 {
            if validation.contains(ordinal) { validationSide.append(ordinal) } else { trainSide.append(ordinal) }
        }
        report.checked = trainSide.count + validationSide.count
        var first: (Int, Int)?
        func note(_ train: Int, _ held: Int) {
            report.pairs += 1
            if leaks.count < Self.keptPairs { leaks.append((Int32(truncatingIfNeeded: train), Int32(truncatingIfNeeded: held))) }
            if first == nil || (train, held) < first! { first = (train, held) }
        }
        // Equal normalised user text.
        var order = trainSide.map { (key: userKeys[$0], ordinal: $0) } + validationSide.map { (key: userKeys[$0], ordinal: $0) }
        order.sort { $0.key != $1.key ? $0.key < $1.key : $0.ordinal < $1.ordinal }
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && order[end].key == order[start].key { end += 1 }
            if end - start > 1 {
                let run = order[start..<end].map(\.ordinal)
                for held in run where validation.contains(held) {
                    for train in run where !validation.contains(train) { note(train, held) }
                }
            }
            start = end
        }
        // Similar user text.
        sketches.withUnsafeBufferPointer { storage in
            func similar(_ train: Int, _ held: Int) -> Bool {
                userKeys[train] != userKeys[held] && SplitSketch.matches(storage, train, held) >= sketch.auditMatches
            }
            if trainSide.count * validationSide.count <= Self.exhaustiveLimit {
                for held in validationSide {
                    for train in trainSide where similar(train, held) { note(train, held) }
                }
                return
            }
            var found = Set<UInt64>()
            var entries: [UInt64] = []
            entries.reserveCapacity(report.checked)
            var comparisons = 0
            var sorter = BandSort()
            bands: for band in 0..<sketch.bands {
                entries.removeAll(keepingCapacity: true)
                for ordinal in userKeys.indices where userKeys[ordinal] != 0 {
                    entries.append(UInt64(sketch.bandKey(storage, ordinal, band: band)) << 32 | UInt64(ordinal))
                }
                sorter.sort(&entries)
                var start = 0
                while start < entries.count {
                    var end = start + 1
                    while end < entries.count && entries[end] >> 32 == entries[start] >> 32 { end += 1 }
                    if end - start > 1 {
                        let bucket = entries[start..<end].map { Int($0 & 0xFFFF_FFFF) }
                        let held = bucket.lazy.filter { validation.contains($0) }.count
                        comparisons += held * (bucket.count - held)
                        if comparisons > Self.comparisonBudget {
                            report.complete = false
                            break bands
                        }
                        for held in bucket where validation.contains(held) {
                            for train in bucket where !validation.contains(train) && similar(train, held) {
                                if found.insert(UInt64(train) << 32 | UInt64(held)).inserted { note(train, held) }
                            }
                        }
                    }
                    start = end
                }
            }
        }
        if let first { report.first = LeakageReport.Pair(train: source(first.0), validation: source(first.1)) }
        return Outcome(report: report, pairs: leaks)
    }
}

/// The outcome of a split's leakage audit (`leakage` in report.json): pairs of a train and a validation record
/// whose user texts are equal after normalisation or similar at the threshold. A split groups such records, so
/// ``pairs`` is 0; any other count is a defect, reported as the warning `split.leak`.
public struct LeakageReport: Sendable, Equatable {
    /// A train and a validation record with similar user text.
    public struct Pair: Sendable, Equatable {
        /// Where the train record came from.
        public var train: SourceLocation
        /// Where the validation record came from.
        public var validation: SourceLocation
    }

    /// Train × validation pairs with equal or similar user text.
    public var pairs = 0
    /// The similarity at which a pair counts.
    public var threshold: Double
    /// Records whose user text was audited (those with any).
    public var checked = 0
    /// The first pair, in input order.
    public var first: Pair?
    /// Pairs a first audit found and the split then joined (its bounded grouping had missed them).
    public var joined = 0
    /// Whether every candidate pair was compared (false when the band pass reached its comparison budget).
    public var complete = true

    package init(threshold: Double) {
        self.threshold = threshold
    }

    /// `{ "pairs": 0, "threshold": 0.8, "on": "user", "checked": N }`.
    var json: JSONValue {
        var object: JSONObject = [
            "pairs": .int(pairs), "threshold": .number(String(threshold)), "on": .string("user"), "checked": .int(checked),
        ]
        if joined > 0 { object["joined"] = .int(joined) }
        if !complete { object["complete"] = .bool(false) }
        if let first {
            object["first"] = .object(["train": .string(first.train.description), "validation": .string(first.validation.description)])
        }
        return .object(object)
    }

    /// The console warning and report warning text when pairs leaked.
    package var warning: Diagnostic? {
        guard pairs > 0 else { return nil }
        let example = first.map { ", first \($0.train) (train) and \($0.validation) (validation)" } ?? ""
        return Diagnostic(.warning, "split.leak",
            "\(pairs) train/validation pair\(pairs == 1 ? "" : "s") with user text similar at \(threshold) or more\(example); the split should keep such records together")
    }
}
