/// Whether a transcript separates its sessions with blank lines, decided from the lines it starts with.
///
/// A blank line (or run of them) followed by a continuation line belongs to the message above; one followed by a
/// message line is a *gap*. The file is in blocks when, among its first lines, gaps come between groups of several
/// messages: at least one gap, and at least as many message lines directly after another message (no blank line)
/// as gaps — then every gap of one or more blank lines starts a session. A file that double-spaces every message
/// (hardly a message directly after another) is in blocks only when its longer gaps are the rarer ones: with
/// single blank lines between most messages and runs of two or more between fewer, the longer runs start sessions.
/// Otherwise blank lines never start sessions.
package struct BlankLineRule: Sendable, Equatable, CustomStringConvertible {
    /// The fewest blank lines in a row that start a session; `nil` when none do.
    package var threshold: Int?
    /// Gaps (blank lines before a message line) among the lines read to decide.
    package var gaps: Int
    /// Message lines directly after another message among those lines.
    package var adjacent: Int

    /// Blank lines never start sessions (a file with no lines yet).
    package static let none = BlankLineRule(threshold: nil, gaps: 0, adjacent: 0)

    private init(threshold: Int?, gaps: Int, adjacent: Int) {
        self.threshold = threshold
        self.gaps = gaps
        self.adjacent = adjacent
    }

    /// Decides from `lines`; `isMessage` tells a message line from a continuation line.
    package init(lines: some Sequence<String>, isMessage: (String) -> Bool) {
        var runs: [Int: Int] = [:]
        var adjacent = 0
        var seenMessage = false
        var run = 0
        for line in lines {
            if TranscriptReader.isBlank(line) {
                if seenMessage { run += 1 }
                continue
            }
            if isMessage(line) {
                if seenMessage {
                    if run > 0 { runs[run, default: 0] += 1 } else { adjacent += 1 }
                }
                seenMessage = true
            }
            run = 0
        }
        let gaps = runs.values.reduce(0, +)
        var threshold: Int?
        if gaps > 0 && adjacent >= gaps {
            threshold = 1
        } else if let shortest = runs.keys.min() {
            let longer = runs.filter { $0.key > shortest }.values.reduce(0, +)
            if longer > 0 && runs[shortest]! >= longer { threshold = shortest + 1 }
        }
        self.init(threshold: threshold, gaps: gaps, adjacent: adjacent)
    }

    /// Whether `run` blank lines before a message line start a session.
    package func separates(run: Int) -> Bool {
        guard let threshold else { return false }
        return run >= threshold
    }

    /// For the report: `sessions (2+ blank lines; 12 gaps, 40 messages directly after another)`.
    package var description: String {
        let counts = "\(gaps) gap\(gaps == 1 ? "" : "s") before a message, \(adjacent) message\(adjacent == 1 ? "" : "s") directly after another"
        guard let threshold else { return "inside sessions (\(counts))" }
        return "separate sessions (\(threshold == 1 ? "a blank line" : "\(threshold)+ blank lines"); \(counts))"
    }
}
