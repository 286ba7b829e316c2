#if canImport(Glibc)
import Glibc
#endif

/// Decides the encoding of a text file from its first bytes.
///
/// Order: a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE); valid UTF-8 (pure ASCII included);
/// UTF-16 without a mark (NUL bytes in every other position); GB18030 when the bytes are not UTF-8
/// but decode as GB18030 (Excel on Chinese Windows writes GBK, a subset); otherwise UTF-8, and rows
/// with undecodable bytes are rejected one by one.
package enum EncodingDetector {
    /// How many bytes detection looks at.
    package static let sampleSize = 1 << 16

    /// Detects the encoding of `sample`; `complete` says the sample is the whole input.
    package static func detect(_ sample: UnsafeBufferPointer<UInt8>, complete: Bool) -> EncodingDecision {
        let n = sample.count
        if n >= 3, sample[0] == 0xEF, sample[1] == 0xBB, sample[2] == 0xBF {
            return EncodingDecision(encoding: .utf8, bomLength: 3, reason: "UTF-8 byte-order mark")
        }
        if n >= 4, sample[0] == 0xFF, sample[1] == 0xFE, sample[2] == 0, sample[3] == 0 {
            return EncodingDecision(encoding: .utf32LE, bomLength: 4, reason: "UTF-32LE byte-order mark")
        }
        if n >= 2, sample[0] == 0xFF, sample[1] == 0xFE {
            return EncodingDecision(encoding: .utf16LE, bomLength: 2, reason: "UTF-16LE byte-order mark")
        }
        if n >= 2, sample[0] == 0xFE, sample[1] == 0xFF {
            return EncodingDecision(encoding: .utf16BE, bomLength: 2, reason: "UTF-16BE byte-order mark")
        }
        if let nul = utf16WithoutMark(sample) {
            return EncodingDecision(encoding: nul, bomLength: 0,
                                    reason: "no byte-order mark, but NUL bytes in every other position")
        }
        guard let bad = UTF8Validation.firstInvalidOffset(sample, allowTruncatedEnd: !complete) else {
            let ascii = !sample.contains { $0 >= 0x80 }
            return EncodingDecision(encoding: .utf8, bomLength: 0,
                                    reason: ascii ? "ASCII only so far (read as UTF-8)" : "valid UTF-8")
        }
        if decodes(sample, as: .gb18030, complete: complete) {
            return EncodingDecision(encoding: .gb18030, bomLength: 0,
                                    reason: "not valid UTF-8 (byte \(bad)); decodes as GB18030/GBK")
        }
        return EncodingDecision(encoding: .utf8, bomLength: 0,
                                reason: "not valid UTF-8 (byte \(bad)) nor GB18030; rows with undecodable bytes are rejected")
    }

    private static func utf16WithoutMark(_ sample: UnsafeBufferPointer<UInt8>) -> TextEncoding? {
        let n = min(sample.count, 4096) & ~1
        guard n >= 8 else { return nil }
        var evenZeros = 0
        var oddZeros = 0
        for i in stride(from: 0, to: n, by: 2) {
            if sample[i] == 0 { evenZeros += 1 }
            if sample[i + 1] == 0 { oddZeros += 1 }
        }
        let pairs = n / 2
        if oddZeros * 10 >= pairs * 7 && evenZeros * 10 < pairs { return .utf16LE }
        if evenZeros * 10 >= pairs * 7 && oddZeros * 10 < pairs { return .utf16BE }
        return nil
    }

    /// Whether iconv converts `sample` from `encoding` without an invalid sequence.
    static func decodes(_ sample: UnsafeBufferPointer<UInt8>, as encoding: TextEncoding, complete: Bool) -> Bool {
        guard let converter = try? Transcoder(from: encoding) else { return false }
        var output: [UInt8] = []
        let result = converter.convert(sample, into: &output, final: complete)
        return result.invalidSequences == 0
    }
}
