#if canImport(Glibc)
import Glibc
#endif

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
