import GPU
import Kernels

/// ADD, SUB, MUL (with their fused activation) and PRELU, broadcasting NumPy-style up to rank 4.
public struct BinaryOp: GraphOperation {
    public let operation: Binary.Operation
    public let activation: Activation

    public func encode(
        on stream: CommandStream, _ operands: NodeOperands<GPUBuffer>, output: GPUBuffer,
        dataType: DataType
    ) throws(GPUError) {
        try Binary(operation, activation: activation, dataType: dataType)
            .encode(
                on: stream, a: operands.values[0], aShape: operands.shapes[0], b: operands.values[1],
                bShape: operands.shapes[1], output: output)
    }

    public func reference(_ operands: NodeOperands<[Float]>) -> [Float] {
        Binary.reference(
            operation, activation: activation, a: operands.values[0], aShape: operands.shapes[0],
            b: operands.values[1], bShape: operands.shapes[1])
    }

    public func fusing(_ activation: Activation) -> (any GraphOperation)? {
        self.activation == .none ? BinaryOp(operation: operation, activation: activation) : nil
    }
}

/// RELU, RELU6, LOGISTIC, TANH, HARD_SWISH on their own (fused into the op before them where it can take one).
public struct UnaryOp: GraphOperation {
    public let activation: Activation

    public func encode(
        on stream: CommandStream, _ operands: NodeOperands<GPUBuffer>, output: GPUBuffer,
        dataType: DataType
    ) throws(GPUError) {
        try Unary(activation, dataType: dataType).encode(
            on: stream, input: operands.input, output: output,
            count: operands.inputShape.reduce(1, *))
    }

    public func reference(_ operands: NodeOperands<[Float]>) -> [Float] {
        Unary.reference(activation, operands.input)
    }
}

extension GraphBuilder {
    mutating func lowerArithmetic(_ op: TFLiteModel.Operator, output: Int) throws(NNError) {
        let activation = try Self.activation(op.builtinOptions?.scalar(0, default: Int8(0), "activation") ?? 0, op)
        let operation: Binary.Operation =
            op.builtinCode == BuiltinOperator.add
            ? .add
            : op.builtinCode == BuiltinOperator.mul ? .multiply : .subtract
        try lowerBinary(operation, activation, op, output: output)
    }

    mutating func lowerPReLU(_ op: TFLiteModel.Operator, output: Int) throws(NNError) {
        try lowerBinary(.prelu, .none, op, output: output)
    }

    private mutating func lowerBinary(
        _ operation: Binary.Operation, _ activation: Activation, _ op: TFLiteModel.Operator,
        output: Int
    ) throws(NNError) {
        let inputs = op.inputs
        try require(inputs.count == 2, "\(op.name) with \(inputs.count) inputs")
        guard let expected = Binary.broadcastShape(shape(inputs[0]), shape(inputs[1])), expected.count <= 4 else {
            throw .unsupported("\(op.name) of shapes \(shape(inputs[0])) and \(shape(inputs[1]))")
        }
        try requireOutput(output, expected, op)
        try require(
            tensors[inputs[0]].constant == nil || tensors[inputs[1]].constant == nil, "\(op.name) of two constants")
        node(BinaryOp(operation: operation, activation: activation), inputs, output: output)
    }

    mutating func lowerActivation(_ op: TFLiteModel.Operator, output: Int) throws(NNError) {
        let activation: Activation =
            switch op.builtinCode {
            case BuiltinOperator.relu: .relu
            case BuiltinOperator.relu6: .relu6
            case BuiltinOperator.logistic: .sigmoid
            case BuiltinOperator.tanh: .tanh
            default: .hardSwish
            }
        try requireOutput(output, shape(op.inputs[0]), op)
        node(UnaryOp(activation: activation), [op.inputs[0]], output: output)
    }
}
