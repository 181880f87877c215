import GPU
import Kernels

/// The shapes `bench kernels` runs: sizes the perception CNNs, the motion transformer and the
/// renderer actually use, including the targets of the engine issue (conv 3x3 64->64 at 128x128,
/// GEMM 1024^3, attention 8 heads x 64 dims x 1024 tokens).
public enum StandardBenchmarks {
    public static func all(dataTypes: [DataType]) -> [KernelBenchmark] {
        var benchmarks: [KernelBenchmark] = []
        for dataType in dataTypes {
            for family in [matrix, convolution, attention, elementwise, normalization, layout] {
                benchmarks += family(dataType)
            }
        }
        if dataTypes.contains(.float32) { benchmarks += [melSpectrogram(), pushPullInpaint()] + rasterizer() }
        return benchmarks
    }
}
