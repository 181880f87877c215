import GPU
import Kernels

/// The shapes `bench kernels` runs: sizes the perception CNNs, the motion transformer and the
/// renderer actually use (see the issue that set the targets: conv 3x3 64->64 at 128x128,
/// GEMM 1024^3, attention 8 heads x 64 dims x 1024 tokens).
public enum StandardBenchmarks {
    public static func all(dataTypes: [DataType]) -> [KernelBenchmark] {
        dataTypes.flatMap { dataType in
            [gemm(m: 1024, n: 1024, k: 1024, dataType: dataType),
             gemm(m: 64, n: 3072, k: 768, dataType: dataType),
             unary(.gelu, count: 1 << 22, dataType: dataType),
             binaryBroadcast(rows: 16_384, columns: 256, dataType: dataType)]
        }
    }

    static func gemm(m: Int, n: Int, k: Int, dataType: DataType) -> KernelBenchmark {
        let shape = GEMM.Shape(m: m, n: n, k: k)
        return KernelBenchmark(kernel: "gemm", shape: "\(m)x\(n)x\(k)", dataType: dataType, work: .flops(shape.flops)) {
            (device) throws(GPUError) in
            let a = benchmarkData(m * k, seed: 1), b = benchmarkData(k * n, seed: 2)
            let bufferA = try device.benchmarkTensor(a, as: dataType)
            let bufferB = try device.benchmarkTensor(b, as: dataType)
            let bufferC = try device.makeBuffer(byteCount: m * n * dataType.byteSize)
            let kernel = GEMM(dataType: dataType)
            return .init(encode: { (stream) throws(GPUError) in
                try kernel.encode(on: stream, a: bufferA, b: bufferB, c: bufferC, shape: shape)
            }, runReference: { _ = GEMM.reference(a: a, b: b, shape: shape) })
        }
    }

    static func unary(_ activation: Activation, count: Int, dataType: DataType) -> KernelBenchmark {
        KernelBenchmark(kernel: "unary.\(activation)", shape: "\(count)", dataType: dataType,
                        work: .bytes(Double(2 * count * dataType.byteSize))) { (device) throws(GPUError) in
            let x = benchmarkData(count)
            let input = try device.benchmarkTensor(x, as: dataType)
            let output = try device.makeBuffer(byteCount: count * dataType.byteSize)
            let kernel = Unary(activation, dataType: dataType)
            return .init(encode: { (stream) throws(GPUError) in
                try kernel.encode(on: stream, input: input, output: output, count: count)
            }, runReference: { _ = Unary.reference(activation, x) })
        }
    }

    static func binaryBroadcast(rows: Int, columns: Int, dataType: DataType) -> KernelBenchmark {
        let count = rows * columns
        return KernelBenchmark(kernel: "binary.add", shape: "\(rows)x\(columns)+\(columns)", dataType: dataType,
                               work: .bytes(Double((2 * count + columns) * dataType.byteSize))) { (device) throws(GPUError) in
            let a = benchmarkData(count), b = benchmarkData(columns, seed: 3)
            let bufferA = try device.benchmarkTensor(a, as: dataType)
            let bufferB = try device.benchmarkTensor(b, as: dataType)
            let output = try device.makeBuffer(byteCount: count * dataType.byteSize)
            let kernel = Binary(.add, dataType: dataType)
            return .init(encode: { (stream) throws(GPUError) in
                try kernel.encode(on: stream, a: bufferA, aShape: [rows, columns], b: bufferB, bShape: [columns], output: output)
            }, runReference: { _ = Binary.reference(.add, a: a, aShape: [rows, columns], b: b, bShape: [columns]) })
        }
    }
}
