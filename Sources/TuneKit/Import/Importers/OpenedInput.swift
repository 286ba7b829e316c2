#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// One input opened once: the source (which replays the sample, then reads on) and the sample.
package final class OpenedInput {
    /// The input's name (`-` for standard input), used in locations and the report.
    package let name: String
    /// The bytes, the sample first.
    let source: ByteSource
    package let sample: InputSample

    /// Opens `path` (`-` for standard input) and takes its sample; `encoding` forces the sample's decoding.
    init(path: String, encoding: TextEncoding?, maxCopyBytes: Int = OpenedInput.defaultMaxCopyBytes) throws(ImportError) {
        name = path
        self.maxCopyBytes = maxCopyBytes
        source = try ByteSource(path: path)
        let taken = try source.takeSample(upTo: InputSample.size)
        sample = InputSample(name: path, bytes: taken.bytes, complete: taken.complete, encoding: encoding)
    }

    /// The most bytes copied to a temporary file for a reader that needs random access (1 GiB).
    static let defaultMaxCopyBytes = 1 << 30
    private let maxCopyBytes: Int

    /// A path to read the input by, for readers that need random access or several passes (zip-based
    /// workbooks, the XML workbooks' two passes): the file itself when it is a regular file, otherwise a
    /// temporary copy of everything (sample first), removed by ``removeCopy()``, refused past
    /// `maxCopyBytes`.
    func randomAccessPath() throws(ImportError) -> String {
        if name != "-" && source.isRegularFile { return name }
        if let copyPath { return copyPath }
        let template = NSTemporaryDirectory() + "tunekit-input-XXXXXX"
        var pathBytes = Array(template.utf8CString)
        let fd = pathBytes.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw ImportError(.unreadable, "not a regular file, and no temporary copy can be made: \(String(cString: strerror(errno)))",
                              at: SourceLocation(file: name))
        }
        let path = String(cString: pathBytes)
        copyPath = path
        TemporaryFiles.add(path)
        defer { close(fd) }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var total = 0
        while true {
            let count = try source.readChunk(into: &chunk)
            if count == 0 { break }
            total += count
            guard total <= maxCopyBytes else {
                removeCopy()
                throw ImportError(.unreadable, "an input that is not a regular file is copied to a temporary file to be read here, up to \(maxCopyBytes >> 20) MiB; this one is larger: save it as a file and name that",
                                  at: SourceLocation(file: name))
            }
            var written = 0
            while written < count {
                let result = chunk.withUnsafeBytes { write(fd, $0.baseAddress! + written, count - written) }
                if result < 0 {
                    if errno == EINTR { continue }
                    let reason = String(cString: strerror(errno))
                    removeCopy()
                    throw ImportError(.unreadable, "cannot write the temporary copy: \(reason)", at: SourceLocation(file: name))
                }
                written += result
            }
        }
        return path
    }

    private var copyPath: String?

    /// Removes the temporary copy, if one was made.
    func removeCopy() {
        if let copyPath {
            unlink(copyPath)
            TemporaryFiles.remove(copyPath)
        }
        copyPath = nil
    }

    deinit {
        removeCopy()
    }
}
