import GPU

/// 2-D convolution over NHWC activations with OHWI weights `[outputChannels, kernel.y, kernel.x,
/// inputChannels / groups]`, optional bias `[outputChannels]` and a fused activation
/// (Shaders/conv2d.comp, an implicit GEMM with register tiles).
///
/// Padding is explicit: `padding` zero rows/columns above and left of the input; the output size
/// is the caller's, so the bottom/right padding follows from it (TFLite SAME padding, which may be
/// asymmetric, and causal padding both fit). Padded taps read zero.
public struct Conv2D: Sendable {
    public let inputChannels: Int
    public let outputChannels: Int
    public let kernel: Size2D
    public let stride: Size2D
    public let dilation: Size2D
    /// Zero rows above (`y`) and columns left (`x`) of the input.
    public let padding: Size2D
    /// Input and output channels split into this many independent groups.
    public let groups: Int
    public let activation: Activation
    public let dataType: DataType

    public init(
        inputChannels: Int, outputChannels: Int, kernel: Size2D, stride: Size2D = 1, dilation: Size2D = 1,
        padding: Size2D = 0, groups: Int = 1, activation: Activation = .none, dataType: DataType = .float32
    ) {
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        self.kernel = kernel
        self.stride = stride
        self.dilation = dilation
        self.padding = padding
        self.groups = groups
        self.activation = activation
        self.dataType = dataType
    }

    /// Number of weights: `outputChannels * kernel.y * kernel.x * inputChannels / groups`.
    public var weightCount: Int { outputChannels * kernel.y * kernel.x * (inputChannels / max(groups, 1)) }

    /// Records the convolution of `input` `[batch, height, width, inputChannels]` into `output`
    /// `[batch, outputHeight, outputWidth, outputChannels]`.
    public func encode(
        on stream: CommandStream, input: GPUBuffer, batch: Int, height: Int, width: Int,
        weights: GPUBuffer, bias: GPUBuffer? = nil,
        output: GPUBuffer, outputHeight: Int, outputWidth: Int
    ) throws(GPUError) {
        try validate(batch: batch, height: height, width: width, outputHeight: outputHeight, outputWidth: outputWidth)
        try requireBuffers(
            input: input, weights: weights, bias: bias, output: output, batch: batch, height: height,
            width: width, outputHeight: outputHeight, outputWidth: outputWidth, name: "conv2d")

        let groupInputs = inputChannels / groups
        let groupOutputs = outputChannels / groups
        let tile = RegisterTile(outputWidth: outputWidth, outputChannels: groupOutputs)
        let tilesPerGroup = (groupOutputs + tile.channels - 1) / tile.channels
        let runsPerRow = (outputWidth + tile.pixels - 1) / tile.pixels
        let runs = batch * outputHeight * runsPerRow
        let pipeline = try stream.device.kernelPipeline(
            .conv2d, dataType: dataType,
            specialization: [
                .uint(UInt32(RegisterTile.workgroupSize)), .int(Int32(tile.pixels)), .int(Int32(tile.channels)),
                .int(Int32(kernel.x)), .int(Int32(stride.x)), .int(Int32(dilation.x)),
                .bool(groupInputs % 4 == 0), .bool(groupOutputs % 4 == 0 && tile.channels % 4 == 0),
                .bool(bias != nil), .int(activation.rawValue), .bool(sharesWeightsThroughSubgroups(stream.device)),
            ])
        let push: PushConstants = [
            .int(height), .int(width), .int(inputChannels),
            .int(outputHeight), .int(outputWidth), .int(outputChannels),
            .int(kernel.y), .int(stride.y), .int(dilation.y),
            .int(padding.y), .int(padding.x),
            .int(groupInputs), .int(groupOutputs), .int(tilesPerGroup), .int(runsPerRow), .int(runs),
        ]
        // Without a bias the shader reads nothing from binding 2; any read-only buffer fills it.
        try stream.dispatch(
            pipeline, [.read(input), .read(weights), .read(bias ?? weights), .write(output)],
            push: push, groups: (Kernels.groups(runs, RegisterTile.workgroupSize), self.groups * tilesPerGroup, 1),
            label: "conv2d.\(kernel)")
    }

    func validate(batch: Int, height: Int, width: Int, outputHeight: Int, outputWidth: Int) throws(GPUError) {
        try require(
            inputChannels > 0 && outputChannels > 0 && groups > 0,
            "conv2d needs positive channel and group counts, got \(inputChannels)->\(outputChannels) in \(groups) groups"
        )
        try require(
            inputChannels % groups == 0 && outputChannels % groups == 0,
            "conv2d channels \(inputChannels)->\(outputChannels) are not divisible by \(groups) groups")
        try requireConvolutionWindows(
            batch: batch, input: Size2D(height, width), output: Size2D(outputHeight, outputWidth),
            kernel: kernel, stride: stride, dilation: dilation, padding: padding, "conv2d")
    }

    /// CPU reference: plain loops over every output, tap and input channel.
    public static func reference(
        _ conv: Conv2D, input: [Float], batch: Int, height: Int, width: Int,
        weights: [Float], bias: [Float]? = nil,
        outputHeight: Int, outputWidth: Int
    ) -> [Float] {
        let groupInputs = conv.inputChannels / conv.groups
        let groupOutputs = conv.outputChannels / conv.groups
        var output = [Float](repeating: 0, count: batch * outputHeight * outputWidth * conv.outputChannels)
        for n in 0..<batch {
            for oy in 0..<outputHeight {
                for ox in 0..<outputWidth {
                    for co in 0..<conv.outputChannels {
                        let group = co / groupOutputs
                        var sum = bias?[co] ?? 0
                        for ky in 0..<conv.kernel.y {
                            let iy = oy * conv.stride.y - conv.padding.y + ky * conv.dilation.y
                            guard iy >= 0 && iy < height else { continue }
                            for kx in 0..<conv.kernel.x {
                                let ix = ox * conv.stride.x - conv.padding.x + kx * conv.dilation.x
                                guard ix >= 0 && ix < width else { continue }
                                let inputBase =
                                    ((n * height + iy) * width + ix) * conv.inputChannels + group * groupInputs
                                let weightBase = ((co * conv.kernel.y + ky) * conv.kernel.x + kx) * groupInputs
                                for ci in 0..<groupInputs {
                                    sum += input[inputBase + ci] * weights[weightBase + ci]
                                }
                            }
                        }
                        output[((n * outputHeight + oy) * outputWidth + ox) * conv.outputChannels + co] =
                            conv.activation.apply(sum)
                    }
                }
            }
        }
        return output
    }
}
