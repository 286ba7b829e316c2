#if canImport(Glibc)
import Glibc
#endif

/// Converts text in another encoding to UTF-8 with glibc's iconv, chunk by chunk.
///
/// A sequence that is invalid in the source encoding becomes the byte 0xFF in the output, which is never
/// valid UTF-8: the row holding it is then rejected as undecodable instead of being silently altered.
final class Transcoder {
    private let handle: iconv_t
    let encoding: TextEncoding

    /// The marker written for each invalid input sequence.
    static let invalidMarker: UInt8 = 0xFF

    init(from encoding: TextEncoding) throws(ImportError) {
        let handle = iconv_open("UTF-8", encoding.rawValue)
        guard let handle, Int(bitPattern: handle) != -1 else {
            throw ImportError(.unsupportedEncoding, "iconv cannot convert from \(encoding.rawValue)",
                              at: SourceLocation(file: "-"))
        }
        self.handle = handle
        self.encoding = encoding
    }

    deinit {
        iconv_close(handle)
    }

    /// The outcome of one conversion call.
    struct Outcome {
        /// Input bytes consumed; the rest (an incomplete sequence at the end) must be passed again.
        var consumed: Int
        var invalidSequences: Int
    }

    /// Converts as much of `input` as possible, appending UTF-8 to `output`.
    /// With `final`, an incomplete sequence at the end counts as invalid and everything is consumed.
    func convert(_ input: UnsafeBufferPointer<UInt8>, into output: inout [UInt8], final: Bool) -> Outcome {
        guard let base = input.baseAddress, !input.isEmpty else { return Outcome(consumed: 0, invalidSequences: 0) }
        var invalid = 0
        var inPointer = UnsafeMutablePointer<CChar>(OpaquePointer(UnsafeMutablePointer(mutating: base)))
        var inLeft = input.count
        var scratch = [UInt8](repeating: 0, count: max(4096, input.count * 2))
        while inLeft > 0 {
            let (result, produced, code) = scratch.withUnsafeMutableBufferPointer { buffer -> (Int, Int, Int32) in
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer<CChar>(OpaquePointer(buffer.baseAddress!))
                var outLeft = buffer.count
                var inOptional: UnsafeMutablePointer<CChar>? = inPointer
                let result = iconv(handle, &inOptional, &inLeft, &outPointer, &outLeft)
                let code = errno
                inPointer = inOptional!
                return (result, buffer.count - outLeft, code)
            }
            output.append(contentsOf: scratch[0..<produced])
            if result != -1 { break }
            switch code {
            case E2BIG:
                continue
            case EINVAL:
                // Incomplete sequence at the end of this chunk.
                if final {
                    output.append(Self.invalidMarker)
                    invalid += 1
                    inLeft = 0
                }
                return Outcome(consumed: input.count - inLeft, invalidSequences: invalid)
            default:
                // EILSEQ: skip one byte, mark it, go on.
                output.append(Self.invalidMarker)
                invalid += 1
                inPointer += 1
                inLeft -= 1
            }
        }
        return Outcome(consumed: input.count - inLeft, invalidSequences: invalid)
    }
}
