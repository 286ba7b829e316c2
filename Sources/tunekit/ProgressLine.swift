#if canImport(Glibc)
import Glibc
#endif
import TuneKit

/// The progress line of a long run on a terminal: what is done (bytes or items, out of the total when known, as a
/// percentage), the rate and the time left — `12.3 MB of 40.0 MB (31%), 120,000 records, 4.1 MB/s, 7 s left`.
///
/// The library reports at chunk or batch granularity; ``update(_:)`` draws at most once per ``interval``
/// (250 ms, about four times a second; the hidden `TUNEKIT_PROGRESS_INTERVAL` variable sets it in milliseconds,
/// 0 drawing every report, for tests). The first line appears one interval after the start, so a short run draws
/// nothing.
struct ProgressLine {
    /// What the line starts with (`convert`, `validate out/train.jsonl`).
    var label: String
    /// The least time between two drawings.
    let interval: Duration
    private let start: ContinuousClock.Instant
    private var lastDrawn: ContinuousClock.Instant
    /// Whether anything was drawn (so that there is a line to clear).
    private(set) var drawn = false

    /// The environment variable that sets ``interval`` in milliseconds.
    static let intervalVariable = "TUNEKIT_PROGRESS_INTERVAL"

    init(label: String, interval: Duration? = nil) {
        self.label = label
        self.interval = interval ?? Self.configuredInterval()
        start = ContinuousClock.now
        lastDrawn = start
    }

    /// The text to draw for `progress`, or `nil` when the last drawing is too recent.
    mutating func update(_ progress: JobProgress) -> String? {
        let now = ContinuousClock.now
        guard now - lastDrawn >= interval else { return nil }
        lastDrawn = now
        drawn = true
        let elapsed = now - start
        return label + ": " + Self.text(progress, elapsed: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// The line for `progress` after `elapsed` seconds: done (of total, percentage), the records or pictures so
    /// far, the rate, and the time left when the total is known.
    static func text(_ progress: JobProgress, elapsed: Double) -> String {
        var parts: [String] = []
        let done = quantity(progress.done, progress.unit)
        if let total = progress.total, total > 0 {
            let percent = min(100, Int(Double(progress.done) * 100 / Double(total)))
            parts.append("\(done) of \(quantity(total, progress.unit)) (\(percent)%)")
        } else {
            parts.append(done)
        }
        if let records = progress.records, progress.unit != .records { parts.append(quantity(records, .records)) }
        if let pictures = progress.pictures, progress.unit != .pictures { parts.append("\(grouped(pictures)) pictures inlined") }
        if elapsed > 0, progress.done > 0 {
            let rate = Double(progress.done) / elapsed
            parts.append(rateText(rate, progress.unit))
            if let total = progress.total, total > progress.done {
                parts.append(duration(Double(total - progress.done) / rate) + " left")
            }
        }
        return parts.joined(separator: ", ")
    }

    /// `12.3 MB`, `4,096 records`, `64 pictures`.
    static func quantity(_ count: Int, _ unit: JobProgress.Unit) -> String {
        switch unit {
        case .bytes: return bytes(Double(count))
        case .records: return "\(grouped(count)) record\(count == 1 ? "" : "s")"
        case .pictures: return "\(grouped(count)) picture\(count == 1 ? "" : "s")"
        }
    }

    /// `4.1 MB/s`, `52,000 records/s`, `12 pictures/s`.
    static func rateText(_ rate: Double, _ unit: JobProgress.Unit) -> String {
        switch unit {
        case .bytes: return bytes(rate) + "/s"
        case .records: return "\(grouped(Int(rate.rounded()))) records/s"
        case .pictures: return rate < 10 ? "\(oneDecimal(rate)) pictures/s" : "\(Int(rate.rounded())) pictures/s"
        }
    }

    /// Decimal units, one decimal from kB on: `512 B`, `3.4 kB`, `12.3 MB`, `1.2 GB`.
    static func bytes(_ count: Double) -> String {
        if count < 1000 { return "\(Int(count)) B" }
        let units = ["kB", "MB", "GB", "TB"]
        var value = count / 1000
        var index = 0
        while value >= 1000 && index < units.count - 1 {
            value /= 1000
            index += 1
        }
        return "\(oneDecimal(value)) \(units[index])"
    }

    /// `45 s`, `3 min 05 s`, `1 h 02 min`.
    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.up))
        if whole < 60 { return "\(whole) s" }
        if whole < 3600 { return "\(whole / 60) min \(twoDigits(whole % 60)) s" }
        return "\(whole / 3600) h \(twoDigits(whole % 3600 / 60)) min"
    }

    /// `1,234,567`.
    static func grouped(_ count: Int) -> String {
        let digits = Array(String(count))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 && digit != "-" && digits[index - 1] != "-" { out.append(",") }
            out.append(digit)
        }
        return out
    }

    private static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    /// 250 ms, or `TUNEKIT_PROGRESS_INTERVAL` milliseconds.
    private static func configuredInterval() -> Duration {
        if let raw = getenv(intervalVariable), let milliseconds = Int(String(cString: raw)), milliseconds >= 0 {
            return .milliseconds(milliseconds)
        }
        return .milliseconds(250)
    }
}
