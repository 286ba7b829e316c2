/// The parts of a zip package (XLSX or ODS) as the picture index reads them: found by name as Excel matches
/// them (case ignored, `\` as `/`), relationship targets resolved against their source part and kept inside
/// the package, and each XML part read through the SAX parser (``WorkbookReader/run(source:handler:until:)``)
/// after ``ZipArchive``'s size checks.
struct PackageParts {
    let archive: ZipArchive
    /// Part key (``XLSXParts/partKey(_:)``) → the entry's name as stored.
    private let names: [String: String]

    init(archive: ZipArchive) {
        self.archive = archive
        var names: [String: String] = [:]
        for name in archive.entries.keys.sorted() where names[XLSXParts.partKey(name)] == nil {
            names[XLSXParts.partKey(name)] = name
        }
        self.names = names
    }

    /// The stored name of a part, if the package has it.
    func entry(_ part: String) -> String? { names[XLSXParts.partKey(part)] }

    /// Every stored entry name.
    var entryNames: [String] { Array(names.values) }

    /// Reads `part` through `handler`; false when the package has no such part.
    @discardableResult
    func read(_ part: String, with handler: XMLEventHandler) throws(ImportError) -> Bool {
        guard let name = entry(part) else { return false }
        try WorkbookReader.run(source: archive.open(name), handler: handler)
        return true
    }

    /// The relationships of `part` (``PackagePath/relationships(of:)``), of a type ending `typeSuffix` when given:
    /// id → target part, resolved (``PackagePath/resolve(_:from:)``). External targets and targets that climb out
    /// of the package are left out.
    func relationships(of part: String, typeSuffix: String? = nil) throws(ImportError) -> [String: String] {
        let handler = RelationshipList()
        guard try read(PackagePath.relationships(of: part), with: handler) else { return [:] }
        var targets: [String: String] = [:]
        for (id, target, type, external) in handler.relationships where !external && typeSuffix.map({ type.hasSuffix($0) }) != false {
            if let resolved = PackagePath.resolve(target, from: part) { targets[id] = resolved }
        }
        return targets
    }
}

/// A `.rels` part: `<Relationship Id Target TargetMode>` in order.
final class RelationshipList: XMLEventHandler {
    private(set) var relationships: [(id: String, target: String, type: String, external: Bool)] = []

    func startElement(_ name: UnsafeBufferPointer<UInt8>, attributes: XMLAttributes) {
        guard SpreadsheetML.is(name, "Relationship"), let id = attributes.first(named: "Id"),
              let target = attributes.first(named: "Target") else { return }
        relationships.append((id.text, target.text, attributes.first(named: "Type")?.text ?? "",
                              attributes.first(named: "TargetMode")?.equals("External") == true))
    }

    func endElement(_ name: UnsafeBufferPointer<UInt8>) {}
    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {}
}
