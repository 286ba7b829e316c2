import Foundation

/// The placeholder table: whole messages that stand for what an export left out (`<Media omitted>`, `[图片]`,
/// `IMG-20210428-WA0001.jpg (file attached)`, a deleted message, a missed call), as data — the tab-separated
/// `Placeholders.tsv` beside this file, compiled into the binary by the `EmbedResources` build plugin.
///
/// Columns: kind, export, locale, match (`exact`, `prefix`, `suffix`, `wrap`), rest (`-`, `file`, `text`), text.
package struct PlaceholderTable: Sendable {
    /// How a row's text meets a message.
    package enum Match: String, Sendable {
        /// The whole message is the text.
        case exact
        /// The text, then the rest.
        case prefix
        /// The rest, then the text.
        case suffix
        /// The text's `…` marks where the rest goes.
        case wrap
    }

    /// What the variable part of a `prefix`, `suffix` or `wrap` row must be.
    package enum Rest: String, Sendable {
        /// Nothing (`exact` rows).
        case none = "-"
        /// A file name: ends in `.` and 1 to 5 ASCII letters or digits.
        case file
        /// Any text on one line.
        case text
    }

    /// One row.
    package struct Row: Sendable, Equatable {
        package var kind: PlaceholderKind
        package var export: ChatExportKind
        package var locale: String
        package var match: Match
        package var rest: Rest
        package var text: String
        /// The 1-based line of the table it was read from.
        package var line: Int
    }

    /// A line of the table that is not a valid row.
    package struct Failure: Error, CustomStringConvertible, Equatable {
        package var line: Int
        package var reason: String
        package var description: String { "Placeholders.tsv:\(line): \(reason)" }
    }

    package let rows: [Row]

    /// Parses the table's text: `#` lines and blank lines are comments, the `kind…` header line is skipped.
    package init(text: String) throws(Failure) {
        var rows: [Row] = []
        var number = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let line = line.hasSuffix("\r") ? line.dropLast() : line
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("kind\t") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 6 else { throw Failure(line: number, reason: "\(fields.count) fields, not 6") }
            guard let kind = PlaceholderKind(rawValue: fields[0]) else { throw Failure(line: number, reason: "unknown kind \(fields[0])") }
            guard let export = ChatExportKind(rawValue: fields[1]), export != .chatgpt else {
                throw Failure(line: number, reason: "unknown export \(fields[1])")
            }
            guard let match = Match(rawValue: fields[3]) else { throw Failure(line: number, reason: "unknown match \(fields[3])") }
            guard let rest = Rest(rawValue: fields[4]) else { throw Failure(line: number, reason: "unknown rest \(fields[4])") }
            let text = fields[5]
            guard !text.isEmpty else { throw Failure(line: number, reason: "no text") }
            guard (match == .exact) == (rest == .none) else {
                throw Failure(line: number, reason: "exact rows take rest -, the others file or text")
            }
            guard (match == .wrap) == (text.components(separatedBy: "…").count == 2) else {
                throw Failure(line: number, reason: "a wrap row's text holds one …, and only a wrap row's")
            }
            rows.append(Row(kind: kind, export: export, locale: fields[2], match: match, rest: rest, text: text, line: number))
        }
        self.rows = rows
    }

    /// The table compiled into the binary (empty only if the built-in file were broken, which a test rules out).
    package static let builtIn: PlaceholderTable = {
        let bytes = embeddedDataFiles.first { $0.path == path }.flatMap { Data(base64Encoded: $0.base64) } ?? Data()
        return (try? PlaceholderTable(text: String(decoding: bytes, as: UTF8.self))) ?? PlaceholderTable(rows: [])
    }()

    /// The table's path in the package.
    package static let path = "Sources/TuneKit/Map/Placeholders.tsv"

    private init(rows: [Row]) { self.rows = rows }

    /// The matcher for one export: its rows and the `any` rows.
    package func matcher(for export: ChatExportKind) -> PlaceholderMatcher {
        PlaceholderMatcher(rows: rows.filter { $0.export == .any || $0.export == export })
    }
}
