/// The pictures of the sheet being read, put into its data rows as they are read (``place(in:columns:)``): a
/// cell holding a picture reads as the picture's table value (``WorkbookPicture/cellText(entry:cell:)``), which
/// a template names like any column (`{{图片}}`) and the mapper turns into ``ImageRef/packaged(_:)``.
///
/// - A picture in the first cell of a merged range fills the range (when merges fill their cells), as text does.
/// - A picture anchored on a cell that holds text leaves the text as it is (the text is what the author
///   typed; the picture lies over it) and is reported as not attached.
/// - A second picture in the same cell, a picture right of the header's last column, in the header row or
///   above it, or in a row the sheet has no cells in, is reported as not attached.
/// - An Excel in-cell picture's cell (an error cell, `#VALUE!`) is no longer an error cell.
/// - A WPS `=DISPIMG("ID_…",1)` whose ID `xl/cellimages.xml` resolves is the picture; an unknown ID stays the
///   formula text (the mapper rejects it as `map.cell_picture`).
final class SheetPictures {
    let archive: PictureArchive
    /// Row → column → picture parts, in document order.
    private var cells: [Int: [Int: [String]]] = [:]
    private let cellImages: [String: String]
    private var usedImages: Set<String> = []
    private var notAttached: [(entry: String, why: String)]
    /// Pictures put into rows.
    private(set) var attached = 0
    /// Pictures put into rows, by column (1-based, as in the sheet): how many, and the first cell.
    private(set) var attachedByColumn: [Int: (count: Int, first: String)] = [:]

    /// Merged ranges by first row: first column → last row and column.
    private var merges: [Int: [Int: (lastRow: Int, lastColumn: Int)]] = [:]
    /// Picture values a merge carries into the rows below its first, by row.
    private var carried: [Int: [(column: Int, text: String)]] = [:]

    init(archive: PictureArchive, placed: [WorkbookPictures.Placed], cellImages: [String: String],
         notAttached: [(entry: String, why: String)],
         merges: [(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int)] = []) {
        for merge in merges where merge.lastRow > merge.firstRow || merge.lastColumn > merge.firstColumn {
            self.merges[merge.firstRow, default: [:]][merge.firstColumn] = (merge.lastRow, merge.lastColumn)
        }
        self.archive = archive
        self.cellImages = cellImages
        self.notAttached = notAttached
        for picture in placed {
            cells[picture.row, default: [:]][picture.column, default: []].append(picture.entry)
        }
    }

    /// The pictures placed in cells of data rows not yet read, by cell (1-based), in row then column order.
    var placedColumns: [(row: Int, column: Int, entry: String)] {
        cells.sorted { $0.key < $1.key }.flatMap { row, byColumn in
            byColumn.sorted { $0.key < $1.key }.map { (row, $0.key, $0.value[0]) }
        }
    }

    /// Whether the sheet has pictures for its rows.
    var isEmpty: Bool { cells.isEmpty && cellImages.isEmpty }

    /// Puts the pictures of `row` into its cells, up to column `columns` (the header's width).
    func place(in row: inout SheetRow, columns: Int) {
        // A merged picture's value in the rows below its first (their cells are empty: the merge covers them).
        for (column, text) in carried.removeValue(forKey: row.number) ?? [] where column <= columns {
            if row.isEmpty(at: column) { row.set(text, at: column) }
        }
        if let byColumn = cells.removeValue(forKey: row.number) {
            for (column, entries) in byColumn.sorted(by: { $0.key < $1.key }) {
                let cell = "\(ColumnName.of(column))\(row.number)"
                guard column <= columns else {
                    for entry in entries { notAttached.append((entry, "cell \(cell), right of the header's columns")) }
                    continue
                }
                let isError = row.errorColumns.contains(column)
                let text = row.value(at: column)
                if !text.isEmpty && !isError && !TableMapper.isCellPicture(text) {
                    for entry in entries { notAttached.append((entry, "cell \(cell), over its text")) }
                    continue
                }
                let picture = WorkbookPicture.cellText(entry: entries[0], cell: cell)
                row.set(picture, at: column)
                row.errorColumns.removeAll { $0 == column }
                count(column, cell)
                if let merge = merges[row.number]?[column] {
                    // The picture fills its merge, as the merge's text would (``MergeCarry``).
                    if merge.lastColumn > column {
                        for right in (column + 1)...merge.lastColumn where right <= columns {
                            if row.isEmpty(at: right) { row.set(picture, at: right) }
                        }
                    }
                    if merge.lastRow > row.number {
                        for below in (row.number + 1)...merge.lastRow {
                            for filled in column...merge.lastColumn { carried[below, default: []].append((filled, picture)) }
                        }
                    }
                }
                for entry in entries.dropFirst() { notAttached.append((entry, "a second picture in cell \(cell)")) }
            }
        }
        guard !cellImages.isEmpty else { return }
        for (index, value) in row.values.enumerated() where TableMapper.isCellPicture(value) {
            guard let id = Self.dispimgID(value), let entry = cellImages[id] else { continue }
            let cell = "\(ColumnName.of(index + 1))\(row.number)"
            row.set(WorkbookPicture.cellText(entry: entry, cell: cell), at: index + 1)
            usedImages.insert(id)
            count(index + 1, cell)
        }
    }

    private func count(_ column: Int, _ cell: String) {
        attached += 1
        attachedByColumn[column, default: (0, cell)].count += 1
    }

    /// The ID of `=DISPIMG("ID_…",1)`.
    static func dispimgID(_ text: String) -> String? {
        guard let open = text.range(of: "DISPIMG(\"") else { return nil }
        let rest = text[open.upperBound...]
        guard let close = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<close])
    }

    /// Pictures of the package not put into any row read, with why (call after the rows are read).
    var unattached: [(entry: String, why: String)] {
        var list = notAttached
        for (row, byColumn) in cells.sorted(by: { $0.key < $1.key }) {
            for (column, entries) in byColumn.sorted(by: { $0.key < $1.key }) {
                for entry in entries {
                    list.append((entry, "cell \(ColumnName.of(column))\(row), in the header row or a row with no data"))
                }
            }
        }
        for (id, entry) in cellImages.sorted(by: { $0.key < $1.key }) where !usedImages.contains(id) {
            list.append((entry, "WPS cell picture \(id), named by no cell read"))
        }
        return list
    }
}
