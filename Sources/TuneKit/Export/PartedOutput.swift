#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A training output kept under the platform's upload size: whole lines go to `train.jsonl`, or, once
/// the next line would pass the cap, to numbered parts `train-001.jsonl`, `train-002.jsonl` …, never
/// splitting a line. Parts are written atomically like any ``OutputFile``.
final class PartedOutput {
    let directory: String
    let stem: String
    /// The largest part, in bytes.
    let cap: Int
    private var files: [OutputFile] = []
    private(set) var lines: [Int] = []
    /// Inlined pictures per part, when counted.
    private(set) var images: [Int] = []
    private let countsImages: Bool
    private var currentBytes = 0

    init(directory: String, stem: String, cap: Int, countsImages: Bool = false) throws(OutputError) {
        self.directory = directory
        self.stem = stem
        self.cap = max(cap, 1)
        self.countsImages = countsImages
        try startPart()
    }

    /// Occurrences of an inlined picture's opening, `"url":"data:image/`, in whole lines.
    static func inlinedImages(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let needle = Array(#""url":"data:image/"#.utf8)
        var count = 0
        var offset = 0
        // Base64 holds no quote, so the scan jumps from quote to quote with memchr.
        while offset + needle.count <= bytes.count,
              let found = memchr(bytes.baseAddress! + offset, Int32(needle[0]), bytes.count - offset) {
            let at = bytes.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if at + needle.count <= bytes.count && memcmp(bytes.baseAddress! + at, needle, needle.count) == 0 {
                count += 1
                offset = at + needle.count
            } else {
                offset = at + 1
            }
        }
        return count
    }

    private func startPart() throws(OutputError) {
        try files.last?.finishWriting()
        let name = String(format: "%@-%03d.jsonl", stem, files.count + 1)
        files.append(try OutputFile(path: FilePath.join(directory, name)))
        lines.append(0)
        images.append(0)
        currentBytes = 0
    }

    /// Writes a block of whole lines holding `lineCount` lines.
    func write(_ block: [UInt8], lineCount: Int) throws(OutputError) {
        var failure: OutputError?
        block.withUnsafeBufferPointer { bytes in
            do throws(OutputError) { try write(bytes, lineCount: lineCount) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Writes a block of whole lines holding `lineCount` lines.
    func write(_ block: UnsafeBufferPointer<UInt8>, lineCount: Int) throws(OutputError) {
        var rest = block
        var restLines = lineCount
        while currentBytes + rest.count > cap && !rest.isEmpty {
            let room = cap - currentBytes
            var cut = 0
            var i = min(room, rest.count) - 1
            while i >= 0 {
                if rest[i] == 0x0A {
                    cut = i + 1
                    break
                }
                i -= 1
            }
            if cut == 0 && currentBytes == 0 {
                // One line longer than the cap: it still goes whole into a part of its own.
                cut = (rest.firstIndex(of: 0x0A) ?? (rest.count - 1)) + 1
            }
            if cut > 0 {
                let head = UnsafeBufferPointer(rebasing: rest[0..<cut])
                let headLines = head.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                try files[files.count - 1].write(head)
                lines[lines.count - 1] += headLines
                if countsImages { images[images.count - 1] += Self.inlinedImages(in: head) }
                restLines -= headLines
                rest = UnsafeBufferPointer(rebasing: rest[cut...])
            }
            try startPart()
        }
        guard !rest.isEmpty else { return }
        try files[files.count - 1].write(rest)
        lines[lines.count - 1] += restLines
        if countsImages { images[images.count - 1] += Self.inlinedImages(in: rest) }
        currentBytes += rest.count
    }

    /// Names the files (`stem.jsonl` when one part is enough), removes this output's files from earlier
    /// runs that would be left stale, and commits. Returns the summaries for the report.
    ///
    /// With `plan` exchanging the set whole, each file goes to the plan's sibling folder instead and nothing
    /// is removed from the folder (the exchange drops the previous set at once).
    func commit(_ plan: OutputCommit? = nil) throws(OutputError) -> [ConversionReport.OutputSummary] {
        if files.count > 1, lines.last == 0, files[files.count - 1].bytesWritten == 0 {
            files.removeLast().discard()
            lines.removeLast()
            images.removeLast()
        }
        let single = files.count == 1
        let names = single ? ["\(stem).jsonl"] : (1...files.count).map { String(format: "%@-%03d.jsonl", stem, $0) }
        if plan?.staging == nil { removeStale(keeping: Set(names)) }
        var summaries: [ConversionReport.OutputSummary] = []
        for (index, file) in files.enumerated() {
            let path = FilePath.join(directory, names[index])
            try file.commit(as: plan?.destination(of: path) ?? path)
            let role = single ? stem : "\(stem) part \(index + 1) of \(files.count)"
            summaries.append(.init(role: role, path: path, lines: lines[index], bytes: file.bytesWritten,
                                   images: countsImages ? images[index] : nil))
        }
        return summaries
    }

    private func removeStale(keeping names: Set<String>) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        let pattern = "^\(stem)(-[0-9]{3})?\\.jsonl$"
        for entry in entries where !names.contains(entry) && entry.range(of: pattern, options: .regularExpression) != nil {
            CommitFault.step("remove \(entry)")
            unlink(FilePath.join(directory, entry))
        }
    }

    /// Drops every part without touching earlier outputs.
    func discard() {
        for file in files { file.discard() }
    }
}
