#ifndef TUNEKIT_TK_JPEG_H
#define TUNEKIT_TK_JPEG_H
/* Whole libjpeg calls behind status codes. libjpeg reports errors with longjmp (by default exit()),
   which Swift cannot catch: the setjmp lives here, and Swift sees only plain functions. */
#include <stddef.h>
#include <stdint.h>

#define TK_JPEG_MESSAGE_MAX 200

/** What a JPEG header says, read without decoding any pixel. */
typedef struct tk_jpeg_header {
    uint32_t width;
    uint32_t height;
    int components;        /* 1 gray, 3 YCbCr/RGB, 4 CMYK/YCCK */
    int color_space;       /* libjpeg's J_COLOR_SPACE of the file */
    int progressive;
    int adobe_transform;   /* 0/1/2 when an Adobe marker is present, -1 otherwise */
} tk_jpeg_header;

/** Reads the header. Returns 0 on success; otherwise fills `message` and returns -1. */
int tk_jpeg_read_header(const uint8_t *data, size_t size, tk_jpeg_header *header,
                        char message[TK_JPEG_MESSAGE_MAX]);

/** Decodes to 8-bit RGB at 1/scale_denom of full size (1, 2, 4 or 8).
    `rgb` receives a malloc'd buffer the caller frees with tk_jpeg_free; width and height are the output size.
    CMYK and YCCK (Adobe inverted too) are converted to RGB. Returns 0, or -1 with `message` set. */
int tk_jpeg_decode_rgb(const uint8_t *data, size_t size, int scale_denom, uint64_t max_pixels,
                       uint8_t **rgb, uint32_t *width, uint32_t *height,
                       char message[TK_JPEG_MESSAGE_MAX]);

/** Encodes 8-bit RGB (or gray when components == 1) as baseline JPEG with 4:2:0 chroma subsampling.
    `out` receives a malloc'd buffer the caller frees with tk_jpeg_free. Returns 0, or -1 with `message`. */
int tk_jpeg_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int components, int quality,
                   uint8_t **out, size_t *out_size, char message[TK_JPEG_MESSAGE_MAX]);

/** Frees a buffer returned by this module. */
void tk_jpeg_free(void *buffer);

#endif
