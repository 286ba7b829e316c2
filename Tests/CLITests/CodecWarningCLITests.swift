import Foundation
import Testing

/// Decoder warnings through the built `tunekit convert` with pictures inlined: a picture libpng warns about is used,
/// and said so (an `img.codec_warning` line naming it and the first warning, a line in the summary, the report's
/// `images.codec_warnings`); a JPEG whose data is corrupt is a reject (`img.corrupt_data`) unless
/// `--accept-truncated`, and then it is counted among the warned pictures.
@Suite("Codec warnings through the command line")
struct CodecWarningCLITests {
    /// A vision CSV naming a clean picture, one with two ancillary chunks failing their CRC (image-png's test
    /// suite) and a JPEG with a restart marker out of sequence (made by Fixtures/codec/make_codec_fixtures.py).
    static func table() throws -> URL {
        let folder = CLITests.temporaryDirectory()
        for (name, fixture) in [("clean.png", "codec/pngsuite-basn2c08.png"), ("crc.png", "codec/image-png-cicp_pq.png"),
                                ("resync.jpg", "codec/made-rst-wrong.jpg")] {
            try FileManager.default.copyItem(atPath: CLITests.imageFixture(fixture), toPath: folder.appendingPathComponent(name).path)
        }
        let csv = "question,picture,answer\n这是什么？,clean.png,干净的图片\n这张呢？,crc.png,有警告的图片\n还有这张？,resync.jpg,损坏的图片\n"
        try Data(csv.utf8).write(to: folder.appendingPathComponent("pictures.csv"))
        return folder
    }

    static func convert(_ folder: URL, _ extra: [String] = []) throws -> (CLITests.Outcome, report: String, rejects: String) {
        let out = folder.appendingPathComponent("out")
        let result = try CLITests.run(["convert", "pictures.csv", "--to", "vision", "--user", "{{question}}", "--image", "{{picture}}",
                                       "--assistant", "{{answer}}", "--image-mode", "base64", "-o", "out"] + extra, directory: folder)
        return (result, CLITests.read(out.appendingPathComponent("report.json")), CLITests.read(out.appendingPathComponent("rejects.jsonl")))
    }

    @Test func warnedPicturesAreUsedAndNamedDamagedOnesRejected() throws {
        let folder = try Self.table()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (result, report, rejects) = try Self.convert(folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains(#"pictures.csv:3: warning: [img.codec_warning] crc.png: 2 libpng warnings, the first: "cLLI: CRC error""#),
                "\(result.stderr)")
        #expect(result.stderr.contains("read 3: train 2, duplicates 0, rejected 1, 2 images inlined"), "\(result.stderr)")
        #expect(result.stderr.contains("decoder warnings: 1 picture (img.codec_warning), first (pictures.csv:3): crc.png"), "\(result.stderr)")
        #expect(result.stderr.contains("img.corrupt_data"), "\(result.stderr)")
        #expect(report.contains(#""codec_warnings": 1"#), "\(report)")
        #expect(report.contains("img.codec_warning"), "\(report)")
        #expect(rejects.contains(#""reason":"img.corrupt_data""#) && rejects.contains("found marker 0xd5 instead of RST1"), "\(rejects)")
    }

    /// An inline JPEG data URI that would be kept as it is is read first: a corrupt one is a reject, not passed on.
    @Test func aCorruptInlineJPEGIsRejectedNotKept() throws {
        let folder = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var lines = ""
        for (question, fixture) in [("好的", "rgb-baseline.jpg"), ("坏的", "codec/made-rst-wrong.jpg")] {
            let data = try Data(contentsOf: URL(fileURLWithPath: CLITests.imageFixture(fixture))).base64EncodedString()
            lines += #"{"messages":[{"role":"user","content":[{"type":"text","text":"\#(question)"},{"type":"image_url","image_url":{"url":"data:image/jpeg;base64,\#(data)"}}]},{"role":"assistant","content":"答"}]}"# + "\n"
        }
        try Data(lines.utf8).write(to: folder.appendingPathComponent("inline.jsonl"))
        let result = try CLITests.run(["convert", "inline.jsonl", "--to", "vision", "--image-mode", "base64", "-o", "out"], directory: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("read 2: train 1, duplicates 0, rejected 1"), "\(result.stderr)")
        let rejects = CLITests.read(folder.appendingPathComponent("out/rejects.jsonl"))
        #expect(rejects.contains(#""reason":"img.corrupt_data""#) && rejects.contains("inline.jsonl:2"), "\(rejects)")
    }

    @Test func acceptTruncatedTakesTheDamagedJPEGAndCountsItsWarning() throws {
        let folder = try Self.table()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (result, report, rejects) = try Self.convert(folder, ["--accept-truncated"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("read 3: train 3, duplicates 0, rejected 0, 3 images inlined"), "\(result.stderr)")
        #expect(result.stderr.contains(#"pictures.csv:4: warning: [img.codec_warning] resync.jpg: 1 libjpeg warning, the first: "Corrupt JPEG data: found marker 0xd5 instead of RST1""#),
                "\(result.stderr)")
        #expect(report.contains(#""codec_warnings": 2"#), "\(report)")
        #expect(rejects.isEmpty, "\(rejects)")
    }
}
