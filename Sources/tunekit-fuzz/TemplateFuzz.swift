import TuneKit

/// Field templates (`{{column}}`, sections, aliases): parsed, bound to a header, rendered on one row.
enum TemplateFuzz {
    static let header = TableHeader(columns: ["question", "answer", "问题", "答案", "a", "b"])
    static let values = ["q", "", "问", "答", "1", "x\ny"]

    static let target = FuzzTarget(name: "template", maxLength: 4096, seedExtensions: ["mustache"], dictionary: nil,
                                   covers: "FieldTemplate init, bind, render") { data in
        let text = String(decoding: data.bindMemory(to: UInt8.self), as: UTF8.self)
        guard let template = try? FieldTemplate(text) else { return }
        _ = template.bind(to: header).render(values)
    }
}
