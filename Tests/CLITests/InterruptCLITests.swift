#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

/// Interrupted runs through the built binary: SIGTERM and SIGINT remove the run's temporary files and leave
/// the previous outputs as they were; what a SIGKILL leaves is removed by the next run in that folder, which
/// says so, while temporary files of a live process are left alone.
@Suite("interrupted runs")
struct InterruptCLITests {
    /// A CSV big enough that a debug build is still reading it when the signal comes.
    static func bigCSV(in folder: URL, rows: Int = 150_000) throws -> URL {
        var text = "问题,答案\n"
        text.reserveCapacity(rows * 120)
        for index in 0..<rows {
            text += "请问订单\(index)什么时候发货？,您好，订单\(index)将在四十八小时内发货，请留意短信通知，谢谢。\n"
        }
        let url = folder.appendingPathComponent("orders.csv")
        try Data(text.utf8).write(to: url)
        return url
    }

    static func temporaryNames(in folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.contains(".tmp-") || $0.hasPrefix(".tunekit-spool-") }.sorted()
    }

    /// Starts the binary with `arguments`, its output and messages discarded.
    static func launch(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = CLITests.binary
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Starts `tunekit convert` and sends `signal` once it is writing (a temporary file exists in `out`).
    /// Returns the exit status, or nil when the run ended before it could be signalled.
    static func interrupt(_ arguments: [String], out: URL, with signalNumber: Int32) throws -> Int32? {
        let process = try launch(arguments)
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && temporaryNames(in: out).isEmpty && Date() < deadline { usleep(2_000) }
        guard process.isRunning else {
            process.waitUntilExit()
            return nil
        }
        usleep(50_000)
        kill(process.processIdentifier, signalNumber)
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func anInterruptLeavesThePreviousRunIntact(_ signalNumber: Int32) throws {
        let folder = CLITests.temporaryDirectory()
        let csv = try Self.bigCSV(in: folder)
        let out = folder.appendingPathComponent("out")
        let small = folder.appendingPathComponent("small.csv")
        try Data("问题,答案\n运费多少？,满99包邮。\n".utf8).write(to: small)
        let first = try CLITests.run(["convert", small.path, "-o", out.path, "--validation", "0"])
        #expect(first.status == 0, "\(first.stderr)")
        let before = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        let trainBefore = try Data(contentsOf: out.appendingPathComponent("train.jsonl"))
        let reportBefore = try Data(contentsOf: out.appendingPathComponent("report.json"))
        let status = try Self.interrupt(["convert", csv.path, "-o", out.path, "--validation", "0.1"], out: out, with: signalNumber)
        try #require(status != nil, "the run ended before the signal")
        #expect(status == 128 + signalNumber)
        #expect(Self.temporaryNames(in: out).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == before)
        #expect(try Data(contentsOf: out.appendingPathComponent("train.jsonl")) == trainBefore)
        #expect(try Data(contentsOf: out.appendingPathComponent("report.json")) == reportBefore)
    }

    @Test func theNextRunRemovesWhatAKilledOneLeft() throws {
        let folder = CLITests.temporaryDirectory()
        let csv = try Self.bigCSV(in: folder)
        let out = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let status = try Self.interrupt(["convert", csv.path, "-o", out.path, "--validation", "0.1"], out: out, with: SIGKILL)
        try #require(status != nil, "the run ended before the signal")
        let debris = Self.temporaryNames(in: out)
        #expect(!debris.isEmpty)
        // A file named like a temporary one of a process that is alive (this test) is not debris.
        let live = "train.jsonl.tmp-\(getpid())"
        try Data("{}".utf8).write(to: out.appendingPathComponent(live))
        let unrelated = "notes.txt.tmp-1"
        try Data("mine".utf8).write(to: out.appendingPathComponent(unrelated))
        let small = folder.appendingPathComponent("small.csv")
        try Data("问题,答案\n运费多少？,满99包邮。\n".utf8).write(to: small)
        let next = try CLITests.run(["convert", small.path, "-o", out.path])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(next.stderr.contains("[output.debris_removed] removed \(debris.count) temporary file"))
        #expect(Self.temporaryNames(in: out) == [live, unrelated].sorted())
        #expect(CLITests.read(out.appendingPathComponent("report.json")).contains("output.debris_removed"))
    }
}
