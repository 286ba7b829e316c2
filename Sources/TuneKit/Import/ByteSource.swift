#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads raw bytes from a file, a pipe, a FIFO or standard input in large chunks, without Foundation on the
/// path.
///
/// An input is opened once. ``takeSample(upTo:)`` reads its first bytes for recognition and keeps them:
/// the reads that follow replay the sample before they continue from the descriptor, so a pipe or FIFO
/// reads exactly like a file (nothing is lost to the sniff, nothing is opened twice).
final class ByteSource {
    /// The name shown in locations and messages (`-` for standard input).
    let name: String
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    /// Bytes delivered so far (the replayed sample included).
    private(set) var offset: Int = 0
    /// The sample taken, replayed before the descriptor is read again.
    private var replay: [UInt8] = []
    private var replayed = 0
    /// Whether the descriptor reached its end while the sample was taken.
    private var endReached = false

    /// Opens `path` for reading; `-` means standard input. A FIFO is opened as any file (the open waits for a
    /// writer, as `cat` does).
    init(path: String) throws(ImportError) {
        name = path
        if path == "-" {
            descriptor = 0
            ownsDescriptor = false
            return
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw ImportError(.unreadable, "cannot open: \(String(cString: strerror(errno)))", at: SourceLocation(file: path))
        }
        var info = stat()
        if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw ImportError(.unreadable, "is a directory, not a file", at: SourceLocation(file: path))
        }
        descriptor = fd
        ownsDescriptor = true
    }

    /// The size of the file, when it is a regular file.
    var size: Int? {
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(info.st_size)
    }

    /// Whether the input is a regular file (which can be opened again by its path, and seeked).
    var isRegularFile: Bool { size != nil }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    /// Reads the input's first `limit` bytes (fewer at its end) and keeps them to be replayed by the reads
    /// that follow. Call it before any other read; `complete` says the sample is the whole input.
    func takeSample(upTo limit: Int) throws(ImportError) -> (bytes: [UInt8], complete: Bool) {
        precondition(offset == 0 && replay.isEmpty, "the sample is taken before anything else is read")
        var sample = [UInt8](repeating: 0, count: limit)
        var filled = 0
        while filled < limit {
            var count = 0
            var failure: ImportError?
            sample.withUnsafeMutableBytes { raw in
                do throws(ImportError) {
                    count = try readDescriptor(into: raw.baseAddress! + filled, count: limit - filled)
                } catch {
                    failure = error
                }
            }
            if let failure { throw failure }
            if count == 0 {
                endReached = true
                break
            }
            filled += count
        }
        sample.removeSubrange(filled...)
        replay = sample
        return (sample, endReached)
    }

    /// Reads up to `count` bytes into `destination`; returns 0 at end of input.
    func read(into destination: UnsafeMutableRawPointer, count: Int) throws(ImportError) -> Int {
        if replayed < replay.count {
            let take = min(count, replay.count - replayed)
            replay.withUnsafeBytes { destination.copyMemory(from: $0.baseAddress! + replayed, byteCount: take) }
            replayed += take
            if replayed == replay.count {
                replay = []
                replayed = 0
                replayDone = true
            }
            offset += take
            return take
        }
        if replayDone && endReached { return 0 }
        let result = try readDescriptor(into: destination, count: count)
        offset += result
        return result
    }

    private var replayDone = false

    private func readDescriptor(into destination: UnsafeMutableRawPointer, count: Int) throws(ImportError) -> Int {
        while true {
            let result = Glibc.read(descriptor, destination, count)
            if result >= 0 { return result }
            if errno == EINTR { continue }
            throw ImportError(.unreadable, "read failed: \(String(cString: strerror(errno)))", at: SourceLocation(file: name))
        }
    }

    /// Reads up to `array.count` bytes into `array` from its start; returns 0 at end of input.
    func readChunk(into array: inout [UInt8], count: Int? = nil) throws(ImportError) -> Int {
        var result = 0
        var failure: ImportError?
        array.withUnsafeMutableBytes { raw in
            do throws(ImportError) {
                result = try read(into: raw.baseAddress!, count: min(count ?? raw.count, raw.count))
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return result
    }

    /// Reads everything that is left (the sample replayed first), refusing more than `limit` bytes.
    func readAll(limit: Int) throws(ImportError) -> [UInt8] {
        var bytes: [UInt8] = []
        if let size { bytes.reserveCapacity(min(size, limit) + 1) }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = try readChunk(into: &chunk)
            if count == 0 { return bytes }
            guard bytes.count + count <= limit else {
                throw ImportError(.unreadable, "more than \(limit / 1_000_000) MB", at: SourceLocation(file: name))
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }
}
