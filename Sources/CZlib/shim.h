#ifndef TUNEKIT_CZLIB_SHIM_H
#define TUNEKIT_CZLIB_SHIM_H
#include <zlib.h>
/* inflateInit2 is a macro: Swift sees this function instead. */
static inline int tk_inflate_init_raw(z_stream *stream) { return inflateInit2(stream, -MAX_WBITS); }
#endif
