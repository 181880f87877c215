import Foundation
import GPU
import Kernels

/// What `bench kernels` reports for one benchmark.
public struct KernelBenchmarkResult: Sendable, Encodable {
    public let kernel: String
    public let shape: String
    public let dataType: String
    /// Median GPU time of one run, from Vulkan timestamps (sum over the run's dispatches).
    public let gpuMilliseconds: Double
    public let gflops: Double?
    public let gigabytesPerSecond: Double?
    /// Wall time of one run of the Swift CPU reference (single thread), nil when skipped.
    public let cpuReferenceMilliseconds: Double?
    /// CPU reference time / GPU time.
    public var speedup: Double? { cpuReferenceMilliseconds.map { $0 / gpuMilliseconds } }

    enum CodingKeys: String, CodingKey {
        case kernel, shape, dataType, gpuMilliseconds, gflops, gigabytesPerSecond, cpuReferenceMilliseconds, speedup
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kernel, forKey: .kernel)
        try container.encode(shape, forKey: .shape)
        try container.encode(dataType, forKey: .dataType)
        try container.encode(gpuMilliseconds, forKey: .gpuMilliseconds)
        try container.encodeIfPresent(gflops, forKey: .gflops)
        try container.encodeIfPresent(gigabytesPerSecond, forKey: .gigabytesPerSecond)
        try container.encodeIfPresent(cpuReferenceMilliseconds, forKey: .cpuReferenceMilliseconds)
        try container.encodeIfPresent(speedup, forKey: .speedup)
    }
}

/// Runs benchmarks: one warm-up run, then `iterations` timed runs, each its own submit.
public struct BenchmarkRunner {
    public var iterations: Int
    public var runCPUReference: Bool

    public init(iterations: Int = 5, runCPUReference: Bool = true) {
        self.iterations = iterations
        self.runCPUReference = runCPUReference
    }

    public func run(_ benchmark: KernelBenchmark, on device: GPUDevice) throws(GPUError) -> KernelBenchmarkResult {
        guard device.info.limits.timestampPeriod > 0 else {
            throw .unsupported(
                "\(device.info.name) has no timestamp queries on its compute queue, so kernels cannot be timed")
        }
        let prepared = try benchmark.prepare(device)
        var samples: [Double] = []
        for iteration in 0...iterations {
            let stream = try device.makeStream(profiling: true)
            try prepared.encode(stream)
            try stream.submitAndWait()
            let nanoseconds = try stream.timings().reduce(0) { $0 + $1.nanoseconds }
            if iteration > 0 { samples.append(nanoseconds) } // the first run warms caches and pipelines
        }
        let median = samples.sorted()[samples.count / 2]
        var cpuMilliseconds: Double?
        if runCPUReference {
            let start = DispatchTime.now().uptimeNanoseconds
            prepared.runReference()
            cpuMilliseconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 * prepared.referenceScale
        }
        let seconds = median / 1e9
        var gflops: Double?
        var bandwidth: Double?
        switch benchmark.work {
        case .flops(let flops): gflops = flops / seconds / 1e9
        case .bytes(let bytes): bandwidth = bytes / seconds / 1e9
        }
        return KernelBenchmarkResult(
            kernel: benchmark.kernel, shape: benchmark.shape, dataType: "\(benchmark.dataType)",
            gpuMilliseconds: median / 1e6, gflops: gflops, gigabytesPerSecond: bandwidth,
            cpuReferenceMilliseconds: cpuMilliseconds)
    }
}
