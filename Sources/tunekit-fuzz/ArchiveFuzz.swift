import TuneKit

/// The zip reader on its own: the end record and central directory (`ZipArchive`), then every entry inflated
/// (`ZipEntryStream`) under the default limits, as the XLSX and ODS readers open their parts. The workbook
/// targets reach the zip reader only through archives whose parts they recognise; this one reads any entry.
enum ArchiveFuzz {
    static let zip = FuzzTarget(name: "zip", maxLength: 262_144, seedExtensions: ["xlsx", "xlsm", "ods", "zip"],
                                dictionary: nil, covers: "ZipArchive (end record, central directory), ZipEntryStream (stored, deflate)") { data in
        ScratchFile.with(data, fileExtension: "zip") { path in
            guard let archive = try? ZipArchive(path: path) else { return }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            for name in archive.entryNames.sorted() {
                guard let stream = try? archive.open(name) else { continue }
                // Entries of a small input stay small unless they are bombs, which the limits refuse; the cap
                // keeps a run of libFuzzer within its time limit either way.
                var total = 0
                while total < 64 << 20, let count = try? stream.readChunk(into: &chunk), count > 0 { total += count }
            }
        }
    }
}
