import ArgumentParser
import Foundation
import NN
import Pipeline
import StageBenchmarks

struct BenchModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "Time each shipped perception model: GPU time from Vulkan timestamps and wall time per inference.",
        discussion: """
            Each model runs once to warm up, then --iterations profiled runs (median GPU time, the sum of its \
            dispatches) and --iterations unprofiled runs (median wall time, input upload and readback included). \
            The same models' times in the reference TFLite interpreter come from Tests/Fixtures/bench_litert.py.

            Examples:
              vlogger-gpu bench models
              vlogger-gpu bench models --json
            """
    )

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Option(help: "Timed runs per model.")
    var iterations: Int = 5

    @OptionGroup var gpu: GPUOptions

    func validate() throws {
        guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1.") }
    }

    func run() throws {
        try reportingErrors(on: gpu) { device in
            var results: [ModelBenchmarkResult] = []
            if !json {
                print("device: \(device.info.name)")
                print("model                         dispatches    GPU ms   wall ms  activations    weights")
            }
            for model in ModelBenchmark.models {
                let result = try ModelBenchmark.run(model, device: device, iterations: iterations)
                results.append(result)
                if !json {
                    let name = model.padding(toLength: 28, withPad: " ", startingAt: 0)
                    print(
                        name
                            + String(
                                format: "%12d%10.2f%10.2f%10.1f MB%8.1f MB", result.dispatches,
                                result.gpuMilliseconds, result.wallMilliseconds, Double(result.activationBytes) / 1e6,
                                Double(result.weightBytes) / 1e6))
                }
            }
            if json {
                try printJSON(results)
            }
        }
    }
}
