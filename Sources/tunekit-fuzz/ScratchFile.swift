#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The file an input is written to for the readers that take a path (one per process and extension, written for
/// every input and removed after it; in `/dev/shm` when there is one, so no disk is touched).
enum ScratchFile {
    private static let directory: String = {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: "/dev/shm", isDirectory: &isDirectory), isDirectory.boolValue,
           access("/dev/shm", W_OK) == 0 {
            return "/dev/shm/"
        }
        return NSTemporaryDirectory()
    }()

    /// Writes `data` to the scratch file for `fileExtension` and returns its path.
    static func write(_ data: UnsafeRawBufferPointer, fileExtension: String) -> String {
        let path = directory + "tunekit-fuzz-\(getpid()).\(fileExtension)"
        guard let file = fopen(path, "wb") else { fatalError("cannot write the scratch file \(path)") }
        if let base = data.baseAddress, data.count > 0 {
            guard fwrite(base, 1, data.count, file) == data.count else { fatalError("cannot write the scratch file \(path)") }
        }
        fclose(file)
        return path
    }

    /// Runs `body` on the path of a scratch file holding `data`, then removes the file (a crash leaves one
    /// `tunekit-fuzz-PID.*` behind).
    static func with(_ data: UnsafeRawBufferPointer, fileExtension: String, _ body: (String) -> Void) {
        let path = write(data, fileExtension: fileExtension)
        body(path)
        unlink(path)
    }
}
