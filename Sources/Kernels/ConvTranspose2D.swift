import GPU

/// Transposed 2-D convolution (TFLite TRANSPOSE_CONV, MediaPipe's Convolution2DTransposeBias) over NHWC
/// activations, with weights `[outputChannels, kernel.y, kernel.x, inputChannels]`, optional bias
/// `[outputChannels]` and a fused activation (Shaders/conv_transpose2d.comp, a gather: no atomics).
///
/// Input pixel (iy, ix) spreads over output (iy * stride.y + ky - padding.y, ix * stride.x + kx - padding.x):
/// `padding` crops rows/columns from the top/left of the full output; the caller's output size fixes the rest.
public struct ConvTranspose2D: Sendable {
    public let inputChannels: Int
    public let outputChannels: Int
    public let kernel: Size2D
    public let stride: Size2D
    /// Rows (`y`) and columns (`x`) cropped from the top/left of the full output.
    public let padding: Size2D
    public let activation: Activation
    public let dataType: DataType

    public init(
        inputChannels: Int, outputChannels: Int, kernel: Size2D, stride: Size2D = 1, padding: Size2D = 0,
        activation: Activation = .none, dataType: DataType = .float32
    ) {
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.activation = activation
        self.dataType = dataType
    }

    /// Number of weights: `outputChannels * kernel.y * kernel.x * inputChannels`.
    public var weightCount: Int { outputChannels * kernel.y * kernel.x * inputChannels }

    /// Records the transposed convolution of `input` `[batch, height, width, inputChannels]` into
    /// `output` `[batch, outputHeight, outputWidth, outputChannels]`.
    public func encode(
        on stream: CommandStream, input: GPUBuffer, batch: Int, height: Int, width: Int,
        weights: GPUBuffer, bias: GPUBuffer? = nil,
        output: GPUBuffer, outputHeight: Int, outputWidth: Int
    ) throws(GPUError) {
        try require(
            inputChannels > 0 && outputChannels > 0,
            "transposed conv needs positive channel counts, got \(inputChannels)->\(outputChannels)")
        try require(
            kernel.y > 0 && kernel.x > 0 && stride.y > 0 && stride.x > 0,
            "transposed conv kernel \(kernel) and stride \(stride) must be positive")
        try require(padding.y >= 0 && padding.x >= 0, "transposed conv padding \(padding) must not be negative")
        try require(
            batch > 0 && height > 0 && width > 0 && outputHeight > 0 && outputWidth > 0,
            "transposed conv needs a non-empty input and output, got \(batch)x\(height)x\(width) -> \(outputHeight)x\(outputWidth)"
        )
        let full = Size2D(
            max((height - 1) * stride.y + kernel.y, height * stride.y),
            max((width - 1) * stride.x + kernel.x, width * stride.x))
        try require(
            outputHeight + padding.y <= full.y && outputWidth + padding.x <= full.x,
            "transposed conv output \(outputHeight)x\(outputWidth) cropped by \(padding) exceeds the \(full.y)x\(full.x) the input spreads over"
        )
        try requireBuffers(
            input: input, weights: weights, bias: bias, output: output, batch: batch, height: height,
            width: width, outputHeight: outputHeight, outputWidth: outputWidth, name: "transposed conv")

        // Phase (0, 0) has the most pixels; the grid covers it and smaller phases leave early.
        let phaseWidth = (outputWidth + stride.x - 1) / stride.x
        let phaseHeight = (outputHeight + stride.y - 1) / stride.y
        let tile = RegisterTile(outputWidth: phaseWidth, outputChannels: outputChannels)
        let runs = batch * phaseHeight * ((phaseWidth + tile.pixels - 1) / tile.pixels)
        let pipeline = try stream.device.kernelPipeline(
            .convTranspose2d, dataType: dataType,
            specialization: [
                .uint(UInt32(RegisterTile.workgroupSize)), .int(Int32(tile.pixels)), .int(Int32(tile.channels)),
                .int(Int32(kernel.x)), .int(Int32(stride.x)),
                .bool(inputChannels % 4 == 0), .bool(outputChannels % 4 == 0 && tile.channels % 4 == 0),
                .bool(bias != nil), .int(activation.rawValue), .bool(sharesWeightsThroughSubgroups(stream.device)),
            ])
        let push: PushConstants = [
            .int(batch), .int(height), .int(width), .int(inputChannels),
            .int(outputHeight), .int(outputWidth), .int(outputChannels),
            .int(kernel.y), .int(stride.y), .int(padding.y), .int(padding.x),
        ]
        // Without a bias the shader reads nothing from binding 2; any read-only buffer fills it.
        try stream.dispatch(
            pipeline, [.read(input), .read(weights), .read(bias ?? weights), .write(output)], push: push,
            groups: (
                groups(runs, RegisterTile.workgroupSize), groups(outputChannels, tile.channels),
                stride.y * stride.x
            ),
            label: "conv_transpose2d.\(kernel)")
    }

    /// CPU reference in the scatter form: every input pixel adds its products to the outputs it reaches.
    public static func reference(
        _ conv: ConvTranspose2D, input: [Float], batch: Int, height: Int, width: Int,
        weights: [Float], bias: [Float]? = nil,
        outputHeight: Int, outputWidth: Int
    ) -> [Float] {
        let cin = conv.inputChannels
        let cout = conv.outputChannels
        var sums = [Float](repeating: 0, count: batch * outputHeight * outputWidth * cout)
        for n in 0..<batch {
            for iy in 0..<height {
                for ix in 0..<width {
                    for ky in 0..<conv.kernel.y {
                        let oy = iy * conv.stride.y + ky - conv.padding.y
                        guard oy >= 0 && oy < outputHeight else { continue }
                        for kx in 0..<conv.kernel.x {
                            let ox = ix * conv.stride.x + kx - conv.padding.x
                            guard ox >= 0 && ox < outputWidth else { continue }
                            let inputBase = ((n * height + iy) * width + ix) * cin
                            let outputBase = ((n * outputHeight + oy) * outputWidth + ox) * cout
                            for co in 0..<cout {
                                let weightBase = ((co * conv.kernel.y + ky) * conv.kernel.x + kx) * cin
                                var sum: Float = 0
                                for ci in 0..<cin { sum += input[inputBase + ci] * weights[weightBase + ci] }
                                sums[outputBase + co] += sum
                            }
                        }
                    }
                }
            }
        }
        return sums.indices.map { conv.activation.apply(sums[$0] + (bias?[$0 % cout] ?? 0)) }
    }
}
