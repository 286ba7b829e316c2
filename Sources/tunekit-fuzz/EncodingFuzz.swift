import TuneKit

/// Encoding detection on a sample, complete and cut short.
enum EncodingFuzz {
    static let target = FuzzTarget(name: "encoding", maxLength: 4096, seedExtensions: ["csv", "tsv", "txt"], dictionary: nil,
                                   covers: "EncodingDetector.detect") { data in
        let bytes = data.bindMemory(to: UInt8.self)
        _ = EncodingDetector.detect(bytes, complete: true)
        _ = EncodingDetector.detect(bytes, complete: false)
    }
}
