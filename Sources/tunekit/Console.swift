#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import TuneKit

/// Where the CLI prints: results to standard output, diagnostics to standard error. Writes go straight
/// to the descriptors and retry on EINTR (Foundation's FileHandle.write traps on it).
enum Console {
    static func error(_ line: String) {
        write(line + "\n", to: 2)
    }

    /// Rewrites the current terminal line (progress on a TTY); an empty text clears it.
    static func progress(_ text: String) {
        write("\r\u{1B}[K" + text, to: 2)
    }

    /// Whether a run shows progress: standard error is a terminal and `--quiet` was not given.
    static func showsProgress(quiet: Bool = false) -> Bool {
        !quiet && isatty(2) == 1
    }

    /// Runs a library job. Its failure is printed as one line and becomes the exit status; with a `progress`
    /// label, the job gets a reporter that rewrites one terminal line (``ProgressLine``), cleared when the job
    /// ends either way; without one it gets `nil`.
    static func run<T>(progress label: String? = nil,
                       _ job: (_ report: ((JobProgress) -> Void)?) throws(ConvertError) -> T) throws -> T {
        do {
            return try withProgress(label, job)
        } catch {
            Console.error("tunekit: \(error.message)")
            throw ExitCode(error.exitStatus)
        }
    }

    /// Runs `body` with a progress reporter drawing a ``ProgressLine`` labelled `label` on standard error (`nil`
    /// label: no reporter), and clears the line afterwards, on success or failure.
    static func withProgress<T, E: Error>(_ label: String?, _ body: (_ report: ((JobProgress) -> Void)?) throws(E) -> T) throws(E) -> T {
        guard let label else { return try body(nil) }
        var line = ProgressLine(label: label)
        defer { if line.drawn { Console.progress("") } }
        return try body { progress in
            if let text = line.update(progress) { Console.progress(text) }
        }
    }

    /// One warning for the lines of a JSONL file that are not records, saying what became of them.
    static func warnUnreadable(_ counts: [String: Int], _ fate: String) {
        let total = counts.values.reduce(0, +)
        guard total > 0 else { return }
        Console.error("warning: \(total) line\(total == 1 ? " is" : "s are") not a record and \(fate) (run tunekit validate)")
    }

    static func output(_ line: String) {
        write(line + "\n", to: 1)
    }

    private static func write(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}

/// A usage or input problem: printed as one line, exit status 2.
enum CommandFailure: Error, CustomStringConvertible {
    case usage(String)

    var description: String {
        switch self {
        case .usage(let message): return message
        }
    }
}
