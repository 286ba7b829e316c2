/// A growing array of `UInt32` in pages of 16,384 values, so that it grows by one page (64 KB), never by
/// doubling: its bytes stay within one page of 4 per value.
struct PagedUInt32: Sendable {
    private static let pageSize = 16_384
    private var pages: [[UInt32]] = []
    private(set) var count = 0

    /// Bytes held (allocated capacity of the pages and of the page list).
    var bytes: Int { pages.reduce(pages.capacity * MemoryLayout<[UInt32]>.stride) { $0 + $1.capacity * 4 } }

    mutating func append(_ value: UInt32) {
        if count % Self.pageSize == 0 {
            var page: [UInt32] = []
            page.reserveCapacity(Self.pageSize)
            pages.append(page)
        }
        pages[pages.count - 1].append(value)
        count += 1
    }

    subscript(index: Int) -> UInt32 {
        pages[index / Self.pageSize][index % Self.pageSize]
    }
}
