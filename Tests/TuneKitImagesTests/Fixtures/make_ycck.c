/*
 * make_ycck.c - writes ycck-adobe.jpg for the TuneKitImages test fixtures.
 *
 * Built and run by make_fixtures.py:
 *   gcc -O2 -o /tmp/make_ycck make_ycck.c -ljpeg && /tmp/make_ycck ycck-adobe.jpg
 *
 * Content: 48x32 CMYK quadrants (TL cyan, TR magenta, BL yellow, BR half
 * black K=128), stored as an Adobe-style YCCK JPEG: the CMYK samples are
 * INVERTED before compression (255-c, 255-m, 255-y, 255-k) as Photoshop does,
 * the colour space is JCS_YCCK and an Adobe APP14 marker (transform 2) is
 * written. Quality 95, all components sampled 1x1 (4:4:4) to match the
 * Pillow-made fixtures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <jpeglib.h>

#define W 48
#define H 32

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s out.jpg\n", argv[0]);
        return 2;
    }
    FILE *out = fopen(argv[1], "wb");
    if (!out) {
        perror(argv[1]);
        return 1;
    }

    /* Nominal (non-inverted) CMYK for each quadrant. */
    static const unsigned char quad[4][4] = {
        {255, 0, 0, 0},   /* top-left: cyan */
        {0, 255, 0, 0},   /* top-right: magenta */
        {0, 0, 255, 0},   /* bottom-left: yellow */
        {0, 0, 0, 128},   /* bottom-right: half black */
    };

    struct jpeg_compress_struct cinfo;
    struct jpeg_error_mgr jerr;
    cinfo.err = jpeg_std_error(&jerr);
    jpeg_create_compress(&cinfo);
    jpeg_stdio_dest(&cinfo, out);

    cinfo.image_width = W;
    cinfo.image_height = H;
    cinfo.input_components = 4;
    cinfo.in_color_space = JCS_CMYK;
    jpeg_set_defaults(&cinfo);
    jpeg_set_colorspace(&cinfo, JCS_YCCK);
    cinfo.write_Adobe_marker = TRUE; /* jpeg_set_colorspace already sets it for YCCK */
    cinfo.write_JFIF_header = FALSE;
    jpeg_set_quality(&cinfo, 95, TRUE);
    for (int c = 0; c < cinfo.num_components; c++) {
        cinfo.comp_info[c].h_samp_factor = 1;
        cinfo.comp_info[c].v_samp_factor = 1;
    }

    jpeg_start_compress(&cinfo, TRUE);
    unsigned char row[W * 4];
    while (cinfo.next_scanline < cinfo.image_height) {
        int y = (int)cinfo.next_scanline;
        for (int x = 0; x < W; x++) {
            int q = (y >= H / 2) * 2 + (x >= W / 2);
            for (int c = 0; c < 4; c++)
                row[x * 4 + c] = (unsigned char)(255 - quad[q][c]); /* Adobe inverted */
        }
        JSAMPROW rp = row;
        jpeg_write_scanlines(&cinfo, &rp, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    fclose(out);
    return 0;
}
