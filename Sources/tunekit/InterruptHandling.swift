#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import TuneKit

/// SIGINT, SIGTERM and SIGHUP end a run cleanly: the temporary files it was writing are removed, the outputs
/// of the previous run stay as they were (an interrupt during the final moves waits for them to finish), and
/// the exit status is 128 + the signal, as a shell reports it.
enum InterruptHandling {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    static func install() {
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                TemporaryFiles.removeAllForExit()
                if isatty(2) != 0 {
                    // Clears a progress line left on the terminal.
                    let clear: [UInt8] = Array("\r\u{1B}[K".utf8)
                    _ = clear.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
                }
                _exit(128 + signalNumber)
            }
            source.resume()
            sources.append(source)
        }
    }
}
