import Foundation
import Testing

/// `convert`'s screening flags as users type them: `--drop-flagged` alone or with codes, `--blocklist FILE`, and
/// the console's screening lines.
@Suite("tunekit convert screening")
struct LintCLITests {
    static let csv = """
    question,answer
    帮我查一下订单,作为一个AI语言模型，我无法访问您的订单信息。
    退货流程是什么？,先在订单页申请退货，然后把商品寄回仓库，
    你们有内部价吗？,没有内部价，所有顾客价格一样。
    可以吗？,好的

    """

    static func input() -> URL {
        let folder = CLITests.temporaryDirectory()
        let file = folder.appendingPathComponent("faq.csv")
        FileManager.default.createFile(atPath: file.path, contents: Data(csv.utf8))
        return file
    }

    @Test func findingsAreReportedOnTheConsoleAndKept() throws {
        let input = Self.input()
        let output = CLITests.temporaryDirectory()
        let result = try CLITests.run(["convert", input.path, "-o", output.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("read 4: train 4"))
        #expect(result.stderr.contains("screening: 1 lint.refusal, first at \(input.path):2"), "\(result.stderr)")
        #expect(result.stderr.contains("1 lint.cut_off, first at \(input.path):3"), "\(result.stderr)")
    }

    @Test(arguments: [
        (["--drop-flagged"], 2),                           // alone, before the input's position is reached
        (["--drop-flagged", "all"], 2),
        (["--drop-flagged", "lint.cut_off"], 1),
        (["--drop-flagged", "refusal,cut_off"], 2),
    ])
    func dropFlaggedAloneOrWithCodes(flags: [String], rejected: Int) throws {
        let input = Self.input()
        let output = CLITests.temporaryDirectory()
        let result = try CLITests.run(["convert"] + flags + [input.path, "-o", output.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("rejected \(rejected)"), "\(result.stderr)")
        let rejects = CLITests.read(output.appendingPathComponent("rejects.jsonl"))
        #expect(rejects.split(separator: "\n").count == rejected)
        #expect(rejects.contains("\"reason\":\"lint.cut_off\"") && rejects.contains("faq.csv:3\""))
    }

    @Test func aBlocklistFindsWordsAndAnInvalidExpressionStopsTheRun() throws {
        let input = Self.input()
        let folder = CLITests.temporaryDirectory()
        let list = folder.appendingPathComponent("blocked.txt")
        FileManager.default.createFile(atPath: list.path, contents: Data("# words\n内部价\n".utf8))
        let output = CLITests.temporaryDirectory()
        let found = try CLITests.run(["convert", input.path, "--blocklist", list.path, "--drop-flagged", "blocklist", "-o", output.path])
        #expect(found.status == 0, "\(found.stderr)")
        #expect(found.stderr.contains("1 lint.blocklist (1 dropped), first at \(input.path):4"), "\(found.stderr)")

        FileManager.default.createFile(atPath: list.path, contents: Data("内部价\nre:(unclosed\n".utf8))
        let refused = try CLITests.run(["convert", input.path, "--blocklist", list.path, "-o", output.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--blocklist") && refused.stderr.contains("line 2"), "\(refused.stderr)")
        let unknown = try CLITests.run(["convert", input.path, "--drop-flagged", "lint.spelling", "-o", output.path])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("--drop-flagged takes all, or lint codes"), "\(unknown.stderr)")
    }
}
