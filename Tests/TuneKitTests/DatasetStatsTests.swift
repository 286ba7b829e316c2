import Foundation
import Testing
@testable import TuneKit

/// `tunekit stats`: shapes detected, lengths, images and billed tokens of JSONL files.
@Suite("Dataset statistics")
struct DatasetStatsTests {
    @Test(arguments: [("chat.jsonl", OutputFormat.chat), ("dpo.jsonl", .dpo), ("thinking.jsonl", .thinking),
                      ("tools.jsonl", .tools), ("vision-url.jsonl", .vision), ("image-gen-url.jsonl", .imageGen)])
    func detectsTheFormat(_ name: String, _ format: OutputFormat) throws {
        let stats = try DatasetStats.measure(path: Fixture.path("jsonl/" + name))
        #expect(stats.format == format)
        #expect(stats.records == 1 && stats.unreadable.isEmpty)
        #expect(stats.exchanges.median >= 1)
    }

    /// Image generation is billed 1024 tokens per picture and nothing for text; understanding 1600 plus text.
    @Test func billsPicturesAsThePlatformDoes() throws {
        let generation = try DatasetStats.measure(path: Fixture.path("jsonl/image-gen-base64.jsonl"))
        #expect(generation.images == 1 && generation.tokens == 1024)
        let understanding = try DatasetStats.measure(path: Fixture.path("jsonl/vision-base64.jsonl"))
        #expect(understanding.images == 1 && understanding.tokens > 1600 && understanding.tokens < 1700)
    }

    /// The same estimate as the conversion report's, line for line.
    @Test func tokensMatchTheConversionReport() throws {
        let out = Fixture.temporaryDirectory()
        let sample = Fixture.repositoryRoot.appendingPathComponent("Converters/customer-service-faq/sample.csv").path
        let result = try ConvertJob(options: ConvertOptions(inputs: [sample], outputDirectory: out)).run()
        let stats = try DatasetStats.measure(path: out + "/train.jsonl")
        #expect(stats.records == result.report.counts.train)
        #expect(stats.tokens == result.report.estimatedTokens.train)
        #expect(stats.userCharacters.maximum >= stats.userCharacters.p95 && stats.userCharacters.p95 >= stats.userCharacters.median)
        #expect(stats.userCharacters.median >= stats.userCharacters.minimum && stats.userCharacters.minimum > 0)
    }

    @Test func countsUnreadableLines() throws {
        let path = Fixture.write("{\"messages\":[{\"role\":\"user\",\"content\":\"你好\"},{\"role\":\"assistant\",\"content\":\"您好\"}]}\nnot json\n{\"x\":1}\n",
                                 name: "mixed.jsonl")
        let stats = try DatasetStats.measure(path: path)
        #expect(stats.records == 1)
        #expect(stats.unreadable.values.reduce(0, +) == 2)
        #expect(stats.userCharacters.total == 2 && stats.assistantCharacters.total == 2)
    }

    @Test func distributionPercentiles() {
        let spread = DatasetStats.Distribution(Array(1...100))
        #expect(spread.minimum == 1 && spread.median == 50 && spread.p95 == 95 && spread.maximum == 100 && spread.total == 5050)
        #expect(DatasetStats.Distribution([]) == DatasetStats.Distribution())
    }
}
