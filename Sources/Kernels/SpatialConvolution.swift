import GPU

/// The kernels that slide a filter over an NHWC image (Conv2D, DepthwiseConv2D, ConvTranspose2D):
/// one call shape, so the graph executor, the tests and the benchmarks treat them alike.
public protocol SpatialConvolution: Sendable {
    var inputChannels: Int { get }
    var outputChannels: Int { get }
    /// Elements in the weights tensor, in the kernel's own layout.
    var weightCount: Int { get }
    var dataType: DataType { get }

    func encode(
        on stream: CommandStream, input: GPUBuffer, batch: Int, height: Int, width: Int,
        weights: GPUBuffer, bias: GPUBuffer?, output: GPUBuffer,
        outputHeight: Int, outputWidth: Int) throws(GPUError)

    /// The CPU reference on the same arguments.
    func reference(
        input: [Float], batch: Int, height: Int, width: Int, weights: [Float], bias: [Float]?,
        outputHeight: Int, outputWidth: Int
    ) -> [Float]
}

extension SpatialConvolution {
    /// The buffer checks every spatial convolution makes before it records anything: each buffer
    /// holds its tensor, and the output aliases none of the inputs.
    func requireBuffers(
        input: GPUBuffer, weights: GPUBuffer, bias: GPUBuffer?, output: GPUBuffer, batch: Int,
        height: Int, width: Int, outputHeight: Int, outputWidth: Int, name: String
    ) throws(GPUError) {
        try requireCapacity(input, batch * height * width * inputChannels, dataType, "\(name) input")
        try requireCapacity(weights, weightCount, dataType, "\(name) weights")
        if let bias { try requireCapacity(bias, outputChannels, dataType, "\(name) bias") }
        try requireCapacity(output, batch * outputHeight * outputWidth * outputChannels, dataType, "\(name) output")
        try require(
            output !== input && output !== weights && output !== bias,
            "\(name) output must not alias its input, weights or bias")
    }
}

extension Conv2D: SpatialConvolution {
    public func reference(
        input: [Float], batch: Int, height: Int, width: Int, weights: [Float], bias: [Float]?,
        outputHeight: Int, outputWidth: Int
    ) -> [Float] {
        Self.reference(
            self, input: input, batch: batch, height: height, width: width, weights: weights, bias: bias,
            outputHeight: outputHeight, outputWidth: outputWidth)
    }
}

extension DepthwiseConv2D: SpatialConvolution {
    public var inputChannels: Int { channels }

    public func reference(
        input: [Float], batch: Int, height: Int, width: Int, weights: [Float], bias: [Float]?,
        outputHeight: Int, outputWidth: Int
    ) -> [Float] {
        Self.reference(
            self, input: input, batch: batch, height: height, width: width, weights: weights, bias: bias,
            outputHeight: outputHeight, outputWidth: outputWidth)
    }
}

extension ConvTranspose2D: SpatialConvolution {
    public func reference(
        input: [Float], batch: Int, height: Int, width: Int, weights: [Float], bias: [Float]?,
        outputHeight: Int, outputWidth: Int
    ) -> [Float] {
        Self.reference(
            self, input: input, batch: batch, height: height, width: width, weights: weights, bias: bias,
            outputHeight: outputHeight, outputWidth: outputWidth)
    }
}
