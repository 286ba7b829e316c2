/// Excel 365's pictures placed in cells ("Place in Cell"): the cell is an error cell (`t="e"`, `#VALUE!`) with
/// a value-metadata index `vm="N"`, resolved through the rich-data parts:
/// `xl/metadata.xml` valueMetadata block N (1-based) → `rc t v` (type `XLRICHVALUE`) → futureMetadata block v →
/// `xlrd:rvb i` → rich value i of `xl/richData/rdrichvalue.xml`, whose structure
/// (`rdrichvaluestructure.xml`) places the key `_rvRel:LocalImageIdentifier` → that value indexes
/// `xl/richData/richValueRel.xml`'s `<rel r:id>` → its relationships → `xl/media/…`.
struct RichValuePictures {
    /// vm index (1-based, as cells write it) → media part.
    private(set) var pictures: [Int: String] = [:]

    init(_ package: PackageParts) throws(ImportError) {
        let metadata = MetadataPart()
        guard try package.read("xl/metadata.xml", with: metadata) else { return }
        let structures = KeyedList(item: "s", key: "k", keyName: "n")
        try package.read("xl/richData/rdrichvaluestructure.xml", with: structures)
        let values = KeyedList(item: "rv", key: "v", keyName: nil)
        try package.read("xl/richData/rdrichvalue.xml", with: values)
        let rels = KeyedList(item: "richValueRels", key: "rel", keyName: "id")
        try package.read("xl/richData/richValueRel.xml", with: rels)
        let targets = try package.relationships(of: package.entry("xl/richData/richValueRel.xml") ?? "xl/richData/richValueRel.xml")
        let relationIDs = rels.items.first?.keys ?? []
        for (offset, block) in metadata.valueBlocks.enumerated() {
            guard let (type, index) = block, type >= 1, type <= metadata.types.count,
                  metadata.types[type - 1] == "XLRICHVALUE", index >= 0, index < metadata.richValueBlocks.count,
                  let value = metadata.richValueBlocks[index], value >= 0, value < values.items.count else { continue }
            let rich = values.items[value]
            guard let structure = rich.structure, structure >= 0, structure < structures.items.count,
                  let position = structures.items[structure].keys.firstIndex(of: "_rvRel:LocalImageIdentifier"),
                  position < rich.keys.count, let relation = Int(rich.keys[position]), relation >= 0,
                  relation < relationIDs.count, let target = targets[relationIDs[relation]] else { continue }
            pictures[offset + 1] = target
        }
    }
}

/// `xl/metadata.xml`: the metadata type names, each valueMetadata block's first `rc` (type, value), and each
/// XLRICHVALUE futureMetadata block's rich value index (`xlrd:rvb i`).
private final class MetadataPart: XMLEventHandler {
    var types: [String] = []
    var valueBlocks: [(Int, Int)?] = []
    var richValueBlocks: [Int?] = []
    private var section = 0  // 1 valueMetadata, 2 futureMetadata XLRICHVALUE, 3 other futureMetadata
    private var blockOpen = false

    func startElement(_ name: UnsafeBufferPointer<UInt8>, attributes: XMLAttributes) {
        if SpreadsheetML.is(name, "metadataType") {
            types.append(attributes.first(named: "name")?.text ?? "")
        } else if SpreadsheetML.is(name, "valueMetadata") {
            section = 1
        } else if SpreadsheetML.is(name, "futureMetadata") {
            section = attributes.first(named: "name")?.equals("XLRICHVALUE") == true ? 2 : 3
        } else if SpreadsheetML.is(name, "bk"), section == 1 || section == 2 {
            blockOpen = true
            if section == 1 { valueBlocks.append(nil) } else { richValueBlocks.append(nil) }
        } else if blockOpen, section == 1, SpreadsheetML.is(name, "rc"), valueBlocks.last! == nil,
                  let type = attributes.first(named: "t")?.integer, let value = attributes.first(named: "v")?.integer {
            valueBlocks[valueBlocks.count - 1] = (type, value)
        } else if blockOpen, section == 2, SpreadsheetML.is(name, "rvb"), richValueBlocks.last! == nil {
            richValueBlocks[richValueBlocks.count - 1] = attributes.first(named: "i")?.integer
        }
    }

    func endElement(_ name: UnsafeBufferPointer<UInt8>) {
        if SpreadsheetML.is(name, "bk") {
            blockOpen = false
        } else if SpreadsheetML.is(name, "valueMetadata") || SpreadsheetML.is(name, "futureMetadata") {
            section = 0
        }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {}
}

/// A list of items each holding a list of keys: rich value structures (`<s>` of `<k n>`), rich values (`<rv s>`
/// of `<v>` texts) and rich value relations (`<rel r:id>`, one item).
private final class KeyedList: XMLEventHandler {
    struct Item {
        var structure: Int?
        var keys: [String] = []
    }

    private(set) var items: [Item] = []
    private let item: StaticString
    private let key: StaticString
    private let keyName: StaticString?
    private var text: [UInt8]?

    init(item: StaticString, key: StaticString, keyName: StaticString?) {
        self.item = item
        self.key = key
        self.keyName = keyName
    }

    func startElement(_ name: UnsafeBufferPointer<UInt8>, attributes: XMLAttributes) {
        if SpreadsheetML.is(name, item) {
            items.append(Item(structure: attributes.first(named: "s")?.integer))
        } else if !items.isEmpty, SpreadsheetML.is(name, key) {
            if let keyName {
                items[items.count - 1].keys.append(attributes.first(named: keyName)?.text ?? "")
            } else {
                text = []
            }
        }
    }

    func endElement(_ name: UnsafeBufferPointer<UInt8>) {
        if let captured = text, SpreadsheetML.is(name, key) {
            items[items.count - 1].keys.append(String(decoding: captured, as: UTF8.self))
            text = nil
        }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        text?.append(contentsOf: bytes)
    }
}
