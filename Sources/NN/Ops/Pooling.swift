import GPU
import Kernels

/// MAX_POOL_2D and AVERAGE_POOL_2D.
public struct PoolOp: GraphOperation {
    public let pool: Pool2D

    public func encode(
        on stream: CommandStream, _ operands: NodeOperands<GPUBuffer>, output: GPUBuffer,
        dataType: DataType
    ) throws(GPUError) {
        try Pool2D(pool.mode, kernel: pool.kernel, stride: pool.stride, padding: pool.padding, dataType: dataType)
            .encode(
                on: stream, input: operands.input, shape: operands.inputShape, output: output,
                outputSize: operands.outputSize)
    }

    public func reference(_ operands: NodeOperands<[Float]>) -> [Float] {
        Pool2D.reference(pool, input: operands.input, shape: operands.inputShape, outputSize: operands.outputSize)
    }
}

extension GraphBuilder {
    mutating func lowerPool(_ op: TFLiteModel.Operator, output: Int) throws(NNError) {
        let options = try op.options()
        let x = try require4D(op.inputs[0], op)
        let kernel = Size2D(
            Int(try options.scalar(4, default: Int32(1), "filter_height")),
            Int(try options.scalar(3, default: Int32(1), "filter_width")))
        let stride = Size2D(
            Int(try options.scalar(2, default: Int32(1), "stride_h")),
            Int(try options.scalar(1, default: Int32(1), "stride_w")))
        let activation = try Self.activation(options.scalar(5, default: Int8(0), "activation"), op)
        try require(activation == .none, "\(op.name) with a fused activation")
        try requirePositive(stride, kernel, op)
        let geometry = convolutionOutput(
            input: Size2D(x.h, x.w), kernel: kernel, stride: stride,
            padding: try Self.padding(options.scalar(0, default: Int8(0), "padding"), op))
        try requireOutput(output, [x.n, geometry.size.y, geometry.size.x, x.c], op)
        let pool = Pool2D(
            op.builtinCode == BuiltinOperator.maxPool2D ? .max : .average,
            kernel: (kernel.y, kernel.x), stride: (stride.y, stride.x),
            padding: (geometry.padding.y, geometry.padding.x))
        node(PoolOp(pool: pool), [op.inputs[0]], output: output)
    }
}
