import CAllocator

/// glibc hands every allocation over 128 KiB straight to `mmap` and returns it on free, so each picture's
/// decode and resize buffers (about 10 MB) arrive as fresh pages the kernel must fault in and zero: 870 page
/// faults per photo, 5% of the image batch's time. Keeping such blocks in the heap lets the next picture
/// reuse them. The peak is unchanged; only memory already used is kept for reuse. Only the picture work asks
/// for it: the text paths, which allocate little, measured a few percent slower with it.
enum AllocatorTuning {
    static func apply() {
        tk_keep_large_allocations()
    }
}
