#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import TuneKit

/// Pipes and FIFOs read exactly like the file: the input is opened once and its sample replayed.
@Suite("Inputs from pipes and FIFOs")
struct StreamedInputTests {
    /// Every output file of a run, with the input's name replaced (locations name it).
    static func outputs(_ directory: String, input: String) -> [String: String] {
        var files: [String: String] = [:]
        for name in ["train.jsonl", "validation.jsonl", "rejects.jsonl", "duplicates.jsonl"] {
            let path = directory + "/" + name
            guard FileManager.default.fileExists(atPath: path) else { continue }
            files[name] = Fixture.read(path).replacingOccurrences(of: input, with: "INPUT")
        }
        return files
    }

    static func convert(_ input: String, kind: ConvertOptions.InputKind?, validation: SplitPlanner.Amount? = .fraction(0.2),
                        mapping: MappingSpec = MappingSpec()) throws -> (ConvertJob.Result, [String: String]) {
        let directory = Fixture.temporaryDirectory()
        var options = ConvertOptions(inputs: [input], inputKind: kind, outputDirectory: directory, mapping: mapping,
                                     validation: validation)
        options.chatLog.sessionGap = 1800
        let result = try ConvertJob(options: options).run()
        return (result, outputs(directory, input: input))
    }

    /// A file of `copies` copies of the transcript sample: over the 64 KiB sample, so reading crosses the replay.
    static let longTranscript: String = {
        let text = Fixture.read(Fixture.repositoryRoot.appendingPathComponent("Converters/customer-service-transcript/sample.txt").path)
        return Fixture.write(String(repeating: text + "\n", count: 4), name: "kefu.txt")
    }()

    /// Writes `file` into a pipe from another process (`cat`) and runs `body` with the pipe's `/dev/fd` path,
    /// as a shell's `<(cat FILE)` does.
    static func throughPipe<T>(_ file: String, _ body: (String) throws -> T) throws -> T {
        let pipe = Pipe()
        let cat = Process()
        cat.executableURL = URL(fileURLWithPath: "/bin/cat")
        cat.arguments = [file]
        cat.standardOutput = pipe
        try cat.run()
        try pipe.fileHandleForWriting.close()
        defer { cat.waitUntilExit() }
        return try body("/dev/fd/\(pipe.fileHandleForReading.fileDescriptor)")
    }

    /// Makes a FIFO that a shell writes `file` into, and runs `body` with its path.
    static func throughFIFO<T>(_ file: String, _ body: (String) throws -> T) throws -> T {
        let fifo = Fixture.temporaryDirectory() + "/input.fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/bin/sh")
        writer.arguments = ["-c", "cat \"$1\" > \"$2\"", "sh", file, fifo]
        try writer.run()
        defer { writer.waitUntilExit() }
        return try body(fifo)
    }

    static let inputs: [(file: String, kind: ConvertOptions.InputKind?)] = [
        (longTranscript, .transcript),
        (longTranscript, nil),
        (Fixture.repositoryRoot.appendingPathComponent("Converters/customer-service-faq/sample.csv").path, nil),
        (Fixture.path("csv/excel-unicode-text.txt"), nil),
        (Fixture.path("chatlogs/whatsapp-android-us.txt"), nil),
        (Fixture.path("chatlogs/wechat.csv"), nil),
        (Fixture.path("chatlogs/telegram-full.json"), nil),
        (Fixture.path("chatlogs/sharegpt.jsonl"), nil),
        (Fixture.path("sheets/faq.xlsx"), nil),
        (Fixture.path("sheets/faq.ods"), nil),
        (Fixture.path("sheets/faq-2003.xml"), nil),
    ]

    @Test(arguments: inputs.indices)
    func aPipeGivesWhatTheFileGives(index: Int) throws {
        let (file, kind) = Self.inputs[index]
        let (expected, expectedFiles) = try Self.convert(file, kind: kind)
        #expect(expected.report.counts.read > 0)
        let (piped, pipedFiles) = try Self.throughPipe(file) { path in try Self.convert(path, kind: kind) }
        #expect(piped.report.counts == expected.report.counts)
        #expect(pipedFiles == expectedFiles)
        #expect(piped.report.inputs[0].facts.first { $0.key == "importer" }?.value
                == expected.report.inputs[0].facts.first { $0.key == "importer" }?.value)
    }

    @Test(arguments: [0, 2, 8])
    func aFIFOWithAWriterGivesWhatTheFileGives(index: Int) throws {
        let (file, kind) = Self.inputs[index]
        let (expected, expectedFiles) = try Self.convert(file, kind: kind)
        let (fromFIFO, fifoFiles) = try Self.throughFIFO(file) { path in try Self.convert(path, kind: kind) }
        #expect(fromFIFO.report.counts == expected.report.counts)
        #expect(fifoFiles == expectedFiles)
    }

    /// The first 512 bytes (the old sniff) and the 64 KiB sample both arrive: every session is read.
    @Test func noBytesAreLostToTheSample() throws {
        let (expected, _) = try Self.convert(Self.longTranscript, kind: .transcript)
        let (piped, _) = try Self.throughPipe(Self.longTranscript) { path in try Self.convert(path, kind: .transcript) }
        let sessions = { (result: ConvertJob.Result) in result.report.inputs[0].facts.first { $0.key == "sessions" }?.value }
        #expect(sessions(piped) == sessions(expected))
        #expect(piped.report.counts.read == expected.report.counts.read)
    }

    @Test func splitReadsAPipeLikeTheFile() throws {
        let file = Fixture.path("chatlogs/sharegpt.jsonl")
        let records = (0..<60).map { #"{"messages":[{"role":"user","content":"q\#($0)"},{"role":"assistant","content":"a\#($0)"}]}"# }
        let input = Fixture.write(records.joined(separator: "\n") + "\nnot json\n" + Fixture.read(file), name: "records.jsonl")
        let fromFile = Fixture.temporaryDirectory()
        let expected = try SplitJob(input: input, outputDirectory: fromFile, amount: .fraction(0.2)).run()
        let fromPipe = Fixture.temporaryDirectory()
        let piped = try Self.throughPipe(input) { path in
            try SplitJob(input: path, outputDirectory: fromPipe, amount: .fraction(0.2)).run()
        }
        #expect(piped.train == expected.train && piped.validation == expected.validation)
        #expect(expected.validation > 0)
        for name in ["train.jsonl", "validation.jsonl"] {
            #expect(Fixture.bytes(fromPipe + "/" + name) == Fixture.bytes(fromFile + "/" + name))
        }
    }

    /// The replaying source hands back exactly the input, whatever the read sizes.
    @Test(arguments: [1, 7, 4096, 1 << 16, 1 << 20])
    func theSampleIsReplayedThenReadingGoesOn(readSize: Int) throws {
        let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) }
        let path = Fixture.write(bytes, name: "bytes.bin")
        let source = try ByteSource(path: path)
        let sample = try source.takeSample(upTo: InputSample.size)
        #expect(sample.bytes == Array(bytes.prefix(InputSample.size)))
        #expect(!sample.complete)
        var read: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: readSize)
        while case let count = try source.readChunk(into: &chunk), count > 0 { read += chunk[0..<count] }
        #expect(read == bytes)
    }
}

/// WhatsApp's date order is decided in one pass, by the first date that settles it, so a pipe can be read.
@Suite("WhatsApp date order in one pass")
struct WhatsAppDateOrderTests {
    static func lines(_ dates: [String]) -> String {
        dates.enumerated().map { "\($1), 10:0\($0 % 10) - \($0 % 2 == 0 ? "Alice" : "Shop"): message \($0)" }.joined(separator: "\n") + "\n"
    }

    @Test(arguments: [
        (["1/2/24", "3/4/24", "5/6/24", "13/6/24", "1/7/24"], "day/month/year"),
        (["1/2/24", "3/4/24", "5/6/24", "6/13/24", "7/1/24"], "month/day/year"),
        (["1/2/24", "3/4/24"], "day/month/year"),
    ])
    func theFirstSettlingDateDecides(dates: [String], order: String) throws {
        let path = Fixture.write(Self.lines(dates), name: "WhatsApp Chat.txt")
        let reader = try WhatsAppExportReader(path: path)
        #expect(reader.dateOrder == order)
        var messages = 0
        while try reader.next() != nil { messages += 1 }
        #expect(messages == dates.count)
        let piped = try StreamedInputTests.throughPipe(path) { try WhatsAppExportReader(path: $0) }
        #expect(piped.dateOrder == order)
    }

    @Test func aTwelveHourClockMeansMonthFirstWhenNoDateSettlesIt() throws {
        let path = Fixture.write("1/2/24, 9:41 PM - Alice: hi\n1/2/24, 9:42 PM - Shop: hello\n", name: "chat.txt")
        #expect(try WhatsAppExportReader(path: path).dateOrder == "month/day/year")
    }
}

/// A workbook from a pipe is copied to a temporary file, which is removed at the end, also on failure.
@Suite("Temporary copies of piped workbooks")
struct TemporaryCopyTests {
    @Test func theCopyHoldsTheWholeInputAndIsRemoved() throws {
        let file = Fixture.path("sheets/faq.xlsx")
        var copy = ""
        try StreamedInputTests.throughPipe(file) { path in
            let input = try OpenedInput(path: path, encoding: nil)
            copy = try input.randomAccessPath()
            #expect(copy != path)
            #expect(Fixture.bytes(copy) == Fixture.bytes(file))
            input.removeCopy()
            #expect(!FileManager.default.fileExists(atPath: copy))
        }
        // A regular file is read where it is.
        #expect(try OpenedInput(path: file, encoding: nil).randomAccessPath() == file)
    }

    @Test func theCopyGoesWithTheInput() throws {
        var copy = ""
        try StreamedInputTests.throughPipe(Fixture.path("sheets/faq.ods")) { path in
            do {
                let input = try OpenedInput(path: path, encoding: nil)
                copy = try input.randomAccessPath()
                #expect(FileManager.default.fileExists(atPath: copy))
            }
            #expect(!FileManager.default.fileExists(atPath: copy))
        }
    }

    @Test func aCopyOverTheLimitIsRefusedAndRemoved() throws {
        let error = try StreamedInputTests.throughPipe(Fixture.path("sheets/faq.xlsx")) { path in
            let input = try OpenedInput(path: path, encoding: nil, maxCopyBytes: 4096)
            return #expect(throws: ImportError.self) { _ = try input.randomAccessPath() }
        }
        #expect(error?.message.contains("copied to a temporary file") == true)
        #expect(error?.message.contains("save it as a file") == true)
    }

    @Test func aBrokenWorkbookFromAPipeFailsWithItsNameAndLeavesNoCopy() throws {
        let truncated = Fixture.path("sheets/truncated.xlsx")
        let error = try StreamedInputTests.throughPipe(truncated) { path in
            #expect(throws: ConvertError.self) {
                try ConvertJob(options: ConvertOptions(inputs: [path], outputDirectory: Fixture.temporaryDirectory())).run()
            }
        }
        #expect(error?.message.hasPrefix("/dev/fd/") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("tunekit-input-") == false)
    }
}
