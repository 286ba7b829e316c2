// Per-stage timing of the image pipeline on one core, the Swift side of shared/bench/bench_image_stages.py:
// decode (full and DCT-scaled), Lanczos resize, JPEG encode, base64, and the whole ImageProcessor path; then the
// colour conversion of the resized pictures by both engines (a matrix/TRC profile by hand and by LittleCMS, a
// lookup-table profile by LittleCMS), and what making a LittleCMS transform costs when it is not cached.
// PROFILES: a directory with compatibleWithAdobeRGB1998.icc and sRGB_v4_ICC_preference.icc (default: the fixtures').
//
// Usage: swift run -c release tunekit-image-bench [DIR] [N]
//   DIR default /tmp/perfpeers/img (shared/bench/gen_images.py), N default 40 pictures.
import Foundation
import TuneKitImages

let arguments = CommandLine.arguments
let directory = arguments.count > 1 ? arguments[1] : "/tmp/perfpeers/img"
let limit = arguments.count > 2 ? Int(arguments[2]) ?? 40 : 40
let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".jpg") }.sorted()
let files = try names.prefix(limit).map { [UInt8](try Data(contentsOf: URL(fileURLWithPath: directory + "/" + $0))) }

var totals: [(String, Double)] = []
@MainActor func time<T>(_ stage: String, _ body: () throws -> T) rethrows -> T {
    let start = DispatchTime.now().uptimeNanoseconds
    let result = try body()
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    if let index = totals.firstIndex(where: { $0.0 == stage }) { totals[index].1 += elapsed } else { totals.append((stage, elapsed)) }
    return result
}

let processor = ImageProcessor(options: ImageOptions(resize: .fit(maxSide: 1024), quality: 85))
for bytes in files {
    _ = try time("decode full") { try JPEGCodec.decode(bytes) }
    _ = try time("decode 3/8") { try JPEGCodec.decode(bytes, eighths: 3) }
    let half = try time("decode 1/2") { try JPEGCodec.decode(bytes, eighths: 4) }
    let ratio = min(1024 / Double(half.width), 1024 / Double(half.height))
    let width = Int((Double(half.width) * ratio).rounded())
    let height = Int((Double(half.height) * ratio).rounded())
    let small = time("lanczos 1/2 → 1024") { Resampler.resize(half, width: width, height: height) }
    let tall = time("  vertical pass only") { Resampler.resize(half, width: half.width, height: height) }
    _ = time("  horizontal pass only") { Resampler.resize(tall, width: width, height: height) }
    let encoded = try time("jpeg q85 1024") { try JPEGCodec.encode(small, quality: 85) }
    _ = time("base64 data URI") { "data:image/jpeg;base64," + Data(encoded).base64EncodedString() }
    _ = try time("whole: process + data URI") { try processor.process(bytes).dataURI }
}
// Colour conversion of the pictures as the pipeline converts them (after the resize).
let profiles = ProcessInfo.processInfo.environment["PROFILES"]
    ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../TuneKitImagesTests/Fixtures/png16/profiles").path
let adobe = (try? Data(contentsOf: URL(fileURLWithPath: "/usr/share/color/icc/compatibleWithAdobeRGB1998.icc"))).map { [UInt8]($0) }
let lut = (try? Data(contentsOf: URL(fileURLWithPath: profiles + "/sRGB_v4_ICC_preference.icc"))).map { [UInt8]($0) }
if let adobe, let lut {
    for bytes in files {
        let half = try JPEGCodec.decode(bytes, eighths: 4)
        let ratio = min(1024 / Double(half.width), 1024 / Double(half.height))
        let small = Resampler.resize(half, width: Int((Double(half.width) * ratio).rounded()),
                                     height: Int((Double(half.height) * ratio).rounded()))
        let byHand = time("matrix profile: make, hand") { ColorConversion(profileData: adobe)! }
        let byLittleCMS = time("matrix profile: make, lcms") { ColorConversion(profileData: adobe, alwaysLittleCMS: true)! }
        let lookup = time("LUT profile: make, lcms") { ColorConversion(profileData: lut)! }
        _ = time("matrix profile: apply, hand") { byHand.apply(to: small) }
        _ = time("matrix profile: apply, lcms") { byLittleCMS.apply(to: small) }
        _ = time("LUT profile: apply, lcms") { lookup.apply(to: small) }
    }
    // Uncached creation: a profile LittleCMS has not seen (the description changed, so the bytes differ).
    for index in 0..<files.count {
        var fresh = lut
        fresh[fresh.count - 1] = UInt8(truncatingIfNeeded: index)
        fresh[fresh.count - 2] = UInt8(truncatingIfNeeded: index >> 8)
        _ = time("LUT profile: make uncached") { ColorConversion(profileData: fresh) }
    }
    print("(colour stages on the pictures fitted within 1024 px, as the pipeline converts them)")
}
print("TuneKitImages: ms/image over \(files.count) pictures of \(directory)")
for (stage, total) in totals {
    print("  \(stage.padding(toLength: 28, withPad: " ", startingAt: 0)) \(String(format: "%7.2f", total / Double(files.count))) ms")
}
