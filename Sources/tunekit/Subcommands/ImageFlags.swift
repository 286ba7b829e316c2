import ArgumentParser
import TuneKitImages

/// The picture flags `images` and `convert` share: size rule, background, JPEG settings, limits and threads.
struct ImageFlags: ParsableArguments {
    @Option(help: "Fit pictures within this many pixels per side (default: 1024).") var maxSide: Int?
    @Option(help: "Fit pictures within this many pixels in all, instead of --max-side.") var maxPixels: Int?
    @Option(help: "Centre-crop to exactly WxH (e.g. 512x512), instead of fitting.") var crop: String?
    @Option(help: "Fit within WxH and pad the rest with the background, instead of fitting.") var pad: String?
    @Flag(help: "Allow enlarging small pictures (default: never enlarge).") var upscale = false
    @Flag(help: "Resample in linear light: fine bright detail on dark ground (text, lines) keeps its brightness; about twice the resize time.") var linearLight = false
    @Option(help: "Colour for transparency and padding: white, black, #RRGGBB (default: white).") var background: String?
    @Option(help: "JPEG quality 1-100 (default: 85).") var quality: Int?
    @Option(help: "Lowest JPEG quality a byte budget may use before shrinking the picture (default: 40).") var minQuality: Int?
    @Option(help: "JPEG chroma subsampling: 4:2:0 or 4:4:4 (default: 4:2:0).") var subsampling: String?
    @Option(help: "Refuse pictures whose header declares more pixels than this (default: 100000000).") var maxInputPixels: Int?
    @Option(help: "Threads preparing pictures (default: all cores).") var jobs: Int?

    /// The options these flags (over recipe `values`, then the defaults) describe.
    func options(recipe values: [String: String] = [:]) throws -> ImageOptions {
        var options = ImageOptions()
        let rules = [maxPixels != nil, crop != nil, pad != nil].filter { $0 }.count
        guard rules <= 1 else { throw CommandFailure.usage("choose one of --max-pixels, --crop and --pad") }
        if let side = maxSide ?? values["max_side"].flatMap({ Int($0) }) {
            guard side > 0 else { throw CommandFailure.usage("--max-side takes a positive number of pixels") }
            options.resize = .fit(maxSide: side)
        }
        if let maxPixels {
            guard maxPixels > 0 else { throw CommandFailure.usage("--max-pixels takes a positive number") }
            options.resize = .maxPixels(maxPixels)
        }
        if let crop {
            let (width, height) = try Self.size(crop, flag: "--crop")
            options.resize = .crop(width: width, height: height)
        }
        if let pad {
            let (width, height) = try Self.size(pad, flag: "--pad")
            options.resize = .pad(width: width, height: height)
        }
        options.upscale = upscale || values["upscale"] == "true"
        options.linearLight = linearLight || values["linear_light"] == "true"
        if let text = background ?? values["background"] {
            guard let colour = RGBColor(parsing: text) else {
                throw CommandFailure.usage("--background takes white, black or #RRGGBB, not '\(text)'")
            }
            options.background = colour
        }
        if let value = quality ?? values["quality"].flatMap({ Int($0) }) {
            guard (1...100).contains(value) else { throw CommandFailure.usage("--quality takes 1 to 100") }
            options.quality = value
        }
        if let value = minQuality {
            guard (1...100).contains(value) else { throw CommandFailure.usage("--min-quality takes 1 to 100") }
            options.minimumQuality = value
        }
        if let text = subsampling ?? values["subsampling"] {
            guard let parsed = JPEGCodec.Subsampling(rawValue: text) else {
                throw CommandFailure.usage("--subsampling takes 4:2:0 or 4:4:4, not '\(text)'")
            }
            options.subsampling = parsed
        }
        if let value = maxInputPixels {
            guard value > 0 else { throw CommandFailure.usage("--max-input-pixels takes a positive number") }
            options.maxInputPixels = value
        }
        return options
    }

    /// Worker threads.
    func jobCount() throws -> Int {
        guard let jobs else { return ParallelMap.defaultJobs }
        guard jobs > 0 else { throw CommandFailure.usage("--jobs takes a number from 1") }
        return jobs
    }

    /// `WxH` (also `W×H`, `W*H`).
    static func size(_ text: String, flag: String) throws -> (Int, Int) {
        let parts = text.lowercased().split(whereSeparator: { $0 == "x" || $0 == "×" || $0 == "*" })
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]), width > 0, height > 0 else {
            throw CommandFailure.usage("\(flag) takes WIDTHxHEIGHT such as 512x512, not '\(text)'")
        }
        return (width, height)
    }

    /// A byte count: 500000, 500k, 5M, 5MB (k and M are 1024 and 1024²).
    static func byteCount(_ text: String, flag: String) throws -> Int {
        let lower = text.lowercased().replacingOccurrences(of: "ib", with: "").replacingOccurrences(of: "b", with: "")
        var multiplier = 1
        var digits = Substring(lower)
        if digits.hasSuffix("k") { multiplier = 1024; digits = digits.dropLast() }
        if digits.hasSuffix("m") { multiplier = 1024 * 1024; digits = digits.dropLast() }
        guard let value = Double(digits), value > 0 else {
            throw CommandFailure.usage("\(flag) takes a size in bytes such as 500000, 500k or 5M, not '\(text)'")
        }
        return Int(value * Double(multiplier))
    }
}
