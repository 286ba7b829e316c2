import Foundation
import PropertyBased
import Testing
@testable import TuneKit

/// Random JSONL datasets with planted duplicates and broken lines through ``ConvertJob``: every input line ends
/// in exactly one of train, validation, duplicates or rejects — the right one — the counts add up, and the
/// outputs are byte-identical whatever the number of jobs.
@Suite("De-duplication and split invariants (property)")
struct DedupSplitPropertyTests {
    /// What each input line is.
    enum Planted: Equatable {
        /// A new record, written as this line.
        case record(String)
        /// A copy of the record on the given earlier line (1-based).
        case duplicate(of: Int)
        /// A line that is not JSON.
        case broken
    }

    static let words = ["退货", "运费", "怎么", "发票", "hello", "order", "😀", "Ünïcode", "\u{2028}", "tab\there", "\"quoted\"",
                        "back\\slash", "新しい", "ＦＵＬＬ", "a", "42"]

    /// A dataset from codes: each code plants a new record (with a category some of the time), a copy of an
    /// earlier record, or a broken line.
    static func dataset(_ codes: [UInt32]) -> [Planted] {
        var lines: [Planted] = []
        var records: [Int] = []
        for (index, code) in codes.enumerated() {
            switch code % 10 {
            case 0:
                lines.append(.broken)
            case 1...2 where !records.isEmpty:
                lines.append(.duplicate(of: records[Int(code / 10) % records.count]))
            default:
                // The line number keeps every new record's content distinct from every other's.
                let text = (0..<Int(code % 4)).map { words[Int(code >> (4 + $0 * 4)) % words.count] }.joined(separator: " ")
                var writer = JSONWriter()
                writer.beginObject()
                writer.key("messages")
                writer.beginArray()
                for (role, content) in [("user", "问题 \(index) \(text)"), ("assistant", "回答 \(index) \(text.reversed().map(String.init).joined())")] {
                    writer.beginObject()
                    writer.key("role")
                    writer.string(role)
                    writer.key("content")
                    writer.string(content)
                    writer.endObject()
                }
                writer.endArray()
                if code % 7 == 0 {
                    writer.key("category")
                    writer.string(["售后", "物流", "发票"][Int(code / 7) % 3])
                }
                writer.endObject()
                lines.append(.record(String(decoding: writer.bytes, as: UTF8.self)))
                records.append(index + 1)
            }
        }
        return lines
    }

    static func text(of line: Planted, in lines: [Planted]) -> String {
        switch line {
        case .record(let text): text
        case .duplicate(let original): text(of: lines[original - 1], in: lines)
        case .broken: #"{"messages": [ broken"#
        }
    }

    @Test func everyLineEndsInItsOneOutcomeWhateverTheJobs() async {
        await propertyCheck(count: 15, input: Gen<UInt32>.value(in: 0...UInt32.max).array(of: 1...60), Gen<UInt8>.value(in: 0...255)) { codes, pick in
            let lines = Self.dataset(codes)
            let input = Fixture.write(lines.map { Self.text(of: $0, in: lines) + "\n" }.joined(), name: "records.jsonl")
            let validation: SplitPlanner.Amount? = switch pick % 4 {
            case 0: nil
            case 1: .count(Int(pick / 4) % 5 + 1)
            default: .fraction(Double(pick % 50 + 1) / 100)
            }
            var outputs: [[String: Data]] = []
            for jobs in [1, 2, 4] {
                let directory = Fixture.temporaryDirectory()
                var options = ConvertOptions(inputs: [input], inputKind: .jsonl, outputDirectory: directory, validation: validation,
                                             seed: UInt64(pick))
                options.images.jobs = jobs
                let counts: ConversionReport.Counts
                do {
                    counts = try ConvertJob(options: options).run().report.counts
                } catch {
                    // A validation amount that leaves no training record is refused before anything is written.
                    #expect(validation != nil, "\(error)")
                    continue
                }
                #expect(counts.balanced, "\(counts)")
                #expect(counts.read == lines.count, "\(counts) for \(lines.count) lines")
                Self.checkOutcomes(lines, in: directory, counts: counts)
                let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
                outputs.append(Dictionary(uniqueKeysWithValues: names.map { ($0, FileManager.default.contents(atPath: directory + "/" + $0) ?? Data()) }))
            }
            for output in outputs.dropFirst() {
                #expect(output == outputs.first, "jobs change the outputs of \(lines.count) lines")
            }
        }
    }

    /// Each broken line is a reject and each copy a duplicate, both named by their line; each new record is
    /// written once, to train or validation.
    static func checkOutcomes(_ lines: [Planted], in directory: String, counts: ConversionReport.Counts) {
        func output(_ name: String) -> [Substring] {
            Fixture.read(directory + "/" + name).split(separator: "\n")
        }
        func sources(_ name: String) -> [Int] {
            output(name).compactMap { line in
                guard line.hasPrefix(#"{"source":""#), let range = line.range(of: "records.jsonl:") else { return nil }
                return Int(line[range.upperBound...].prefix { $0.isNumber })
            }.sorted()
        }
        /// The number a written record's question carries (its 0-based input index).
        func index(_ line: Substring) -> Int? {
            guard let range = line.range(of: "问题 ") else { return nil }
            return Int(line[range.upperBound...].prefix { $0.isNumber })
        }
        let broken = lines.indices.filter { lines[$0] == .broken }.map { $0 + 1 }
        let copies = lines.indices.filter { if case .duplicate = lines[$0] { true } else { false } }.map { $0 + 1 }
        #expect(sources("rejects.jsonl") == broken)
        #expect(sources("duplicates.jsonl") == copies)
        let train = output("train.jsonl").map(index)
        let validation = output("validation.jsonl").map(index)
        let records = lines.indices.filter { if case .record = lines[$0] { true } else { false } }
        #expect((train + validation).compactMap { $0 }.sorted() == records, "each new record written once")
        #expect(validation.count == counts.validation && train.count == counts.train)
    }
}
