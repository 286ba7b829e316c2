#ifndef TUNEKIT_TK_JPEG_H
#define TUNEKIT_TK_JPEG_H
/* Whole libjpeg calls behind status codes. libjpeg reports errors with longjmp (by default exit()),
   which Swift cannot catch: the setjmp lives here, and Swift sees only plain functions. */
#include <stddef.h>
#include <stdint.h>

#define TK_JPEG_MESSAGE_MAX 200

/** The warnings libjpeg emitted while decoding one picture (recoverable damage it patched or skipped). */
typedef struct tk_codec_warnings {
    int count;                       /* every warning, 0 for a clean picture */
    char first[TK_JPEG_MESSAGE_MAX]; /* the first warning's text, empty without one */
} tk_codec_warnings;

/** What a JPEG header says, read without decoding any pixel. */
typedef struct tk_jpeg_header {
    uint32_t width;
    uint32_t height;
    int components;        /* 1 gray, 3 YCbCr/RGB, 4 CMYK/YCCK */
    int color_space;       /* libjpeg's J_COLOR_SPACE of the file */
    int progressive;
    int adobe_transform;   /* 0/1/2 when an Adobe marker is present, -1 otherwise */
    uint32_t output_width; /* the size a decode at the requested scale produces */
    uint32_t output_height;
} tk_jpeg_header;

/** Reads the header, and the output size of a decode at scale_num/8 of full size (1…8: libjpeg-turbo's DCT
    scaling). Returns 0 on success; otherwise fills `message` and returns -1. */
int tk_jpeg_read_header(const uint8_t *data, size_t size, unsigned scale_num, tk_jpeg_header *header,
                        char message[TK_JPEG_MESSAGE_MAX]);

/** Decodes to 8-bit RGB at scale_num/8 of full size into `rgb` (capacity bytes, at least 3·w·h of
    tk_jpeg_read_header). Gray is expanded; CMYK and YCCK (Adobe inverted too) are converted to RGB.
    Data that ends before the picture does (the file cut short, or the scan running into an EOI written after a
    cut) returns -2 with `message` set; other corrupt data that makes libjpeg guess pixels (a bad Huffman code, a
    restart marker out of sequence, stray bytes inside or after a scan) returns -3. With `accept_truncated`
    non-zero both decode (libjpeg's gray or guesses for the damaged part) and `*truncated` is set to 1.
    Every libjpeg warning is counted in `warnings`, with the first one's text, whatever the outcome.
    Returns 0, -2 for a truncated picture, -3 for corrupt data, or -1 with `message` set. */
int tk_jpeg_decode_into(const uint8_t *data, size_t size, unsigned scale_num, uint8_t *rgb, size_t capacity,
                        uint32_t *width, uint32_t *height, int accept_truncated, int *truncated,
                        tk_codec_warnings *warnings, char message[TK_JPEG_MESSAGE_MAX]);

/** Encodes 8-bit RGB (or gray when components == 1) as baseline JPEG; chroma is subsampled 4:2:0 when
    `subsample` is non-zero, else kept at 4:4:4. `optimize` computes Huffman tables for the picture: a few percent
    smaller, at about twice the encoding time.
    `out` receives a malloc'd buffer the caller frees with tk_jpeg_free. Returns 0, or -1 with `message`. */
int tk_jpeg_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int components, int quality,
                   int subsample, int optimize, uint8_t **out, size_t *out_size, char message[TK_JPEG_MESSAGE_MAX]);

/** Frees a buffer returned by this module. */
void tk_jpeg_free(void *buffer);

#endif
