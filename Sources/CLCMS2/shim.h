#ifndef TUNEKIT_CLCMS2_SHIM_H
#define TUNEKIT_CLCMS2_SHIM_H
#include <lcms2.h>
/* Swift cannot import macros built from other macros: re-export the pixel formats the image code needs. */
static const cmsUInt32Number tk_cms_type_rgb_8 = TYPE_RGB_8;
static const cmsUInt32Number tk_cms_type_rgb_16 = TYPE_RGB_16;
static const cmsUInt32Number tk_cms_type_gray_16 = TYPE_GRAY_16;
/* Gray read from the first byte of each RGB pixel (gray pictures are expanded to R = G = B before profiles apply). */
static const cmsUInt32Number tk_cms_type_gray_in_rgb_8 = COLORSPACE_SH(PT_GRAY) | CHANNELS_SH(1) | BYTES_SH(1) | EXTRA_SH(2);
#endif
