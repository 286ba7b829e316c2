import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The shared strings of an XLSX workbook as UTF-8 bytes in one arena, and where each ends: a cell that
/// names a shared string is read as a slice of the arena, with no string built.
///
/// Memory is bounded: up to `memoryLimit` bytes of text stay in memory; a larger table moves to an unlinked
/// temporary file mapped into memory, and the reader lets go of the pages it has touched every thousand
/// look-ups (``bytes(at:)``), so the process holds only the pages in use (the operating system's file cache
/// keeps the rest). When no temporary file can be made, the table stays in memory.
///
/// A table that cannot outgrow memory (its part declares at most `memoryLimit` bytes, and text is never longer
/// than its XML) can be read while it is written: ``publishing`` arenas publish their count as they go, and
/// the sheet's reader waits in ``available(through:)`` only for a string not read yet. Text and ends never move
/// once published (the text region is reserved in full up front; ends live in segments that are never
/// reallocated), so a published string's bytes stay valid and unchanged.
final class SharedStringArena: @unchecked Sendable {
    /// Bytes of text kept in memory before the arena moves to a temporary file (an 800k-row table holds 118 MB).
    static let defaultMemoryLimit = 40 << 20

    private let memoryLimit: Int
    /// The text: malloc'd while in memory, or the file's mapping once sealed.
    private var base: UnsafeMutablePointer<UInt8>?
    private var capacity = 0
    private var used = 0
    /// Where each string ends, in segments of ``segmentSize`` that never move once allocated.
    private let endSegments: UnsafeMutablePointer<UnsafeMutablePointer<UInt32>?>
    private static let segmentShift = 16
    private static let segmentSize = 1 << segmentShift
    /// Strings stored (the writer's count).
    private var stored = 0
    /// The temporary file the text is written to beyond the limit, and what waits to be written.
    private var file: Int32 = -1
    private var pending: [UInt8] = []
    private var mapped = false
    /// Look-ups since the mapped pages were last let go of.
    private var lookups = 0
    /// Why the temporary file could not be written or read (the reader then refuses the workbook).
    private(set) var failure: String?

    /// Whether readers may look while strings are appended (see the type's notes).
    let publishing: Bool
    /// Strings a reader may look at; final once ``finishPublishing()`` ran.
    private let published = Atomic<Int>(0)
    private let condition = NSCondition()
    private var finished = false

    /// An arena; `publishing` (for a part that declares at most `memoryLimit` bytes) lets a reader look while it
    /// is filled.
    init(memoryLimit: Int = SharedStringArena.defaultMemoryLimit, publishing: Bool = false) {
        self.memoryLimit = memoryLimit
        self.publishing = publishing
        // 65,536 segments of 65,536 ends: 2^32 strings, as many as 32-bit ends can delimit. Zeroed pages cost
        // nothing until touched.
        endSegments = .allocate(capacity: 1 << 16)
        endSegments.initialize(repeating: nil, count: 1 << 16)
        // Reserved before anything is published, so that readers never see the text region change.
        if publishing { grow(to: 1) }
    }

    deinit {
        if let base { munmap(base, mapped ? used : capacity) }
        if file >= 0 { close(file) }
        for segment in 0..<((stored + Self.segmentSize - 1) >> Self.segmentShift) { endSegments[segment]?.deallocate() }
        endSegments.deallocate()
    }

    @inline(__always)
    private func end(of index: Int) -> Int {
        Int(endSegments[index >> Self.segmentShift].unsafelyUnwrapped[index & (Self.segmentSize - 1)])
    }

    private func storeEnd(_ end: Int) {
        let segment = stored >> Self.segmentShift
        if endSegments[segment] == nil { endSegments[segment] = .allocate(capacity: Self.segmentSize) }
        endSegments[segment]![stored & (Self.segmentSize - 1)] = UInt32(truncatingIfNeeded: end)
        stored += 1
        // Readers are told every 256 strings (and at the end), not for each one.
        if publishing && stored & 255 == 0 { publish() }
    }

    private func publish() {
        published.store(stored, ordering: .releasing)
        condition.lock()
        condition.broadcast()
        condition.unlock()
    }

    /// The writer is done (read to the end, or stopped by an error): every string is published and waiting
    /// readers are woken.
    func finishPublishing() {
        published.store(stored, ordering: .releasing)
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// How many strings a reader may look at, once string `index` is among them or the writer is done
    /// (then the count may be `index` or less: the string does not exist). Waits only for a string not read yet.
    func available(through index: Int) -> Int {
        guard publishing else { return stored }
        var count = published.load(ordering: .acquiring)
        if index < count { return count }
        condition.lock()
        while true {
            count = published.load(ordering: .acquiring)
            if index < count || finished { break }
            condition.wait()
        }
        condition.unlock()
        return count
    }

    /// Grows the in-memory arena. The first growth reserves the whole limit as pages of the arena's own,
    /// which the system commits only as they are written (no copy as it fills), and which go back to the
    /// system as soon as the arena moves to a file rather than staying in the allocator's free lists.
    private func grow(to size: Int) {
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        let wanted = base == nil ? max(size, memoryLimit) : size
        let rounded = (wanted + pageSize - 1) / pageSize * pageSize
        let pages = mmap(nil, rounded, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        precondition(pages != nil && pages != MAP_FAILED, "out of memory for the shared strings")
        let grown = pages!.assumingMemoryBound(to: UInt8.self)
        if let base {
            grown.update(from: base, count: used)
            munmap(base, capacity)
        }
        base = grown
        capacity = rounded
    }

    /// How many strings.
    var count: Int { stored }

    /// Bytes of text held so far.
    var textBytes: Int { used }

    /// What the table holds: its text and 4 bytes per string end (what ``SheetOptions/sharedStringsLimit`` bounds).
    var heldBytes: Int { used + 4 * stored }

    /// Whether the text lives in a mapped temporary file.
    var isInFile: Bool { mapped }

    /// Adds a string (while the shared strings part is read).
    func append(_ string: [UInt8]) {
        precondition(!mapped, "the arena is sealed")
        if file < 0 && used + string.count > memoryLimit && !publishing { moveToFile() }
        if file >= 0 {
            pending.append(contentsOf: string)
            if pending.count >= 1 << 20 { flush() }
        } else {
            if used + string.count > capacity {
                // A publishing arena reserves its whole limit on the first growth and its part cannot inflate
                // past it (the zip stream stops at the declared size): published bytes never move.
                precondition(!publishing || base == nil, "a publishing arena outgrew its part's declared size")
                grow(to: max(used + string.count, capacity * 2, 1 << 16))
            }
            string.withUnsafeBufferPointer { source in
                if let from = source.baseAddress { (base! + used).update(from: from, count: source.count) }
            }
        }
        used += string.count
        storeEnd(used)
    }

    /// Ends the reading of the part: a table in a file is mapped into memory.
    func seal() {
        guard file >= 0, !mapped else { return }
        flush()
        guard failure == nil else {
            close(file)
            file = -1
            return
        }
        if used > 0, let mapping = mmap(nil, used, PROT_READ, MAP_SHARED, file, 0), mapping != MAP_FAILED {
            base = mapping.assumingMemoryBound(to: UInt8.self)
            mapped = true
            // Look-ups jump about: no read-around, so that a look-up maps its own pages and no others.
            madvise(mapping, used, MADV_RANDOM)
        } else {
            // No mapping: read the file back into memory.
            if used > 0 { grow(to: used) }
            var read = 0
            while read < used, let base {
                let result = pread(file, base + read, used - read, off_t(read))
                if result <= 0 { if result < 0 && errno == EINTR { continue }; break }
                read += result
            }
            if read != used { failure = "the shared strings' temporary file cannot be read back" }
        }
        close(file)
        file = -1
    }

    /// The bytes of string `index` (which must be below ``count``), valid while the arena lives.
    @inline(__always)
    func bytes(at index: Int) -> UnsafeBufferPointer<UInt8> {
        let start = index == 0 ? 0 : end(of: index - 1)
        let stop = end(of: index)
        if mapped {
            lookups += 1
            if lookups >= 1024 { relax() }
        }
        return UnsafeBufferPointer(start: base.map { $0 + start }, count: stop - start)
    }

    /// String `index` as text.
    subscript(index: Int) -> String {
        String(decoding: bytes(at: index), as: UTF8.self)
    }

    /// Lets go of the mapped pages touched so far (they are read again from the file cache when needed).
    private func relax() {
        lookups = 0
        if let base { madvise(base, used, MADV_DONTNEED) }
    }

    /// Moves the text so far to an unlinked temporary file; stays in memory when none can be made.
    private func moveToFile() {
        var template = Array((NSTemporaryDirectory() + "tunekit-strings-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { return }
        unlink(template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
        file = descriptor
        if let base {
            writeAll(UnsafeRawBufferPointer(start: base, count: used))
            munmap(base, capacity)
        }
        base = nil
        capacity = 0
    }

    /// Writes what waits to the file.
    private func flush() {
        pending.withUnsafeBytes { writeAll($0) }
        pending.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) {
        var written = 0
        while written < bytes.count, let start = bytes.baseAddress {
            let result = write(file, start + written, bytes.count - written)
            if result < 0 {
                if errno == EINTR { continue }
                if failure == nil { failure = "cannot write the shared strings' temporary file: \(String(cString: strerror(errno)))" }
                return
            }
            written += result
        }
    }
}
