#ifndef TUNEKIT_TK_TEXT_SCAN_H
#define TUNEKIT_TK_TEXT_SCAN_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* What the screening lints need to know about one turn's text, counted in one pass over its UTF-8: characters,
   letters by script, ASCII digits and '@'. */
typedef struct {
    size_t characters;
    size_t latin;      /* ASCII letters */
    size_t digits;     /* ASCII digits */
    size_t at;         /* '@' */
    size_t han;        /* U+3400-U+9FFF */
    size_t kana;       /* U+3040-U+30FF */
    size_t hangul;     /* U+AC00-U+D7A3 */
    size_t cyrillic;   /* U+0400-U+04FF */
    size_t other;      /* Greek, Arabic, Hebrew, Thai, Devanagari letters */
} tk_text_counts;

/* Eight ASCII bytes at a time (letters, digits and '@' by SWAR masks), other characters by their lead byte. In C
   so that it stays cheap on the byte lane in unoptimised builds too. Valid UTF-8 is assumed; stray continuation
   bytes are skipped. */
static inline void tk_text_scan(const uint8_t *bytes, size_t count, tk_text_counts *out) {
    const uint64_t high = 0x8080808080808080ULL;
    tk_text_counts c;
    memset(&c, 0, sizeof c);
    size_t i = 0;
    while (i < count) {
        if (i + 8 <= count) {
            uint64_t word;
            memcpy(&word, bytes + i, 8);
            if ((word & high) == 0) {
                uint64_t lower = word | 0x2020202020202020ULL;
                uint64_t letters = (lower + 0x1F1F1F1F1F1F1F1FULL) & ~(lower + 0x0505050505050505ULL) & high;
                uint64_t digits = (word + 0x5050505050505050ULL) & ~(word + 0x4646464646464646ULL) & high;
                uint64_t x = word ^ 0x4040404040404040ULL;
                uint64_t at = ~(((x & 0x7F7F7F7F7F7F7F7FULL) + 0x7F7F7F7F7F7F7F7FULL) | x | 0x7F7F7F7F7F7F7F7FULL);
                c.latin += (size_t)__builtin_popcountll(letters);
                c.digits += (size_t)__builtin_popcountll(digits);
                c.at += (size_t)__builtin_popcountll(at);
                c.characters += 8;
                i += 8;
                continue;
            }
        }
        uint8_t b = bytes[i];
        if (b < 0x80) {
            uint8_t lower = b | 0x20;
            if (lower >= 'a' && lower <= 'z') c.latin++;
            else if (b >= '0' && b <= '9') c.digits++;
            else if (b == '@') c.at++;
            c.characters++;
            i++;
        } else if (b < 0xC0) {
            i++;
        } else if (b < 0xE0) {
            if (b >= 0xD0 && b <= 0xD3) c.cyrillic++;
            else if (b >= 0xCE) c.other++;   /* Greek CE-CF (with 0370-03FF), Hebrew D6-D7, Arabic D8-DB */
            c.characters++;
            i += 2;
        } else if (b < 0xF0) {
            uint8_t b1 = i + 1 < count ? bytes[i + 1] : 0;
            if (b >= 0xE4 && b <= 0xE9) {
                /* A run of CJK ideographs, the bulk of Chinese text, three bytes each. (Measured interleaved, best
                   of five, clang -O2 on the benchmark's chat fields: the same time as one character per turn of
                   the outer loop, 30 ns a field, against 25 ns for tk_utf8_characters alone.) */
                do { c.han++; c.characters++; i += 3; } while (i + 2 < count && bytes[i] >= 0xE4 && bytes[i] <= 0xE9);
                continue;
            }
            if (b == 0xE3) {
                if (b1 >= 0x90) c.han++;
                else if (b1 >= 0x81 && b1 <= 0x83) c.kana++;
            } else if ((b == 0xEA && b1 >= 0xB0) || b == 0xEB || b == 0xEC || (b == 0xED && b1 <= 0x9E)) c.hangul++;
            else if (b == 0xE0 && b1 >= 0xA4 && b1 <= 0xB9) c.other++;   /* Devanagari … Thai */
            c.characters++;
            i += 3;
        } else {
            c.characters++;
            i += 4;
        }
    }
    *out = c;
}
#endif
