/// Walks the parts of a JPEG or PNG file without decoding it: the marker segments of a JPEG before its first
/// scan, and the chunks of a PNG. Metadata readers (orientation, colour profile, gamma tags) share it, and
/// every length is checked against the bytes before it is followed.
enum ContainerWalk {
    /// Calls `visit(marker, body)` for each JPEG segment before the scan data (`body` excludes the marker and
    /// length bytes), until `visit` returns false or the structure ends or breaks.
    static func jpegSegments(_ bytes: [UInt8], _ visit: (UInt8, Range<Int>) -> Bool) {
        guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return }
        var offset = 2
        while offset + 4 <= bytes.count, bytes[offset] == 0xFF {
            let marker = bytes[offset + 1]
            if marker == 0xFF { offset += 1; continue }                                  // fill byte
            if marker == 0x01 || (0xD0...0xD7).contains(marker) { offset += 2; continue } // no length
            if marker == 0xDA || marker == 0xD9 { return }                               // scan data, or the end
            let length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            guard length >= 2, offset + 2 + length <= bytes.count else { return }
            guard visit(marker, (offset + 4)..<(offset + 2 + length)) else { return }
            offset += 2 + length
        }
    }

    /// Calls `visit(type, data)` for each PNG chunk in order, until `visit` returns false, `IEND`, or a length
    /// that runs past the bytes.
    static func pngChunks(_ bytes: [UInt8], _ visit: (String, Range<Int>) -> Bool) {
        guard bytes.count >= 8, bytes[0] == 0x89, bytes[1] == 0x50 else { return }
        var offset = 8
        while offset + 8 <= bytes.count {
            let length = Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            let type = String(decoding: bytes[(offset + 4)..<(offset + 8)], as: UTF8.self)
            let data = offset + 8
            guard data + length <= bytes.count, type != "IEND", visit(type, data..<(data + length)) else { return }
            offset = data + length + 4
        }
    }
}
