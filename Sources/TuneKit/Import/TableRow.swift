/// The column names of a table, shared by all its rows.
public final class TableHeader: Sendable {
    /// Column names in order (trimmed; blank names become `column3` …).
    public let columns: [String]
    private let positions: [String: Int]

    /// Creates a header; the first occurrence of a repeated name wins lookups.
    public init(columns: [String]) {
        self.columns = columns
        var positions: [String: Int] = [:]
        for (index, name) in columns.enumerated() where positions[name] == nil {
            positions[name] = index
        }
        self.positions = positions
    }

    /// The index of the column named `name`.
    public func index(of name: String) -> Int? {
        positions[name]
    }
}

/// One data row of a table: values by column, and where it came from.
public struct TableRow: Sendable {
    /// The table's header, shared by its rows.
    public let header: TableHeader
    /// One value per header column.
    public var values: [String]
    /// Where the row is.
    public var source: SourceLocation

    /// Creates a row.
    public init(header: TableHeader, values: [String], source: SourceLocation) {
        self.header = header
        self.values = values
        self.source = source
    }

    /// The value in the column named `name`, or `nil` without such a column.
    public subscript(column name: String) -> String? {
        guard let index = header.index(of: name), index < values.count else { return nil }
        return values[index]
    }

    /// Column → value pairs in column order.
    public var fields: [(key: String, value: String)] {
        zip(header.columns, values).map { (key: $0, value: $1) }
    }
}

/// What a table importer yields: a row, or an input row it could not read.
public enum TableEvent: Sendable {
    /// A data row.
    case row(TableRow)
    /// An input row that cannot be read, with the reason.
    case reject(Reject)
}

/// A table being read row by row (CSV, TSV, and later the spreadsheet formats).
public protocol TableSource: AnyObject {
    /// The header row.
    var header: TableHeader { get }
    /// Facts for the report: encoding, delimiter, sheets.
    var facts: [(key: String, value: String)] { get }
    /// Blank rows skipped so far.
    var skippedBlankRows: Int { get }
    /// The next row or reject; `nil` at the end.
    func next() throws(ImportError) -> TableEvent?
}
