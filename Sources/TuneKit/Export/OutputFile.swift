#if canImport(Glibc)
import Glibc
#endif

/// A file written atomically: bytes go to a temporary file beside the target, which replaces the target
/// only on ``commit()``. A run that fails never leaves a half-written file behind.
///
/// Writes are buffered (1 MiB) and go straight to the file descriptor.
package final class OutputFile {
    /// Where the file ends up (`-` for standard output).
    package let path: String
    private let temporaryPath: String?
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private let flushThreshold = 1 << 20
    /// Bytes written so far.
    package private(set) var bytesWritten = 0
    private var committed = false

    /// Creates the temporary file for `path`; `-` writes to standard output directly.
    package init(path: String) throws(OutputError) {
        self.path = path
        buffer.reserveCapacity(flushThreshold + (64 << 10))
        if path == "-" {
            temporaryPath = nil
            descriptor = 1
            return
        }
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw OutputError(path: path, message: "cannot create: \(String(cString: strerror(errno)))")
        }
        temporaryPath = temporary
        descriptor = fd
        TemporaryFiles.add(temporary)
    }

    deinit {
        if !committed, let temporaryPath {
            close(descriptor)
            unlink(temporaryPath)
            TemporaryFiles.remove(temporaryPath)
        }
    }

    /// Appends bytes (a large block goes straight to the file, without a copy).
    package func write(_ bytes: [UInt8]) throws(OutputError) {
        if buffer.isEmpty && bytes.count >= flushThreshold {
            bytesWritten += bytes.count
            try writeAll(bytes)
            return
        }
        buffer.append(contentsOf: bytes)
        bytesWritten += bytes.count
        if buffer.count >= flushThreshold { try flush() }
    }

    /// Appends bytes from a buffer (a large block goes straight to the file, without a copy).
    package func write(_ bytes: UnsafeBufferPointer<UInt8>) throws(OutputError) {
        if buffer.isEmpty && bytes.count >= flushThreshold {
            bytesWritten += bytes.count
            try writeAll(UnsafeRawBufferPointer(bytes))
            return
        }
        buffer.append(contentsOf: bytes)
        bytesWritten += bytes.count
        if buffer.count >= flushThreshold { try flush() }
    }

    /// Writes out what is buffered and gives back the buffer's memory (nothing more will be written).
    package func finishWriting() throws(OutputError) {
        try flush()
        buffer = []
    }

    /// Writes the buffered bytes to the descriptor.
    package func flush() throws(OutputError) {
        try writeAll(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: [UInt8]) throws(OutputError) {
        let failure: OutputError? = bytes.withUnsafeBytes { raw in
            do throws(OutputError) {
                try writeAll(raw)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }

    private func writeAll(_ raw: UnsafeRawBufferPointer) throws(OutputError) {
        var offset = 0
        while offset < raw.count {
            let written = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw OutputError(path: path, message: "write failed: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    /// Flushes and renames the temporary file into place (at `finalPath` instead of ``path`` when given).
    package func commit(as finalPath: String? = nil) throws(OutputError) {
        try flush()
        guard let temporaryPath else {
            committed = true
            return
        }
        let path = finalPath ?? self.path
        if close(descriptor) != 0 {
            throw OutputError(path: path, message: "close failed: \(String(cString: strerror(errno)))")
        }
        committed = true
        let failure: String? = TemporaryFiles.committing {
            defer { TemporaryFiles.remove(temporaryPath) }
            CommitFault.step("rename \(path)")
            guard rename(temporaryPath, path) != 0 else { return nil }
            let message = String(cString: strerror(errno))
            unlink(temporaryPath)
            return message
        }
        if let failure { throw OutputError(path: path, message: "cannot move into place: \(failure)") }
    }

    /// Drops the temporary file without touching the target.
    package func discard() {
        guard !committed, let temporaryPath else { return }
        committed = true
        close(descriptor)
        unlink(temporaryPath)
        TemporaryFiles.remove(temporaryPath)
    }
}

/// A failure to write an output file.
package struct OutputError: Error, Sendable, CustomStringConvertible {
    package var path: String
    package var message: String

    package var description: String { "\(path): \(message)" }
}
