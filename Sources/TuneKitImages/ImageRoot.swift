import Foundation

/// The folder that image paths from data are resolved under. A path from a cell may be relative or absolute,
/// use `\` or `/`, or be a `file://` URL; whichever, the file it names must lie inside the root once `..` and
/// symbolic links are resolved: `../../etc/passwd` is refused, not read.
public struct ImageRoot: Sendable, Equatable {
    /// The root folder, absolute and with symbolic links resolved.
    public let path: String

    /// A root at `folder` (which must exist).
    public init(_ folder: String) throws(ImageError) {
        guard let real = Self.realPath(folder) else {
            throw ImageError.badPath(folder, problem: .noRoot)
        }
        path = real
    }

    /// The real path of the file `reference` names under the root.
    public func resolve(_ reference: String) throws(ImageError) -> String {
        var text = reference.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\\", with: "/")
        if text.lowercased().hasPrefix("file://") {
            text = String(text.dropFirst(7)).removingPercentEncoding ?? String(text.dropFirst(7))
        }
        guard !text.isEmpty, !text.contains("\0") else {
            throw ImageError.badPath(reference, problem: .notAFile)
        }
        let joined = text.hasPrefix("/") ? text : path + "/" + text
        // Lexical check first, so that an escape is refused even when the target does not exist.
        guard Self.isInside(Self.normalized(joined), root: path) else {
            throw ImageError.badPath(reference, problem: .outsideRoot(root: path, throughLink: false))
        }
        guard let real = Self.realPath(joined) else {
            throw ImageError.badPath(reference, problem: .missing(root: path))
        }
        guard Self.isInside(real, root: path) else {
            throw ImageError.badPath(reference, problem: .outsideRoot(root: path, throughLink: true))
        }
        return real
    }

    /// The bytes of the file `reference` names, refusing files over `maxBytes` before reading them.
    public func load(_ reference: String, maxBytes: Int = 64 << 20) throws(ImageError) -> [UInt8] {
        let file = try resolve(reference)
        // Non-blocking, so that a FIFO under the root cannot stall the run before it is found not to be a file.
        let descriptor = open(file, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw ImageError.badPath(reference, problem: .unreadable) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw ImageError.badPath(reference, problem: .notAFile)
        }
        let size = Int(status.st_size)
        guard size <= maxBytes else {
            throw ImageError.badPath(reference, problem: .tooLarge(bytes: size, limit: maxBytes))
        }
        // Straight into the array: no Data in between (a photo is read once per preparation).
        var complete = true
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var done = 0
            while done < size {
                let got = read(descriptor, buffer.baseAddress! + done, size - done)
                if got < 0 && errno == EINTR { continue }
                guard got > 0 else { break }
                done += got
            }
            complete = done == size
            count = done
        }
        guard complete else { throw ImageError.badPath(reference, problem: .unreadable) }
        return bytes
    }


    /// `path` with `.` and `..` segments and repeated slashes removed (no file system access).
    static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    static func isInside(_ path: String, root: String) -> Bool {
        root == "/" || path == root || path.hasPrefix(root + "/")
    }

    /// `path` absolute, with symbolic links resolved; nil when it does not exist.
    public static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
