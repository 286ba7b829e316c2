#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads raw bytes from a file or standard input in large chunks, without Foundation on the path.
final class ByteSource {
    /// The name shown in locations and messages (`-` for standard input).
    let name: String
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    /// Bytes read so far.
    private(set) var offset: Int = 0

    /// Opens `path` for reading; `-` means standard input.
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

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    /// Reads up to `count` bytes into `destination`; returns 0 at end of input.
    func read(into destination: UnsafeMutableRawPointer, count: Int) throws(ImportError) -> Int {
        while true {
            let result = Glibc.read(descriptor, destination, count)
            if result >= 0 {
                offset += result
                return result
            }
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
}
