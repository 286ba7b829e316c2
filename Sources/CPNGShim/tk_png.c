#include "tk_png.h"

#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct tk_source {
    const uint8_t *data;
    size_t size;
    size_t offset;
    char *message;
    int warnings;                     /* every warning libpng emitted */
    char warning[TK_PNG_MESSAGE_MAX]; /* the first one's text */
} tk_source;

static void tk_read(png_structp png, png_bytep out, png_size_t length) {
    tk_source *source = (tk_source *)png_get_io_ptr(png);
    if (length > source->size - source->offset) png_error(png, "the file ends early (truncated)");
    memcpy(out, source->data + source->offset, length);
    source->offset += length;
}

static void tk_error(png_structp png, png_const_charp text) {
    tk_source *source = (tk_source *)png_get_error_ptr(png);
    if (source->message) snprintf(source->message, TK_PNG_MESSAGE_MAX, "%s", text);
    png_longjmp(png, 1);
}

/* Warnings (a profile libpng finds odd, an ancillary chunk with a bad CRC, which libpng then skips) are not
   failures: they are counted, the first one's text kept, and nothing is printed. */
static void tk_warning(png_structp png, png_const_charp text) {
    tk_source *source = (tk_source *)png_get_error_ptr(png);
    source->warnings += 1;
    if (source->warnings == 1) snprintf(source->warning, TK_PNG_MESSAGE_MAX, "%s", text);
}

/* Copies what tk_warning gathered into `info`. */
static void tk_report_warnings(const tk_source *source, tk_png_info *info) {
    info->warnings = source->warnings;
    snprintf(info->warning, TK_PNG_MESSAGE_MAX, "%s", source->warning);
}

static void tk_set_message(char *message, const char *text) {
    if (message) snprintf(message, TK_PNG_MESSAGE_MAX, "%s", text);
}

/* Fills `info` from a read struct whose png_read_info has run, and sets up the row transformations. */
static void tk_describe(png_structp png, png_infop header, tk_png_info *info) {
    memset(info, 0, sizeof *info);
    info->width = png_get_image_width(png, header);
    info->height = png_get_image_height(png, header);
    info->bit_depth = png_get_bit_depth(png, header);
    info->color_type = png_get_color_type(png, header);
    info->interlaced = png_get_interlace_type(png, header) != PNG_INTERLACE_NONE;
    info->has_srgb = png_get_valid(png, header, PNG_INFO_sRGB) != 0;
    info->has_iccp = png_get_valid(png, header, PNG_INFO_iCCP) != 0;
    double gamma = 0;
    if (png_get_valid(png, header, PNG_INFO_gAMA) && png_get_gAMA(png, header, &gamma) && gamma > 0) {
        info->has_gamma = 1;
        info->gamma = gamma;
    }
    if (png_get_valid(png, header, PNG_INFO_cHRM)) {
        info->has_chrm = png_get_cHRM(png, header, &info->white_x, &info->white_y, &info->red_x, &info->red_y,
                                      &info->green_x, &info->green_y, &info->blue_x, &info->blue_y) != 0;
    }
    int channels = (info->color_type & PNG_COLOR_MASK_COLOR) ? 3 : 1;
    if (info->color_type & PNG_COLOR_MASK_ALPHA) channels += 1;
    else if (png_get_valid(png, header, PNG_INFO_tRNS)) channels += 1;
    info->channels = channels;
}

int tk_png_read_info(const uint8_t *data, size_t size, tk_png_info *info, char message[TK_PNG_MESSAGE_MAX]) {
    tk_source source = {data, size, 0, message, 0, {0}};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &source, tk_error, tk_warning);
    if (!png) { tk_set_message(message, "out of memory"); return -1; }
    png_infop header = png_create_info_struct(png);
    if (!header) { png_destroy_read_struct(&png, NULL, NULL); tk_set_message(message, "out of memory"); return -1; }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &header, NULL);
        return -1;
    }
    png_set_read_fn(png, &source, tk_read);
    png_read_info(png, header);
    tk_describe(png, header, info);
    png_destroy_read_struct(&png, &header, NULL);
    return 0;
}

int tk_png_read16(const uint8_t *data, size_t size, uint16_t *samples, size_t capacity, tk_png_info *info,
                  char message[TK_PNG_MESSAGE_MAX]) {
    tk_source source = {data, size, 0, message, 0, {0}};
    png_bytep *volatile rows = NULL;
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &source, tk_error, tk_warning);
    if (!png) { tk_set_message(message, "out of memory"); return -1; }
    png_infop header = png_create_info_struct(png);
    if (!header) { png_destroy_read_struct(&png, NULL, NULL); tk_set_message(message, "out of memory"); return -1; }
    if (setjmp(png_jmpbuf(png))) {
        free(rows);
        png_destroy_read_struct(&png, &header, NULL);
        return -1;
    }
    png_set_read_fn(png, &source, tk_read);
    png_read_info(png, header);
    tk_describe(png, header, info);
    if (info->bit_depth != 16 || info->color_type == PNG_COLOR_TYPE_PALETTE) {
        tk_set_message(message, "not a 16-bit gray or RGB PNG");
        png_destroy_read_struct(&png, &header, NULL);
        return -1;
    }
    /* A tRNS colour becomes an alpha channel (0 where the sample equals it, opaque elsewhere). */
    if (png_get_valid(png, header, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
    /* PNG stores big-endian samples; hand out native ones. */
    {
        const uint16_t probe = 1;
        if (*(const uint8_t *)&probe == 1) png_set_swap(png);
    }
    png_set_interlace_handling(png);
    png_read_update_info(png, header);
    if ((int)png_get_channels(png, header) != info->channels) {
        tk_set_message(message, "unexpected channel count");
        png_destroy_read_struct(&png, &header, NULL);
        return -1;
    }
    size_t stride = (size_t)info->width * (size_t)info->channels;
    if (info->height != 0 && stride > capacity / info->height) {
        tk_set_message(message, "output buffer too small for the decoded image");
        png_destroy_read_struct(&png, &header, NULL);
        return -1;
    }
    rows = malloc(sizeof(png_bytep) * (info->height ? info->height : 1));
    if (!rows) {
        tk_set_message(message, "out of memory");
        png_destroy_read_struct(&png, &header, NULL);
        return -1;
    }
    for (uint32_t y = 0; y < info->height; y++) rows[y] = (png_bytep)(samples + (size_t)y * stride);
    png_read_image(png, rows);
    png_read_end(png, NULL);
    free(rows);
    rows = NULL;
    png_destroy_read_struct(&png, &header, NULL);
    tk_report_warnings(&source, info);
    return 0;
}

int tk_png_count_warnings(const uint8_t *data, size_t size, tk_png_info *info, char message[TK_PNG_MESSAGE_MAX]) {
    tk_source source = {data, size, 0, message, 0, {0}};
    png_bytep volatile row = NULL;
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &source, tk_error, tk_warning);
    if (!png) { tk_set_message(message, "out of memory"); return -1; }
    png_infop header = png_create_info_struct(png);
    if (!header) { png_destroy_read_struct(&png, NULL, NULL); tk_set_message(message, "out of memory"); return -1; }
    if (setjmp(png_jmpbuf(png))) {
        free(row);
        png_destroy_read_struct(&png, &header, NULL);
        return -1;
    }
    png_set_read_fn(png, &source, tk_read);
    png_read_info(png, header);
    tk_describe(png, header, info);
    /* One row buffer, read once per pass: every chunk and every byte of image data goes through libpng. */
    int passes = png_set_interlace_handling(png);
    png_read_update_info(png, header);
    row = malloc(png_get_rowbytes(png, header) + 1);
    if (!row) {
        tk_set_message(message, "out of memory");
        png_destroy_read_struct(&png, &header, NULL);
        return -1;
    }
    for (int pass = 0; pass < passes; pass++) {
        for (uint32_t y = 0; y < info->height; y++) png_read_row(png, row, NULL);
    }
    png_read_end(png, header);
    free(row);
    row = NULL;
    png_destroy_read_struct(&png, &header, NULL);
    tk_report_warnings(&source, info);
    return 0;
}
