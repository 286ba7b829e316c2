import Foundation
import Testing
import TuneKitImages
@testable import TuneKit

/// `convert --image-mode base64` and `tunekit images`, on pictures made by Pillow and libjpeg
/// (Tests/TuneKitImagesTests/Fixtures).
@Suite("Image embedding and batches")
struct ImageEmbeddingTests {
    static func picture(_ name: String) -> String {
        Fixture.repositoryRoot.appendingPathComponent("Tests/TuneKitImagesTests/Fixtures/" + name).path
    }

    /// A folder with photos/ (good, turned, transparent, damaged) and a CSV naming them.
    static func visionInput() throws -> String {
        let folder = Fixture.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder + "/photos", withIntermediateDirectories: true)
        for (from, to) in [("orient-6.jpg", "turned.jpg"), ("rgba.png", "clear.png"), ("cmyk-adobe.jpg", "print.jpg"),
                           ("truncated-progressive.jpg", "broken.jpg"), ("not-an-image.jpg", "text.jpg"),
                           ("bomb.png", "bomb.png")] {
            try FileManager.default.copyItem(atPath: picture(from), toPath: folder + "/photos/" + to)
        }
        let csv = """
        user,image,assistant
        这是什么？,photos/turned.jpg,四色方块
        透明的部分是什么颜色？,photos/clear.png,白色
        印刷色,photos/print.jpg,青品黄黑
        坏图,photos/broken.jpg,x
        不是图,photos/text.jpg,x
        炸弹,photos/bomb.png,x
        越界,../../../etc/passwd.jpg,x
        不存在,photos/none.jpg,x
        网址,https://example.com/a.jpg,保持网址

        """
        FileManager.default.createFile(atPath: folder + "/vision.csv", contents: Data(csv.utf8))
        return folder
    }

    static func convert(_ folder: String, jobs: Int = 2, cap: Int? = nil) throws -> (ConvertJob.Result, String) {
        let out = Fixture.temporaryDirectory()
        var options = ConvertOptions(inputs: [folder + "/vision.csv"], format: .vision, outputDirectory: out)
        options.images = ImageEmbedding(mode: .base64, jobs: jobs)
        if let cap { options.profile.maxFileBytes = cap }
        var reports: [JobProgress] = []
        let result = try ConvertJob(options: options).run { reports.append($0) }
        // One window here: progress is told once, with everything read and every picture inlined.
        #expect(reports.count == 1 && reports.first?.records == 9 && reports.first?.pictures == result.report.images?.embedded)
        #expect(reports.first?.unit == .bytes && reports.first?.total == reports.first?.done)
        return (result, out)
    }

    @Test func inlinesLocalPicturesAndRejectsBadOnes() throws {
        let folder = try Self.visionInput()
        let (result, out) = try Self.convert(folder)
        let counts = result.report.counts
        #expect(counts.read == 9 && counts.train == 4 && counts.rejected == 5)
        #expect(counts.read == counts.train + counts.validation + counts.duplicates + counts.rejected)
        #expect(result.report.rejectsByReason == ["img.truncated": 1, "img.not_an_image": 1, "img.too_many_pixels": 1,
                                                  "img.path_escape": 1, "img.missing": 1])
        let rejects = Fixture.read(out + "/rejects.jsonl").split(separator: "\n")
        #expect(rejects.count == 5)
        #expect(rejects.contains { $0.contains("\"source\":\"\(folder)/vision.csv:8\"") && $0.contains("img.path_escape") })
        #expect(result.report.images?.embedded == 3)
        #expect(result.report.images?.turnedUpright == 1)

        // Every inlined picture is a JPEG data URI that decodes upright; the URL row keeps its URL.
        let lines = Fixture.read(out + "/train.jsonl").split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[3].contains("\"url\":\"https://example.com/a.jpg\""))
        let prefix = "data:image/jpeg;base64,"
        let uris = lines.prefix(3).map { line -> String in
            let start = line.range(of: prefix)!.lowerBound
            return String(line[start...].prefix { $0 != "\"" })
        }
        let turned = try RGBImage.decode([UInt8](Data(base64Encoded: String(uris[0].dropFirst(prefix.count)))!))
        #expect(turned.width == 48 && turned.height == 32)
        #expect(turned[12, 8].r > 200 && turned[12, 8].g < 60)      // red top-left after the turn
        let clear = try RGBImage.decode([UInt8](Data(base64Encoded: String(uris[1].dropFirst(prefix.count)))!))
        #expect(clear[36, 8] == (255, 255, 255) || (clear[36, 8].r > 245 && clear[36, 8].b > 245))
        let print = try RGBImage.decode([UInt8](Data(base64Encoded: String(uris[2].dropFirst(prefix.count)))!))
        #expect(print[12, 8].r < 30 && print[12, 8].g > 220 && print[12, 8].b > 220)   // cyan, not inverted

        // Tokens count each picture as the platform bills it (1600 for image understanding), not its base64.
        let trainTokens = result.report.estimatedTokens.train
        #expect(trainTokens > 4 * 1600 && trainTokens < 4 * 1600 + 400, "\(trainTokens)")

        // The written file passes the validator, images included.
        let validation = JSONLValidator().validate(path: out + "/train.jsonl", format: .vision)
        #expect(validation.errorCount == 0, "\(validation.diagnostics)")
    }

    /// Same input, any thread count: byte-identical output.
    @Test func outputDoesNotDependOnThreads() throws {
        let folder = try Self.visionInput()
        let (_, one) = try Self.convert(folder, jobs: 1)
        let (_, two) = try Self.convert(folder, jobs: 2)
        for name in ["train.jsonl", "rejects.jsonl"] {
            #expect(Fixture.bytes(one + "/" + name) == Fixture.bytes(two + "/" + name))
        }
    }

    /// Over the upload cap, the output is split into parts and the report says how many pictures each holds.
    @Test func partsCountTheirPictures() throws {
        let folder = try Self.visionInput()
        let (result, out) = try Self.convert(folder, cap: 2_500)
        let parts = result.report.outputs.filter { $0.role.hasPrefix("train part") }
        #expect(parts.count >= 2)
        #expect(parts.compactMap(\.images).reduce(0, +) == 3)
        #expect(parts.allSatisfy { $0.images != nil })
        let report = Fixture.read(out + "/report.json")
        #expect(report.contains("\"images\""))
        #expect(result.report.warnings.contains { $0.code == "file.parts" && $0.message.contains("train-001.jsonl (") })
    }

    /// JSONL records: a PNG data URI becomes JPEG, a JPEG data URI that fits is kept byte for byte, a path is
    /// read under the root, broken base64 is a reject, an http(s) URL stays.
    @Test func preparesPicturesOfJSONLRecords() throws {
        let folder = try Self.visionInput()
        let png = Fixture.bytes(Self.picture("rgba.png"))
        let jpeg = Fixture.bytes(Self.picture("rgb-baseline.jpg"))
        func line(_ url: String) -> String {
            #"{"messages":[{"role":"user","content":"看图"},{"role":"user","content":[{"type":"image_url","image_url":{"url":"\#(url)"}}]},{"role":"assistant","content":"\#(url.prefix(12))"}]}"#
        }
        let jsonl = [
            line("data:image/png;base64," + Data(png).base64EncodedString()),
            line("data:image/jpeg;base64," + Data(jpeg).base64EncodedString()),
            line("photos/turned.jpg"),
            line("data:image/jpeg;base64,@@@not base64@@@"),
            line("https://example.com/b.jpg"),
        ].joined(separator: "\n") + "\n"
        FileManager.default.createFile(atPath: folder + "/records.jsonl", contents: Data(jsonl.utf8))
        let out = Fixture.temporaryDirectory()
        var options = ConvertOptions(inputs: [folder + "/records.jsonl"], format: .vision, outputDirectory: out)
        options.images = ImageEmbedding(mode: .base64)
        let result = try ConvertJob(options: options).run()
        #expect(result.report.counts.train == 4 && result.report.counts.rejected == 1)
        #expect(result.report.rejectsByReason == ["img.corrupt": 1])
        #expect(result.report.images?.embedded == 2)
        let lines = Fixture.read(out + "/train.jsonl").split(separator: "\n").map(String.init)
        #expect(lines[0].contains("data:image/jpeg;base64,/9j/") && !lines[0].contains("image/png"))
        #expect(lines[1].contains("data:image/jpeg;base64," + Data(jpeg).base64EncodedString()))
        #expect(lines[2].contains("data:image/jpeg;base64,/9j/") && !lines[2].contains(#""url":"photos/"#))
        #expect(lines[3].contains("https://example.com/b.jpg"))
    }

    /// Image generation takes the picture in the assistant turn, inlined the same way.
    @Test func imageGenerationInlinesTheAssistantPicture() throws {
        let folder = try Self.visionInput()
        let csv = "prompt,image\n一只蓝色的水壶，白色背景,photos/turned.jpg\n"
        FileManager.default.createFile(atPath: folder + "/gen.csv", contents: Data(csv.utf8))
        let out = Fixture.temporaryDirectory()
        var options = ConvertOptions(inputs: [folder + "/gen.csv"], format: .imageGen, outputDirectory: out)
        options.images = ImageEmbedding(mode: .base64)
        let result = try ConvertJob(options: options).run()
        #expect(result.report.counts.train == 1 && result.report.images?.embedded == 1)
        // Image generation is billed per picture only: 1024 tokens, whatever the prompt.
        #expect(result.report.estimatedTokens.train == 1024)
        let line = Fixture.read(out + "/train.jsonl")
        #expect(line.contains(#"{"role":"assistant","content":[{"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/"#))
        #expect(JSONLValidator().validate(path: out + "/train.jsonl", format: .imageGen).errorCount == 0)
    }

    /// A photo several rows name is read and prepared once, and every row gets the same bytes.
    @Test func sharedPicturesArePreparedOnce() throws {
        let folder = try Self.visionInput()
        var csv = "user,image,assistant\n"
        for question in 1...5 { csv += "问题 \(question),photos/turned.jpg,答案 \(question)\n" }
        csv += "另一张,photos/print.jpg,印刷色\n"
        for question in 6...7 { csv += "问题 \(question),./photos/../photos/turned.jpg,答案 \(question)\n" }
        FileManager.default.createFile(atPath: folder + "/shared.csv", contents: Data(csv.utf8))
        let out = Fixture.temporaryDirectory()
        var options = ConvertOptions(inputs: [folder + "/shared.csv"], format: .vision, outputDirectory: out)
        options.images = ImageEmbedding(mode: .base64)
        let result = try ConvertJob(options: options).run()
        #expect(result.report.counts.train == 8)
        #expect(result.report.images?.embedded == 8)
        #expect(result.report.images?.prepared == 2)
        let uris = Fixture.read(out + "/train.jsonl").split(separator: "\n").map { line in
            line.components(separatedBy: "data:image/jpeg;base64,")[1].prefix { $0 != "\"" }
        }
        #expect(Set(uris).count == 2)
    }

    /// A picture named in one window, skipped by the next and named again in the third is prepared again (or
    /// reused) but always placed: windows hand their pictures on one by one.
    @Test func picturesAcrossWindows() throws {
        let folder = try Self.visionInput()
        var csv = "user,image,assistant\n问题 0,photos/turned.jpg,答案 0\n"
        for row in 1...140 { csv += "问题 \(row),photos/print.jpg,答案 \(row)\n" }
        csv += "问题 141,photos/turned.jpg,答案 141\n"
        FileManager.default.createFile(atPath: folder + "/windows.csv", contents: Data(csv.utf8))
        let out = Fixture.temporaryDirectory()
        var options = ConvertOptions(inputs: [folder + "/windows.csv"], format: .vision, outputDirectory: out, dedup: .none)
        options.images = ImageEmbedding(mode: .base64)
        let result = try ConvertJob(options: options).run()
        #expect(result.report.counts.train == 142 && result.report.images?.embedded == 142)
        let lines = Fixture.read(out + "/train.jsonl").split(separator: "\n")
        #expect(lines.first?.components(separatedBy: "data:image/jpeg;base64,")[1].prefix(200)
            == lines.last?.components(separatedBy: "data:image/jpeg;base64,")[1].prefix(200))
    }

    @Test func tokenEstimateCountsImagesNotTheirURLs() {
        let line = Array(#"{"messages":[{"role":"user","content":[{"type":"image_url","image_url": {"url" : "data:image/jpeg;base64,\#(String(repeating: "QUJD", count: 5000))"}}]}]}"#.utf8)
        let plain = Array(#"{"messages":[{"role":"user","content":[{"type":"image_url","image_url": {"url" : ""}}]}]}"#.utf8)
        line.withUnsafeBufferPointer { bytes in
            plain.withUnsafeBufferPointer { empty in
                #expect(TokenEstimator.estimate(line: bytes, imageTokens: 1600) == TokenEstimator.estimate(empty) + 1600)
                #expect(TokenEstimator.estimate(bytes) > 5000)
            }
        }
    }

    /// With a validation split, both files count their pictures, and together they hold every one.
    @Test func splitOutputsCountTheirPictures() throws {
        let folder = try Self.visionInput()
        let out = Fixture.temporaryDirectory()
        var options = ConvertOptions(inputs: [folder + "/vision.csv"], format: .vision, outputDirectory: out,
                                     validation: .count(1))
        options.images = ImageEmbedding(mode: .base64)
        let result = try ConvertJob(options: options).run()
        #expect(result.report.counts.train == 3 && result.report.counts.validation == 1)
        let files = result.report.outputs.filter { $0.role == "train" || $0.role == "validation" }
        #expect(files.count == 2 && files.compactMap(\.images).reduce(0, +) == 3)
        let inFiles = ["train.jsonl", "validation.jsonl"].map {
            Fixture.read(out + "/" + $0).components(separatedBy: "data:image/jpeg;base64,").count - 1
        }
        #expect(inFiles.reduce(0, +) == 3 && files.map { $0.images ?? -1 } == inFiles)
    }

    @Test func urlModeRejectsLocalFiles() throws {
        let folder = try Self.visionInput()
        let out = Fixture.temporaryDirectory()
        let options = ConvertOptions(inputs: [folder + "/vision.csv"], format: .vision, outputDirectory: out)
        let result = try ConvertJob(options: options).run()
        #expect(result.report.counts.train == 1)
        #expect(result.report.rejectsByReason["map.local_image"] == 8)
        #expect(result.report.images == nil)
    }

    /// A folder batch: outputs under the same relative paths, a manifest, rejects, and name collisions.
    @Test func batchPreparesAFolder() throws {
        let folder = Fixture.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder + "/in/sub", withIntermediateDirectories: true)
        for (from, to) in [("orient-8.jpg", "a.jpg"), ("rgba.png", "a.png"), ("gray16.png", "sub/gray.png"),
                           ("truncated.png", "sub/cut.png")] {
            try FileManager.default.copyItem(atPath: Self.picture(from), toPath: folder + "/in/" + to)
        }
        FileManager.default.createFile(atPath: folder + "/in/notes.txt", contents: Data("not a picture".utf8))
        FileManager.default.createFile(atPath: folder + "/in/sub/anim.gif", contents: Data("GIF89a\u{1}\u{0}\u{1}\u{0}".utf8))
        func run(jobs: Int) throws -> (ImageJob.Result, String) {
            let out = Fixture.temporaryDirectory()
            let options = ImageJob.Options(inputs: [folder + "/in"], outputDirectory: out,
                                           image: ImageOptions(resize: .fit(maxSide: 24)), manifest: true, jobs: jobs)
            return (try ImageJob(options: options).run(), out)
        }
        let (result, out) = try run(jobs: 2)
        #expect(result.prepared == 3 && result.rejected == 2 && result.skipped == 1)
        #expect(result.rejectsByReason == ["img.corrupt": 1, "img.unsupported_format": 1])
        #expect(result.exitStatus == 0 && result.pictures.turnedUpright == 1 && result.pictures.resized == 3)
        for name in ["a.jpg", "a-png.jpg", "sub/gray.jpg"] {
            let image = try RGBImage.decode(Fixture.bytes(out + "/" + name))
            #expect(image.width == 24 && image.height == 16, "\(name)")
        }
        let manifest = Fixture.read(out + "/manifest.jsonl").split(separator: "\n")
        #expect(manifest.count == 3)
        #expect(manifest[0].contains("\"path\":\"a.jpg\"") && manifest[0].contains("\"data_uri\":\"data:image/jpeg;base64,/9j/"))
        #expect(Fixture.read(out + "/rejects.jsonl").contains("\"reason\":\"img.corrupt\""))
        let (_, again) = try run(jobs: 1)
        #expect(Fixture.bytes(out + "/manifest.jsonl") == Fixture.bytes(again + "/manifest.jsonl"))

        // Output inside the input folder: a second run does not take the first run's pictures as input.
        for _ in 0..<2 {
            let inside = ImageJob.Options(inputs: [folder + "/in"], outputDirectory: folder + "/in/prepared",
                                          image: ImageOptions(resize: .fit(maxSide: 24)))
            #expect(try ImageJob(options: inside).run().prepared == 3)
        }
    }

    @Test func batchRefusesMissingInput() {
        let options = ImageJob.Options(inputs: ["/nonexistent/pictures"], outputDirectory: Fixture.temporaryDirectory())
        #expect(throws: ConvertError.self) { try ImageJob(options: options).run() }
    }
}
