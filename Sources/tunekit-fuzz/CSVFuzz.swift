import TuneKit

/// CSV and TSV: encoding detection, the tokenizer and the reader (header, rows, `sep=`), through `CSVReader`.
enum CSVFuzz {
    static let csv = FuzzTarget(name: "csv", maxLength: 16_384, seedExtensions: ["csv", "tsv", "txt"], dictionary: nil,
                                covers: "CSVReader (EncodingDetector, CSVTokenizer), delimiter detected") { data in
        read(data, options: CSVReader.Options(), fileExtension: "csv")
    }
    static let tsv = FuzzTarget(name: "tsv", maxLength: 16_384, seedExtensions: ["tsv", "csv", "txt"], dictionary: nil,
                                covers: "CSVReader with a tab delimiter") { data in
        read(data, options: CSVReader.Options(delimiter: UInt8(ascii: "\t")), fileExtension: "tsv")
    }

    static func read(_ data: UnsafeRawBufferPointer, options: CSVReader.Options, fileExtension: String) {
        ScratchFile.with(data, fileExtension: fileExtension) { path in
            guard let reader = try? CSVReader(path: path, options: options) else { return }
            while let event = try? reader.next() { _ = event }
        }
    }
}
