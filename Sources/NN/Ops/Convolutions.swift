import GPU
import Kernels

/// The three convolution kernels: the same operands (activation, weights, bias?) and the same dispatch and reference
/// signatures; they differ in their options, which `with(activation:dataType:)` carries over.
public protocol ConvolutionKernel: Sendable {
    var activation: Activation { get }
    /// This kernel with the same options but `activation` in its epilogue and tensors stored as `dataType`.
    func with(activation: Activation, dataType: DataType) -> Self
    func encode(
        on stream: CommandStream, input: GPUBuffer, batch: Int, height: Int, width: Int, weights: GPUBuffer,
        bias: GPUBuffer?, output: GPUBuffer, outputHeight: Int, outputWidth: Int) throws(GPUError)
    static func reference(
        _ conv: Self, input: [Float], batch: Int, height: Int, width: Int, weights: [Float],
        bias: [Float]?, outputHeight: Int, outputWidth: Int
    ) -> [Float]
}

/// A convolution node: CONV_2D (`Conv2DOp`), DEPTHWISE_CONV_2D (`DepthwiseConv2DOp`) or MediaPipe's custom
/// Convolution2DTransposeBias (`TransposeConv2DOp`).
public struct ConvolutionOp<Kernel: ConvolutionKernel>: GraphOperation {
    public let conv: Kernel

    public func encode(
        on stream: CommandStream, _ operands: NodeOperands<GPUBuffer>, output: GPUBuffer,
        dataType: DataType
    ) throws(GPUError) {
        let s = operands.inputShape
        try conv.with(activation: conv.activation, dataType: dataType)
            .encode(
                on: stream, input: operands.input, batch: s[0], height: s[1], width: s[2], weights: operands.values[1],
                bias: operands.bias, output: output, outputHeight: operands.outputSize.height,
                outputWidth: operands.outputSize.width)
    }

    public func reference(_ operands: NodeOperands<[Float]>) -> [Float] {
        let s = operands.inputShape
        return Kernel.reference(
            conv, input: operands.input, batch: s[0], height: s[1], width: s[2], weights: operands.values[1],
            bias: operands.bias, outputHeight: operands.outputSize.height, outputWidth: operands.outputSize.width)
    }

    public func fusing(_ activation: Activation) -> (any GraphOperation)? {
        conv.activation == .none ? ConvolutionOp(conv: conv.with(activation: activation, dataType: .float32)) : nil
    }
}

public typealias Conv2DOp = ConvolutionOp<Conv2D>
public typealias DepthwiseConv2DOp = ConvolutionOp<DepthwiseConv2D>
public typealias TransposeConv2DOp = ConvolutionOp<ConvTranspose2D>

extension Conv2D: ConvolutionKernel {
    public func with(activation: Activation, dataType: DataType) -> Conv2D {
        Conv2D(
            inputChannels: inputChannels, outputChannels: outputChannels, kernel: kernel, stride: stride,
            dilation: dilation,
            padding: padding, groups: groups, activation: activation, dataType: dataType)
    }
}

extension DepthwiseConv2D: ConvolutionKernel {
    public func with(activation: Activation, dataType: DataType) -> DepthwiseConv2D {
        DepthwiseConv2D(
            channels: channels, multiplier: multiplier, kernel: kernel, stride: stride, dilation: dilation,
            padding: padding, activation: activation, dataType: dataType)
    }
}

extension ConvTranspose2D: ConvolutionKernel {
    public func with(activation: Activation, dataType: DataType) -> ConvTranspose2D {
        ConvTranspose2D(
            inputChannels: inputChannels, outputChannels: outputChannels, kernel: kernel, stride: stride,
            padding: padding, activation: activation, dataType: dataType)
    }
}

extension GraphBuilder {
    /// The window geometry the two forward convolutions share: kernel from the weights, stride and dilation from the
    /// options (at the table positions of each operator's schema), SAME/VALID turned into explicit padding.
    private func convolutionGeometry(
        _ op: TFLiteModel.Operator, options: Table, weights: [Int],
        strideFields: (Int, Int), dilationFields: (Int, Int)
    )
        throws(NNError) -> (
            x: (n: Int, h: Int, w: Int, c: Int), kernel: Size2D, stride: Size2D, dilation: Size2D,
            output: (size: Size2D, padding: Size2D)
        )
    {
        let x = try require4D(op.inputs[0], op)
        let kernel = Size2D(weights[1], weights[2])
        let stride = Size2D(
            Int(try options.scalar(strideFields.0, default: Int32(1), "stride_h")),
            Int(try options.scalar(strideFields.1, default: Int32(1), "stride_w")))
        let dilation = Size2D(
            Int(try options.scalar(dilationFields.0, default: Int32(1), "dilation_h")),
            Int(try options.scalar(dilationFields.1, default: Int32(1), "dilation_w")))
        try requirePositive(stride, dilation, op)
        let geometry = convolutionOutput(
            input: Size2D(x.h, x.w), kernel: kernel, stride: stride, dilation: dilation,
            padding: try Self.padding(options.scalar(0, default: Int8(0), "padding"), op))
        return (x, kernel, stride, dilation, (geometry.size, geometry.padding))
    }

    mutating func lowerConv2D(_ op: TFLiteModel.Operator, output: Int) throws(NNError) {
        let options = try op.options()
        let weights = shape(op.inputs[1])
        try require(weights.count == 4, "CONV_2D weights of shape \(weights)")
        let g = try convolutionGeometry(
            op, options: options, weights: weights, strideFields: (2, 1), dilationFields: (5, 4))
        try require(g.x.c % weights[3] == 0, "CONV_2D input channels \(g.x.c) vs weights \(weights)")
        try requireOutput(output, [g.x.n, g.output.size.y, g.output.size.x, weights[0]], op)
        let conv = Conv2D(
            inputChannels: g.x.c, outputChannels: weights[0], kernel: g.kernel, stride: g.stride,
            dilation: g.dilation, padding: g.output.padding, groups: g.x.c / weights[3],
            activation: try Self.activation(options.scalar(3, default: Int8(0), "activation"), op))
        _ = try constant(op.inputs[1], "weights", of: op)
        node(Conv2DOp(conv: conv), try convolutionInputs(op.inputs, op), output: output)
    }

    mutating func lowerDepthwiseConv2D(_ op: TFLiteModel.Operator, output: Int) throws(NNError) {
        let options = try op.options()
        let weights = shape(op.inputs[1])
        try require(weights.count == 4 && weights[0] == 1, "DEPTHWISE_CONV_2D weights of shape \(weights)")
        let g = try convolutionGeometry(
            op, options: options, weights: weights, strideFields: (2, 1), dilationFields: (6, 5))
        try require(weights[3] % g.x.c == 0, "DEPTHWISE_CONV_2D input channels \(g.x.c) vs weights \(weights)")
        try requireOutput(output, [g.x.n, g.output.size.y, g.output.size.x, weights[3]], op)
        let conv = DepthwiseConv2D(
            channels: g.x.c, multiplier: weights[3] / g.x.c, kernel: g.kernel, stride: g.stride,
            dilation: g.dilation, padding: g.output.padding,
            activation: try Self.activation(options.scalar(4, default: Int8(0), "activation"), op))
        _ = try constant(op.inputs[1], "weights", of: op)
        node(DepthwiseConv2DOp(conv: conv), try convolutionInputs(op.inputs, op), output: output)
    }

    /// custom_options: TfLiteTransposeConvParams {padding (1 SAME, 2 VALID), stride_width, stride_height}, int32 LE.
    mutating func lowerTransposeConv2DBias(_ op: TFLiteModel.Operator, output: Int) throws(NNError) {
        let raw = op.customOptions
        try require(raw.count >= 12, "Convolution2DTransposeBias options of \(raw.count) bytes (expected 12)")
        func int(_ at: Int) -> Int {
            Int(
                Int32(
                    bitPattern: UInt32(raw[at]) | UInt32(raw[at + 1]) << 8 | UInt32(raw[at + 2]) << 16 | UInt32(
                        raw[at + 3]) << 24))
        }
        let mode: PaddingMode
        switch int(0) {
        case 1: mode = .same
        case 2: mode = .valid
        default: throw .unsupported("Convolution2DTransposeBias padding code \(int(0))")
        }
        let stride = Size2D(int(8), int(4))
        try requirePositive(stride, 1, op)
        let x = try require4D(op.inputs[0], op)
        let weights = shape(op.inputs[1])
        try require(
            weights.count == 4 && weights[3] == x.c,
            "Convolution2DTransposeBias weights \(weights) for \(x.c) input channels")
        let kernel = Size2D(weights[1], weights[2])
        let geometry = transposedConvolutionOutput(
            input: Size2D(x.h, x.w), kernel: kernel, stride: stride, padding: mode)
        try requireOutput(output, [x.n, geometry.size.y, geometry.size.x, weights[0]], op)
        let conv = ConvTranspose2D(
            inputChannels: x.c, outputChannels: weights[0], kernel: kernel, stride: stride,
            padding: geometry.padding)
        _ = try constant(op.inputs[1], "weights", of: op)
        node(TransposeConv2DOp(conv: conv), try convolutionInputs(op.inputs, op), output: output)
    }

    /// Activation input, weights and the optional bias of a convolution.
    func convolutionInputs(_ inputs: [Int], _ op: TFLiteModel.Operator) throws(NNError) -> [Int] {
        try require(
            inputs.count >= 2 && tensors[inputs[0]].constant == nil,
            "\(op.name) without an activation input and weights")
        if inputs.count > 2 && inputs[2] >= 0 {
            _ = try constant(inputs[2], "bias", of: op)
            return Array(inputs[0...2])
        }
        return Array(inputs[0...1])
    }
}
