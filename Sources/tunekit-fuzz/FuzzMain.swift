#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// `tunekit-fuzz`: the parsers' fuzz targets.
///
/// Built with `-sanitize=fuzzer,address -DFUZZING`, it is a libFuzzer binary: the target is named by
/// `TUNEKIT_FUZZ_TARGET` and every argument goes to libFuzzer. Built normally, it replays inputs:
/// `tunekit-fuzz [--repeat N] TARGET FILE|FOLDER…` feeds every file to the target (exit 0 when none traps;
/// `--repeat` runs each N times and prints how much resident memory grew, which shows a leak without a sanitizer), and
/// `tunekit-fuzz --list` (both builds) prints `name max_len dictionary seed-extensions` per target (for `Tests/Fuzz/run.sh`).
@main
struct FuzzMain {
    nonisolated(unsafe) static var selected: FuzzTarget?

    static func main() {
        if CommandLine.arguments.dropFirst().first == "--list" {
            for target in FuzzTargets.all {
                print(target.name, target.maxLength, target.dictionary ?? "-", target.seedExtensions.joined(separator: ","))
            }
            return
        }
        #if FUZZING
        let name = ProcessInfo.processInfo.environment["TUNEKIT_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTargets.named(name) else { usage("TUNEKIT_FUZZ_TARGET=\(name) names no target") }
        selected = target
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput))
        #else
        var arguments = Array(CommandLine.arguments.dropFirst())
        var repeats = 1
        if arguments.first == "--repeat", arguments.count > 1, let count = Int(arguments[1]), count > 0 {
            repeats = count
            arguments.removeFirst(2)
        }
        let environmentName = ProcessInfo.processInfo.environment["TUNEKIT_FUZZ_TARGET"]
        let name = environmentName ?? (arguments.isEmpty ? "" : arguments.removeFirst())
        guard let target = FuzzTargets.named(name) else { usage("no target named '\(name)'") }
        var count = 0
        for path in arguments.flatMap(files) {
            guard let bytes = FileManager.default.contents(atPath: path) else { usage("cannot read \(path)") }
            print("\(target.name): \(path)")
            bytes.withUnsafeBytes { target.run($0) }
            if repeats > 1 {
                // A leak shows as growth: the first half of the runs warms the allocator and caches (resident
                // memory settles after a few hundred), the second half must not keep anything.
                let warmUp = repeats / 2
                for _ in 1..<warmUp { bytes.withUnsafeBytes { target.run($0) } }
                let before = residentBytes()
                for _ in warmUp..<repeats { bytes.withUnsafeBytes { target.run($0) } }
                let grown = residentBytes() - before
                print("\(target.name): memory grew by \(max(grown, 0)) bytes over the last \(repeats - warmUp) runs of \(path)")
            }
            count += 1
        }
        print("\(target.name): \(count) inputs replayed, none trapped")
        #endif
    }

    /// The regular files under `path` (itself when it is one), sorted, hidden files left out.
    static func files(_ path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { usage("no file \(path)") }
        guard isDirectory.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().flatMap { files(path + "/" + $0) }
    }

    /// The process's resident memory (`/proc/self/statm`; freed memory is reused, so a leak makes it grow).
    static func residentBytes() -> Int {
        let fields = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8))?.split(separator: " ") ?? []
        return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
    }

    static func usage(_ problem: String) -> Never {
        let names = FuzzTargets.all.map(\.name).joined(separator: " ")
        let message = "tunekit-fuzz: \(problem)\nusage: tunekit-fuzz TARGET FILE|FOLDER… (or --list); targets: \(names)\n"
        FileHandle.standardError.write(Data(message.utf8))
        exit(2)
    }
}

#if FUZZING
/// libFuzzer's driver, called with the target's entry point (libFuzzer's own `main` is not linked: SwiftPM gives
/// the executable its `main`).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// One input from libFuzzer to the selected target.
@_cdecl("LLVMFuzzerTestOneInput")
func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzMain.selected?.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
#endif
