#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

/// The set of outputs is committed whole: a run killed at any moment, also in the middle of its commit,
/// leaves the output folder with either the whole previous set or the whole new one, never a mix; the next run
/// removes what the killed one left. The commit's steps are walked with the debug build's fault injection
/// (`TUNEKIT_COMMIT_FAULT=N` kills the process before the Nth rename, exchange or removal).
@Suite("output set commit")
struct CommitCLITests {
    /// Every file of a folder that belongs to a set (temporary files of a killed run left out): the JSONL files
    /// with their bytes, `report.json` without its warnings (they name the debris of a killed run the next run
    /// removed, which differs between two runs of one set), `report.html` only as there.
    static func outputSet(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path)
        where !name.contains(".tmp-") && !name.hasPrefix(".tunekit-spool-") {
            let bytes = try Data(contentsOf: folder.appendingPathComponent(name))
            switch name {
            case "report.json":
                var report = try #require(try JSONSerialization.jsonObject(with: bytes) as? [String: Any])
                report["warnings"] = nil
                files[name] = try JSONSerialization.data(withJSONObject: report, options: .sortedKeys)
            case "report.html":
                files[name] = Data(bytes.isEmpty ? "empty".utf8 : "page".utf8)
            default:
                files[name] = bytes
            }
        }
        return files
    }

    /// Siblings a commit made beside `out` (`.out.tunekit-PID`).
    static func siblings(of out: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: out.deletingLastPathComponent().path)
            .filter { $0.hasPrefix(".\(out.lastPathComponent).tunekit-") }
    }

    static func write(_ text: String, to url: URL) throws {
        try Data(text.utf8).write(to: url)
    }

    /// A previous run (train, rejects, duplicates, reports; no validation) and the next run's input (more rows,
    /// a validation split, different lines), so that the two sets differ in names and in bytes.
    static func twoRuns(in folder: URL) throws -> (previous: [String], next: [String]) {
        let small = folder.appendingPathComponent("before.csv")
        try write("问题,答案\n运费多少？,满99包邮。\n运费多少？,满99包邮。\n,没有问题的答案\n", to: small)
        var rows = "问题,答案\n"
        for product in ["手机", "电脑", "耳机", "相机", "手表", "平板", "音箱", "键盘"] {
            for (question, answer) in [("怎么退货", "七天内可无理由退货"), ("保修多久", "整机保修一年"), ("什么时候发货", "下单后四十八小时内发货"),
                                       ("能开发票吗", "可以开具电子发票"), ("支持分期吗", "支持信用卡分期付款")] {
                rows += "\(product)\(question)？,\(product)\(answer)。\n"
            }
        }
        let big = folder.appendingPathComponent("after.csv")
        try write(rows, to: big)
        return (["convert", small.path, "--validation", "0"], ["convert", big.path, "--validation", "5", "--seed", "7"])
    }

    /// Runs `previousRun` into `folder/out`, then `nextRun` (without `-o`) killed before each step of its commit in
    /// turn, from the previous set each time; checks what every kill leaves and that the next run mends it.
    /// Returns the outcomes ("previous" or "new") step by step.
    static func walkTheCommit(in folder: URL, previousRun: [String], nextRun: [String]) throws -> [String] {
        // The whole new set, from an uninterrupted run into a folder of the same name elsewhere.
        let reference = folder.appendingPathComponent("reference/out")
        try FileManager.default.createDirectory(at: reference.deletingLastPathComponent(), withIntermediateDirectories: true)
        let whole = try CLITests.run(nextRun + ["-o", reference.path])
        try #require(whole.status == 0, "\(whole.stderr)")
        let newSet = try outputSet(reference)

        let out = folder.appendingPathComponent("out")
        let first = try CLITests.run(previousRun + ["-o", out.path])
        try #require(first.status == 0, "\(first.stderr)")
        let previousSet = try outputSet(out)
        #expect(previousSet != newSet)
        let saved = folder.appendingPathComponent("previous")
        try FileManager.default.copyItem(at: out, to: saved)

        var outcomes: [String] = []
        for step in 1..<100 {
            // Each attempt starts from the previous set and no debris.
            try? FileManager.default.removeItem(at: out)
            for sibling in try siblings(of: out) {
                try FileManager.default.removeItem(at: folder.appendingPathComponent(sibling))
            }
            try FileManager.default.copyItem(at: saved, to: out)

            var environment = ProcessInfo.processInfo.environment
            environment["TUNEKIT_COMMIT_FAULT"] = String(step)
            let run = try CLITests.run(nextRun + ["-o", out.path], environment: environment)
            let now = try outputSet(out)
            if run.status == 0 {
                #expect(now == newSet)
                #expect(try siblings(of: out).isEmpty)
                return outcomes
            }
            #expect(run.status == SIGKILL, "step \(step): \(run.stderr)")
            #expect(run.stderr.contains("commit fault at step \(step)"))
            let label = run.stderr.components(separatedBy: "commit fault at step \(step): ").last?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
            if now == previousSet {
                outcomes.append("previous")
            } else if now == newSet {
                outcomes.append("new")
            } else {
                outcomes.append("mix")
                Issue.record("step \(step) (\(label)) left a mix: \(now.keys.sorted()) against previous \(previousSet.keys.sorted()) and new \(newSet.keys.sorted())")
            }

            // The next run removes what the killed one left and commits the whole new set.
            let next = try CLITests.run(nextRun + ["-o", out.path])
            #expect(next.status == 0, "\(next.stderr)")
            #expect(try outputSet(out) == newSet, "after the kill at step \(step)")
            #expect(try siblings(of: out).isEmpty)
            #expect(InterruptCLITests.temporaryNames(in: out).isEmpty)
        }
        Issue.record("the commit did not end within 99 steps")
        return outcomes
    }

    @Test func aKillAtEveryStepOfTheCommitLeavesOneWholeSet() throws {
        let folder = CLITests.temporaryDirectory()
        let (previousRun, nextRun) = try Self.twoRuns(in: folder)
        let outcomes = try Self.walkTheCommit(in: folder, previousRun: previousRun, nextRun: nextRun)
        // The walk went through the renames into the sibling, the exchange and the removal of the previous set.
        #expect(outcomes.count >= 8, "only \(outcomes.count) commit steps: \(outcomes)")
        #expect(outcomes.contains("previous") && outcomes.contains("new"), "\(outcomes)")
        #expect(outcomes.firstIndex(of: "new")! > outcomes.lastIndex(of: "previous")!, "\(outcomes)")
    }

    @Test func aKillAtEveryStepOfASplitsCommitLeavesOnePair() throws {
        let folder = CLITests.temporaryDirectory()
        let (_, convert) = try Self.twoRuns(in: folder)
        let records = folder.appendingPathComponent("records")
        let made = try CLITests.run(convert.prefix(2) + ["--validation", "0", "-o", records.path])
        try #require(made.status == 0, "\(made.stderr)")
        let train = records.appendingPathComponent("train.jsonl").path
        let outcomes = try Self.walkTheCommit(in: folder, previousRun: ["split", train, "--validation", "4", "--seed", "1"],
                                              nextRun: ["split", train, "--validation", "9", "--seed", "2"])
        #expect(outcomes == ["previous", "previous", "previous", "new", "new"], "\(outcomes)")
    }

    @Test func killsAtRandomMomentsLeaveOneWholeSet() throws {
        let folder = CLITests.temporaryDirectory()
        let csv = try InterruptCLITests.bigCSV(in: folder, rows: 8_000)
        let small = folder.appendingPathComponent("small.csv")
        try Self.write("问题,答案\n运费多少？,满99包邮。\n", to: small)
        let out = folder.appendingPathComponent("out")
        let first = try CLITests.run(["convert", small.path, "-o", out.path, "--validation", "0"])
        try #require(first.status == 0, "\(first.stderr)")
        let previousSet = try Self.outputSet(out)
        let options = ["--validation", "0.1", "--dedup", "near"]
        let nextRun = ["convert", csv.path, "-o", out.path] + options
        // How long a whole run takes on this machine, to spread the kills over it (not a timing check).
        let started = Date()
        let reference = folder.appendingPathComponent("reference/out")
        try FileManager.default.createDirectory(at: reference.deletingLastPathComponent(), withIntermediateDirectories: true)
        let whole = try CLITests.run(["convert", csv.path, "-o", reference.path] + options)
        try #require(whole.status == 0, "\(whole.stderr)")
        let duration = Date().timeIntervalSince(started)
        let newSet = try Self.outputSet(reference)

        var generator = SystemRandomNumberGenerator()
        for _ in 0..<6 {
            let process = try InterruptCLITests.launch(nextRun)
            usleep(UInt32(Double.random(in: 0...(duration * 1.1), using: &generator) * 1_000_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let now = try Self.outputSet(out)
            #expect(now == previousSet || now == newSet, "a kill left a mix: \(now.keys.sorted())")
            // Back to the previous set for the next kill.
            if now == newSet {
                let restore = try CLITests.run(["convert", small.path, "-o", out.path, "--validation", "0"])
                #expect(restore.status == 0, "\(restore.stderr)")
            }
        }
        let last = try CLITests.run(nextRun)
        #expect(last.status == 0, "\(last.stderr)")
        #expect(try Self.outputSet(out) == newSet)
        #expect(try Self.siblings(of: out).isEmpty)
        #expect(InterruptCLITests.temporaryNames(in: out).isEmpty)
    }

    @Test func aFolderSharedWithOtherFilesIsCommittedInPlaceAndSaysSo() throws {
        let folder = CLITests.temporaryDirectory()
        let (previousRun, nextRun) = try Self.twoRuns(in: folder)
        let out = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let notes = out.appendingPathComponent("notes.txt")
        try Self.write("mine", to: notes)
        // No previous set: nothing to mix with, nothing to say.
        let first = try CLITests.run(previousRun + ["-o", out.path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(!first.stderr.contains("output.in_place"))
        let next = try CLITests.run(nextRun + ["-o", out.path])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(next.stderr.contains("[output.in_place]"))
        #expect(next.stderr.contains("notes.txt"))
        #expect(CLITests.read(out.appendingPathComponent("report.json")).contains("output.in_place"))
        #expect(CLITests.read(notes) == "mine")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("validation.jsonl").path))
        #expect(try Self.siblings(of: out).isEmpty)
        // A --clusters file inside the folder is part of the set: a second run exchanges the folder whole.
        let own = folder.appendingPathComponent("own")
        for _ in 0..<2 {
            let run = try CLITests.run(nextRun + ["-o", own.path, "--dedup", "near", "--clusters", own.appendingPathComponent("clusters.jsonl").path])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(!run.stderr.contains("output.in_place"), "\(run.stderr)")
        }
        #expect(FileManager.default.fileExists(atPath: own.appendingPathComponent("clusters.jsonl").path))
        // Run from inside the folder it writes to: in place as well, never an exchange of the working directory.
        let inside = try CLITests.run(nextRun + ["-o", "."], directory: out)
        #expect(inside.status == 0, "\(inside.stderr)")
        #expect(CLITests.read(notes) == "mine")
    }
}
