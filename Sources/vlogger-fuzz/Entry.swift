import Foundation

/// The tool's entry point. A normal build replays inputs: `vlogger-fuzz TARGET FILE...` runs each file through
/// the parser and prints what came of it, so a saved crash or the seed corpus can be checked without the fuzzer.
/// `make fuzz` builds it with AddressSanitizer and coverage (-DFUZZING) and links libFuzzer's driver, which this
/// entry point then hands the command line to (`LLVMFuzzerRunDriver`); the target comes from VLOGGER_FUZZ_TARGET.
@main
struct FuzzEntry {
    static func main() {
        #if FUZZING
            runFuzzer()
        #else
            replay(Array(CommandLine.arguments.dropFirst()))
        #endif
    }

    static func replay(_ arguments: [String]) {
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name), arguments.count > 1 else {
            print("usage: vlogger-fuzz \(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")) FILE...")
            print("Runs each file through the parser; `make fuzz` builds this tool with libFuzzer instead.")
            exit(64)
        }
        let scratch = FuzzTarget.scratchPath(for: target)
        var unreadable = 0
        for path in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                print("\(path): cannot be read")
                unreadable += 1
                continue
            }
            print("\(path): ", terminator: "")
            print(data.withUnsafeBytes { target.run($0, scratch: scratch) })
        }
        unlink(scratch)
        if unreadable > 0 { exit(66) }
    }
}

#if FUZZING
    /// libFuzzer's driver (from libclang_rt.fuzzer_no_main): parses libFuzzer's flags and calls `callback` per input.
    @_silgen_name("LLVMFuzzerRunDriver")
    private func runLibFuzzerDriver(
        _ argc: UnsafeMutablePointer<Int32>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int32

    nonisolated(unsafe) private var fuzzTarget = FuzzTarget.tflite
    nonisolated(unsafe) private var fuzzScratch = ""

    private func runFuzzer() -> Never {
        let name = ProcessInfo.processInfo.environment["VLOGGER_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(
                Data("VLOGGER_FUZZ_TARGET must be one of \(FuzzTarget.allCases.map(\.rawValue))\n".utf8))
            exit(64)
        }
        fuzzTarget = target
        fuzzScratch = FuzzTarget.scratchPath(for: target)
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        let status = runLibFuzzerDriver(&argc, &argv) { data, count in
            fuzzTarget.run(UnsafeRawBufferPointer(start: data, count: count), scratch: fuzzScratch)
            return 0
        }
        unlink(fuzzScratch)
        exit(status)
    }
#endif
