import ArgumentParser
import Foundation
import GPU
import KernelBenchmarks
import Kernels

struct BenchKernelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernels",
        abstract: "Time every kernel at realistic shapes: GPU time from Vulkan timestamps vs the CPU reference.",
        discussion: """
            Each kernel runs once to warm up, then --iterations times; the median GPU time is reported \
            with GFLOP/s (compute-bound kernels) or GB/s (memory-bound ones), the time of one run of its \
            single-threaded Swift CPU reference, and the ratio.

            Examples:
              vlogger-gpu bench kernels
              vlogger-gpu bench kernels --filter conv --json
              vlogger-gpu bench kernels --dtype fp16 --no-reference
            """
    )

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Option(help: "Run only benchmarks whose 'kernel shape dtype' contains this text.")
    var filter: String?

    @Option(help: "Element types: fp32, fp16 or all (fp16 where the device supports it).")
    var dtype: ElementTypes = .all

    @Option(help: "Timed runs per benchmark (after one warm-up run).")
    var iterations: Int = 5

    @Flag(help: "Skip timing the CPU references (they take seconds for the big shapes).")
    var noReference = false

    @OptionGroup var gpu: GPUOptions

    func validate() throws {
        guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1.") }
    }

    func run() throws {
        try reportingErrors(on: gpu) { device in
            var types: [DataType] = dtype == .fp16 ? [.float16] : [.float32]
            if dtype == .all, device.features.storage16Bit { types.append(.float16) }
            if dtype == .fp16, !device.features.storage16Bit {
                throw GPUError.unsupported(
                    "\(device.info.name) has no 16-bit storage, so fp16 kernels cannot run; use --dtype fp32")
            }
            let selected = StandardBenchmarks.all(dataTypes: types).filter { filter.map($0.name.contains) ?? true }
            guard !selected.isEmpty else {
                printError("no benchmark matches '\(filter ?? "")'.")
                throw ExitCode(ExitStatus.usage)
            }
            let runner = BenchmarkRunner(iterations: iterations, runCPUReference: !noReference)
            if !json { print("device: \(device.info.name) (\(device.info.driverName))\n" + BenchmarkTable.header) }
            var results: [KernelBenchmarkResult] = []
            for benchmark in selected {
                let result = try runner.run(benchmark, on: device)
                results.append(result)
                if !json { print(BenchmarkTable.row(result)) }
            }
            if json {
                let report = BenchmarkReport(device: device.info.name, driver: device.info.driverName, results: results)
                try printJSON(report)
            }
        }
    }
}

struct BenchmarkReport: Encodable {
    let device: String
    let driver: String
    let results: [KernelBenchmarkResult]
}

/// Fixed-width text rendering of benchmark results.
enum BenchmarkTable {
    static let header =
        pad("kernel", 22) + pad("shape", 26) + pad("type", 6) + lpad("GPU ms", 10)
        + lpad("throughput", 16) + lpad("CPU ref ms", 12) + lpad("ratio", 9)

    static func row(_ result: KernelBenchmarkResult) -> String {
        let throughput =
            result.gflops.map { String(format: "%.1f GFLOP/s", $0) }
            ?? result.gigabytesPerSecond.map { String(format: "%.2f GB/s", $0) } ?? "-"
        let cpu = result.cpuReferenceMilliseconds.map { String(format: "%.1f", $0) } ?? "-"
        let ratio = result.speedup.map { String(format: "%.1fx", $0) } ?? "-"
        return pad(result.kernel, 22) + pad(result.shape, 26) + pad(result.dataType, 6)
            + lpad(String(format: "%.3f", result.gpuMilliseconds), 10) + lpad(throughput, 16) + lpad(cpu, 12)
            + lpad(ratio, 9)
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
    private static func lpad(_ text: String, _ width: Int) -> String {
        text.count >= width ? " " + text : String(repeating: " ", count: width - text.count) + text
    }
}

/// The element types `bench kernels --dtype` times.
enum ElementTypes: String, CaseIterable, ExpressibleByArgument {
    case fp32, fp16, all
}
