import CZlib

/// Writes a ZIP archive in memory: entries deflated by zlib (level 9; stored when that is not smaller), with
/// zlib's CRC-32 and a fixed time stamp (1980-01-01 00:00, the earliest a ZIP header holds), so that the same
/// entries always give the same bytes.
///
/// Enough for the small packages ``XLSXWriter`` makes: no ZIP64 (an archive stays under 4 GiB), names in UTF-8
/// (flagged when not ASCII).
package struct ZipWriter: Sendable {
    private struct Central: Sendable {
        var name: [UInt8]
        var crc: UInt32
        var size: UInt32
        var compressedSize: UInt32
        var method: UInt16
        var offset: UInt32
        var flags: UInt16
    }

    private var bytes: [UInt8] = []
    private var central: [Central] = []

    /// An empty archive.
    package init() {}

    /// The CRC-32 of `data` (zlib's, the one ZIP uses).
    package static func crc32(_ data: [UInt8]) -> UInt32 {
        data.withUnsafeBufferPointer { buffer in
            UInt32(CZlib.crc32(0, buffer.baseAddress, uInt(buffer.count)))
        }
    }

    /// The raw deflate stream of `data` (zlib's `compress2` output without its 2-byte header and Adler-32
    /// trailer), or `nil` when zlib fails.
    package static func deflate(_ data: [UInt8]) -> [UInt8]? {
        var length = compressBound(uLong(data.count))
        var out = [UInt8](repeating: 0, count: Int(length))
        let status = data.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                compress2(target.baseAddress, &length, source.baseAddress, uLong(source.count), 9)
            }
        }
        guard status == Z_OK, length >= 6 else { return nil }
        return Array(out[2..<(Int(length) - 4)])
    }

    /// Adds an entry named `name` holding `data`, deflated (or stored when deflate does not make it smaller).
    package mutating func add(_ name: String, _ data: [UInt8]) {
        let nameBytes = Array(name.utf8)
        let flags: UInt16 = nameBytes.allSatisfy { $0 < 0x80 } ? 0 : 1 << 11
        let packed = Self.deflate(data).flatMap { $0.count < data.count ? $0 : nil }
        let entry = Central(name: nameBytes, crc: Self.crc32(data), size: UInt32(data.count),
                            compressedSize: UInt32(packed?.count ?? data.count), method: packed == nil ? 0 : 8,
                            offset: UInt32(bytes.count), flags: flags)
        put32(0x0403_4b50)
        put16(20)            // version needed: 2.0
        put16(flags)
        put16(entry.method)
        put16(0)             // time 00:00:00
        put16(0x21)          // date 1980-01-01
        put32(entry.crc)
        put32(entry.compressedSize)
        put32(entry.size)
        put16(UInt16(nameBytes.count))
        put16(0)             // no extra field
        bytes += nameBytes
        bytes += packed ?? data
        central.append(entry)
    }

    /// The archive: the entries, the central directory and its end record.
    package mutating func finish() -> [UInt8] {
        let start = bytes.count
        for entry in central {
            put32(0x0201_4b50)
            put16(20)        // made by: 2.0, MS-DOS attributes
            put16(20)
            put16(entry.flags)
            put16(entry.method)
            put16(0)
            put16(0x21)
            put32(entry.crc)
            put32(entry.compressedSize)
            put32(entry.size)
            put16(UInt16(entry.name.count))
            put16(0)         // extra
            put16(0)         // comment
            put16(0)         // disk
            put16(0)         // internal attributes
            put32(0)         // external attributes
            put32(entry.offset)
            bytes += entry.name
        }
        let size = bytes.count - start
        put32(0x0605_4b50)
        put16(0)
        put16(0)
        put16(UInt16(central.count))
        put16(UInt16(central.count))
        put32(UInt32(size))
        put32(UInt32(start))
        put16(0)
        return bytes
    }

    private mutating func put16(_ value: UInt16) {
        bytes.append(UInt8(value & 0xff))
        bytes.append(UInt8(value >> 8))
    }

    private mutating func put32(_ value: UInt32) {
        put16(UInt16(value & 0xffff))
        put16(UInt16(value >> 16))
    }
}
