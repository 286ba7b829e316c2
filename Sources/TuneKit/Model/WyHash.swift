/// wyhash (final 3, default secret — the version most bindings ship), a fast 64-bit non-cryptographic hash with good dispersion.
///
/// Used for content fingerprints and split decisions: stable across runs, platforms and releases
/// (never Swift's per-process randomly seeded `Hasher`).
/// - Complexity: O(n), about 48 bytes per round.
package enum WyHash {
    @usableFromInline static let secret: (UInt64, UInt64, UInt64, UInt64) =
        (0xa076_1d64_78bd_642f, 0xe703_7ed1_a0b4_28db, 0x8ebc_6af0_9c88_c6e3, 0x5899_65cc_7537_4cc3)

    @inline(__always) @usableFromInline
    static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.high ^ product.low
    }

    /// Hashes raw bytes with a seed.
    package static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        let length = bytes.count
        guard let base = bytes.baseAddress else { return hashEmpty(seed: seed) }
        @inline(__always) func r8(_ offset: Int) -> UInt64 {
            UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        }
        @inline(__always) func r4(_ offset: Int) -> UInt64 {
            UInt64(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
        }
        var seed = seed ^ secret.0
        let a: UInt64
        let b: UInt64
        if length <= 16 {
            if length >= 4 {
                let shift = (length >> 3) << 2
                a = (r4(0) << 32) | r4(shift)
                b = (r4(length - 4) << 32) | r4(length - 4 - shift)
            } else if length > 0 {
                let bytes = base.assumingMemoryBound(to: UInt8.self)
                a = (UInt64(bytes[0]) << 16) | (UInt64(bytes[length >> 1]) << 8) | UInt64(bytes[length - 1])
                b = 0
            } else {
                a = 0
                b = 0
            }
        } else {
            var i = length
            var p = 0
            if i > 48 {
                var see1 = seed
                var see2 = seed
                repeat {
                    seed = mix(r8(p) ^ secret.1, r8(p + 8) ^ seed)
                    see1 = mix(r8(p + 16) ^ secret.2, r8(p + 24) ^ see1)
                    see2 = mix(r8(p + 32) ^ secret.3, r8(p + 40) ^ see2)
                    p += 48
                    i -= 48
                } while i > 48
                seed ^= see1 ^ see2
            }
            while i > 16 {
                seed = mix(r8(p) ^ secret.1, r8(p + 8) ^ seed)
                i -= 16
                p += 16
            }
            a = r8(p + i - 16)
            b = r8(p + i - 8)
        }
        return mix(secret.1 ^ UInt64(length), mix(a ^ secret.1, b ^ seed))
    }

    private static func hashEmpty(seed: UInt64) -> UInt64 {
        mix(secret.1, mix(secret.1, seed ^ secret.0))
    }

    /// Hashes a byte array with a seed.
    package static func hash(_ bytes: [UInt8], seed: UInt64 = 0) -> UInt64 {
        bytes.withUnsafeBytes { hash($0, seed: seed) }
    }

    /// Hashes a string's UTF-8 bytes with a seed.
    package static func hash(_ text: String, seed: UInt64 = 0) -> UInt64 {
        var text = text
        return text.withUTF8 { hash(UnsafeRawBufferPointer($0), seed: seed) }
    }
}
