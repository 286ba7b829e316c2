import Foundation

/// Reads an XLSX shared-strings part into a ``SharedStringArena``: at once (``read()``), or on a thread of its
/// own (``start()``, then ``wait()``) while the caller reads the other parts. Either way the caller gets the
/// same strings or the same error. A part small enough to stay in memory is read into a publishing arena
/// (``strings``), whose strings the sheet's rows may use while the rest is still being read.
final class SharedStringsReading: @unchecked Sendable {
    private let source: ChunkSource
    /// The arena being filled; with ``SharedStringArena/publishing``, readable before ``wait()`` returns.
    let strings: SharedStringArena
    private let archivePath: String
    private let part: String
    private let limit: Int
    private let stringLimit: Int
    private let condition = NSCondition()
    private var outcome: Result<SharedStringArena, ImportError>?

    /// A reading of `source`; `declaredSize` is the part's inflated size as the archive declares it (the zip
    /// stream never gives more), which decides whether the arena can publish as it goes.
    /// `limit` bounds what the table holds (``SheetOptions/sharedStringsLimit``): past it the workbook is refused.
    init(source: ChunkSource, memoryLimit: Int, declaredSize: Int?, archivePath: String, part: String = "xl/sharedStrings.xml",
         limit: Int = SheetOptions.defaultSharedStringsLimit, stringLimit: Int = InputLimits.defaultMaxLineBytes) {
        self.source = source
        self.stringLimit = stringLimit
        self.part = part
        self.limit = limit
        strings = SharedStringArena(memoryLimit: memoryLimit, publishing: declaredSize.map { $0 <= memoryLimit } ?? false)
        self.archivePath = archivePath
    }

    /// Reads the part on the calling thread.
    func read() throws(ImportError) -> SharedStringArena {
        defer { strings.finishPublishing() }
        let handler = SharedStringsPart(strings: strings, limit: limit, stringLimit: stringLimit)
        try WorkbookReader.run(source: source, handler: handler, until: { handler.stopped })
        if let index = handler.overLongString {
            throw InputLimits.overLong("cell", limit: stringLimit,
                                       at: SourceLocation(file: archivePath + " (\(part), shared string \(index))"))
        }
        if handler.overLimit {
            throw ImportError(.unreadable, "the shared strings (\(part)) hold more than \(ZipArchive.describe(limit)) of text "
                              + "(\(strings.count) strings, \(strings.textBytes) bytes kept; the part declares \(source.sizeLimit.map(String.init) ?? "?") bytes inflated), "
                              + "over the table's limit (--shared-strings-limit raises it)",
                              at: SourceLocation(file: archivePath))
        }
        strings.seal()
        if let failure = strings.failure {
            throw ImportError(.unreadable, failure, at: SourceLocation(file: archivePath))
        }
        return strings
    }

    /// Starts reading the part on a thread of its own.
    func start() {
        let thread = Thread { [self] in
            let result: Result<SharedStringArena, ImportError>
            do throws(ImportError) {
                result = .success(try read())
            } catch {
                result = .failure(error)
            }
            condition.lock()
            outcome = result
            condition.broadcast()
            condition.unlock()
        }
        thread.stackSize = 1 << 22
        thread.start()
    }

    /// Waits for the thread ``start()`` started, and gives what it read or throws what stopped it.
    func wait() throws(ImportError) -> SharedStringArena {
        condition.lock()
        while outcome == nil { condition.wait() }
        let result = outcome!
        condition.unlock()
        return try result.get()
    }
}
