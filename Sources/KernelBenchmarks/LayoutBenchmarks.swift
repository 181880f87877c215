import GPU
import Kernels

extension StandardBenchmarks {
    static func layout(_ dataType: DataType) -> [KernelBenchmark] {
        let image = [1, 128, 128, 64]
        let pixels = image.reduce(1, *)
        let half = [1, 128, 128, 32]
        return [
            .simple(
                "resize.bilinear", shape: "1x128x128x64->256x256", dataType: dataType, inputCounts: [pixels],
                outputCount: pixels * 4,
                encode: { (stream, inputs, output) throws(GPUError) in
                    try Resize(.bilinear, halfPixelCenters: true, dataType: dataType).encode(
                        on: stream, input: inputs[0], shape: image, output: output, outputSize: (256, 256))
                },
                reference: {
                    _ = Resize.reference(
                        Resize(.bilinear, halfPixelCenters: true), input: $0[0], shape: image,
                        outputSize: (256, 256))
                }),
            .simple(
                "pad", shape: "1x128x128x64 +1 HW", dataType: dataType, inputCounts: [pixels],
                outputCount: 130 * 130 * 64,
                encode: { (stream, inputs, output) throws(GPUError) in
                    try Pad(dataType: dataType).encode(
                        on: stream, input: inputs[0], shape: image,
                        padding: [(0, 0), (1, 1), (1, 1), (0, 0)], output: output)
                },
                reference: { _ = Pad.reference($0[0], shape: image, padding: [(0, 0), (1, 1), (1, 1), (0, 0)]) }),
            .simple(
                "concat", shape: "2x 1x128x128x32 on C", dataType: dataType, inputCounts: [pixels / 2, pixels / 2],
                outputCount: pixels,
                encode: { (stream, inputs, output) throws(GPUError) in
                    try Concat(axis: 3, dataType: dataType).encode(
                        on: stream, inputs: [(inputs[0], half), (inputs[1], half)],
                        output: output)
                },
                reference: { _ = Concat.reference([($0[0], half), ($0[1], half)], axis: 3) }),
            .simple(
                "depth_to_space", shape: "1x64x64x256 b2", dataType: dataType, inputCounts: [64 * 64 * 256],
                outputCount: 64 * 64 * 256,
                encode: { (stream, inputs, output) throws(GPUError) in
                    try DepthToSpace(blockSize: 2, dataType: dataType).encode(
                        on: stream, input: inputs[0],
                        shape: [1, 64, 64, 256], output: output)
                },
                reference: { _ = DepthToSpace.reference($0[0], shape: [1, 64, 64, 256], blockSize: 2) }),
        ]
    }
}
