import GPU
import Kernels

/// One kernel at one realistic shape: how to set it up on a device, and how much work it is.
public struct KernelBenchmark: Sendable {
    /// The amount of work one run does, for GFLOP/s or GB/s.
    public enum Work: Sendable {
        case flops(Double)
        case bytes(Double)
    }

    /// A benchmark ready to run: inputs uploaded, outputs allocated.
    public struct Prepared {
        /// Records one run of the kernel(s) into a stream.
        public let encode: (CommandStream) throws(GPUError) -> Void
        /// Runs the CPU reference on the same inputs once (or on a sample of them, see `referenceScale`).
        public let runReference: () -> Void
        /// How many times the reference's measured work goes into the whole problem (1 unless the
        /// reference computes a sample, as for long attention sequences).
        public var referenceScale: Double = 1
    }

    public let kernel: String
    public let shape: String
    public let dataType: DataType
    public let work: Work
    public let prepare: @Sendable (GPUDevice) throws(GPUError) -> Prepared

    public init(
        kernel: String, shape: String, dataType: DataType = .float32, work: Work,
        prepare: @escaping @Sendable (GPUDevice) throws(GPUError) -> Prepared
    ) {
        self.kernel = kernel
        self.shape = shape
        self.dataType = dataType
        self.work = work
        self.prepare = prepare
    }

    /// `kernel shape dtype`, what `--filter` matches against.
    public var name: String { "\(kernel) \(shape) \(dataType)" }
}

/// Deterministic pseudo-random inputs for benchmarks (values in -1...1).
func benchmarkData(_ count: Int, seed: UInt64 = 1) -> [Float] {
    var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    return (0..<count).map { _ in
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return Float(state >> 40) / Float(1 << 23) - 1
    }
}

extension GPUDevice {
    /// A buffer holding `values` as `dataType`.
    func benchmarkTensor(_ values: [Float], as dataType: DataType) throws(GPUError) -> GPUBuffer {
        switch dataType {
        case .float32: try makeBuffer(values)
        case .float16: try makeBuffer(values.map { Float16($0) })
        }
    }
}
