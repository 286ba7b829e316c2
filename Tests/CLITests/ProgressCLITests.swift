#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

/// The progress line of long runs: drawn on standard error when it is a terminal (a pseudo-terminal made with
/// `openpty` here), cleared at the end, never on standard output, and absent when standard error is a pipe.
@Suite("progress line")
struct ProgressCLITests {
    /// A CSV of about 3 MB: enough rows for several reports (one every 4,096 records, at 1 MiB read chunks).
    static func bigCSV(in folder: URL) throws -> URL {
        var text = "问题,答案\n"
        text.reserveCapacity(7_000_000)
        for index in 0..<30_000 {
            text += "请问订单\(index)什么时候发货？,您好，订单\(index)将在四十八小时内发货，请留意短信通知，谢谢。\n"
        }
        let url = folder.appendingPathComponent("orders.csv")
        try Data(text.utf8).write(to: url)
        return url
    }

    struct TerminalOutcome {
        var status: Int32
        /// What the program wrote to standard error (the terminal).
        var terminal: String
        /// What it wrote to standard output (a file).
        var stdout: String
    }

    /// Runs `tunekit` (paths given absolute) with standard error on the slave side of a pseudo-terminal and standard output in a file;
    /// `TUNEKIT_PROGRESS_INTERVAL=0` draws every report the library makes, so the test does not depend on timing.
    static func runOnTerminal(_ arguments: [String], in folder: URL) throws -> TerminalOutcome {
        var master: Int32 = -1
        var slave: Int32 = -1
        guard openpty(&master, &slave, nil, nil, nil) == 0 else { throw POSIXError(.EIO) }
        let outPath = folder.appendingPathComponent("stdout-\(UUID().uuidString)").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, slave, 2)
        posix_spawn_file_actions_addclose(&actions, master)
        posix_spawn_file_actions_addclose(&actions, slave)

        let binary = CLITests.binary.path
        var environment = ProcessInfo.processInfo.environment
        environment["TUNEKIT_PROGRESS_INTERVAL"] = "0"
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, binary, &actions, nil, argv, envp)
        close(slave)
        guard spawned == 0 else {
            close(master)
            throw POSIXError(.ENOENT)
        }
        // Read the terminal until the child's side is closed (EIO), so that it never blocks on a full terminal.
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(master, $0.baseAddress!, $0.count) }
            if count > 0 {
                bytes += chunk[0..<count]
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                break
            }
        }
        close(master)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exit = (status >> 8) & 0xFF
        let stdout = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        return TerminalOutcome(status: exit, terminal: String(decoding: bytes, as: UTF8.self), stdout: stdout)
    }

    /// The progress lines drawn (each `\r\e[K` + text), in order, and what follows the last `\r\e[K` (the
    /// clearing: the messages printed after the run, or nothing).
    static func drawings(_ terminal: String) -> (drawn: [String], afterClear: String) {
        let pieces = terminal.components(separatedBy: "\r\u{1B}[K").dropFirst()
        return (pieces.dropLast().map { $0 }, pieces.last ?? "")
    }

    @Test func convertAndValidateDrawProgressOnATerminalAndClearIt() throws {
        let folder = CLITests.temporaryDirectory()
        let csv = try Self.bigCSV(in: folder)

        let convert = try Self.runOnTerminal(["convert", csv.path, "-o", folder.path + "/out", "--dedup", "none"], in: folder)
        #expect(convert.status == 0, "\(convert.terminal)")
        let (drawn, afterClear) = Self.drawings(convert.terminal)
        #expect(drawn.count >= 5, "\(convert.terminal.prefix(2000))")
        // Bytes of the input, the total, a percentage, the records, the rate and the time left.
        let first = try #require(drawn.first)
        #expect(first.hasPrefix("convert: ") && first.contains(" MB of ") && first.contains("%)")
                && first.contains(" records, ") && first.contains(" MB/s") && first.contains(" left"), "\(first)")
        #expect(drawn.allSatisfy { $0.range(of: #"^convert: [0-9.]+ [kMG]?B of [0-9.]+ MB \([0-9]+%\), "#, options: .regularExpression) != nil })
        // The line is cleared before the summary: the last `\r\e[K` is followed by the messages, not a drawing.
        #expect(!afterClear.hasPrefix("convert:") && afterClear.contains("read 30000: train 30000"), "\(afterClear)")
        #expect(convert.stdout.isEmpty)

        let validate = try Self.runOnTerminal(["validate", folder.path + "/out/train.jsonl"], in: folder)
        #expect(validate.status == 0, "\(validate.terminal)")
        let checks = Self.drawings(validate.terminal)
        #expect(checks.drawn.count >= 3)
        #expect(checks.drawn.allSatisfy { $0.hasPrefix("validate \(folder.path)/out/train.jsonl: ") && $0.contains("%)") && $0.contains("/s") })
        #expect(checks.afterClear.isEmpty)
        // The verdict goes to standard output, with no terminal control in it.
        #expect(validate.stdout.contains("/out/train.jsonl: valid chat") && !validate.stdout.contains("\u{1B}"))
    }

    @Test func trainingLinesOnStandardOutputStayClean() throws {
        let folder = CLITests.temporaryDirectory()
        let csv = try Self.bigCSV(in: folder)
        let run = try Self.runOnTerminal(["convert", csv.path, "-o", "-", "--dedup", "none"], in: folder)
        #expect(run.status == 0)
        #expect(!Self.drawings(run.terminal).drawn.isEmpty)
        #expect(run.stdout.split(separator: "\n").count == 30_000)
        #expect(!run.stdout.contains("\u{1B}") && !run.stdout.contains("\r"))
    }

    @Test func quietOrPipedRunsDrawNothing() throws {
        let folder = CLITests.temporaryDirectory()
        let csv = try Self.bigCSV(in: folder)
        var environment = ProcessInfo.processInfo.environment
        environment["TUNEKIT_PROGRESS_INTERVAL"] = "0"
        let piped = try CLITests.run(["convert", csv.path, "-o", "piped"], directory: folder, environment: environment)
        #expect(piped.status == 0)
        #expect(!piped.stderr.contains("\u{1B}") && !piped.stderr.contains("\r") && piped.stderr.contains("read 30000"))
        let check = try CLITests.run(["validate", "piped/train.jsonl"], directory: folder, environment: environment)
        #expect(!check.stderr.contains("\u{1B}") && !check.stdout.contains("\u{1B}"))

        let quiet = try Self.runOnTerminal(["convert", csv.path, "-o", folder.path + "/quiet", "--quiet"], in: folder)
        #expect(quiet.status == 0)
        #expect(!quiet.terminal.contains("\u{1B}"))
    }
}
