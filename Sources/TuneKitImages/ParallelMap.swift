import Foundation

/// Runs independent work items on several threads and returns the results in input order, so that parallel
/// image preparation stays deterministic. Items are handed out one at a time (pictures differ in cost).
public enum ParallelMap {
    /// Worker threads to use by default: the machine's active cores.
    public static var defaultJobs: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// `body(0) … body(count - 1)` on up to `jobs` threads.
    public static func map<T>(_ count: Int, jobs: Int = defaultJobs, _ body: (Int) -> T) -> [T] {
        guard count > 0 else { return [] }
        let workers = max(1, min(jobs, count))
        if workers == 1 { return (0..<count).map(body) }
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        let counter = Counter()
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedBox((body, results))
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                let (body, results) = shared.value
                while true {
                    let index = counter.next()
                    guard index < count else { return }
                    results[index] = body(index)
                }
            }
        }
        let output = results.map { $0! }
        _ = results.deinitialize()
        return output
    }

    /// Hands out 0, 1, 2 … to whichever thread asks.
    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0

        func next() -> Int {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value - 1
        }
    }

    /// Carries the closure and the result slots into the worker threads. Each slot is written by exactly one
    /// thread, and the caller reads them only after every thread has finished.
    private struct UncheckedBox<Value>: @unchecked Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }
}
