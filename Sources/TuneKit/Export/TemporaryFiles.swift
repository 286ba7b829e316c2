#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The temporary files this process is writing, so that an interrupted run (SIGINT, SIGTERM) removes them
/// instead of leaving `train.jsonl.tmp-PID` and `.tunekit-spool-PID.jsonl` behind, and the names those files
/// have, so that a later run can remove what a killed one (SIGKILL, power loss) left.
///
/// Moving files into place happens under the same lock as the removal: an interrupt that arrives while a run
/// commits its outputs waits until the set is in place, so a folder never holds half of a run's outputs
/// beside the rest of the previous run's (a SIGKILL cannot be waited for).
package enum TemporaryFiles {
    private static let lock = NSRecursiveLock()
    nonisolated(unsafe) private static var paths: Set<String> = []

    /// Registers a temporary file being written.
    package static func add(_ path: String) {
        lock.lock()
        defer { lock.unlock() }
        paths.insert(path)
    }

    /// The file is gone or in place: no longer this process's to remove.
    package static func remove(_ path: String) {
        lock.lock()
        defer { lock.unlock() }
        paths.remove(path)
    }

    /// Runs `body` (moving outputs into place) with interrupts held off until it returns.
    package static func committing<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Holds interrupts off until ``endCommit()``: between the two, a run moves its set of outputs into place.
    package static func beginCommit() {
        lock.lock()
    }

    /// Lets interrupts through again (after ``beginCommit()``).
    package static func endCommit() {
        lock.unlock()
    }

    /// Removes every registered temporary file; the lock is kept, so no commit starts afterwards. For the
    /// interrupt handler, which exits right after.
    package static func removeAllForExit() {
        lock.lock()
        for path in paths { unlink(path) }
        paths.removeAll()
    }

    /// Whether `name` is a temporary file of a TuneKit run (`train.jsonl.tmp-123`, `.tunekit-spool-123.jsonl`),
    /// and the process id it names.
    package static func owner(ofTemporaryName name: String) -> Int32? {
        let patterns = [#"^.+\.(jsonl|json|html|jpg|png)\.tmp-([0-9]+)$"#, #"^\.tunekit-spool-([0-9]+)\.jsonl(\.tmp-[0-9]+)?$"#]
        for pattern in patterns {
            guard let match = name.range(of: pattern, options: .regularExpression) else { continue }
            _ = match
            let digits = name.hasPrefix(".tunekit-spool-")
                ? name.dropFirst(".tunekit-spool-".count).prefix { $0.isNumber }
                : name[name.range(of: ".tmp-", options: .backwards)!.upperBound...]
            return Int32(digits)
        }
        return nil
    }

    /// Removes the temporary files that runs no longer alive left in `directory`; returns their names.
    /// Files of a live process (another run writing into the same folder) and every other file are left alone.
    package static func removeDebris(in directory: String) -> [String] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        var removed: [String] = []
        for entry in entries.sorted() {
            guard let pid = owner(ofTemporaryName: entry), pid != getpid(), pid > 0 else { continue }
            if kill(pid, 0) == 0 || errno == EPERM { continue }
            if unlink(FilePath.join(directory, entry)) == 0 { removed.append(entry) }
        }
        return removed
    }
}
