import Foundation

/// A project's `dataset_info.json` (LLaMA-Factory's dataset registry, `data/README.md`): one entry per dataset
/// name, with `file_name`, `formatting` (`alpaca`, `sharegpt`, `openai`), `ranking`, `columns` and `tags`.
/// ``entry(_:)`` turns one into the ``DatasetDialect`` its records are decoded with.
///
/// Only local files are read: entries that point at a hub (`hf_hub_url`, `ms_hub_url`, `om_hub_url`), a loading
/// script or cloud storage are refused, naming the key.
package struct DatasetInfo: Sendable {
    /// One resolved entry: how to decode its records, and its data file.
    package struct Entry: Sendable, Equatable {
        package var name: String
        package var dialect: DatasetDialect
        /// `file_name` resolved against the folder of `dataset_info.json`.
        package var file: String
        /// Keys of the entry that do not change how a record reads (`split`, `num_samples` …): every record is
        /// converted, and the report says these were passed over.
        package var ignoredKeys: [String] = []

        /// What the report says of the entry.
        var facts: [(key: String, value: String)] {
            var facts: [(key: String, value: String)] = [("dataset", "\(name) (\(dialect.formatting.rawValue)\(dialect.ranking ? ", ranking" : ""))")]
            if !ignoredKeys.isEmpty { facts.append(("dataset keys passed over", ignoredKeys.joined(separator: ", "))) }
            return facts
        }
    }

    /// The file read.
    package let path: String
    private let entries: JSONObject

    /// Reads and parses the file; an unreadable file, or one that is not a JSON object, is an error.
    package init(path: String) throws(ConvertError) {
        self.path = path
        let document: JSONValue
        do {
            document = try JSONDocument.load(path: path)
        } catch {
            throw ConvertError(message: "--dataset-info \(path): \(error)")
        }
        guard case .object(let object) = document else {
            throw ConvertError(message: "--dataset-info \(path): the file holds \(document.kindDescription), not an object of dataset descriptions")
        }
        entries = object
    }

    /// The dataset names the file describes, in its order.
    package var names: [String] { entries.keys }

    /// The entry named `name`; an unknown name lists the names there are, a hub entry is refused.
    package func entry(_ name: String) throws(ConvertError) -> Entry {
        guard case .object(let entry)? = entries[name] else {
            let known = names.joined(separator: ", ")
            throw ConvertError(message: "--dataset \(name): \(path) describes no dataset of that name; it describes: \(known.isEmpty ? "none" : known)")
        }
        for key in ["hf_hub_url", "ms_hub_url", "om_hub_url", "script_url", "cloud_file_name"] where entry[key] != nil {
            throw ConvertError(message: "--dataset \(name): the entry names \(key) \(entry[key]!.compactText), which is not a local file; tunekit reads local files only (download the data and give the file, or an entry with file_name)")
        }
        guard case .string(let fileName)? = entry["file_name"], !fileName.isEmpty else {
            throw ConvertError(message: "--dataset \(name): the entry in \(path) has no file_name")
        }
        var dialect = DatasetDialect()
        if let value = entry["formatting"] {
            guard case .string(let text) = value, let formatting = DatasetDialect.Formatting(rawValue: text),
                  formatting != .llamaFactoryV1 else {
                throw ConvertError(message: "--dataset \(name): formatting \(value.compactText) is not alpaca, sharegpt or openai")
            }
            dialect.formatting = formatting
        }
        if dialect.formatting == .openai { dialect.useOpenAITags() }
        switch entry["ranking"] {
        case nil, .null?: break
        case .bool(let ranking)?: dialect.ranking = ranking
        case let value?: throw ConvertError(message: "--dataset \(name): ranking is \(value.kindDescription), not true or false")
        }
        if let columns = entry["columns"] {
            guard case .object(let object) = columns else {
                throw ConvertError(message: "--dataset \(name): columns is \(columns.kindDescription), not an object")
            }
            for (key, value) in object.members {
                guard DatasetDialect.columnNames.contains(key) else {
                    throw ConvertError(message: "--dataset \(name): unknown column \"\(key)\" (LLaMA-Factory's columns are \(DatasetDialect.columnNames.joined(separator: ", ")))")
                }
                switch value {
                case .string(let column): dialect.setColumn(key, column)
                case .null: dialect.setColumn(key, nil)
                default: throw ConvertError(message: "--dataset \(name): column \"\(key)\" is \(value.kindDescription), not a key name")
                }
            }
        }
        if let tags = entry["tags"] {
            guard case .object(let object) = tags else {
                throw ConvertError(message: "--dataset \(name): tags is \(tags.kindDescription), not an object")
            }
            for (key, value) in object.members {
                guard DatasetDialect.tagNames.contains(key) else {
                    throw ConvertError(message: "--dataset \(name): unknown tag \"\(key)\" (LLaMA-Factory's tags are \(DatasetDialect.tagNames.joined(separator: ", ")))")
                }
                guard case .string(let tag) = value else {
                    throw ConvertError(message: "--dataset \(name): tag \"\(key)\" is \(value.kindDescription), not a string")
                }
                dialect.setTag(key, tag)
            }
        }
        if dialect.ranking {
            dialect.chosen = dialect.chosen ?? "chosen"
            dialect.rejected = dialect.rejected ?? "rejected"
        }
        let folder = (path as NSString).deletingLastPathComponent
        let file = fileName.hasPrefix("/") || folder.isEmpty ? fileName : (folder as NSString).appendingPathComponent(fileName)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: file, isDirectory: &isFolder), isFolder.boolValue {
            throw ConvertError(message: "--dataset \(name): file_name \(fileName) is a folder; convert reads one JSON or JSONL file (give it as the input)")
        }
        let read: Set<String> = ["file_name", "formatting", "ranking", "columns", "tags"]
        return Entry(name: name, dialect: dialect, file: file, ignoredKeys: entry.keys.filter { !read.contains($0) })
    }

    /// Refuses an input read as anything but JSON or JSONL records while `--dataset-info` is given (its mapping
    /// would silently not apply).
    package static func checkKind(_ choice: Importers.Choice, input: String, options: ConvertOptions) throws(ConvertError) {
        guard options.datasetInfo != nil, ![.json, .jsonl, .sharegpt, .alpaca].contains(choice.kind) else { return }
        throw ConvertError(message: "\(input): --dataset-info describes JSON and JSONL records, but the input was read as \(choice.kind.rawValue) (\(choice.reason))")
    }

    /// The entry `--dataset-info` and `--dataset` name, or `nil` when neither is given; one without the other
    /// is an error.
    package static func entry(for options: ConvertOptions) throws(ConvertError) -> Entry? {
        switch (options.datasetInfo, options.dataset) {
        case (nil, nil): return nil
        case (let path?, let name?): return try DatasetInfo(path: path).entry(name)
        case (_?, nil): throw ConvertError(message: "--dataset-info needs --dataset NAME (the entry to read)")
        case (nil, _?): throw ConvertError(message: "--dataset needs --dataset-info FILE (the dataset_info.json that describes it)")
        }
    }
}
