/// Part names of an Open Packaging Conventions package (ECMA-376 Part 2: XLSX and the other OOXML files):
/// where a part's relationships are kept, and which part a relationship's target names.
enum PackagePath {
    /// The relationships part of `part` (`xl/workbook.xml` → `xl/_rels/workbook.xml.rels`, `\` read as `/`); the package's own
    /// relationships (`_rels/.rels`) for the empty name.
    static func relationships(of stored: String) -> String {
        let part = stored.replacingOccurrences(of: "\\", with: "/")
        guard let slash = part.lastIndex(of: "/") else { return "_rels/\(part).rels" }
        return "\(part[..<slash])/_rels/\(part[part.index(after: slash)...]).rels"
    }

    /// The part a relationship of `source` targets: relative to the source part's folder, or from the package
    /// root when it starts with `/`; `\` read as `/` (as Excel does), `.` and `..` resolved. Nil when a `..` climbs
    /// out of the package or nothing is left, so a target can only name a part inside the package.
    static func resolve(_ target: String, from source: String) -> String? {
        let text = target.replacingOccurrences(of: "\\", with: "/")
        var segments: [Substring] = []
        let folder = source.replacingOccurrences(of: "\\", with: "/")
        if !text.hasPrefix("/"), let slash = folder.lastIndex(of: "/") {
            segments = folder[..<slash].split(separator: "/")
        }
        for segment in text.split(separator: "/") {
            switch segment {
            case ".": continue
            case "..":
                guard !segments.isEmpty else { return nil }
                segments.removeLast()
            default: segments.append(segment)
            }
        }
        return segments.isEmpty ? nil : segments.joined(separator: "/")
    }
}
