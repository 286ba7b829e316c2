#if canImport(Glibc)
import Glibc
#endif
import TuneKit

/// The lines `convert` prints after its count line, so that a run can be judged without opening a file: how
/// each field was mapped, the columns left unused, one record as written (cut to the terminal's width), and the
/// top reject reasons with a count, the first location and the fix.
///
///     mapping: user ← {{问题}} (column name)
///              assistant ← {{答案}} (column name)
///     unused columns: 备注
///     sample (faq.csv:2):
///       user: 退货要多久？
///       assistant: 收到退货后 3 个工作日内退款。
///     rejected: 15 map.local_image, first at captions.csv:2 — fix: add --image-mode base64 (…)
///     conflicts: 3 prompts with different answers (4 records), first at faq.csv:2 and faq.csv:9
///       also faq.csv:3 and faq.csv:11
///     contaminated: 2 records ask what eval.jsonl asks (1 exact, 1 similar), first faq.csv:4 and eval.jsonl:12, exact
///     screening: 3 lint.cut_off, first at faq.csv:41 — the answer stops mid-sentence (ends with “，”): …
struct ConvertSummary {
    let report: ConversionReport
    /// Columns of the terminal the lines are cut to.
    let width: Int

    /// Reject reasons shown.
    static let shownReasons = 5

    var lines: [String] {
        var lines: [String] = []
        for (index, entry) in report.mapping.enumerated() {
            let head = index == 0 ? "mapping: " : "         "
            lines.append(Self.cut(head + "\(entry.field) ← \(entry.template) (\(entry.how))", width: width))
        }
        if !report.unusedColumns.isEmpty {
            lines.append(Self.cut("unused columns: " + report.unusedColumns.joined(separator: ", "), width: width))
        }
        if let sample = report.sample {
            lines.append(Self.cut("sample (\(sample.location)):", width: width))
            let turns = Self.turns(of: sample.line)
            // A line that does not read as a record's turns is shown as written.
            for turn in turns.isEmpty ? [sample.line] : turns { lines.append(Self.cut("  " + turn, width: width)) }
        }
        let reasons = report.rejectReasons
        for (index, reason) in reasons.prefix(Self.shownReasons).enumerated() {
            let head = index == 0 ? "rejected: " : "          "
            // Not cut: the fix is what the line is for.
            lines.append(head + "\(reason.count) \(reason.code), first at \(reason.first) — fix: \(reason.fix)")
        }
        if reasons.count > Self.shownReasons {
            let rest = reasons.dropFirst(Self.shownReasons)
            lines.append("          and \(rest.reduce(0) { $0 + $1.count }) more under \(rest.count) other reason\(rest.count == 1 ? "" : "s") (report.json: reject_reasons)")
        }
        if let conflicts = report.conflicts, let first = conflicts.examples.first {
            lines.append("conflicts: \(conflicts.count) prompt\(conflicts.count == 1 ? "" : "s") with different answers (\(conflicts.records) record\(conflicts.records == 1 ? "" : "s")), first at \(first.first) and \(first.other)")
            // Up to five pairs on the console; report.json lists the first 20 and counts them all.
            for pair in conflicts.examples.dropFirst().prefix(4) { lines.append("          also \(pair.first) and \(pair.other)") }
        }
        if let facts = report.contamination {
            let files = facts.files.joined(separator: ", ")
            if let first = facts.examples.first {
                lines.append("contaminated: \(facts.records) record\(facts.records == 1 ? "" : "s") ask\(facts.records == 1 ? "s" : "") what \(files) ask\(facts.files.count == 1 ? "s" : "") (\(facts.exact) exact, \(facts.similar) similar; rejected as clean.contaminated), first \(first.record) and \(first.description)")
            } else {
                lines.append("contaminated: 0 (no record asks any of the \(facts.evaluationRecords) prompt\(facts.evaluationRecords == 1 ? "" : "s") of \(files))")
            }
        }
        if let images = report.images, images.codecWarnings > 0,
           let first = report.warnings.first(where: { $0.code == "img.codec_warning" }) {
            let place = first.location.map { " (\($0))" } ?? ""
            lines.append(Self.cut("decoder warnings: \(images.codecWarnings) picture\(images.codecWarnings == 1 ? "" : "s") (img.codec_warning), first\(place): \(first.message)", width: width))
        }
        for (index, lint) in report.lints.enumerated() {
            let head = index == 0 ? "screening: " : "           "
            let dropped = lint.dropped > 0 ? " (\(lint.dropped) dropped)" : ""
            // The location whole; the message cut to what is left of the line.
            let line = head + "\(lint.count) \(lint.code)\(dropped), first at \(lint.first)"
            let used = line.reduce(0) { $0 + Self.columnsOf($1) }
            lines.append(line + (used + 12 < width ? Self.cut(" — " + lint.message, width: width - used) : ""))
        }
        return lines
    }

    /// The turns of a written line, one each, as people read them: `user: 退货要多久？`, `assistant: …`, a
    /// picture as `[image]`, a call as `call get_order(…)`, DPO's two replies as `preferred:` and `non-preferred:`.
    /// Line breaks inside a text show as `⏎`. Empty when the line is not a record of these shapes.
    static func turns(of line: String) -> [String] {
        guard let record = try? JSONReader.parse(line).value, case .object = record else { return [] }
        var turns: [String] = []
        func text(_ content: JSONValue?) -> String {
            switch content {
            case .string(let value)?: return value
            case .array(let parts)?:
                return parts.map { part in
                    if let value = part["text"]?.stringValue { return value }
                    return part["image_url"] != nil ? "[image]" : "[\(part["type"]?.stringValue ?? "part")]"
                }.joined(separator: " ")
            default: return ""
            }
        }
        func add(_ messages: JSONValue?) {
            for message in messages?.arrayValue ?? [] {
                let role = message["role"]?.stringValue ?? "?"
                if let reasoning = message["reasoning_content"]?.stringValue { turns.append("\(role) reasoning: \(reasoning)") }
                let content = text(message["content"])
                if !content.isEmpty { turns.append("\(role): \(content)") }
                for call in message["tool_calls"]?.arrayValue ?? [] {
                    let name = call["function"]?["name"]?.stringValue ?? "?"
                    let arguments = call["function"]?["arguments"]?.stringValue ?? ""
                    turns.append("\(role): call \(name)(\(arguments))")
                }
            }
        }
        add(record["messages"] ?? record["input"]?["messages"])
        for (key, label) in [("preferred_output", "preferred"), ("non_preferred_output", "non-preferred")] {
            for message in record[key]?.arrayValue ?? [] { turns.append("\(label): \(text(message["content"]))") }
        }
        return turns.map { $0.replacingOccurrences(of: "\r\n", with: "⏎").replacingOccurrences(of: "\n", with: "⏎") }
    }

    /// `text` cut to `width` terminal columns (CJK and other wide characters take two), ending in `…` when cut.
    static func cut(_ text: String, width: Int) -> String {
        var used = 0
        var end = text.startIndex
        for index in text.indices {
            let columns = columnsOf(text[index])
            if used + columns > width - 1 {
                // Room for the ellipsis only if the rest does not fit.
                let rest = text[index...].reduce(0) { $0 + columnsOf($1) }
                if used + rest <= width { return text }
                return String(text[..<end]) + "…"
            }
            used += columns
            end = text.index(after: index)
        }
        return text
    }

    /// Terminal columns of a character: two for East Asian wide and full-width ones, else one.
    static func columnsOf(_ character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first else { return 1 }
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    /// The width of the terminal on standard error, or 100 columns when it is not a terminal.
    static var terminalWidth: Int {
        var size = winsize()
        if isatty(2) == 1, ioctl(2, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 100
    }
}
