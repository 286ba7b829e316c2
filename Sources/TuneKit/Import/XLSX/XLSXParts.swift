/// The parts of an XLSX workbook read before its sheets: sheet names and visibility, the date system,
/// the shared strings, and which cell styles display dates.
struct XLSXParts {
    struct Sheet {
        var name: String
        var hidden: Bool
        var entry: String
        var hasData: Bool
    }

    var sheets: [Sheet] = []
    var date1904 = false
    /// The shared strings: one UTF-8 arena and where each string ends, in memory up to a limit and in a
    /// mapped temporary file beyond it.
    var sharedStrings = SharedStringArena()
    /// Number kind by cell style index (`s` attribute).
    var styleKinds: [ExcelNumbers.Kind] = []
    /// Plain number patterns (`00000`, `0.00%`) by cell style index, `nil` for the other styles.
    var stylePatterns: [NumberPattern?] = []

    /// The shared strings being read on a thread of their own (see ``finishSharedStrings()``).
    private var stringsReading: SharedStringsReading?

    /// Reads the parts; with `readingSharedStringsAhead`, the shared strings are read on a thread of their own
    /// while the caller goes on (styles, choosing the sheet, its merges), and ``sharedStrings`` holds them only
    /// after ``finishSharedStrings()``.
    init(archive: ZipArchive, sharedStringsInMemory: Int = SharedStringArena.defaultMemoryLimit,
         sharedStringsLimit: Int = SheetOptions.defaultSharedStringsLimit, cellLimit: Int = InputLimits.defaultMaxLineBytes,
         readingSharedStringsAhead: Bool = false) throws(ImportError) {
        // Part names are matched as Excel matches them: ignoring case, `\` read as `/` (``PackageParts``).
        let package = PackageParts(archive: archive)
        func entry(_ part: String) -> String? { package.entry(part) }
        // The workbook part is the one the package's relationships name (`_rels/.rels`), wherever it is.
        // A damaged `_rels/.rels` leaves the usual name.
        var workbookPart = "xl/workbook.xml"
        if let found = entry("_rels/.rels") {
            let relationships = RelationshipsPart()
            try? WorkbookReader.run(source: archive.open(found), handler: relationships)
            if let target = relationships.officeDocument.flatMap({ PackagePath.resolve($0, from: "") }) { workbookPart = target }
        }
        guard let workbookEntry = entry(workbookPart) ?? entry("xl/workbook.xml") else {
            throw ImportError(.unknownFormat, "the archive has no workbook part (\(workbookPart))\(PackageContent(archive: archive).notAWorkbook)",
                              at: SourceLocation(file: archive.path))
        }
        let workbook = WorkbookPart()
        try WorkbookReader.run(source: archive.open(workbookEntry), handler: workbook)
        guard workbook.isWorkbook else {
            throw ImportError(.unknownFormat, "the package's main part (\(workbookEntry)) is not a workbook\(PackageContent(archive: archive).notAWorkbook)",
                              at: SourceLocation(file: archive.path))
        }
        let workbookName = Self.partKey(workbookEntry) == Self.partKey(workbookPart) ? workbookPart : workbookEntry
        let relations = RelationshipsPart()
        let relationsPart = PackagePath.relationships(of: workbookName)
        try WorkbookReader.run(source: archive.open(entry(relationsPart) ?? relationsPart), handler: relations)
        date1904 = workbook.date1904
        // A target that climbs out of the package names no part.
        func resolve(_ target: String) -> String { PackagePath.resolve(target, from: workbookName) ?? "" }
        for sheet in workbook.sheets {
            guard let target = relations.targets[sheet.relation] else { continue }
            let part = resolve(target)
            let found = entry(part)
            let dimension = DimensionProbe()
            if let found {
                try? WorkbookReader.run(source: archive.open(found), handler: dimension, until: { dimension.done })
            }
            sheets.append(Sheet(name: sheet.name, hidden: sheet.hidden, entry: found ?? part, hasData: dimension.hasData))
        }
        // The shared strings and styles are the parts the workbook's relationships name, else the usual names.
        let stringsPart = relations.sharedStrings.map(resolve) ?? "xl/sharedStrings.xml"
        if let found = entry(stringsPart) ?? entry("xl/sharedStrings.xml") {
            let reading = SharedStringsReading(source: try archive.open(found), memoryLimit: sharedStringsInMemory,
                                               declaredSize: archive.inflatedBound(of: found), archivePath: archive.path,
                                               part: found, limit: sharedStringsLimit, stringLimit: cellLimit)
            if readingSharedStringsAhead {
                reading.start()
                stringsReading = reading
                // A publishing arena is readable while it fills: the sheet's rows use its strings as they come.
                if reading.strings.publishing { sharedStrings = reading.strings }
            } else {
                sharedStrings = try reading.read()
            }
        }
        if let found = entry(relations.styles.map(resolve) ?? "xl/styles.xml") ?? entry("xl/styles.xml") {
            let styles = StylesPart()
            try WorkbookReader.run(source: archive.open(found), handler: styles)
            styleKinds = styles.cellFormats.map { id in
                styles.customFormats[id].map { ExcelNumbers.elapsed(ofFormat: $0) ?? ExcelNumbers.kind(ofFormat: $0) }
                    ?? ExcelNumbers.builtin(id)
            }
            stylePatterns = styles.cellFormats.map { id in
                (styles.customFormats[id] ?? ExcelNumbers.builtinCode(id)).flatMap { NumberPattern(code: $0) }
            }
        }
    }
}

extension XLSXParts {
    /// Whether the rows may be read before the shared strings are finished (they are being read into a
    /// publishing arena, see ``SharedStringArena``); else ``finishSharedStrings()`` comes first.
    var sharedStringsStream: Bool { stringsReading?.strings.publishing ?? false }

    /// Waits for the shared strings read ahead, if they are, and takes them; throws what stopped them.
    mutating func finishSharedStrings() throws(ImportError) {
        guard let reading = stringsReading else { return }
        stringsReading = nil
        sharedStrings = try reading.wait()
    }

    /// A part name as Excel compares them: lower case, `\` as `/`, no leading `/`.
    static func partKey(_ name: String) -> String {
        var key = name.lowercased().replacingOccurrences(of: "\\", with: "/")
        while key.hasPrefix("/") { key.removeFirst() }
        return key
    }
}

/// `xl/workbook.xml`: `<sheet name state r:id>` and `<workbookPr date1904>`, in SpreadsheetML's main
/// namespace only: Excel 2013+ writes an `<x15:workbookPr>` (without `date1904`) in an extension list, which
/// must not override the main element, so only the main element's `date1904` counts.
private final class WorkbookPart: NamespacedXMLEventHandler {
    var sheets: [(name: String, hidden: Bool, relation: String)] = []
    var date1904 = false
    /// Whether the part's root element is `<workbook>` (a Word document's main part is not).
    private(set) var isWorkbook = false
    private var extensionDepth = 0

    func startElement(_ name: UnsafeBufferPointer<UInt8>, namespace: XMLNamespace, attributes: XMLAttributes) {
        guard namespace.isSpreadsheetML else { return }
        if SpreadsheetML.is(name, "extLst") {
            extensionDepth += 1
        } else if extensionDepth > 0 {
            return
        } else if SpreadsheetML.is(name, "workbook") {
            isWorkbook = true
        } else if SpreadsheetML.is(name, "sheet") {
            let state = attributes.first(named: "state")?.text ?? "visible"
            sheets.append((attributes.first(named: "name")?.text ?? "Sheet\(sheets.count + 1)",
                           state != "visible", attributes.first(named: "id")?.text ?? ""))
        } else if SpreadsheetML.is(name, "workbookPr") {
            let value = attributes.first(named: "date1904")?.text
            date1904 = value == "1" || value == "true"
        }
    }

    func endElement(_ name: UnsafeBufferPointer<UInt8>, namespace: XMLNamespace) {
        if namespace.isSpreadsheetML && SpreadsheetML.is(name, "extLst") { extensionDepth -= 1 }
    }
    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {}
}

/// A relationships part (`_rels/.rels`, `xl/_rels/workbook.xml.rels`): relationship id → target, and the
/// office document, shared strings and styles parts, by their types' last segment (the same for transitional
/// `http://schemas.openxmlformats.org/officeDocument/2006/relationships/…` and strict
/// `http://purl.oclc.org/ooxml/officeDocument/relationships/…`).
private final class RelationshipsPart: NamespacedXMLEventHandler {
    var targets: [String: String] = [:]
    var sharedStrings: String?
    var styles: String?
    var officeDocument: String?

    func startElement(_ name: UnsafeBufferPointer<UInt8>, namespace: XMLNamespace, attributes: XMLAttributes) {
        if namespace == .packageRelationships || namespace == .none,
           SpreadsheetML.is(name, "Relationship"), let id = attributes.first(named: "Id"),
           let target = attributes.first(named: "Target") {
            targets[id.text] = target.text
            let type = attributes.first(named: "Type")?.text ?? ""
            if type.hasSuffix("/sharedStrings") { sharedStrings = target.text }
            if type.hasSuffix("/styles") { styles = target.text }
            if type.hasSuffix("/officeDocument") && officeDocument == nil { officeDocument = target.text }
        }
    }

    func endElement(_ name: UnsafeBufferPointer<UInt8>, namespace: XMLNamespace) {}
    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {}
}

/// The start of a worksheet: its `<dimension ref>` says whether it holds anything. `A1` is what Excel writes
/// for an empty sheet and for a sheet whose only cell is A1, so then the first cell decides.
final class DimensionProbe: NamespacedXMLEventHandler {
    var hasData = true
    var done = false
    private var onlyA1 = false

    func startElement(_ name: UnsafeBufferPointer<UInt8>, namespace: XMLNamespace, attributes: XMLAttributes) {
        guard namespace.isSpreadsheetML else { return }
        if SpreadsheetML.is(name, "dimension") {
            onlyA1 = attributes.first(named: "ref")?.text == "A1"
            hasData = !onlyA1
            done = !onlyA1
        } else if SpreadsheetML.is(name, "sheetData") {
            done = !onlyA1
        } else if onlyA1, SpreadsheetML.is(name, "v") || SpreadsheetML.is(name, "is") {
            hasData = true
            done = true
        }
    }

    func endElement(_ name: UnsafeBufferPointer<UInt8>, namespace: XMLNamespace) {
        if namespace.isSpreadsheetML && SpreadsheetML.is(name, "sheetData") { done = true }
    }
    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {}
}

/// `xl/sharedStrings.xml`: each `<si>` is the text of its `<t>` elements (runs joined; phonetic
/// `<rPh>` guides left out; `_xHHHH_` escapes decoded).
///
/// The table holds at most `limit` bytes (text and string ends, ``SharedStringArena/heldBytes``): past it the
/// reading stops (``overLimit``), with no more text kept, and the reader refuses the workbook.
final class SharedStringsPart: NamespacedXMLEventHandler {
    let strings: SharedStringArena
    private let limit: Int
    private var current: [UInt8] = []
    private var inText = false
    private var inPhonetic = false
    /// Whether the table would outgrow `limit` (nothing more is kept then).
    private(set) var overLimit = false
    /// The most bytes one string may take (a cell's limit, ``InputLimits``).
    private let stringLimit: Int
    /// The 0-based index of the first string longer than `stringLimit` (nothing more is kept then).
    private(set) var overLongString: Int?
    /// Whether the reading should stop.
    var stopped: Bool { overLimit || overLongString != nil }

    init(strings: SharedStringArena, limit: Int = SheetOptions.defaultSharedStringsLimit,
         stringLimit: Int = InputLimits.defaultMaxLineBytes) {
        self.strings = strings
        self.limit = limit
        self.stringLimit = stringLimit
    }

    func startElement(_ name: UnsafeBufferPointer<UInt8>, namespace: XMLNamespace, attributes: XMLAttributes) {
        guard namespace.isSpreadsheetML else { return }
        if SpreadsheetML.is(name, "si") {
            current.removeAll(keepingCapacity: true)
        } else if SpreadsheetML.is(name, "t") {
            inText = !inPhonetic
        } else if SpreadsheetML.is(name, "rPh") {
            inPhonetic = true
        }
    }

    func endElement(_ name: UnsafeBufferPointer<UInt8>, namespace: XMLNamespace) {
        guard namespace.isSpreadsheetML else { return }
        if SpreadsheetML.is(name, "si") {
            guard !stopped else { return }
            if strings.heldBytes + current.count + 4 > limit {
                overLimit = true
                return
            }
            strings.append(XLSXEscapes.decode(current))
        } else if SpreadsheetML.is(name, "t") {
            inText = false
        } else if SpreadsheetML.is(name, "rPh") {
            inPhonetic = false
        }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard inText, !stopped else { return }
        if current.count + bytes.count > stringLimit {
            overLongString = strings.count
            return
        }
        if strings.heldBytes + current.count + bytes.count + 4 > limit {
            overLimit = true
            return
        }
        current.append(contentsOf: bytes)
    }
}

/// `xl/styles.xml`: custom number formats, and the number format of each cell style.
private final class StylesPart: NamespacedXMLEventHandler {
    var customFormats: [Int: String] = [:]
    var cellFormats: [Int] = []
    private var inCellXfs = false

    func startElement(_ name: UnsafeBufferPointer<UInt8>, namespace: XMLNamespace, attributes: XMLAttributes) {
        guard namespace.isSpreadsheetML else { return }
        if SpreadsheetML.is(name, "numFmt"), let id = attributes.first(named: "numFmtId")?.integer,
           let code = attributes.first(named: "formatCode") {
            customFormats[id] = code.text
        } else if SpreadsheetML.is(name, "cellXfs") {
            inCellXfs = true
        } else if SpreadsheetML.is(name, "xf"), inCellXfs {
            cellFormats.append(attributes.first(named: "numFmtId")?.integer ?? 0)
        }
    }

    func endElement(_ name: UnsafeBufferPointer<UInt8>, namespace: XMLNamespace) {
        if namespace.isSpreadsheetML && SpreadsheetML.is(name, "cellXfs") { inCellXfs = false }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {}
}
