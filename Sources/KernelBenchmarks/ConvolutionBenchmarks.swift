import GPU
import Kernels

extension StandardBenchmarks {
    static func convolution(_ dataType: DataType) -> [KernelBenchmark] {
        let (size, channels) = (128, 64)
        let pixels = size * size
        let conv = Conv2D(inputChannels: channels, outputChannels: channels, kernel: 3, padding: 1, dataType: dataType)
        let depthwise = DepthwiseConv2D(channels: channels, kernel: 3, padding: 1, dataType: dataType)
        let transposed = ConvTranspose2D(
            inputChannels: 64, outputChannels: 32, kernel: 4, stride: 2, padding: 1,
            dataType: dataType)
        let temporal = Conv1D(
            inputChannels: 256, outputChannels: 256, kernelSize: 3,
            padding: Conv1D.causal(kernelSize: 3), dataType: dataType)
        return [
            .simple(
                "conv2d", shape: "3x3 64->64 128x128", dataType: dataType,
                work: .flops(2.0 * Double(pixels * channels * 9 * channels)),
                inputCounts: [pixels * channels, conv.weightCount, channels], outputCount: pixels * channels,
                encode: { (stream, inputs, output) throws(GPUError) in
                    try conv.encode(
                        on: stream, input: inputs[0], batch: 1, height: size, width: size, weights: inputs[1],
                        bias: inputs[2], output: output, outputHeight: size, outputWidth: size)
                },
                reference: {
                    _ = Conv2D.reference(
                        conv, input: $0[0], batch: 1, height: size, width: size, weights: $0[1],
                        bias: $0[2], outputHeight: size, outputWidth: size)
                }),
            .simple(
                "depthwise_conv2d", shape: "3x3 x64 128x128", dataType: dataType,
                work: .flops(2.0 * Double(pixels * channels * 9)),
                inputCounts: [pixels * channels, depthwise.weightCount, channels], outputCount: pixels * channels,
                encode: { (stream, inputs, output) throws(GPUError) in
                    try depthwise.encode(
                        on: stream, input: inputs[0], batch: 1, height: size, width: size,
                        weights: inputs[1], bias: inputs[2], output: output,
                        outputHeight: size, outputWidth: size)
                },
                reference: {
                    _ = DepthwiseConv2D.reference(
                        depthwise, input: $0[0], batch: 1, height: size, width: size,
                        weights: $0[1], bias: $0[2], outputHeight: size, outputWidth: size)
                }),
            .simple(
                "conv_transpose2d", shape: "4x4/2 64->32 64x64", dataType: dataType,
                work: .flops(2.0 * Double(64 * 64 * 64 * 16 * 32)),
                inputCounts: [64 * 64 * 64, 32 * 16 * 64, 32], outputCount: 128 * 128 * 32,
                encode: { (stream, inputs, output) throws(GPUError) in
                    try transposed.encode(
                        on: stream, input: inputs[0], batch: 1, height: 64, width: 64, weights: inputs[1],
                        bias: inputs[2], output: output, outputHeight: 128, outputWidth: 128)
                },
                reference: {
                    _ = ConvTranspose2D.reference(
                        transposed, input: $0[0], batch: 1, height: 64, width: 64,
                        weights: $0[1], bias: $0[2], outputHeight: 128, outputWidth: 128)
                }),
            .simple(
                "conv1d.causal", shape: "k3 256->256 T=1024", dataType: dataType,
                work: .flops(2.0 * Double(1024 * 256 * 3 * 256)),
                inputCounts: [1024 * 256, 256 * 3 * 256], outputCount: 1024 * 256,
                encode: { (stream, inputs, output) throws(GPUError) in
                    try temporal.encode(
                        on: stream, input: inputs[0], batch: 1, length: 1024, weights: inputs[1], output: output)
                },
                reference: { _ = Conv1D.reference(temporal, input: $0[0], batch: 1, length: 1024, weights: $0[1]) }),
        ]
    }
}
