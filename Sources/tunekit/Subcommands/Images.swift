import ArgumentParser
import Foundation
import TuneKit
import TuneKitImages

/// `tunekit images`: parses options, runs one ``ImageJob``, prints the outcome.
struct Images: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Prepare pictures for image datasets: upright, flattened, resized, re-encoded, on all cores.",
        discussion: """
        INPUT is picture files and folders (searched recursively for .jpg, .jpeg and .png; WebP, GIF, BMP, \
        TIFF, HEIC and AVIF files found there are rejected naming their format). Each picture is turned \
        upright by its EXIF orientation, CMYK/gray/16-bit/palette pictures become RGB, transparency is \
        flattened onto --background, it is resized with a Lanczos filter (--max-side 1024 by default; or \
        --max-pixels, --crop WxH, --pad WxH; never enlarged without --upscale), and re-encoded without \
        metadata as JPEG (or --format png). --max-bytes N finds the highest quality, then if need be a \
        smaller size, whose base64 form fits N characters.

        Outputs in DIR: each picture under its relative path with the new extension; rejects.jsonl \
        (source, reason, message) for pictures that are damaged, not images, or declare more than \
        --max-input-pixels; with --manifest, manifest.jsonl (source, path, width, height, bytes, quality, \
        data_uri). Pictures are prepared on all cores (--jobs); the output does not depend on how many.

        Exit status: 0 written; 1 nothing usable, or any reject with --strict; 2 bad usage or unreadable input.
        """
    )

    @Argument(help: "Picture files and folders.") var inputs: [String] = []
    @Option(name: [.short, .customLong("output")], help: "Output directory (default: images-out).") var output = "images-out"
    @Option(help: "Output format: jpeg or png (default: jpeg).") var format = "jpeg"
    @Option(help: "The most base64 characters one picture may take (quality, then size, is lowered to fit). Accepts 500k, 5M.") var maxBytes: String?
    @Flag(help: "Write manifest.jsonl with each picture's size and data URI.") var manifest = false
    @OptionGroup(title: "Picture preparation") var imageFlags: ImageFlags
    @Flag(help: "Exit with status 1 when any picture is rejected.") var strict = false
    @Flag(help: "Print nothing but errors.") var quiet = false

    mutating func run() throws {
        let options: ImageJob.Options
        do {
            guard !inputs.isEmpty else { throw CommandFailure.usage("no inputs (give picture files or folders)") }
            var flags = Recipe(origin: .flags)
            try imageFlags.apply(to: &flags)
            try flags.validate()
            var image = flags.imageOptions()
            guard let parsed = ImageOptions.Format(rawValue: format) else {
                throw CommandFailure.usage("--format takes jpeg or png, not '\(format)'")
            }
            image.format = parsed
            if let maxBytes {
                guard let count = Recipe.byteCount(maxBytes) else {
                    throw CommandFailure.usage("--max-bytes takes a size in bytes such as 500000, 500k or 5M, not '\(maxBytes)'")
                }
                image.maxBytes = count
            }
            options = ImageJob.Options(inputs: inputs, outputDirectory: output, image: image, manifest: manifest,
                                       jobs: flags.jobs ?? ParallelMap.defaultJobs, strict: strict)
        } catch {
            Console.error("tunekit images: \(error)")
            throw ExitCode(2)
        }
        AllocatorTuning.apply()
        let result = try Console.run(progress: Console.showsProgress(quiet: quiet) ? "images" : nil) { report throws(ConvertError) in
            try ImageJob(options: options).run(progress: report)
        }
        if !quiet {
            for (reason, count) in result.rejectsByReason.sorted(by: { $0.key < $1.key }) {
                Console.error("warning: [\(reason)] \(count) picture\(count == 1 ? "" : "s") rejected; see rejects.jsonl")
            }
            for warning in result.warnings { Console.error(warning.description) }
            var summary = "prepared \(result.prepared), rejected \(result.rejected)"
            if result.skipped > 0 { summary += ", skipped \(result.skipped) other files" }
            let pictures = result.pictures
            if pictures.turnedUpright > 0 { summary += ", \(pictures.turnedUpright) turned upright" }
            if pictures.shrunkForBudget > 0 { summary += ", \(pictures.shrunkForBudget) shrunk to fit --max-bytes" }
            if pictures.codecWarnings > 0 { summary += ", \(pictures.codecWarnings) with decoder warnings (img.codec_warning)" }
            summary += String(format: "; %.1f MB in, %.1f MB out → %@/", Double(result.bytesIn) / 1e6,
                              Double(pictures.bytes) / 1e6, options.outputDirectory)
            Console.error(summary)
        }
        if result.exitStatus != 0 { throw ExitCode(result.exitStatus) }
    }
}
