#ifndef TUNEKIT_TK_UTF8_COUNT_H
#define TUNEKIT_TK_UTF8_COUNT_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>
/* Characters (Unicode scalars) of valid UTF-8: the bytes that do not continue a character (10xxxxxx), eight
   bytes at a time. In C so that the report's length count stays cheap on the byte lane in unoptimised builds
   too, where the same loop in Swift calls a function per operation. */
static inline size_t tk_utf8_characters(const uint8_t *bytes, size_t count) {
    size_t continuation = 0;
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        uint64_t word;
        memcpy(&word, bytes + i, 8);
        continuation += (size_t)__builtin_popcountll(word & ~(word << 1) & 0x8080808080808080ULL);
    }
    for (; i < count; i++) continuation += (bytes[i] & 0xC0) == 0x80;
    return count - continuation;
}
#endif
