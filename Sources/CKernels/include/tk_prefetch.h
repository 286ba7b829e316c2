#ifndef TUNEKIT_TK_PREFETCH_H
#define TUNEKIT_TK_PREFETCH_H
/* Cache prefetch hint, which Swift has no spelling for: the duplicate table asks for a slot's cache line
   while the record is still being written, so that the probe finds it in cache. */
static inline void tk_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }
#endif
