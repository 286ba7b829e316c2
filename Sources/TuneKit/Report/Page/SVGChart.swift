/// Bar charts drawn as inline SVG, so the page needs no script, font or picture from anywhere. Every number a
/// chart prints is a `<tspan>` carrying the `data-key` of its place in the report document.
enum SVGChart {
    /// One labelled bar.
    struct Bar {
        /// What the bar stands for (plain text, escaped when drawn).
        var label: String
        /// The bar's number.
        var number: ReportNumber
        /// Where the number sits in the report document.
        var key: ReportKey
        /// A CSS class giving the bar its colour.
        var tone: String = "bar"
    }

    /// Horizontal bars, one per row: label, bar scaled to the largest value, number.
    static func horizontal(_ bars: [Bar], caption: String) -> String {
        let rowHeight = 26
        let labelWidth = 190
        let barSpace = 360
        let width = labelWidth + barSpace + 110
        let height = bars.count * rowHeight + 6
        let largest = bars.map(\.number.value).max() ?? 0
        var svg = "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\">"
        svg += "<title>\(HTMLText.escape(caption))</title>"
        for (row, bar) in bars.enumerated() {
            let y = row * rowHeight + 3
            let length = largest > 0 ? max(bar.number.value > 0 ? 2 : 0, Int((bar.number.value / largest * Double(barSpace)).rounded())) : 0
            svg += "<text class=\"label\" x=\"\(labelWidth - 8)\" y=\(quoted(y + 16)) text-anchor=\"end\">\(HTMLText.escape(bar.label))</text>"
            svg += "<rect class=\"\(bar.tone)\" x=\"\(labelWidth)\" y=\(quoted(y + 3)) width=\(quoted(length)) height=\"18\" rx=\"3\"/>"
            svg += "<text class=\"value\" x=\(quoted(labelWidth + length + 6)) y=\(quoted(y + 16))>\(number(bar.number, bar.key))</text>"
        }
        return svg + "</svg>"
    }

    /// One bin of a histogram: its count, and the upper bound that closes it (nil for the last, open bin).
    struct Bin {
        var count: ReportNumber
        var countKey: ReportKey
        var bound: ReportNumber?
        var boundKey: ReportKey?
    }

    /// Vertical bars over bins labelled `≤ bound` (the last: `> previous bound`), each with its count on top.
    static func histogram(_ bins: [Bin], caption: String) -> String {
        // Wide enough for a label such as `≤ 10,000` under every bar.
        let column = 62
        let chartHeight = 120
        let width = max(bins.count * column + 10, 200)
        let height = chartHeight + 48
        let largest = bins.map(\.count.value).max() ?? 0
        var svg = "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\">"
        svg += "<title>\(HTMLText.escape(caption))</title>"
        var previous: (ReportNumber, ReportKey)?
        for (index, bin) in bins.enumerated() {
            let x = index * column + 5
            let barHeight = largest > 0 ? max(bin.count.value > 0 ? 2 : 0, Int((bin.count.value / largest * Double(chartHeight - 20)).rounded())) : 0
            let top = chartHeight - barHeight
            svg += "<rect class=\"bar\" x=\(quoted(x + 4)) y=\(quoted(top)) width=\(quoted(column - 8)) height=\(quoted(barHeight)) rx=\"2\"/>"
            svg += "<text class=\"value\" x=\(quoted(x + column / 2)) y=\(quoted(top - 4)) text-anchor=\"middle\">\(number(bin.count, bin.countKey))</text>"
            let label: String
            if let bound = bin.bound, let key = bin.boundKey {
                label = "≤ " + number(bound, key)
                previous = (bound, key)
            } else if let (bound, key) = previous {
                label = "&gt; " + number(bound, key)
            } else {
                label = "all"
            }
            svg += "<text class=\"label\" x=\(quoted(x + column / 2)) y=\(quoted(chartHeight + 16)) text-anchor=\"middle\">\(label)</text>"
        }
        svg += "<line class=\"axis\" x1=\"0\" x2=\(quoted(width)) y1=\(quoted(chartHeight)) y2=\(quoted(chartHeight))/>"
        return svg + "</svg>"
    }

    /// A number as a `<tspan>` naming its place in the report.
    static func number(_ number: ReportNumber, _ key: ReportKey) -> String {
        "<tspan data-key=\"\(HTMLText.escape(key.description))\">\(number.display)</tspan>"
    }

    private static func quoted(_ value: Int) -> String { "\"\(value)\"" }
}
