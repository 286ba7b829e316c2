#if canImport(Glibc)
import Glibc
#endif

/// A rough token count for cost estimates, from UTF-8 bytes without a tokenizer: CJK characters at about
/// 0.7 token each (GLM-style tokenizers merge common pairs), other text at about one token per 3.6
/// characters. Applied to whole JSON lines, so keys and role names count as the framing they are.
package enum TokenEstimator {
    /// The estimate's method sentence (reports' `tokens.method`).
    package static let method = "heuristic: 0.7 per CJK character, 1 per 3.6 other characters, over the JSON lines"
    /// How far the estimate is from GLM-4's tokenizer, as measured (reports' `tokens.error_bar`).
    package static let errorBar = "about ±3 % on Chinese support text, 14–19 % on symbol-heavy text (code, JSON, numbers); --tokenizer FILE counts exactly"

    /// Estimates the tokens of UTF-8 text: three-byte characters (CJK, kana, Hangul, full-width forms) at
    /// 0.7 token each, every other character at one token per 3.6.
    package static func estimate(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var threeByteLeads = 0
        var continuation = 0
        var i = 0
        let n = bytes.count
        if n >= 8 {
            let base = UnsafeRawPointer(bytes.baseAddress!)
            while i + 8 <= n {
                let word = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 {
                    // Bytes 10xxxxxx: high bit set, next bit clear.
                    continuation += (word & ~(word << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
                    // Bytes 1110xxxx: exactly the bytes whose top nibble is E.
                    let nibble = (word & 0xF0F0_F0F0_F0F0_F0F0) ^ 0xE0E0_E0E0_E0E0_E0E0
                    let nonzero = ((nibble & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | nibble
                    threeByteLeads += (~nonzero & 0x8080_8080_8080_8080).nonzeroBitCount
                }
                i += 8
            }
        }
        while i < n {
            let byte = bytes[i]
            if byte & 0xC0 == 0x80 { continuation += 1 } else if byte & 0xF0 == 0xE0 { threeByteLeads += 1 }
            i += 1
        }
        let others = n - continuation - threeByteLeads
        return (threeByteLeads * 7 + 9) / 10 + (others * 10 + 35) / 36
    }

    /// Estimates the tokens of a JSON line that may carry images: the URL of each `image_url` part (a base64
    /// data URI is hundreds of thousands of characters the model never reads as text) counts as
    /// `imageTokens`, the platform's billing figure per image; the rest as text.
    package static func estimate(line bytes: UnsafeBufferPointer<UInt8>, imageTokens: Int) -> Int {
        let measured = measure(line: bytes)
        return measured.text + measured.images * imageTokens
    }

    /// The tokens a training line is billed as in one epoch (the platform's rules): the text for text
    /// formats; text plus tokens per image for image understanding; only the images for image generation.
    package static func billed(line bytes: UnsafeBufferPointer<UInt8>, format: OutputFormat, profile: PlatformProfile) -> Int {
        let perImage = profile.imageTokens(for: format)
        guard perImage > 0 else { return estimate(bytes) }
        let measured = measure(line: bytes)
        return (format.unit.billsText ? measured.text : 0) + measured.images * perImage
    }

    /// The text tokens of a JSON line with its `image_url` URLs left out, and how many images it has.
    package static func measure(line bytes: UnsafeBufferPointer<UInt8>) -> (text: Int, images: Int) {
        let part = Array(#""image_url""#.utf8)
        let urlKey = Array(#""url""#.utf8)
        var text = 0
        var images = 0
        var textStart = 0
        var at = 0
        while let found = find(part, in: bytes, from: at), let key = find(urlKey, in: bytes, from: found + part.count) {
            var value = key + urlKey.count
            while value < bytes.count, bytes[value] == 0x20 || bytes[value] == 0x3A || bytes[value] == 0x09 { value += 1 }
            guard value < bytes.count, bytes[value] == 0x22 else {
                at = value
                continue
            }
            var end = value + 1
            while end < bytes.count, bytes[end] != 0x22 { end += bytes[end] == 0x5C ? 2 : 1 }
            text += estimate(UnsafeBufferPointer(rebasing: bytes[textStart..<value]))
            images += 1
            textStart = min(end + 1, bytes.count)
            at = textStart
        }
        return (text + estimate(UnsafeBufferPointer(rebasing: bytes[textStart...])), images)
    }

    /// The first position of `needle` in `bytes` at or after `start`.
    private static func find(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var at = start
        while at + needle.count <= bytes.count,
              let hit = memchr(bytes.baseAddress! + at, Int32(needle[0]), bytes.count - at) {
            let position = bytes.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            guard position + needle.count <= bytes.count else { return nil }
            if memcmp(bytes.baseAddress! + position, needle, needle.count) == 0 { return position }
            at = position + 1
        }
        return nil
    }

    /// Estimates the tokens of a string.
    package static func estimate(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { estimate($0) }
    }
}
