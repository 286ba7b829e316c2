#ifndef TUNEKIT_CLIBPNG_SHIM_H
#define TUNEKIT_CLIBPNG_SHIM_H
#include <png.h>
/* Swift cannot import macros built from other macros: re-export the ones the image code needs. */
static const png_uint_32 tk_png_format_gray = PNG_FORMAT_GRAY;
static const png_uint_32 tk_png_format_ga = PNG_FORMAT_GA;
static const png_uint_32 tk_png_format_rgb = PNG_FORMAT_RGB;
static const png_uint_32 tk_png_format_rgba = PNG_FORMAT_RGBA;
static const png_uint_32 tk_png_image_version = PNG_IMAGE_VERSION;
static inline size_t tk_png_image_size(const png_image *image) { return PNG_IMAGE_SIZE(*image); }
static inline int tk_png_image_failed(const png_image *image) { return PNG_IMAGE_FAILED(*image); }
#endif
