#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The files one conversion writes into its output folder, and nothing else there.
///
/// Every file is written under a temporary name and moved into place only when the run succeeds
/// (``OutputFile``). A run owns the output names of its folder: on success, files an earlier run left under
/// those names (`train*.jsonl`, `validation*.jsonl`, `rejects.jsonl`, `duplicates.jsonl`, `report.json`,
/// `report.html`) and that this run did not write are removed, so the folder never mixes two runs; a failed run
/// leaves the earlier outputs as they were. The set replaces the previous one in one step where the folder is
/// TuneKit's own (``OutputCommit``), so even a SIGKILL leaves one whole set. With `-` the training lines go to
/// standard output and no folder is touched.
final class OutputSet {
    /// Where training lines go while the input is read.
    enum TrainingLines {
        /// Standard output (`-o -`).
        case standardOutput(OutputFile)
        /// `train.jsonl`, or parts under the upload limit.
        case parts(PartedOutput)
        /// A temporary file, routed to train and validation once the split is known.
        case spool(OutputFile, path: String)
    }

    /// The folder, or nil when writing to standard output.
    let directory: String?
    private(set) var training: TrainingLines
    /// `rejects.jsonl` and `duplicates.jsonl` (nil on standard output).
    let rejects: OutputFile?
    let duplicates: OutputFile?
    private let cap: Int
    private let countsImages: Bool
    /// Outputs made after the start (the split's train and validation), dropped with the rest on failure.
    private var laterParts: [PartedOutput] = []
    /// Names this run put into the folder.
    private var written: Set<String> = []
    /// Temporary files of earlier runs, killed before they could remove them, that this run removed.
    private(set) var removedDebris: [String] = []
    /// How the set is committed, once ``beginCommit()`` decided it.
    private(set) var commitPlan: OutputCommit?

    /// Names an earlier run may have left that belong to this kind of run.
    static func isOutputName(_ name: String) -> Bool {
        name == "rejects.jsonl" || name == "duplicates.jsonl"
            || name.range(of: #"^(train|validation)(-[0-9]{3})?\.jsonl$"#, options: .regularExpression) != nil
            || name.range(of: #"^report\.[a-z]+$"#, options: .regularExpression) != nil
    }

    /// Opens the outputs in `directory` (created when missing), or standard output for `-`. `spooling` keeps
    /// training lines aside for a validation split; `cap` is the largest file the platform takes.
    init(directory: String, spooling: Bool, cap: Int, countsImages: Bool) throws(OutputError) {
        self.cap = cap
        self.countsImages = countsImages
        if directory == "-" {
            self.directory = nil
            training = .standardOutput(try OutputFile(path: "-"))
            rejects = nil
            duplicates = nil
            return
        }
        self.directory = directory
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw OutputError(path: directory, message: "cannot create the output directory: \(error.localizedDescription)")
        }
        removedDebris = TemporaryFiles.removeDebris(in: directory)
            + OutputCommit.removeDebris(beside: directory).map { "../\($0)/" }
        if spooling {
            let spool = FilePath.join(directory, ".tunekit-spool-\(getpid()).jsonl")
            training = .spool(try OutputFile(path: spool), path: spool)
            TemporaryFiles.add(spool)
        } else {
            training = .parts(try PartedOutput(directory: directory, stem: "train", cap: cap, countsImages: countsImages))
        }
        rejects = try OutputFile(path: FilePath.join(directory, "rejects.jsonl"))
        duplicates = try OutputFile(path: FilePath.join(directory, "duplicates.jsonl"))
    }

    /// Appends a block of whole training lines.
    func writeTraining(_ block: [UInt8], lineCount: Int) throws(OutputError) {
        switch training {
        case .standardOutput(let file), .spool(let file, _): try file.write(block)
        case .parts(let parts): try parts.write(block, lineCount: lineCount)
        }
    }

    /// A parted output of the folder (the split's train or validation), dropped with the rest on failure.
    func parts(_ stem: String) throws(OutputError) -> PartedOutput {
        guard let directory else { throw OutputError(path: "-", message: "no output folder for \(stem)") }
        let parts = try PartedOutput(directory: directory, stem: stem, cap: cap, countsImages: countsImages)
        laterParts.append(parts)
        return parts
    }

    /// Decides how the set is committed (``OutputCommit``): call once every output is written, before the
    /// first commit. `extraFile` is a further output of the run (`--clusters`), part of the set when it is in the
    /// folder. Returns why the set is moved in place over a previous one, when it is.
    @discardableResult
    func beginCommit(extraFile: String? = nil) -> String? {
        guard let directory, commitPlan == nil else { return nil }
        var extraName: String?
        if let extraFile {
            let url = URL(fileURLWithPath: extraFile)
            if OutputCommit.realPath(url.deletingLastPathComponent().path) == OutputCommit.realPath(directory) {
                extraName = url.lastPathComponent
            }
        }
        commitPlan = OutputCommit(directory: directory) { Self.isOutputName($0) || $0 == extraName }
        return commitPlan?.inPlaceReason
    }

    /// Moves a parted output into place; returns its summaries for the report.
    func commit(_ parts: PartedOutput) throws(OutputError) -> [ConversionReport.OutputSummary] {
        let summaries = try parts.commit(commitPlan)
        for summary in summaries { written.insert(summary.name) }
        return summaries
    }

    /// Moves the training lines into place (or closes the spool); returns the summaries of what was committed.
    func commitTraining() throws(OutputError) -> [ConversionReport.OutputSummary] {
        switch training {
        case .standardOutput(let file), .spool(let file, _):
            try file.commit()
            return []
        case .parts(let parts):
            return try commit(parts)
        }
    }

    /// The spool's path, when training lines are being kept for a split.
    var spoolPath: String? {
        if case .spool(_, let path) = training { return path }
        return nil
    }

    /// Moves a side file (rejects, duplicates) into place.
    func commit(_ file: OutputFile, role: String, lines: Int) throws(OutputError) -> ConversionReport.OutputSummary {
        try file.commit(as: commitPlan?.destination(of: file.path))
        let summary = ConversionReport.OutputSummary(role: role, path: file.path, lines: lines, bytes: file.bytesWritten)
        written.insert(summary.name)
        return summary
    }

    /// Writes `report.json` and `report.html` (the page rendered from that JSON, with thumbnails of the first
    /// training pictures), then removes what an earlier run left under this run's output names.
    func finish(report: String) throws(OutputError) {
        if let spoolPath {
            unlink(spoolPath)
            TemporaryFiles.remove(spoolPath)
        }
        guard let directory else { return }
        try writeSide("report.json", report, in: directory)
        let training = written.filter { $0 == "train.jsonl" || $0 == "train-001.jsonl" }.min()
        // The training file is read where it was committed (the sibling, when the set is exchanged whole).
        let page = ReportPage.forRun(reportJSON: report, trainingFile: training.map {
            let path = FilePath.join(directory, $0)
            return (commitPlan?.destination(of: path) ?? path, $0)
        })
        try writeSide("report.html", page, in: directory)
        // Exchanged whole, the previous set is gone at once; moved in place, its leftovers are removed now.
        if try commitPlan?.exchange() != true { removeStale(in: directory) }
    }

    private func writeSide(_ name: String, _ text: String, in directory: String) throws(OutputError) {
        let path = FilePath.join(directory, name)
        let file = try OutputFile(path: path)
        try file.write(Array(text.utf8))
        try file.commit(as: commitPlan?.destination(of: path))
        written.insert(name)
    }

    private func removeStale(in directory: String) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for entry in entries.sorted() where !written.contains(entry) && Self.isOutputName(entry) {
            CommitFault.step("remove \(entry)")
            unlink(FilePath.join(directory, entry))
        }
    }

    /// Drops everything this run wrote; earlier outputs stay as they were.
    func discard() {
        switch training {
        case .standardOutput(let file): file.discard()
        case .spool(let file, let path):
            file.discard()
            unlink(path)
            TemporaryFiles.remove(path)
        case .parts(let parts): parts.discard()
        }
        for parts in laterParts { parts.discard() }
        rejects?.discard()
        duplicates?.discard()
        commitPlan?.abandon()
    }
}
