import Foundation

/// The platform's fine-tunable models as data: which format each trains on, with which method (LoRA or
/// full-parameter), and how many tokens one image is billed as — the tab-separated `Models.tsv` beside this
/// file (its comment names the guide's sections), compiled into the binary by the `EmbedResources` plugin.
///
/// ```swift
/// let model = ModelCatalog.builtIn.model(named: "glm-4-flash")!
/// ModelCatalog.builtIn.problems(model: model, method: .lora, format: .tools)
/// // ["glm-4-flash trains tools (function-calling) data with --method full only, not lora"]
/// ```
public struct ModelCatalog: Sendable {
    /// How a model is trained.
    public enum Method: String, Sendable, CaseIterable, Codable {
        /// LoRA (low-rank adapters).
        case lora
        /// Full-parameter fine-tuning.
        case full
    }

    /// One model's row.
    public struct Model: Sendable, Equatable {
        /// The model's code (`glm-4-flash`).
        public var name: String
        /// The methods that train each format on it (formats it does not train are absent).
        public var methods: [OutputFormat: [Method]]
        /// Tokens one image is billed as, for models that take images.
        public var imageTokens: Int?
        /// Who may fine-tune it, in the guide's words.
        public var access: String
        /// The 1-based line of the table.
        public var line: Int

        /// The methods that train `format` on this model (empty: it does not train that format).
        public func methods(for format: OutputFormat) -> [Method] { methods[format] ?? [] }

        /// `profile` with this model's image billing for the image formats it trains.
        public func billingImages(in profile: PlatformProfile) -> PlatformProfile {
            guard let imageTokens else { return profile }
            var profile = profile
            for format in methods.keys where profile.imageTokens(for: format) > 0 {
                profile.imageTokens?[format.rawValue] = imageTokens
            }
            return profile
        }
    }

    /// A line of the table that is not a valid row.
    package struct Failure: Error, CustomStringConvertible, Equatable {
        package var line: Int
        package var reason: String
        package var description: String { "Models.tsv:\(line): \(reason)" }
    }

    /// The models, in the table's order.
    public let models: [Model]

    /// The table's path in the package.
    package static let path = "Sources/TuneKit/Model/Models.tsv"

    /// The formats' columns, in order.
    private static let formatColumns: [OutputFormat] = [.chat, .tools, .thinking, .dpo, .imageGen, .vision]

    /// The table compiled into the binary (empty only if the built-in file were broken, which a test rules out).
    public static let builtIn: ModelCatalog = {
        let bytes = embeddedDataFiles.first { $0.path == path }.flatMap { Data(base64Encoded: $0.base64) } ?? Data()
        return (try? ModelCatalog(text: String(decoding: bytes, as: UTF8.self))) ?? ModelCatalog(models: [])
    }()

    private init(models: [Model]) { self.models = models }

    /// Parses the table's text: `#` lines and blank lines are comments, the `model…` header line is skipped.
    package init(text: String) throws(Failure) {
        var models: [Model] = []
        var number = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let line = line.hasSuffix("\r") ? line.dropLast() : line
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("model\t") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 9 else { throw Failure(line: number, reason: "expected 9 tab-separated fields, found \(fields.count)") }
            var methods: [OutputFormat: [Method]] = [:]
            for (index, format) in Self.formatColumns.enumerated() {
                let cell = fields[index + 1]
                if cell == "-" { continue }
                var list: [Method] = []
                for name in cell.split(separator: ",") {
                    guard let method = Method(rawValue: String(name)) else {
                        throw Failure(line: number, reason: "'\(name)' in the \(format.rawValue) column is not lora or full")
                    }
                    list.append(method)
                }
                methods[format] = list
            }
            var imageTokens: Int?
            if fields[7] != "-" {
                guard let tokens = Int(fields[7]), tokens > 0 else { throw Failure(line: number, reason: "image_tokens '\(fields[7])' is not a positive number") }
                imageTokens = tokens
            }
            guard !fields[0].isEmpty, !models.contains(where: { $0.name == fields[0] }) else {
                throw Failure(line: number, reason: "model '\(fields[0])' is empty or listed twice")
            }
            models.append(Model(name: fields[0], methods: methods, imageTokens: imageTokens, access: fields[8], line: number))
        }
        self.models = models
    }

    /// The model named `name` (letters in either case: the guide writes `glm-4.5-Air`).
    public func model(named name: String) -> Model? {
        let lower = name.lowercased()
        return models.first { $0.name.lowercased() == lower }
    }

    /// The known models' names, in the table's order, for messages.
    public var names: [String] { models.map(\.name) }

    /// What stops `format` data from training on `model` with `method` (any method when nil), each naming what
    /// would work; empty when it trains.
    public func problems(model: Model, method: Method?, format: OutputFormat) -> [String] {
        let offered = model.methods(for: format)
        let data = Self.label(format)
        if offered.isEmpty {
            return ["\(model.name) does not train on \(data) data; " + alternatives(for: format, method: method)]
        }
        if let method, !offered.contains(method) {
            let only = offered.map(\.rawValue).joined(separator: " or ")
            let others = models.filter { $0.name != model.name && $0.methods(for: format).contains(method) }.map(\.name)
            return ["\(model.name) trains \(data) data with --method \(only) only, not \(method.rawValue)"
                + (others.isEmpty ? "; no model trains it with \(method.rawValue)" : "; with \(method.rawValue): \(Self.list(others))")]
        }
        return []
    }

    /// `glm-4.5-air does, with --method full`: the models that train `format`, grouped by their methods.
    func alternatives(for format: OutputFormat, method: Method?) -> String {
        let trainers = models.filter { !$0.methods(for: format).isEmpty }
        guard !trainers.isEmpty else { return "no model does" }
        var groups: [(methods: [Method], names: [String])] = []
        for model in trainers {
            let methods = model.methods(for: format)
            if let index = groups.firstIndex(where: { $0.methods == methods }) {
                groups[index].names.append(model.name)
            } else {
                groups.append((methods, [model.name]))
            }
        }
        return groups.map { group in
            "\(Self.list(group.names)) \(group.names.count == 1 ? "does" : "do"), with --method \(group.methods.map(\.rawValue).joined(separator: " or "))"
        }.joined(separator: "; ")
    }

    /// How the guide calls each format's data.
    static func label(_ format: OutputFormat) -> String {
        switch format {
        case .chat: return "chat (text generation)"
        case .tools: return "tools (function-calling)"
        case .thinking: return "thinking (deep-thinking)"
        case .dpo: return "dpo (preference)"
        case .imageGen: return "image-gen (text-to-image)"
        case .vision: return "vision (image understanding)"
        }
    }

    static func list(_ names: [String]) -> String {
        names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names.last!
    }
}

/// A model chosen for a run (`--model`, `--method`) and what stops the data from training on it.
public struct ModelCheck: Sendable, Equatable {
    /// The model.
    public var model: ModelCatalog.Model
    /// The method given (`--method`), if any.
    public var method: ModelCatalog.Method?
    /// The format of the data checked.
    public var format: OutputFormat
    /// What stops the data from training that way (empty: it trains).
    public var problems: [String]

    /// Checks `format` data against `model` and `method` in `catalog`.
    public init(model: ModelCatalog.Model, method: ModelCatalog.Method?, format: OutputFormat, catalog: ModelCatalog = .builtIn) {
        self.model = model
        self.method = method
        self.format = format
        problems = catalog.problems(model: model, method: method, format: format)
    }

    /// The methods that train this data on the model.
    public var methods: [ModelCatalog.Method] { model.methods(for: format) }

    /// `{name, method, methods, problems}` for reports (`method` null when not given).
    public var json: JSONValue {
        .object([
            "name": .string(model.name),
            "method": method.map { .string($0.rawValue) } ?? .null,
            "methods": .array(methods.map { .string($0.rawValue) }),
            "problems": .array(problems.map { .string($0) }),
        ])
    }

    /// The warnings to show: each problem (`model.cannot_train`), or a note when the data trains with one method
    /// only and none was given.
    public var diagnostics: [Diagnostic] {
        var notes: [Diagnostic] = []
        if !problems.isEmpty {
            notes = problems.map { Diagnostic(.warning, "model.cannot_train", $0) }
        } else if method == nil && methods.count == 1 {
            notes = [Diagnostic(.info, "model.method", "\(model.name) trains \(ModelCatalog.label(format)) data with --method \(methods[0].rawValue) only")]
        }
        if model.access != "all users" {
            notes.append(Diagnostic(.info, "model.access", "\(model.name) can be fine-tuned by \(model.access) only"))
        }
        return notes
    }
}
