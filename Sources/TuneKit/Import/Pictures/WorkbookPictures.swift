/// Every picture of a workbook package and where its author placed it, read before the rows:
/// - XLSX drawings (sheet relationships → `xl/drawings/drawingN.xml` → its relationships → `xl/media/…`): a
///   `twoCellAnchor` or `oneCellAnchor` belongs to the cell of its `from` corner — the cell its top-left corner
///   is in, even when most of the picture hangs over the next row, because that is the cell Excel moves and
///   sorts it with; an `absoluteAnchor` or `editAs="absolute"` anchor floats (no row);
/// - Excel in-cell pictures (`vm` cells, ``RichValuePictures``);
/// - WPS `=DISPIMG("ID_…",1)` cells, through `xl/cellimages.xml` (``CellImagesPart``);
/// - ODS frames inside a table cell (``OpenDocumentFrames``); frames anchored to the page float.
///
/// Built only when the package holds pictures. ``sheet(_:)`` hands the chosen sheet's pictures to the reader.
struct WorkbookPictures {
    /// A picture placed in a cell of a sheet (0-based sheet, 1-based row and column).
    struct Placed {
        var sheet: Int
        var row: Int
        var column: Int
        var entry: String
    }

    /// ODS merges of cells holding pictures (0-based sheet, first cell → last row and column).
    private(set) var openDocumentMerges: [(sheet: Int, firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int)] = []

    let archive: PictureArchive
    private(set) var placed: [Placed] = []
    /// WPS cell picture ID → picture part.
    private(set) var cellImages: [String: String] = [:]
    /// WPS cell picture IDs found by a cell's formula (placed by position, like anchored pictures).
    private(set) var formulaImages: Set<String> = []
    /// Pictures that belong to no cell, with why.
    private(set) var floating: [(entry: String, why: String)] = []
    /// Every picture part of the package, sorted.
    let media: [String]
    let sheetNames: [String]

    /// The picture parts of a package (`xl/media/…`, ODS `Pictures/…`).
    static func media(in archive: ZipArchive) -> [String] {
        archive.entryNames.filter { name in
            let lower = name.lowercased()
            return (lower.hasPrefix("xl/media/") || lower.hasPrefix("pictures/")) && !lower.hasSuffix("/")
        }.sorted()
    }

    private init(archive: ZipArchive, workbook: String, media: [String], sheetNames: [String]) {
        self.media = media
        self.sheetNames = sheetNames
        self.archive = PictureArchive(archive: archive, workbook: workbook, entries: Set(media))
    }

    /// The pictures of an XLSX package whose worksheets are `sheetParts` (in workbook order); nil without pictures.
    static func xlsx(_ archive: ZipArchive, workbook: String, sheetParts: [String], sheetNames: [String]) throws(ImportError) -> WorkbookPictures? {
        let media = media(in: archive)
        guard !media.isEmpty else { return nil }
        var index = WorkbookPictures(archive: archive, workbook: workbook, media: media, sheetNames: sheetNames)
        let package = PackageParts(archive: archive)
        func stored(_ part: String) -> String? { package.entry(part) }
        let rich = try RichValuePictures(package)
        let cellImages = CellImagesPart()
        if try package.read("xl/cellimages.xml", with: cellImages) {
            let targets = try package.relationships(of: stored("xl/cellimages.xml") ?? "xl/cellimages.xml")
            for (id, embed) in cellImages.pictures {
                if let target = targets[embed], let entry = stored(target) { index.cellImages[id] = entry }
            }
        }
        for (sheet, part) in sheetParts.enumerated() {
            for drawing in try package.relationships(of: part, typeSuffix: "/drawing").values.sorted() {
                let anchors = DrawingAnchors()
                guard try package.read(drawing, with: anchors) else { continue }
                let targets = try package.relationships(of: stored(drawing) ?? drawing)
                for anchor in anchors.anchors {
                    for embed in anchor.embeds {
                        guard let target = targets[embed], let entry = stored(target) else { continue }
                        if let cell = anchor.cell {
                            index.placed.append(Placed(sheet: sheet, row: cell.row, column: cell.column, entry: entry))
                        } else {
                            let why = anchor.floating.isEmpty ? "no cell" : anchor.floating
                            index.floating.append((entry, "floating on sheet \"\(sheetNames[sheet])\" (\(why))"))
                        }
                    }
                }
            }
            if !rich.pictures.isEmpty || !index.cellImages.isEmpty {
                let cells = SheetPictureCells()
                try package.read(part, with: cells)
                for cell in cells.valueMetadata {
                    guard let target = rich.pictures[cell.index], let entry = stored(target) else { continue }
                    index.placed.append(Placed(sheet: sheet, row: cell.row, column: cell.column, entry: entry))
                }
                for cell in cells.dispimg {
                    guard let entry = index.cellImages[cell.id] else { continue }
                    index.placed.append(Placed(sheet: sheet, row: cell.row, column: cell.column, entry: entry))
                    index.formulaImages.insert(cell.id)
                }
            }
        }
        index.archive.allow(index.placed.map(\.entry) + index.cellImages.values)
        return index
    }

    /// The pictures of an ODS package; nil without pictures.
    static func openDocument(_ archive: ZipArchive, workbook: String, sheetNames: [String]) throws(ImportError) -> WorkbookPictures? {
        let media = media(in: archive)
        guard !media.isEmpty else { return nil }
        var index = WorkbookPictures(archive: archive, workbook: workbook, media: media, sheetNames: sheetNames)
        let package = PackageParts(archive: archive)
        let frames = OpenDocumentFrames()
        try package.read("content.xml", with: frames)
        for frame in frames.frames {
            guard let entry = package.entry(frame.href) else { continue }
            let name = frame.table < sheetNames.count ? sheetNames[frame.table] : "#\(frame.table + 1)"
            if let cell = frame.cell {
                index.placed.append(Placed(sheet: frame.table, row: cell.row, column: cell.column, entry: entry))
                if frame.span.rows > 1 || frame.span.columns > 1 {
                    index.openDocumentMerges.append((frame.table, cell.row, cell.column, cell.row + max(frame.span.rows, 1) - 1,
                                                     cell.column + max(frame.span.columns, 1) - 1))
                }
            } else {
                index.floating.append((entry, "floating on sheet \"\(name)\" (anchored to the page, no cell)"))
            }
        }
        index.archive.allow(index.placed.map(\.entry))
        return index
    }

    /// The pictures the reader of sheet `sheet` (0-based) puts into its rows; a picture in the first cell of a
    /// merged range fills the range, as its text would, when `merges` (XLSX: the sheet's merged ranges) are given
    /// or, for ODS, when `fillMerged`.
    func sheet(_ sheet: Int, merges: [(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int)] = [],
               fillMerged: Bool = false) -> SheetPictures {
        var notAttached = floating
        for picture in placed where picture.sheet != sheet {
            let name = picture.sheet < sheetNames.count ? sheetNames[picture.sheet] : "#\(picture.sheet + 1)"
            notAttached.append((picture.entry, "cell \(ColumnName.of(picture.column))\(picture.row) of sheet \"\(name)\", which is not read"))
        }
        let known = Set(placed.map(\.entry)).union(cellImages.values).union(floating.map(\.entry))
        for entry in media where !known.contains(entry) {
            notAttached.append((entry, "placed in no cell"))
        }
        let ranges = merges + (fillMerged ? openDocumentMerges.filter { $0.sheet == sheet }
            .map { ($0.firstRow, $0.firstColumn, $0.lastRow, $0.lastColumn) } : [])
        return SheetPictures(archive: archive, placed: placed.filter { $0.sheet == sheet },
                             cellImages: cellImages.filter { !formulaImages.contains($0.key) }, notAttached: notAttached,
                             merges: ranges)
    }
}
