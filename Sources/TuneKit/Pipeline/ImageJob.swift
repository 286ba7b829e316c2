import Foundation
import TuneKitImages

/// `tunekit images`: prepares a batch of picture files (files and folders, recursively) on all cores: upright,
/// alpha flattened, resized, re-encoded without metadata. Each picture ends as a file in the output folder (same
/// relative path, new extension) or as a line of `rejects.jsonl` with the reason; `manifest.jsonl` optionally
/// lists every prepared picture with its data URI. Output order and bytes do not depend on the thread count.
public struct ImageJob: Sendable {
    /// What to prepare and how.
    public struct Options: Sendable {
        /// Picture files and folders (folders are searched for pictures by extension).
        public var inputs: [String]
        /// Where prepared pictures, `rejects.jsonl` and `manifest.jsonl` go.
        public var outputDirectory: String
        /// Size rule, format, quality and byte budget.
        public var image: ImageOptions
        /// Write `manifest.jsonl`: source, path, size, bytes and data URI of each picture.
        public var manifest: Bool
        /// Threads preparing pictures.
        public var jobs: Int
        /// Exit status 1 when any picture is rejected.
        public var strict: Bool

        /// Creates options; pictures fit within 1024 px as JPEG quality 85 by default.
        public init(inputs: [String], outputDirectory: String = "images-out", image: ImageOptions = ImageOptions(),
                    manifest: Bool = false, jobs: Int = ParallelMap.defaultJobs, strict: Bool = false) {
            self.inputs = inputs
            self.outputDirectory = outputDirectory
            self.image = image
            self.manifest = manifest
            self.jobs = jobs
            self.strict = strict
        }
    }

    /// The outcome of a run.
    public struct Result: Sendable {
        /// The prepared pictures: how many, their bytes, how many were turned, resized or shrunk.
        public var pictures = ConversionReport.ImageFacts()
        /// Pictures written.
        public var prepared: Int { pictures.prepared }
        /// Pictures that could not be used (each is a line of `rejects.jsonl`).
        public var rejected = 0
        /// Files in the given folders that are not pictures by their extension (left alone).
        public var skipped = 0
        /// Bytes of the pictures read.
        public var bytesIn = 0
        /// Rejects by reason code.
        public var rejectsByReason: [String: Int] = [:]
        /// One warning per picture the decoder (libjpeg, libpng) warned about (`img.codec_warning`), naming it and
        /// the first warning; `pictures.codecWarnings` counts them.
        public var warnings: [Diagnostic] { codecWarnings.warnings }
        var codecWarnings = CodecWarningNotes()
        /// 0 written; 1 nothing usable, or any reject with `strict`.
        public var exitStatus: Int32 = 0
    }

    /// One picture to prepare: where it is (as given, and as a path under the folder it was found in), and its
    /// path under the output folder.
    struct Item: Sendable {
        var source: String
        var root: ImageRoot
        var relative: String
        var output: String
    }

    /// What this job prepares and how.
    public let options: Options

    /// Creates a job.
    public init(options: Options) {
        self.options = options
    }

    static let windowSize = 64
    /// Extensions taken from folders: JPEG and PNG, and the picture formats that are not read, so that they end
    /// as rejects naming their format rather than as skipped files.
    static let extensions: Set<String> = ["jpg", "jpeg", "jpe", "png", "webp", "gif", "bmp", "tif", "tiff", "heic", "heif", "avif"]

    /// Runs the job; `progress` is told the pictures done (out of all found) after every window of pictures.
    public func run(progress: ((JobProgress) -> Void)? = nil) throws(ConvertError) -> Result {
        var result = Result()
        let items = try collect(skipped: &result.skipped)
        guard !items.isEmpty else {
            throw ConvertError(message: "no pictures found in \(options.inputs.joined(separator: ", ")) (looked for .jpg, .jpeg and .png)")
        }
        let directory = options.outputDirectory
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ConvertError(message: "\(directory): cannot create the output directory: \(error.localizedDescription)")
        }
        let manifest: OutputFile?
        let rejects: OutputFile
        do {
            manifest = options.manifest ? try OutputFile(path: FilePath.join(directory, "manifest.jsonl")) : nil
            rejects = try OutputFile(path: FilePath.join(directory, "rejects.jsonl"))
        } catch {
            throw ConvertError(error)
        }
        let processor = ImageProcessor(options: options.image)
        var writer = JSONWriter(capacity: 1 << 20)
        var start = 0
        do throws(OutputError) {
            while start < items.count {
                let window = Array(items[start..<min(items.count, start + Self.windowSize)])
                let outcomes = ParallelMap.map(window.count, jobs: options.jobs) { index in
                    Self.prepare(window[index], processor: processor)
                }
                for (item, outcome) in zip(window, outcomes) {
                    writer.reset()
                    switch outcome {
                    case .success(let done):
                        try Self.writeFile(done.picture.bytes, to: FilePath.join(directory, item.output))
                        result.pictures.add(done.picture)
                        if !done.picture.codecWarnings.isEmpty {
                            _ = result.codecWarnings.note(item.source, reference: item.source, done.picture.codecWarnings,
                                                          at: nil)
                        }
                        result.bytesIn += done.sourceBytes
                        if let manifest {
                            Self.manifestLine(item, done.picture, into: &writer)
                            try manifest.write(writer.bytes)
                        }
                    case .failure(let error):
                        result.rejected += 1
                        result.rejectsByReason[error.code, default: 0] += 1
                        Reject(reason: error.code, message: error.message, source: SourceLocation(file: item.source))
                            .writeLine(to: &writer)
                        try rejects.write(writer.bytes)
                    }
                }
                start += window.count
                progress?(JobProgress(done: start, total: items.count, unit: .pictures))
            }
            try manifest?.commit()
            try rejects.commit()
        } catch {
            manifest?.discard()
            rejects.discard()
            throw ConvertError(error)
        }
        result.exitStatus = result.prepared == 0 || (options.strict && result.rejected > 0) ? 1 : 0
        return result
    }

    private static func prepare(_ item: Item, processor: ImageProcessor)
        -> Swift.Result<(picture: ProcessedImage, sourceBytes: Int), ImageError> {
        Swift.Result { () throws(ImageError) in
            let bytes = try item.root.load(item.relative)
            return (try processor.process(bytes), bytes.count)
        }
    }

    private static func manifestLine(_ item: Item, _ picture: ProcessedImage, into writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("source")
        writer.string(item.source)
        writer.key("path")
        writer.string(item.output)
        writer.key("width")
        writer.number(picture.width)
        writer.key("height")
        writer.number(picture.height)
        writer.key("source_width")
        writer.number(picture.sourceWidth)
        writer.key("source_height")
        writer.number(picture.sourceHeight)
        writer.key("bytes")
        writer.number(picture.bytes.count)
        if let quality = picture.quality {
            writer.key("quality")
            writer.number(quality)
        }
        writer.key("data_uri")
        writer.string(picture.dataURI)
        writer.endObject()
        writer.newline()
    }

    /// Writes atomically (temporary file, then rename), creating folders as needed.
    private static func writeFile(_ bytes: [UInt8], to path: String) throws(OutputError) {
        if let slash = path.lastIndex(of: "/") {
            let folder = String(path[..<slash])
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw OutputError(path: folder, message: "cannot create: \(error.localizedDescription)")
            }
        }
        let file = try OutputFile(path: path)
        try file.write(bytes)
        try file.commit()
    }

    /// The pictures of the inputs in a stable order, with collision-free output names.
    func collect(skipped: inout Int) throws(ConvertError) -> [Item] {
        var items: [Item] = []
        var taken: Set<String> = []
        let format = options.image.format
        func add(source: String, root: ImageRoot, relative: String, shownAs shown: String) {
            let stem = (shown as NSString).deletingPathExtension
            var name = stem + "." + format.fileExtension
            if taken.contains(name) {
                // a.png beside a.jpg: the second keeps its old extension in the name.
                let old = (shown as NSString).pathExtension.lowercased()
                name = stem + "-" + old + "." + format.fileExtension
                var number = 2
                while taken.contains(name) {
                    name = stem + "-\(number)." + format.fileExtension
                    number += 1
                }
            }
            taken.insert(name)
            items.append(Item(source: source, root: root, relative: relative, output: name))
        }
        // A run whose output folder lies inside an input folder must not take its own earlier output as input.
        let outputFolder = ImageRoot.realPath(options.outputDirectory)
        for input in options.inputs {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else {
                throw ConvertError(message: "\(input): no such file or folder")
            }
            if !isDirectory.boolValue {
                // A file named on the command line is read wherever it is (symbolic links included): the
                // root rule is for paths found in folders and data.
                guard let real = ImageRoot.realPath(input),
                      let root = try? ImageRoot((real as NSString).deletingLastPathComponent) else {
                    throw ConvertError(message: "\(input): cannot be opened")
                }
                add(source: input, root: root, relative: (real as NSString).lastPathComponent,
                    shownAs: (input as NSString).lastPathComponent)
                continue
            }
            guard let root = try? ImageRoot(input), let walker = FileManager.default.enumerator(atPath: input) else {
                throw ConvertError(message: "\(input): cannot list the folder")
            }
            var found: [String] = []
            while let relative = walker.nextObject() as? String {
                let path = FilePath.join(input, relative)
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
                guard Self.extensions.contains((relative as NSString).pathExtension.lowercased()) else {
                    skipped += 1
                    continue
                }
                // A symbolic link out of the folder is not followed.
                guard let real = try? root.resolve(relative) else {
                    skipped += 1
                    continue
                }
                if let outputFolder, real.hasPrefix(outputFolder + "/") { continue }
                found.append(relative)
            }
            for relative in found.sorted() {
                add(source: FilePath.join(input, relative), root: root, relative: relative, shownAs: relative)
            }
        }
        return items
    }
}
