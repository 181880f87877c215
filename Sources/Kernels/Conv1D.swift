import GPU

/// Temporal convolution over sequences `[batch, length, inputChannels]` with weights
/// `[outputChannels, kernelSize, inputChannels / groups]`, optional bias and a fused activation.
///
/// It runs the conv2d shader (Shaders/conv2d.comp) with height 1: a sequence is a one-row image,
/// the weights are OHWI with kH = 1. `padding` adds zero steps before and after the sequence;
/// `.causal` pads only the past, so output step t sees inputs up to t and no later.
public struct Conv1D: Sendable {
    /// Zero steps added before (`left`) and after (`right`) the sequence.
    public struct Padding: Sendable, Hashable {
        public var left: Int
        public var right: Int
        public init(left: Int, right: Int) {
            self.left = left
            self.right = right
        }
    }

    public let inputChannels: Int
    public let outputChannels: Int
    public let kernelSize: Int
    public let stride: Int
    public let dilation: Int
    public let padding: Padding
    public let groups: Int
    public let activation: Activation
    public let dataType: DataType

    public init(
        inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, dilation: Int = 1,
        padding: Padding = Padding(left: 0, right: 0), groups: Int = 1, activation: Activation = .none,
        dataType: DataType = .float32
    ) {
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        self.kernelSize = kernelSize
        self.stride = stride
        self.dilation = dilation
        self.padding = padding
        self.groups = groups
        self.activation = activation
        self.dataType = dataType
    }

    /// Causal padding: `(kernelSize - 1) * dilation` steps before the sequence, none after.
    public static func causal(kernelSize: Int, dilation: Int = 1) -> Padding {
        Padding(left: (kernelSize - 1) * dilation, right: 0)
    }

    /// Number of weights: `outputChannels * kernelSize * inputChannels / groups`.
    public var weightCount: Int { outputChannels * kernelSize * (inputChannels / max(groups, 1)) }

    /// Output steps for an input of `length` steps.
    public func outputLength(for length: Int) -> Int {
        let span = (kernelSize - 1) * dilation + 1
        return max(0, (length + padding.left + padding.right - span) / max(stride, 1) + 1)
    }

    /// The same convolution as a one-row Conv2D.
    var asConv2D: Conv2D {
        Conv2D(
            inputChannels: inputChannels, outputChannels: outputChannels, kernel: Size2D(1, kernelSize),
            stride: Size2D(1, stride), dilation: Size2D(1, dilation), padding: Size2D(0, padding.left),
            groups: groups, activation: activation, dataType: dataType)
    }

    /// Records the convolution of `input` `[batch, length, inputChannels]` into `output`
    /// `[batch, outputLength(for: length), outputChannels]`.
    public func encode(
        on stream: CommandStream, input: GPUBuffer, batch: Int, length: Int,
        weights: GPUBuffer, bias: GPUBuffer? = nil, output: GPUBuffer
    ) throws(GPUError) {
        try require(
            kernelSize > 0 && stride > 0 && dilation > 0,
            "conv1d kernel size \(kernelSize), stride \(stride) and dilation \(dilation) must be positive")
        let span = (kernelSize - 1) * dilation + 1
        try require(
            padding.left >= 0 && padding.right >= 0 && padding.left < span && padding.right < span,
            "conv1d padding \(padding.left)+\(padding.right) must be in 0..<\(span) (the kernel span)")
        let steps = outputLength(for: length)
        try require(
            length > 0 && steps > 0,
            "conv1d over \(length) steps with kernel \(kernelSize) and padding \(padding) has no output")
        try asConv2D.encode(
            on: stream, input: input, batch: batch, height: 1, width: length, weights: weights,
            bias: bias, output: output, outputHeight: 1, outputWidth: steps)
    }

    /// CPU reference: plain loops over every output step, tap and input channel.
    public static func reference(
        _ conv: Conv1D, input: [Float], batch: Int, length: Int,
        weights: [Float], bias: [Float]? = nil
    ) -> [Float] {
        let steps = conv.outputLength(for: length)
        let groupInputs = conv.inputChannels / conv.groups
        let groupOutputs = conv.outputChannels / conv.groups
        var output = [Float](repeating: 0, count: batch * steps * conv.outputChannels)
        for n in 0..<batch {
            for t in 0..<steps {
                for co in 0..<conv.outputChannels {
                    let group = co / groupOutputs
                    var sum = bias?[co] ?? 0
                    for k in 0..<conv.kernelSize {
                        let source = t * conv.stride - conv.padding.left + k * conv.dilation
                        guard source >= 0 && source < length else { continue }
                        for ci in 0..<groupInputs {
                            sum +=
                                input[(n * length + source) * conv.inputChannels + group * groupInputs + ci]
                                * weights[(co * conv.kernelSize + k) * groupInputs + ci]
                        }
                    }
                    output[(n * steps + t) * conv.outputChannels + co] = conv.activation.apply(sum)
                }
            }
        }
        return output
    }
}
