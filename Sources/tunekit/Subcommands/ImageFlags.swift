import ArgumentParser
import TuneKit

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
    @Flag(help: "Prepare JPEGs whose data ends early or is corrupt, the damaged part as libjpeg fills it (default: refuse them as img.truncated or img.corrupt_data); their decoder warnings are still reported (img.codec_warning).") var acceptTruncated = false

    /// Puts the flags given into `recipe` (the library parses and checks them).
    func apply(to recipe: inout Recipe) throws(RecipeError) {
        recipe.maxSide = maxSide
        recipe.maxPixels = maxPixels
        if let crop { try recipe.set(.crop, text: crop) }
        if let pad { try recipe.set(.pad, text: pad) }
        recipe.upscale = upscale ? true : nil
        recipe.linearLight = linearLight ? true : nil
        if let background { try recipe.set(.background, text: background) }
        recipe.quality = quality
        recipe.minQuality = minQuality
        if let subsampling { try recipe.set(.subsampling, text: subsampling) }
        recipe.maxInputPixels = maxInputPixels
        recipe.jobs = jobs
        recipe.acceptTruncated = acceptTruncated ? true : nil
    }
}
