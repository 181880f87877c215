import GPU
import Kernels

extension KernelBenchmark {
    /// A benchmark over generated inputs of `inputCounts` elements and one output of `outputCount`.
    /// `work` defaults to the bytes moved (every input read once, the output written once).
    static func simple(
        _ kernel: String, shape: String, dataType: DataType, work: Work? = nil,
        inputCounts: [Int], outputCount: Int, referenceScale: Double = 1,
        encode: @escaping @Sendable (CommandStream, [GPUBuffer], GPUBuffer) throws(GPUError) -> Void,
        reference: @escaping @Sendable ([[Float]]) -> Void
    ) -> KernelBenchmark {
        let bytes = Double((inputCounts.reduce(0, +) + outputCount) * dataType.byteSize)
        return KernelBenchmark(kernel: kernel, shape: shape, dataType: dataType, work: work ?? .bytes(bytes)) {
            (device) throws(GPUError) in
            let values = inputCounts.enumerated().map { benchmarkData($0.element, seed: UInt64($0.offset + 1)) }
            var inputs: [GPUBuffer] = []
            for input in values { inputs.append(try device.benchmarkTensor(input, as: dataType)) }
            let output = try device.makeBuffer(byteCount: outputCount * dataType.byteSize)
            return Prepared(
                encode: { (stream) throws(GPUError) in try encode(stream, inputs, output) },
                runReference: { reference(values) }, referenceScale: referenceScale)
        }
    }
}
