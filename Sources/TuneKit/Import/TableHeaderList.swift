extension TableHeader {
    /// The columns as a message lists them: the first `limit` joined by commas, then how many more
    /// (`a, b, … and 99,980 more`), so that a header of 100,000 columns gives a short line, not a 2 MB one.
    package func listed(limit: Int = 20) -> String {
        guard columns.count > limit else { return columns.joined(separator: ", ") }
        return columns.prefix(limit).joined(separator: ", ") + " … and \(columns.count - limit) more"
    }
}
