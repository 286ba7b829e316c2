#ifndef TUNEKIT_TK_PNG_H
#define TUNEKIT_TK_PNG_H
/* PNG through libpng's row API, for the files its simplified API gets wrong (16 bits per sample: interlaced ones
   come out scrambled in libpng 1.6.39, and their colour chunks are applied as linear light). libpng reports errors
   with longjmp, which Swift cannot catch: the setjmp lives here, and Swift sees plain functions. Samples come out
   as stored, with no gamma or colour handling: the caller applies the colour chunks this reports. */
#include <stddef.h>
#include <stdint.h>

#define TK_PNG_MESSAGE_MAX 200

/** What a PNG's header and colour chunks say. */
typedef struct tk_png_info {
    uint32_t width;
    uint32_t height;
    int bit_depth;
    int color_type;        /* PNG colour type: 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA */
    int interlaced;
    int channels;          /* of the decoded samples: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA (tRNS becomes alpha) */
    int has_srgb;          /* an sRGB chunk */
    int has_iccp;          /* an iCCP chunk */
    int has_gamma;         /* a gAMA chunk; `gamma` is its value (e.g. 0.45455) */
    double gamma;
    int has_chrm;          /* a cHRM chunk; white point and primaries as CIE xy */
    double white_x, white_y, red_x, red_y, green_x, green_y, blue_x, blue_y;
    int warnings;                     /* libpng warnings while reading (tk_png_read16, tk_png_count_warnings) */
    char warning[TK_PNG_MESSAGE_MAX]; /* the first one's text, empty without one */
} tk_png_info;

/** Decodes a 16-bit PNG (any colour type but palette) into `samples`: `capacity` native-endian 16-bit values,
    at least width·height·channels of the result, rows top to bottom (interlacing undone). Returns 0, or -1 with
    `message` set (also for files of another bit depth). */
int tk_png_read16(const uint8_t *data, size_t size, uint16_t *samples, size_t capacity, tk_png_info *info,
                  char message[TK_PNG_MESSAGE_MAX]);

/** Reads the whole file (every chunk and row, at its own bit depth) only to count libpng's warnings into
    `info->warnings`, with the first one's text: the simplified API keeps only the first. Returns 0, or -1 with
    `message` set. */
int tk_png_count_warnings(const uint8_t *data, size_t size, tk_png_info *info, char message[TK_PNG_MESSAGE_MAX]);

/** Reads only the header and the colour chunks before the image data. Returns 0, or -1 with `message` set. */
int tk_png_read_info(const uint8_t *data, size_t size, tk_png_info *info, char message[TK_PNG_MESSAGE_MAX]);

#endif
