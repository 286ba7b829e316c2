#include "tk_jpeg.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

typedef struct tk_error_manager {
    struct jpeg_error_mgr base;
    jmp_buf jump;
    char *message;
    int accept_truncated;  /* decode a picture whose data ends early (libjpeg fills the rest with gray) */
    int truncated;         /* the data ended early: an error unless accepted */
    int damaged;           /* corrupt entropy data: pixels were guessed; an error unless accepted */
    int warnings;          /* every warning libjpeg emitted (trace messages are not warnings) */
    char warning[TK_JPEG_MESSAGE_MAX]; /* the first warning's text */
} tk_error_manager;

static void tk_error_exit(j_common_ptr cinfo) {
    tk_error_manager *err = (tk_error_manager *)cinfo->err;
    if (err->message) {
        char buffer[JMSG_LENGTH_MAX];
        (*cinfo->err->format_message)(cinfo, buffer);
        snprintf(err->message, TK_JPEG_MESSAGE_MAX, "%s", buffer);
    }
    longjmp(err->jump, 1);
}

/* Corrupt-data warnings are not fatal in libjpeg; keep decoding but never print. */
static void tk_output_message(j_common_ptr cinfo) { (void)cinfo; }

/* Whether a warning means libjpeg guessed pixels: corrupt entropy-coded data ("Corrupt JPEG data: …", a bad
   Huffman or arithmetic code, a restart marker out of sequence, stray bytes inside or after a scan) or an
   inconsistent progressive sequence. Stray bytes before the first scan (between header markers, seen in files
   from real tools) and a bad ICC marker leave every pixel as coded: they are counted, not refused. */
static int tk_guesses_pixels(j_common_ptr cinfo, const char *text) {
    int code = cinfo->err->msg_code;
    if (code == JWRN_MUST_RESYNC || code == JWRN_HUFF_BAD_CODE || code == JWRN_BOGUS_PROGRESSION ||
        code == JWRN_NOT_SEQUENTIAL) return 1;
    if (code == JWRN_BOGUS_ICC) return 0;
    if (code == JWRN_EXTRANEOUS_DATA)
        return cinfo->is_decompressor && ((j_decompress_ptr)cinfo)->input_scan_number > 0;
    return strncmp(text, "Corrupt JPEG data", 17) == 0;
}

/* libjpeg only warns about damage it recovers from, and by default prints the first warning to stderr. Every
   warning is counted here (the first one's text kept) and nothing is printed. Data that ends before the picture
   does — the file itself ending (JWRN_JPEG_EOF), or the scan running into a marker, typically an EOI written after
   a cut (JWRN_HIT_MARKER: "premature end of data segment") — is `truncated`, other damage that makes libjpeg
   guess pixels is `damaged` (tk_guesses_pixels); both are errors unless the caller accepts them. Level >= 0
   messages are traces, not warnings. */
static void tk_emit_message(j_common_ptr cinfo, int level) {
    tk_error_manager *err = (tk_error_manager *)cinfo->err;
    if (level >= 0) return;
    char text[JMSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, text);
    err->warnings += 1;
    if (err->warnings == 1) snprintf(err->warning, TK_JPEG_MESSAGE_MAX, "%s", text);
    if (cinfo->err->msg_code == JWRN_JPEG_EOF || cinfo->err->msg_code == JWRN_HIT_MARKER) {
        err->truncated = 1;
        if (!err->accept_truncated) cinfo->err->error_exit(cinfo);
    } else if (tk_guesses_pixels(cinfo, text)) {
        err->damaged = 1;
        if (!err->accept_truncated) cinfo->err->error_exit(cinfo);
    }
}

static void tk_report_warnings(const tk_error_manager *err, tk_codec_warnings *warnings) {
    warnings->count = err->warnings;
    snprintf(warnings->first, TK_JPEG_MESSAGE_MAX, "%s", err->warning);
}

static void tk_set_message(char *message, const char *text) {
    if (message) snprintf(message, TK_JPEG_MESSAGE_MAX, "%s", text);
}

/* The error manager every call installs: errors jump back to the caller's setjmp with `message` filled. */
static struct jpeg_error_mgr *tk_errors(tk_error_manager *err, char *message) {
    jpeg_std_error(&err->base);
    err->base.error_exit = tk_error_exit;
    err->base.output_message = tk_output_message;
    err->base.emit_message = tk_emit_message;
    err->message = message;
    err->accept_truncated = 0;
    err->truncated = 0;
    err->damaged = 0;
    err->warnings = 0;
    err->warning[0] = 0;
    return &err->base;
}

/* Sets up a decompressor at the requested DCT scale and output colour space; shared by the header query and
   the decode so both agree on the output dimensions. Returns 1 for CMYK/YCCK output that still needs converting. */
static int tk_prepare_decode(struct jpeg_decompress_struct *cinfo, unsigned scale_num) {
    int cmyk = cinfo->jpeg_color_space == JCS_CMYK || cinfo->jpeg_color_space == JCS_YCCK;
    cinfo->out_color_space = cmyk ? JCS_CMYK : JCS_RGB;
    if (scale_num >= 1 && scale_num <= 16) {
        cinfo->scale_num = scale_num;
        cinfo->scale_denom = 8;
    }
    jpeg_calc_output_dimensions(cinfo);
    return cmyk;
}

int tk_jpeg_read_header(const uint8_t *data, size_t size, unsigned scale_num, tk_jpeg_header *header,
                        char message[TK_JPEG_MESSAGE_MAX]) {
    struct jpeg_decompress_struct cinfo;
    tk_error_manager err;
    memset(&cinfo, 0, sizeof cinfo);
    cinfo.err = tk_errors(&err, message);
    if (setjmp(err.jump)) {
        jpeg_destroy_decompress(&cinfo);
        return -1;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, (unsigned long)size);
    jpeg_read_header(&cinfo, TRUE);
    header->width = cinfo.image_width;
    header->height = cinfo.image_height;
    header->components = cinfo.num_components;
    header->color_space = (int)cinfo.jpeg_color_space;
    header->progressive = cinfo.progressive_mode ? 1 : 0;
    header->adobe_transform = cinfo.saw_Adobe_marker ? (int)cinfo.Adobe_transform : -1;
    tk_prepare_decode(&cinfo, scale_num);
    header->output_width = cinfo.output_width;
    header->output_height = cinfo.output_height;
    jpeg_destroy_decompress(&cinfo);
    return 0;
}

int tk_jpeg_decode_into(const uint8_t *data, size_t size, unsigned scale_num, uint8_t *rgb, size_t capacity,
                        uint32_t *width, uint32_t *height, int accept_truncated, int *truncated,
                        tk_codec_warnings *warnings, char message[TK_JPEG_MESSAGE_MAX]) {
    struct jpeg_decompress_struct cinfo;
    tk_error_manager err;
    JSAMPLE *volatile row = NULL;
    memset(&cinfo, 0, sizeof cinfo);
    cinfo.err = tk_errors(&err, message);
    err.accept_truncated = accept_truncated;
    *truncated = 0;
    warnings->count = 0;
    warnings->first[0] = 0;
    if (setjmp(err.jump)) {
        free(row);
        jpeg_destroy_decompress(&cinfo);
        tk_report_warnings(&err, warnings);
        if (err.truncated) {
            *truncated = 1;
            return -2;
        }
        return err.damaged ? -3 : -1;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, (unsigned long)size);
    jpeg_read_header(&cinfo, TRUE);
    int cmyk = tk_prepare_decode(&cinfo, scale_num);
    uint32_t w = cinfo.output_width, h = cinfo.output_height;
    size_t stride = (size_t)w * 3;
    if (stride * h > capacity) {
        tk_set_message(message, "output buffer too small for the decoded image");
        jpeg_destroy_decompress(&cinfo);
        return -1;
    }
    jpeg_start_decompress(&cinfo);
    if (cmyk) {
        row = malloc((size_t)w * 4);
        if (!row) {
            tk_set_message(message, "out of memory");
            jpeg_destroy_decompress(&cinfo);
            return -1;
        }
        /* Adobe writes CMYK inverted (255 = no ink); a plain CMYK file without the marker is not. libjpeg has
           already turned YCCK into CMYK of the same convention. */
        int inverted = cinfo.saw_Adobe_marker;
        while (cinfo.output_scanline < h) {
            uint8_t *dst = rgb + (size_t)cinfo.output_scanline * stride;
            JSAMPROW rows[1] = {row};
            jpeg_read_scanlines(&cinfo, rows, 1);
            for (uint32_t x = 0; x < w; x++) {
                unsigned c = row[4 * x], m = row[4 * x + 1], y = row[4 * x + 2], k = row[4 * x + 3];
                if (!inverted) { c = 255 - c; m = 255 - m; y = 255 - y; k = 255 - k; }
                dst[3 * x] = (uint8_t)((c * k + 127) / 255);
                dst[3 * x + 1] = (uint8_t)((m * k + 127) / 255);
                dst[3 * x + 2] = (uint8_t)((y * k + 127) / 255);
            }
        }
        free(row);
        row = NULL;
    } else {
        JSAMPROW rows[16];
        while (cinfo.output_scanline < h) {
            unsigned n = h - cinfo.output_scanline;
            if (n > 16) n = 16;
            for (unsigned i = 0; i < n; i++) rows[i] = rgb + (size_t)(cinfo.output_scanline + i) * stride;
            jpeg_read_scanlines(&cinfo, rows, n);
        }
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    *width = w;
    *height = h;
    *truncated = err.truncated || err.damaged;
    tk_report_warnings(&err, warnings);
    return 0;
}

int tk_jpeg_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int components, int quality,
                   int subsample, int optimize, uint8_t **out, size_t *out_size, char message[TK_JPEG_MESSAGE_MAX]) {
    struct jpeg_compress_struct cinfo;
    tk_error_manager err;
    unsigned char *buffer = NULL;
    unsigned long buffer_size = 0;
    memset(&cinfo, 0, sizeof cinfo);
    cinfo.err = tk_errors(&err, message);
    *out = NULL;
    *out_size = 0;
    if (components != 1 && components != 3) {
        tk_set_message(message, "components must be 1 or 3");
        return -1;
    }
    if (setjmp(err.jump)) {
        jpeg_destroy_compress(&cinfo);
        free(buffer);
        return -1;
    }
    jpeg_create_compress(&cinfo);
    jpeg_mem_dest(&cinfo, &buffer, &buffer_size);
    cinfo.image_width = width;
    cinfo.image_height = height;
    cinfo.input_components = components;
    cinfo.in_color_space = components == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality, TRUE);
    cinfo.optimize_coding = optimize ? TRUE : FALSE;
    if (components == 3 && !subsample) {
        /* 4:4:4: full-resolution chroma (jpeg_set_defaults chose 2x2 for luma, i.e. 4:2:0). */
        cinfo.comp_info[0].h_samp_factor = 1;
        cinfo.comp_info[0].v_samp_factor = 1;
    }
    jpeg_start_compress(&cinfo, TRUE);
    size_t stride = (size_t)width * (size_t)components;
    while (cinfo.next_scanline < height) {
        JSAMPROW rows[1] = {(JSAMPROW)(pixels + (size_t)cinfo.next_scanline * stride)};
        jpeg_write_scanlines(&cinfo, rows, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    *out = buffer;
    *out_size = buffer_size;
    return 0;
}

void tk_jpeg_free(void *buffer) { free(buffer); }
