/// The number formats of an Excel 2003 XML workbook's styles (`<Style ss:ID="s62"><NumberFormat
/// ss:Format="yyyy/m/d"/>`), and the date system (`<Date1904/>`): what a `ss:Type="Number"` cell means
/// when its style formats it as a date or time (WPS writes dates as serials this way).
struct SpreadsheetMLStyles {
    /// Format code or name by style id.
    var formats: [String: String] = [:]
    /// Parent style by style id (`ss:Parent`): a style without a number format inherits its parent's.
    var parents: [String: String] = [:]
    /// Whether serials count from 1904-01-01.
    var date1904 = false
    /// The kinds of the styles that show dates or times, fixed by ``resolve()`` once the styles are read.
    private(set) var dateStyles: [String: ExcelNumbers.Kind] = [:]

    /// Excel's named formats, which carry no format code.
    static let named: [String: ExcelNumbers.Kind] = [
        "general date": .dateTime, "long date": .date, "medium date": .date, "short date": .date,
        "long time": .time, "medium time": .time, "short time": .time,
        "general": .number, "general number": .number, "currency": .number, "euro currency": .number,
        "fixed": .number, "standard": .number, "percent": .number, "scientific": .number,
        "yes/no": .number, "true/false": .number, "on/off": .number,
    ]

    /// The kind of number a style shows.
    func kind(of style: String) -> ExcelNumbers.Kind {
        var id = style
        var hops = 0
        while formats[id] == nil, let parent = parents[id], hops < 16 {
            id = parent
            hops += 1
        }
        guard let format = formats[id] else { return .number }
        if let kind = Self.named[format.lowercased()] { return kind }
        // Elapsed-time formats ([h]:mm:ss) are durations, not dates: the serial is kept.
        let lowered = format.lowercased()
        if lowered.contains("[h") || lowered.contains("[m") || lowered.contains("[s") { return .number }
        return ExcelNumbers.kind(ofFormat: format)
    }

    /// Works out once which styles show dates or times (before the first sheet), so that a cell costs a
    /// lookup, and nothing at all in a workbook without such styles.
    mutating func resolve() {
        dateStyles = [:]
        for id in Set(formats.keys).union(parents.keys) {
            let kind = kind(of: id)
            if kind != .number { dateStyles[id] = kind }
        }
    }

    /// A number cell's value (already without float noise) as its style shows it, as the XLSX reader shows the
    /// same cell: dates as ISO 8601, date-times with their time, times of day as `hh:mm:ss`.
    func apply(to value: String, style: String) -> String {
        guard let kind = dateStyles[style], let serial = Double(value), serial >= 0, serial < 2_958_466 else { return value }
        return ExcelNumbers.iso(serial: value, kind: kind, date1904: date1904)
    }
}
