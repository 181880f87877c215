import GPU

/// Depthwise 2-D convolution (TFLite DEPTHWISE_CONV_2D) over NHWC activations
/// (Shaders/depthwise_conv2d.comp). Weights are `[kernel.y, kernel.x, channels * multiplier]`; output
/// channel `o` filters input channel `o / multiplier`. Optional bias `[channels * multiplier]`, fused activation.
///
/// Padding is explicit (`padding` zero rows/columns above and left); the caller's output size
/// fixes the bottom/right padding, as in `Conv2D`.
public struct DepthwiseConv2D: Sendable {
    public let channels: Int
    public let multiplier: Int
    public let kernel: Size2D
    public let stride: Size2D
    public let dilation: Size2D
    /// Zero rows above (`y`) and columns left (`x`) of the input.
    public let padding: Size2D
    public let activation: Activation
    public let dataType: DataType

    public init(
        channels: Int, multiplier: Int = 1, kernel: Size2D, stride: Size2D = 1, dilation: Size2D = 1,
        padding: Size2D = 0, activation: Activation = .none, dataType: DataType = .float32
    ) {
        self.channels = channels
        self.multiplier = multiplier
        self.kernel = kernel
        self.stride = stride
        self.dilation = dilation
        self.padding = padding
        self.activation = activation
        self.dataType = dataType
    }

    /// Output channels: `channels * multiplier`.
    public var outputChannels: Int { channels * multiplier }
    /// Number of weights: `kernel.y * kernel.x * outputChannels`.
    public var weightCount: Int { kernel.y * kernel.x * outputChannels }

    static let workgroupSize = 64

    /// Records the convolution of `input` `[batch, height, width, channels]` into `output`
    /// `[batch, outputHeight, outputWidth, channels * multiplier]`.
    public func encode(
        on stream: CommandStream, input: GPUBuffer, batch: Int, height: Int, width: Int,
        weights: GPUBuffer, bias: GPUBuffer? = nil,
        output: GPUBuffer, outputHeight: Int, outputWidth: Int
    ) throws(GPUError) {
        try require(
            channels > 0 && multiplier > 0,
            "depthwise conv needs positive channels and multiplier, got \(channels) x \(multiplier)")
        try requireConvolutionWindows(
            batch: batch, input: Size2D(height, width), output: Size2D(outputHeight, outputWidth),
            kernel: kernel, stride: stride, dilation: dilation, padding: padding,
            "depthwise conv")
        try requireBuffers(
            input: input, weights: weights, bias: bias, output: output, batch: batch, height: height,
            width: width, outputHeight: outputHeight, outputWidth: outputWidth, name: "depthwise conv")

        let block = block(outputWidth: outputWidth, outputHeight: outputHeight)
        let runsPerRow = (outputWidth + block.x - 1) / block.x
        let blockRows = (outputHeight + block.y - 1) / block.y
        let runs = batch * blockRows * runsPerRow
        let pipeline = try stream.device.kernelPipeline(
            .depthwiseConv2d, dataType: dataType,
            specialization: [
                .uint(UInt32(Self.workgroupSize)), .int(Int32(block.x)), .int(Int32(block.y)),
                .int(Int32(kernel.y)), .int(Int32(kernel.x)), .int(Int32(stride.y)), .int(Int32(stride.x)),
                .int(Int32(dilation.y)), .int(Int32(dilation.x)),
                .bool(multiplier == 1 && channels % 4 == 0), .bool(outputChannels % 4 == 0), .bool(bias != nil),
                .int(activation.rawValue), .bool(sharesWeightsThroughSubgroups(stream.device)),
            ])
        let push: PushConstants = [
            .int(height), .int(width), .int(channels), .int(outputHeight), .int(outputWidth), .int(outputChannels),
            .int(multiplier), .int(padding.y), .int(padding.x), .int(runsPerRow), .int(blockRows), .int(runs),
        ]
        // Without a bias the shader reads nothing from binding 2; any read-only buffer fills it.
        try stream.dispatch(
            pipeline, [.read(input), .read(weights), .read(bias ?? weights), .write(output)],
            push: push, groups: (groups(runs, Self.workgroupSize), groups(outputChannels, 4), 1),
            label: "depthwise_conv2d.\(kernel)")
    }

    /// Output pixels per invocation: `y` rows of `x` pixels. Tall blocks load each input row once for
    /// several output rows (8 x 4 measured fastest on lavapipe for 3x3 over 64 channels), but the shader
    /// unrolls the whole block, so bigger kernels, strides and scalar loads get shorter blocks to keep the
    /// code (and its compile time) bounded.
    func block(outputWidth: Int, outputHeight: Int) -> Size2D {
        let pixels = min(4, outputWidth)
        let loadsPerWindow = multiplier == 1 && channels % 4 == 0 ? 1 : 4
        let window = (pixels - 1) * stride.x + (kernel.x - 1) * dilation.x + 1
        var rows = 8
        while rows > 1 {
            let inputRows = (rows - 1) * stride.y + (kernel.y - 1) * dilation.y + 1
            if inputRows * window * loadsPerWindow <= 64 && rows * kernel.y * kernel.x * pixels <= 300 { break }
            rows /= 2
        }
        return Size2D(min(rows, outputHeight), pixels)
    }

    /// CPU reference: plain loops over every output and tap.
    public static func reference(
        _ conv: DepthwiseConv2D, input: [Float], batch: Int, height: Int, width: Int,
        weights: [Float], bias: [Float]? = nil,
        outputHeight: Int, outputWidth: Int
    ) -> [Float] {
        let outputChannels = conv.outputChannels
        var output = [Float](repeating: 0, count: batch * outputHeight * outputWidth * outputChannels)
        for n in 0..<batch {
            for oy in 0..<outputHeight {
                for ox in 0..<outputWidth {
                    for o in 0..<outputChannels {
                        let c = o / conv.multiplier
                        var sum = bias?[o] ?? 0
                        for ky in 0..<conv.kernel.y {
                            let iy = oy * conv.stride.y - conv.padding.y + ky * conv.dilation.y
                            guard iy >= 0 && iy < height else { continue }
                            for kx in 0..<conv.kernel.x {
                                let ix = ox * conv.stride.x - conv.padding.x + kx * conv.dilation.x
                                guard ix >= 0 && ix < width else { continue }
                                sum +=
                                    input[((n * height + iy) * width + ix) * conv.channels + c]
                                    * weights[(ky * conv.kernel.x + kx) * outputChannels + o]
                            }
                        }
                        output[((n * outputHeight + oy) * outputWidth + ox) * outputChannels + o] = conv.activation
                            .apply(sum)
                    }
                }
            }
        }
        return output
    }
}
