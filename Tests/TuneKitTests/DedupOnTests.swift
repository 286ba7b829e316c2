import Foundation
import Testing
@testable import TuneKit

/// `--dedup-on user|conversation`: which text the duplicate key (exact and near) is computed on, the same in the
/// byte lane and the general path.
@Suite("Dedup on user text or the conversation")
struct DedupOnTests {
    static let question = "请问买了三个月的扫地机器人电池续航明显变短了，还在保修期内，可以免费更换新的电池吗？"
    static let csv = """
        user,assistant
        \(question),可以的，保修期内电池属于免费更换范围，请在订单详情页申请售后。
        \(question),您好，请先把机器寄回检测，确认是电池问题后我们会免费为您更换。
        \(question.replacingOccurrences(of: "扫地机器人", with: "扫地机械人")),可以的，保修期内电池属于免费更换范围，请在订单详情页申请售后。
        发票怎么开？,在订单详情页点击申请发票，填写抬头和税号即可，电子发票会发到您的邮箱。

        """

    static func convert(_ path: String, dedup: ConvertOptions.DedupMode, on: DedupOn, fastLane: Bool,
                        clusters: String? = nil) throws -> (ConversionReport, String) {
        let out = Fixture.temporaryDirectory()
        var options = ConvertOptions(inputs: [path], outputDirectory: out, dedup: dedup)
        options.dedupOn = on
        options.useFastLane = fastLane
        options.clustersPath = clusters
        return (try ConvertJob(options: options).run().report, out)
    }

    /// The same question with another answer is a duplicate on the user text only; the question with another
    /// product name is a near duplicate of it on the user text; both lanes agree.
    @Test(arguments: [true, false])
    func sameQuestionIsADuplicateOnUserText(fastLane: Bool) throws {
        let path = Fixture.write(Self.csv, name: "questions.csv")
        let (conversation, _) = try Self.convert(path, dedup: .exact, on: .conversation, fastLane: fastLane)
        #expect(conversation.counts.duplicates == 0)
        let (user, out) = try Self.convert(path, dedup: .exact, on: .user, fastLane: fastLane)
        #expect(user.counts.duplicates == 1 && user.counts.train == 3)
        let dropped = Fixture.read(out + "/duplicates.jsonl")
        #expect(dropped.contains(#""duplicate_of_source":"\#(path):2""#) && dropped.contains(#""source":"\#(path):3""#))
        #expect(!dropped.contains("\"duplicate_of\""))
        #expect(Fixture.read(out + "/report.json").contains(#""dedup_on": "user""#))
        let (near, _) = try Self.convert(path, dedup: .near, on: .user, fastLane: fastLane)
        #expect(near.counts.duplicates == 2 && near.nearDuplicates == 1)
        let (nearConversation, _) = try Self.convert(path, dedup: .near, on: .conversation, fastLane: fastLane)
        #expect(nearConversation.nearDuplicates == 1 && nearConversation.counts.duplicates == 1)
    }

    /// The byte lane and the general path drop the same lines with the same duplicates file, for each key and
    /// mode, on the customer-service sample.
    @Test(arguments: [(ConvertOptions.DedupMode.near, DedupOn.conversation), (.near, .user), (.exact, .user)])
    func lanesAgree(_ dedup: ConvertOptions.DedupMode, _ on: DedupOn) throws {
        let sample = Fixture.repositoryRoot.appendingPathComponent("Converters/customer-service-faq/sample.csv").path
        let (lane, laneOut) = try Self.convert(sample, dedup: dedup, on: on, fastLane: true)
        let (general, generalOut) = try Self.convert(sample, dedup: dedup, on: on, fastLane: false)
        #expect(lane.counts.duplicates == general.counts.duplicates && lane.nearDuplicates == general.nearDuplicates)
        #expect(Fixture.read(laneOut + "/duplicates.jsonl") == Fixture.read(generalOut + "/duplicates.jsonl"))
        #expect(Fixture.read(laneOut + "/train.jsonl") == Fixture.read(generalOut + "/train.jsonl"))
    }

    /// `tunekit dedup --dedup-on user` on JSONL: the same question answered twice is dropped once.
    @Test func dedupJobOnUserText() throws {
        let lines = [
            NearDuplicateTests.chatLine(Self.question, "可以的，保修期内电池属于免费更换范围。"),
            NearDuplicateTests.chatLine(Self.question, "请先寄回检测。"),
        ]
        let path = Fixture.write(lines.joined(separator: "\n") + "\n", name: "user.jsonl")
        let folder = (path as NSString).deletingLastPathComponent
        let byUser = try DedupJob(input: path, output: folder + "/kept.jsonl", dedupOn: .user).run()
        #expect(byUser.kept == 1 && byUser.duplicates == 1)
        let byConversation = try DedupJob(input: path, output: folder + "/kept2.jsonl").run()
        #expect(byConversation.kept == 2 && byConversation.duplicates == 0)
    }

    /// The recipe key and flag: `dedup_on: user`; a wrong value and a use without de-duplication are refused,
    /// naming the flag.
    @Test func recipeKey() throws {
        let recipe = try Recipe(text: [.dedupOn: "user", .clusters: "c.jsonl"])
        #expect(recipe.dedupOn == .user && recipe.clusters == "c.jsonl")
        #expect(recipe.text(for: .dedupOn) == "user")
        #expect(throws: RecipeError.self) { try Recipe(text: [.dedupOn: "question"]) }
        do {
            _ = try ConvertOptions(inputs: ["a.csv"], overriding: try Recipe(text: [.dedup: "none", .clusters: "c.jsonl"]))
            Issue.record("--clusters with --dedup none was accepted")
        } catch {
            #expect(error.message.contains("--clusters"))
        }
        let options = try ConvertOptions(inputs: ["a.csv"], overriding: try Recipe(text: [.dedupOn: "user"]))
        #expect(options.dedupOn == .user && options.clustersPath == nil)
    }
}
