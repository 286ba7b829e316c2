import Foundation

/// The two pages TuneKit writes: a conversion's `report.html`, and `tunekit stats --html`.
extension ReportPage {
    /// The page of a conversion, rendered from the `report.json` text it wrote (so that its numbers are the
    /// report's), with thumbnails from `trainingFile` for picture formats.
    static func forRun(reportJSON: String, trainingFile: (path: String, name: String)?) -> String {
        let document = (try? JSONReader.parse(reportJSON).value) ?? .object([:])
        let format = document["format"]?.stringValue
        var thumbnails: [Thumbnail] = []
        if format == OutputFormat.vision.rawValue || format == OutputFormat.imageGen.rawValue, let trainingFile {
            thumbnails = ReportThumbnails.collect(path: trainingFile.path, name: trainingFile.name)
        }
        return ReportPage(document: document, thumbnails: thumbnails, title: "TuneKit · conversion report 转换报告").render()
    }

    /// The page of `tunekit stats` for measured files; the cost is shown when `price` (yuan per 1,000 tokens)
    /// is known.
    package static func forStats(_ stats: [DatasetStats], epochs: Int, price: Double?) -> String {
        ReportPage(document: statsDocument(stats, epochs: epochs, price: price),
                   title: "TuneKit · dataset statistics 数据集统计").render()
    }

    /// The measured files as a document in report.json's shape: `inputs` (one per file), `lengths` (user and
    /// assistant characters per record; with several files, prefixed by the file's name), `tokens`, `cost`,
    /// `warnings` (unreadable lines).
    package static func statsDocument(_ stats: [DatasetStats], epochs: Int, price: Double?) -> JSONValue {
        func int(_ value: Int) -> JSONValue { .number(String(value)) }
        var root = JSONObject()
        let formats = Set(stats.compactMap(\.format))
        if formats.count == 1, let format = formats.first { root["format"] = .string(format.rawValue) }
        root["inputs"] = .array(stats.map { file in
            var object: JSONObject = ["file": .string(file.file), "format": .string(file.format?.rawValue ?? "no records"),
                                      "records": int(file.records)]
            let unreadable = file.unreadable.values.reduce(0, +)
            if unreadable > 0 { object["unreadable_lines"] = int(unreadable) }
            object["exchanges_median"] = int(file.exchanges.median)
            object["system_prompts"] = int(file.systemPrompts)
            if file.images > 0 { object["images"] = int(file.images) }
            object["tokens_per_epoch"] = int(file.tokens)
            return .object(object)
        })
        var lengths = JSONObject()
        for file in stats where file.records > 0 {
            let prefix = stats.count > 1 ? file.file + " " : ""
            for (role, distribution) in [("user", file.userCharacters), ("assistant", file.assistantCharacters)] {
                var object: JSONObject = ["unit": .string("characters")]
                if distribution.histogram.count == DatasetStats.Distribution.bounds.count + 1 {
                    object["bounds"] = .array(DatasetStats.Distribution.bounds.map(int))
                    object["counts"] = .array(distribution.histogram.map(int))
                }
                object["min"] = int(distribution.minimum)
                object["median"] = int(distribution.median)
                object["p95"] = int(distribution.p95)
                object["max"] = int(distribution.maximum)
                lengths[prefix + role] = .object(object)
            }
        }
        root["lengths"] = .object(lengths)
        let total = stats.map(\.tokens).reduce(0, +)
        root["tokens"] = .object([
            "train": int(total),
            "method": .string("heuristic: 0.7 per CJK character, 1 per 3.6 other characters, over the JSON lines; "
                + "each picture as the platform bills it"),
            "exact": .bool(false),
        ])
        if let price {
            root["cost"] = .object([
                "tokens": int(total), "epochs": int(epochs),
                "price_per_1k_tokens": .number(ConversionReport.format(price)),
                "yuan": .number(String(format: "%.2f", Double(total * epochs) / 1000 * price)),
            ])
        }
        root["warnings"] = .array(stats.flatMap { file in
            file.unreadable.sorted { $0.key < $1.key }.map { reason in
                JSONValue.object(["severity": .string("error"), "code": .string(reason.key),
                                  "message": .string("\(file.file): \(reason.value) line\(reason.value == 1 ? "" : "s") that are not records")])
            }
        })
        return .object(root)
    }
}
