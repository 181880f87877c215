import GPU
import Kernels

extension StandardBenchmarks {
    static func elementwise(_ dataType: DataType) -> [KernelBenchmark] {
        let count = 1 << 22
        let (rows, columns) = (16_384, 256)
        return [
            .simple(
                "unary.gelu", shape: "\(count)", dataType: dataType, inputCounts: [count], outputCount: count,
                encode: { (stream, inputs, output) throws(GPUError) in
                    try Unary(.gelu, dataType: dataType).encode(
                        on: stream, input: inputs[0], output: output, count: count)
                },
                reference: { _ = Unary.reference(.gelu, $0[0]) }),
            .simple(
                "binary.add", shape: "\(rows)x\(columns)+\(columns)", dataType: dataType,
                inputCounts: [rows * columns, columns], outputCount: rows * columns,
                encode: { (stream, inputs, output) throws(GPUError) in
                    try Binary(.add, dataType: dataType).encode(
                        on: stream, a: inputs[0], aShape: [rows, columns],
                        b: inputs[1], bShape: [columns], output: output)
                },
                reference: {
                    _ = Binary.reference(.add, a: $0[0], aShape: [rows, columns], b: $0[1], bShape: [columns])
                }),
        ]
    }
}
