/// A reusable list of trivial values — plain structs of integers, never references — (field spans, ranges) that empties in O(1) and hands out its
/// elements as a buffer pointer, for per-row bookkeeping on the hot path.
final class ScratchList<Element> {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 16) {
        self.capacity = max(capacity, 4)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    /// The elements, valid until the next mutation.
    var elements: UnsafeBufferPointer<Element> {
        UnsafeBufferPointer(start: base, count: count)
    }

    /// Element access for in-place updates.
    subscript(index: Int) -> Element {
        get { base[index] }
        set { base[index] = newValue }
    }

    func removeAll() {
        count = 0
    }

    /// Keeps the first `n` elements.
    func truncate(to n: Int) {
        count = min(count, n)
    }

    @inline(__always)
    func append(_ element: Element) {
        if count == capacity {
            let newBase = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
            newBase.update(from: base, count: count)
            base.deallocate()
            base = newBase
            capacity *= 2
        }
        base[count] = element
        count += 1
    }
}
