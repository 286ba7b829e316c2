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

    /// Runs a library job. Its failure is printed as one line and becomes the exit status; with `progress`, the
    /// job gets a reporter that rewrites one terminal line, cleared when the job ends either way.
    static func run<T>(progress: Bool = false, _ job: (_ report: @escaping (String) -> Void) throws(ConvertError) -> T) throws -> T {
        let result: T
        do {
            result = try job { text in if progress { Console.progress(text) } }
        } catch {
            if progress { Console.progress("") }
            Console.error("tunekit: \(error.message)")
            throw ExitCode(error.exitStatus)
        }
        if progress { Console.progress("") }
        return result
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
