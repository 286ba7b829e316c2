import TuneKit

/// JSON: the tape (the byte lane's parser, then every node walked back to values), `JSONReader`, JSONL records
/// (`JSONLRecordReader`: decoding into records) and `validate` (`JSONLValidator`).
enum JSONFuzz {
    static let tape = FuzzTarget(name: "jsontape", maxLength: 65_536, seedExtensions: ["json", "jsonl"], dictionary: "json.dict",
                                 covers: "JSONTape.parse, JSONTape.value") { data in
        var tape = JSONTape()
        guard (try? tape.parse(data.bindMemory(to: UInt8.self))) != nil else { return }
        _ = tape.value(0)
    }
    static let reader = FuzzTarget(name: "json", maxLength: 65_536, seedExtensions: ["json", "jsonl"], dictionary: "json.dict",
                                   covers: "JSONReader.parse") { data in
        _ = try? JSONReader.parse(data.bindMemory(to: UInt8.self))
    }
    static let jsonl = FuzzTarget(name: "jsonl", maxLength: 65_536, seedExtensions: ["jsonl"], dictionary: "json.dict",
                                  covers: "JSONLRecordReader (RecordDecoder)") { data in
        ScratchFile.with(data, fileExtension: "jsonl") { path in
            guard let reader = try? JSONLRecordReader(path: path) else { return }
            while let event = try? reader.next() { _ = event }
        }
    }
    static let validate = FuzzTarget(name: "validate", maxLength: 65_536, seedExtensions: ["jsonl"], dictionary: "json.dict",
                                     covers: "JSONLValidator.validate (every format rule)") { data in
        ScratchFile.with(data, fileExtension: "jsonl") { path in
            _ = JSONLValidator(minimumRecords: 0).validate(path: path)
        }
    }
}
