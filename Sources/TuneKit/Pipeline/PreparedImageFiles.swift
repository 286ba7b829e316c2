import Foundation
import TuneKitImages

/// `--image-mode files`: prepared pictures written to the `--image-out` folder under a name made from their
/// bytes (the same picture always gets the same name, whichever row or run writes it), named in the lines as
/// `--image-base-url`/name.
enum PreparedImageFiles {
    /// The file name of a prepared JPEG: 128 bits of hash of its bytes (two seeds of ``WyHash``), hex, `.jpg`.
    static func name(of bytes: [UInt8]) -> String {
        let high = WyHash.hash(bytes, seed: 0x7475_6e65_6b69_7431)
        let low = WyHash.hash(bytes, seed: 0x7475_6e65_6b69_7432)
        func hex(_ value: UInt64) -> String {
            let digits = String(value, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
        return hex(high) + hex(low) + ".jpg"
    }

    /// `base` and `name` joined by one `/`.
    static func url(base: String, name: String) -> String {
        var base = base
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/" + name
    }

    /// Creates `folder` (and its parents); the error's text when it cannot.
    static func makeFolder(_ folder: String) -> String? {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            return nil
        } catch {
            return error.localizedDescription
        }
    }

    /// Writes `bytes` as `folder/name` unless a file of that name is there already; the error's text otherwise.
    static func write(_ bytes: [UInt8], named name: String, in folder: String) -> String? {
        let path = folder + "/" + name
        if FileManager.default.fileExists(atPath: path) { return nil }
        let temporary = path + ".part"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) else {
            return "cannot write \(temporary)"
        }
        if rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            return "cannot write \(path): \(reason)"
        }
        return nil
    }
}

extension ImageInliner {
    /// Writes a prepared JPEG to the `--image-out` folder; the URL the line carries, or the reject.
    func writeFile(_ bytes: [UInt8]) -> Result<String, Reject> {
        let name = PreparedImageFiles.name(of: bytes)
        if let failure = PreparedImageFiles.write(bytes, named: name, in: embedding.outputFolder ?? ".") {
            return .failure(Reject(reason: "img.write_failed", message: failure, source: SourceLocation(file: ""), fields: []))
        }
        return .success(PreparedImageFiles.url(base: embedding.baseURL ?? "", name: name))
    }
}
