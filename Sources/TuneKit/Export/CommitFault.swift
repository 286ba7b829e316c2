#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Fault injection for the commit of outputs, in debug builds only: with `TUNEKIT_COMMIT_FAULT=N` in the
/// environment, the process kills itself (SIGKILL, as a power loss would stop it) just before the Nth step of a
/// commit (each rename, the folder exchange, each removal), after printing the step to standard error. The
/// interrupted-run tests walk N through every step and check that the folder then holds one whole set.
enum CommitFault {
    #if DEBUG
    nonisolated(unsafe) private static var steps = 0
    private static let target: Int? = ProcessInfo.processInfo.environment["TUNEKIT_COMMIT_FAULT"].flatMap { Int($0) }
    #endif

    /// Marks a step of a commit; in a debug build with `TUNEKIT_COMMIT_FAULT` set, stops the process there.
    @inline(__always)
    static func step(_ label: @autoclosure () -> String) {
        #if DEBUG
        guard let target else { return }
        steps += 1
        guard steps == target else { return }
        let line = "tunekit: commit fault at step \(steps): \(label())\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
        raise(SIGKILL)
        #endif
    }
}
