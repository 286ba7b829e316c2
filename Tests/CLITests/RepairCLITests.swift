import Foundation
import Testing

/// `tunekit repair` as users run it: console, report file, exit statuses.
@Suite("tunekit repair")
struct RepairCLITests {
    static let five = CLITests.repositoryRoot.appendingPathComponent("Tests/TuneKitTests/Fixtures/repair/five-records.jsonl").path

    @Test func repairsTheFiveRecordFileAndReportsBesideTheOutput() throws {
        let out = CLITests.temporaryDirectory()
        let fixed = out.appendingPathComponent("fixed.jsonl").path
        let outcome = try CLITests.run(["repair", Self.five, "-o", fixed])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("five-records.jsonl:10: [struct.content_type]"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("repaired: multiline_object=1 (line 4)"))
        #expect(outcome.stderr.contains("kept 4 (3 repaired: bom=1 trailing_comma=1 multiline_object=1 role_alias=2), rejected 1"))
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("fixed.repair.json"))) as? [String: Any]
        #expect(report?["kept"] as? Int == 4)
        #expect(report?["units"] as? Int == 5)
        #expect((report?["rejects"] as? [[String: Any]])?.first?["code"] as? String == "struct.content_type")
        let validate = try CLITests.run(["validate", fixed])
        #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")
        // Its own output: nothing to repair, exit 0, same bytes.
        let again = out.appendingPathComponent("again.jsonl").path
        let second = try CLITests.run(["repair", fixed, "-o", again, "--report", out.appendingPathComponent("r.json").path])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(CLITests.read(URL(fileURLWithPath: again)) == CLITests.read(URL(fileURLWithPath: fixed)))
    }

    @Test func convertRepairsTheSameFileAndSaysSo() throws {
        let out = CLITests.temporaryDirectory()
        let outcome = try CLITests.run(["convert", Self.five, "-o", out.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.contains(": repaired UTF-8 byte-order mark removed: 1 (first at line 1); trailing comma removed: 1 (first at line 2); pretty-printed object joined onto one line: 1 (first at line 4); role alias renamed (gpt → assistant, human → user …): 2 (first at line 3)"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("read 5: train 4, duplicates 0, rejected 1"), "\(outcome.stderr)")
        #expect(CLITests.read(out.appendingPathComponent("rejects.jsonl")).contains("export.image_in_chat"))
    }

    @Test func writesToStandardOutput() throws {
        let outcome = try CLITests.run(["repair", Self.five, "-o", "-", "--format", "chat", "--quiet"])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.split(separator: "\n").count == 4)
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
    }

    @Test(arguments: [(["repair", "x.jsonl", "-o", "y.jsonl", "--format", "nope"], "unknown format 'nope'"),
                      (["repair", "x.jsonl", "-o", "x.jsonl"], "-o names the input file"),
                      (["repair", "/nonexistent/x.jsonl", "-o", "-"], "/nonexistent/x.jsonl")])
    func usageErrorsExitWithTwo(arguments: [String], message: String) throws {
        let outcome = try CLITests.run(arguments)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
    }

    @Test func helpDocumentsTheContract() throws {
        let help = try CLITests.run(["help", "repair"])
        for text in ["--output", "--format", "--report", "--quiet", "trailing_comma", "image_reencoded", "Exit status"] {
            #expect(help.stdout.contains(text), "\(text)")
        }
    }
}
