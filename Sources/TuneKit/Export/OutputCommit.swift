#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// How a conversion's set of outputs replaces the previous set in its folder, so that a kill at any moment
/// (SIGKILL, power loss) leaves either the whole previous set or the whole new one, never a mix.
///
/// **Exchanged whole** when the folder holds nothing but TuneKit's outputs and this run's temporary files (the
/// usual `-o out`): the files are moved into a sibling folder, `.out.tunekit-PID`, and that folder is exchanged
/// with the output folder in one step (`renameat2` with `RENAME_EXCHANGE`). The previous set, now in the sibling,
/// is then removed; a sibling a killed run left is removed by the next run (``removeDebris(beside:)``).
///
/// **Moved in place**, one file after another with interrupts held off (``TemporaryFiles/beginCommit()``), when
/// the folder also holds other files (`-o .`; they are never moved), is the working directory, or sits where a
/// sibling cannot be made or exchanged (a mount point, a file system without the exchange). SIGINT and SIGTERM
/// still wait for the whole set; a SIGKILL during those renames can leave a mix, so the run says why it could
/// not exchange the set (``inPlaceReason``) when a previous set was there.
final class OutputCommit {
    /// The output folder, as the user named it.
    let directory: String
    /// The sibling folder the new set is assembled in; nil when files move into the folder one by one.
    private(set) var staging: String?
    /// The folder's real path (symbolic links resolved), which the exchange swaps.
    private let realDirectory: String?
    /// Why the set is moved in place although a previous set is in the folder (nil otherwise).
    let inPlaceReason: String?
    /// Whether the exchange has happened (the new set is the folder).
    private(set) var exchanged = false

    /// The sibling's name for a folder and a process: `.NAME.tunekit-PID`.
    static func stagingName(of folderName: String, pid: Int32) -> String { ".\(folderName).tunekit-\(pid)" }

    /// Decides how this run's outputs in `directory` are committed, and makes the sibling when they are
    /// exchanged whole. `owns` says which names are outputs of this kind of run (``OutputSet/isOutputName(_:)``).
    init(directory: String, owns: (String) -> Bool) {
        self.directory = directory
        realDirectory = Self.realPath(directory)
        let decision = Self.decide(realDirectory, owns: owns)
        staging = decision.staging
        // Without a previous set there is nothing to mix with: moving in place is as safe as exchanging.
        inPlaceReason = decision.previous ? decision.inPlace : nil
    }

    /// The sibling (made here) when the set can be exchanged whole, else why not; and whether the folder holds
    /// a previous set.
    private static func decide(_ real: String?, owns: (String) -> Bool) -> (staging: String?, inPlace: String?, previous: Bool) {
        guard let real, real != "/" else { return (nil, "its real path could not be resolved", false) }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: real)) ?? []
        let mine = Set(entries.compactMap { entry -> String? in
            guard TemporaryFiles.owner(ofTemporaryName: entry) == getpid() else { return nil }
            return entry.range(of: ".tmp-", options: .backwards).map { String(entry[..<$0.lowerBound]) }
        })
        var foreign: [String] = []
        var previous = false
        for entry in entries.sorted() {
            if TemporaryFiles.owner(ofTemporaryName: entry) == getpid() { continue }
            var info = stat()
            let regular = lstat(FilePath.join(real, entry), &info) == 0 && info.st_mode & S_IFMT == S_IFREG
            if regular && (owns(entry) || mine.contains(entry)) {
                previous = true
            } else {
                foreign.append(entry)
            }
        }
        if !foreign.isEmpty {
            return (nil, "the folder holds other files (\(foreign.prefix(3).joined(separator: ", "))\(foreign.count > 3 ? ", …" : "")), which are never moved", previous)
        }
        if let cwd = realPath(FileManager.default.currentDirectoryPath), cwd == real {
            return (nil, "the folder is the working directory", previous)
        }
        guard exchangeFunction != nil else { return (nil, "this system cannot exchange two folders in one step", previous) }
        let slash = real.lastIndex(of: "/")!
        let parent = slash == real.startIndex ? "/" : String(real[..<slash])
        let sibling = FilePath.join(parent, stagingName(of: String(real[real.index(after: slash)...]), pid: getpid()))
        var folderInfo = stat()
        var siblingInfo = stat()
        guard stat(real, &folderInfo) == 0, mkdir(sibling, 0o700) == 0 else {
            return (nil, "no folder could be made beside it (\(String(cString: strerror(errno))))", previous)
        }
        guard stat(sibling, &siblingInfo) == 0, siblingInfo.st_dev == folderInfo.st_dev else {
            rmdir(sibling)
            return (nil, "it is a mount point", previous)
        }
        chmod(sibling, folderInfo.st_mode & 0o7777)
        return (sibling, nil, previous)
    }

    /// Where a file of the set, bound for `path`, is moved when committed: into the sibling when the set is
    /// exchanged whole and the file belongs to the folder, else `path` itself.
    func destination(of path: String) -> String {
        guard let staging, !exchanged else { return path }
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        guard let real = realDirectory, Self.realPath(folder) == real else { return path }
        return FilePath.join(staging, String(path[(slash.map { path.index(after: $0) } ?? path.startIndex)...]))
    }

    /// Puts the assembled set in place of the folder's previous one in one step, then removes the previous set;
    /// returns true. Returns false when the files were moved in place (the caller removes the previous set's
    /// leftovers), also when the file system refused the exchange and the staged files were moved in one by one.
    @discardableResult
    func exchange() throws(OutputError) -> Bool {
        guard let staging, let real = realDirectory, !exchanged else { return false }
        CommitFault.step("exchange")
        if Self.exchangeFunction!(AT_FDCWD, staging, AT_FDCWD, real, Self.renameExchange) != 0 {
            let failure = errno
            guard failure == EINVAL || failure == ENOSYS || failure == EXDEV || failure == EBUSY else {
                throw OutputError(path: directory, message: "cannot put the outputs in place: \(String(cString: strerror(failure)))")
            }
            try moveInOneByOne(from: staging, to: real)
            return false
        }
        exchanged = true
        Self.removeFolder(staging, stepping: true)
        self.staging = nil
        return true
    }

    /// The exchange is refused (a file system without it): the staged files go in one by one, and the
    /// previous outputs they do not replace are removed by the caller as stale.
    private func moveInOneByOne(from staging: String, to real: String) throws(OutputError) {
        for entry in ((try? FileManager.default.contentsOfDirectory(atPath: staging)) ?? []).sorted() {
            if rename(FilePath.join(staging, entry), FilePath.join(real, entry)) != 0 {
                throw OutputError(path: FilePath.join(directory, entry), message: "cannot move into place: \(String(cString: strerror(errno)))")
            }
        }
        rmdir(staging)
        self.staging = nil
        exchanged = true
    }

    /// Removes the sibling and what was staged in it (a failed run); the folder keeps its previous set.
    func abandon() {
        guard let staging, !exchanged else { return }
        Self.removeFolder(staging)
        self.staging = nil
    }

    /// Removes the siblings (`.NAME.tunekit-PID`) that runs no longer alive left beside `directory`, when they
    /// hold only regular files; returns their names. A sibling of a live process is left alone.
    static func removeDebris(beside directory: String) -> [String] {
        guard let real = realPath(directory), real != "/", let slash = real.lastIndex(of: "/") else { return [] }
        let parent = slash == real.startIndex ? "/" : String(real[..<slash])
        let prefix = ".\(real[real.index(after: slash)...]).tunekit-"
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return [] }
        var removed: [String] = []
        for entry in entries.sorted() where entry.hasPrefix(prefix) {
            guard let pid = Int32(entry.dropFirst(prefix.count)), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) == 0 || errno == EPERM { continue }
            let path = FilePath.join(parent, entry)
            var info = stat()
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, onlyRegularFiles(in: path) else { continue }
            removeFolder(path)
            removed.append(entry)
        }
        return removed
    }

    private static func onlyRegularFiles(in folder: String) -> Bool {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return false }
        return entries.allSatisfy { entry in
            var info = stat()
            return lstat(FilePath.join(folder, entry), &info) == 0 && info.st_mode & S_IFMT == S_IFREG
        }
    }

    /// Removes a folder of this run's (or a killed run's) regular files; `stepping` marks each removal as a
    /// step of the commit (``CommitFault``).
    private static func removeFolder(_ folder: String, stepping: Bool = false) {
        for entry in ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted() {
            if stepping { CommitFault.step("remove the previous \(entry)") }
            unlink(FilePath.join(folder, entry))
        }
        rmdir(folder)
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    /// `RENAME_EXCHANGE` of `<linux/fs.h>`.
    private static let renameExchange: UInt32 = 1 << 1
    /// glibc's `renameat2` (2.28 and later), looked up at run time: Swift's Glibc module does not declare it.
    private static let exchangeFunction: RenameAt2? = dlsym(nil, "renameat2").map { unsafeBitCast($0, to: RenameAt2.self) }
}
