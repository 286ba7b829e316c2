import Foundation

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
    /// The plain number patterns of styles (`00000`, `0.00%`), fixed by ``resolve()``.
    private(set) var patterns: [String: NumberPattern] = [:]
    /// Styles with elapsed-time formats (`[h]:mm:ss`), fixed by ``resolve()``.
    private(set) var elapsedStyles: [String: ExcelNumbers.Kind] = [:]

    /// The codes of Excel's named number formats that are plain patterns.
    static let namedCodes: [String: String] = ["fixed": "0.00", "standard": "#,##0.00", "percent": "0.00%"]

    /// Whether a cell's style needs looking up at all.
    var hasStyles: Bool { !dateStyles.isEmpty || !patterns.isEmpty || !elapsedStyles.isEmpty }

    /// Excel's named formats, which carry no format code.
    static let named: [String: ExcelNumbers.Kind] = [
        "general date": .dateTime, "long date": .date, "medium date": .date, "short date": .date,
        "long time": .time, "medium time": .time, "short time": .time,
        "general": .number, "general number": .number, "currency": .number, "euro currency": .number,
        "fixed": .number, "standard": .number, "percent": .number, "scientific": .number,
        "yes/no": .number, "true/false": .number, "on/off": .number,
    ]

    /// The number format code or name a style uses (its own or its parent's).
    func format(of style: String) -> String? {
        var id = style
        var hops = 0
        while formats[id] == nil, let parent = parents[id], hops < 16 {
            id = parent
            hops += 1
        }
        return formats[id]
    }

    /// The kind of number a style shows.
    func kind(of style: String) -> ExcelNumbers.Kind {
        guard let format = format(of: style) else { return .number }
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
            guard let format = format(of: id) else { continue }
            if let elapsed = ExcelNumbers.elapsed(ofFormat: format) { elapsedStyles[id] = elapsed }
            if let pattern = NumberPattern(code: Self.namedCodes[format.lowercased()] ?? format) { patterns[id] = pattern }
        }
    }

    /// A number cell's value (already without float noise) as its style shows it, as the XLSX reader shows the
    /// same cell: dates as ISO 8601, date-times with their time, times of day as `hh:mm:ss`.
    func apply(to value: String, style: String, displayText: Bool = false) -> String {
        if let pattern = patterns[style] { return pattern.apply(to: value, displayText: displayText) ?? value }
        if case .duration(let largest, let seconds)? = elapsedStyles[style] {
            return ExcelNumbers.duration(serial: value, largest: largest, seconds: seconds)
        }
        guard let kind = dateStyles[style], let serial = Double(value), serial >= 0, serial < 2_958_466 else { return value }
        return ExcelNumbers.iso(serial: value, kind: kind, date1904: date1904)
    }
}

extension SpreadsheetMLStyles {
    /// A `ss:Type="DateTime"` value under an elapsed-time style (`[h]:mm:ss`) as elapsed time: Excel writes
    /// 255 hours as `1900-01-10T15:10:10.000` (day 0 is 1899-12-31), LibreOffice as `1899-12-31T255:10:10.000`.
    func elapsed(_ text: String, style: String) -> String? {
        guard case .duration(let largest, let seconds)? = elapsedStyles[style], text.count >= 19 else { return nil }
        let parts = text.split(whereSeparator: { "-T:.".contains($0) }).map { Int($0) }
        guard parts.count >= 6, let year = parts[0], let month = parts[1], let day = parts[2],
              let hours = parts[3], let minutes = parts[4], let secondsPart = parts[5] else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let base = calendar.date(from: DateComponents(year: 1899, month: 12, day: 31)),
              let date = calendar.date(from: DateComponents(year: year, month: month, day: day)) else { return nil }
        var days = Int((date.timeIntervalSince(base) / 86_400).rounded())
        if days >= 60 { days += 1 }  // Excel counts a 29 February 1900: 1900-03-01 is serial 61
        let serial = Double(days) + Double(hours * 3600 + minutes * 60 + secondsPart) / 86_400
        return ExcelNumbers.duration(serial: String(serial), largest: largest, seconds: seconds)
    }
}
