#ifndef TUNEKIT_TK_ALLOCATOR_H
#define TUNEKIT_TK_ALLOCATOR_H
/* Allocator settings for batch work on large buffers (glibc's mallopt, which Swift's Glibc module does not
   export). A no-op elsewhere. */

/** Keeps blocks up to 64 MiB in the heap instead of fresh mmap'd pages, and freed memory for reuse up to
    256 MiB: a batch that allocates the same large buffers per item reuses them instead of faulting in and
    zeroing new pages each time. */
void tk_keep_large_allocations(void);

#endif
