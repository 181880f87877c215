import GPU
import Kernels

extension StandardBenchmarks {
    static func matrix(_ dataType: DataType) -> [KernelBenchmark] {
        [
            gemm(m: 1024, n: 1024, k: 1024, dataType: dataType),
            gemm(m: 64, n: 3072, k: 768, dataType: dataType),
        ]
    }

    static func gemm(m: Int, n: Int, k: Int, dataType: DataType) -> KernelBenchmark {
        let shape = GEMM.Shape(m: m, n: n, k: k)
        return .simple(
            "gemm", shape: "\(m)x\(n)x\(k)", dataType: dataType, work: .flops(shape.flops),
            inputCounts: [m * k, k * n], outputCount: m * n,
            encode: { (stream, inputs, output) throws(GPUError) in
                try GEMM(dataType: dataType).encode(on: stream, a: inputs[0], b: inputs[1], c: output, shape: shape)
            },
            reference: { _ = GEMM.reference(a: $0[0], b: $0[1], shape: shape) })
    }
}
