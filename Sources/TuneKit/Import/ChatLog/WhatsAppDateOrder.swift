/// The order of day, month and year in a WhatsApp export's dates, as `--date-order` sets it (recipe key
/// `date_order`): `dmy` (13/06/2018), `mdy` (06/13/2018) or `ymd` (2018/06/13). Without the flag the order
/// is decided from the file: a field over 12 is the day.
public enum WhatsAppDateOrder: String, Sendable, CaseIterable {
    case dmy
    case mdy
    case ymd

    /// Whether the day comes before the month.
    var dayFirst: Bool { self == .dmy }
}

/// How the reader came to its date order, for the report (`date_order_decided_by`).
struct WhatsAppDateDecision {
    /// The day comes before the month (of the two fields that are not the year).
    var dayFirst: Bool
    /// Whether a date settled it (or the flag set it); otherwise it is assumed and checked on every line.
    var settled: Bool
    /// Why, for the report.
    var reason: String

    /// The order spelled out for the learned field positions: `day/month/year`, `year/month/day` ….
    static func spelled(yearPosition: Int, dayFirst: Bool) -> String {
        var names = dayFirst ? ["day", "month"] : ["month", "day"]
        names.insert("year", at: min(yearPosition, 2))
        return names.joined(separator: "/")
    }
}
