/// A byte source seen as UTF-8: detects the encoding from the first bytes, skips a byte-order mark,
/// and converts other encodings with ``Transcoder``.
final class UTF8Stream {
    let source: ByteSource
    let decision: EncodingDecision
    private var transcoder: Transcoder?
    /// Input bytes read but not yet delivered (the detection sample, or an incomplete sequence).
    private var pending: [UInt8]
    private var sourceDone = false
    private var raw: [UInt8]
    let chunkSize: Int
    /// Invalid sequences met by the transcoder.
    private(set) var invalidSequences = 0

    /// Opens `source`; `encoding` forces an encoding instead of detecting one.
    init(source: ByteSource, encoding: TextEncoding? = nil, chunkSize: Int = 1 << 20) throws(ImportError) {
        self.source = source
        self.chunkSize = chunkSize
        raw = [UInt8](repeating: 0, count: chunkSize)
        // Read the detection sample.
        var sample: [UInt8] = []
        sample.reserveCapacity(EncodingDetector.sampleSize)
        var done = false
        while sample.count < EncodingDetector.sampleSize {
            let count = try source.readChunk(into: &raw, count: EncodingDetector.sampleSize - sample.count)
            if count == 0 {
                done = true
                break
            }
            sample.append(contentsOf: raw[0..<count])
        }
        sourceDone = done
        var decision = sample.withUnsafeBufferPointer { EncodingDetector.detect($0, complete: done) }
        if let encoding {
            let bom = decision.encoding == encoding ? decision.bomLength : 0
            decision = EncodingDecision(encoding: encoding, bomLength: bom, reason: "set by --encoding")
        }
        self.decision = decision
        pending = Array(sample[decision.bomLength...])
        if decision.encoding != .utf8 {
            transcoder = try Transcoder(from: decision.encoding)
        }
    }

    /// Appends the next UTF-8 bytes (at most about one chunk) to `buffer`; returns false when the input is
    /// exhausted. UTF-8 input is read from the file straight into the buffer.
    func read(appendingTo buffer: ByteBuffer) throws(ImportError) -> Bool {
        while true {
            if !sourceDone && transcoder == nil && pending.isEmpty {
                buffer.reserve(chunkSize)
                let spare = buffer.spare
                let count = try source.read(into: spare.baseAddress!, count: min(chunkSize, spare.count))
                if count == 0 {
                    sourceDone = true
                    return false
                }
                buffer.commit(count)
                return true
            }
            if !sourceDone && pending.count < chunkSize {
                let count = try source.readChunk(into: &raw)
                if count == 0 {
                    sourceDone = true
                } else {
                    pending.append(contentsOf: raw[0..<count])
                }
            }
            if pending.isEmpty {
                if sourceDone { return false }
                continue
            }
            let take = min(pending.count, max(chunkSize, 8))
            if transcoder == nil {
                pending.withUnsafeBufferPointer { buffer.append(UnsafeBufferPointer(rebasing: $0[0..<take])) }
                pending.removeSubrange(0..<take)
                return true
            }
            let final = sourceDone && take == pending.count
            let converter = transcoder!
            converted.removeAll(keepingCapacity: true)
            let outcome = pending.withUnsafeBufferPointer { input in
                converter.convert(UnsafeBufferPointer(rebasing: input[0..<take]), into: &converted, final: final)
            }
            invalidSequences += outcome.invalidSequences
            pending.removeSubrange(0..<outcome.consumed)
            if !converted.isEmpty {
                buffer.append(converted)
                return true
            }
            if sourceDone && pending.isEmpty { return false }
        }
    }

    /// Transcoder output waiting to be appended.
    private var converted: [UInt8] = []
}
