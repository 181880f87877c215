import GPU
import Kernels

extension StandardBenchmarks {
    static func normalization(_ dataType: DataType) -> [KernelBenchmark] {
        let image = [1, 128, 128, 64]
        let pixels = image.reduce(1, *)
        return [
            .simple(
                "softmax", shape: "8192x1024", dataType: dataType, inputCounts: [8192 * 1024], outputCount: 8192 * 1024,
                encode: { (stream, inputs, output) throws(GPUError) in
                    try Softmax(dataType: dataType).encode(
                        on: stream, input: inputs[0], output: output, rows: 8192, length: 1024)
                },
                reference: { _ = Softmax.reference($0[0], rows: 8192, length: 1024) }),
            .simple(
                "layer_norm", shape: "4096x512", dataType: dataType, inputCounts: [4096 * 512, 512, 512],
                outputCount: 4096 * 512,
                encode: { (stream, inputs, output) throws(GPUError) in
                    try LayerNorm(dataType: dataType).encode(
                        on: stream, input: inputs[0], output: output, rows: 4096,
                        length: 512, gamma: inputs[1], beta: inputs[2])
                },
                reference: { _ = LayerNorm.reference($0[0], rows: 4096, length: 512, gamma: $0[1], beta: $0[2]) }),
            .simple(
                "group_norm.silu", shape: "1x128x128x64 g32", dataType: dataType, inputCounts: [pixels, 64, 64],
                outputCount: pixels,
                encode: { (stream, inputs, output) throws(GPUError) in
                    try GroupNorm(groups: 32, activation: .silu, dataType: dataType).encode(
                        on: stream, input: inputs[0], shape: image, output: output, gamma: inputs[1], beta: inputs[2])
                },
                reference: {
                    _ = GroupNorm.reference(
                        $0[0], shape: image, groups: 32, activation: .silu, gamma: $0[1], beta: $0[2])
                }),
            .simple(
                "pool2d.max", shape: "1x128x128x64 2x2/2", dataType: dataType, inputCounts: [pixels],
                outputCount: pixels / 4,
                encode: { (stream, inputs, output) throws(GPUError) in
                    try Pool2D(.max, kernel: (2, 2), stride: (2, 2), dataType: dataType).encode(
                        on: stream, input: inputs[0], shape: image, output: output, outputSize: (64, 64))
                },
                reference: {
                    _ = Pool2D.reference(
                        Pool2D(.max, kernel: (2, 2), stride: (2, 2)), input: $0[0], shape: image,
                        outputSize: (64, 64))
                }),
        ]
    }
}
