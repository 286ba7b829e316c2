/* The module's functions are static inline in its headers; this file gives SwiftPM a source to build. */
#include "tk_prefetch.h"
#include "tk_utf8_count.h"
#include "tk_text_scan.h"
