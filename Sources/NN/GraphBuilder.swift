import Kernels

/// Turns TFLite operators into `Graph.Node`s: the checks every operator shares, then the operator's own lowering
/// from `lowerings` (each lives beside its `GraphOperation` under `NN/Ops`).
struct GraphBuilder {
    let model: TFLiteModel
    var tensors: [Graph.Tensor]
    var nodes: [Graph.Node] = []

    init(model: TFLiteModel) throws(NNError) {
        self.model = model
        var tensors: [Graph.Tensor] = []
        for (index, tensor) in model.tensors.enumerated() {
            // INT32 constants (paddings, sizes, shapes) are read by the operators that take them.
            // Sparse constants stay undecoded: the DENSIFY that reads them is reported as unsupported.
            let isFloat = tensor.type == .float32 || tensor.type == .float16
            let constant = model.isConstant(index) && isFloat && !tensor.isSparse ? try model.floats(index) : nil
            tensors.append(Graph.Tensor(name: tensor.name, shape: tensor.shape, constant: constant))
        }
        self.tensors = tensors
    }

    func shape(_ index: Int) -> [Int] { tensors[index].shape }

    func constant(_ index: Int, _ what: String, of op: TFLiteModel.Operator) throws(NNError) -> [Float] {
        guard let values = tensors[index].constant else {
            throw .unsupported("\(op.name) needs constant \(what) (\(tensors[index].name)), found an activation")
        }
        return values
    }

    func require(_ condition: Bool, _ message: @autoclosure () -> String) throws(NNError) {
        if !condition { throw .unsupported(message()) }
    }

    func require4D(_ index: Int, _ op: TFLiteModel.Operator) throws(NNError) -> (n: Int, h: Int, w: Int, c: Int) {
        let s = shape(index)
        try require(s.count == 4, "\(op.name) expects NHWC tensors, \(tensors[index].name) has shape \(s)")
        return (s[0], s[1], s[2], s[3])
    }

    static func activation(_ code: Int8, _ op: TFLiteModel.Operator) throws(NNError) -> Activation {
        switch code {
        case 0: return .none
        case 1: return .relu
        case 3: return .relu6
        case 4: return .tanh
        default: throw .unsupported("\(op.name) with fused activation code \(code)")
        }
    }

    static func padding(_ code: Int8, _ op: TFLiteModel.Operator) throws(NNError) -> PaddingMode {
        switch code {
        case 0: return .same
        case 1: return .valid
        default: throw .unsupported("\(op.name) with padding code \(code)")
        }
    }

    /// Checks that `output`'s declared shape is what the operator computes.
    func requireOutput(_ output: Int, _ expected: [Int], _ op: TFLiteModel.Operator) throws(NNError) {
        try require(
            shape(output) == expected,
            "\(op.name) output \(tensors[output].name) is declared \(shape(output)) but computes \(expected)")
    }

    /// How an operator becomes nodes: the leading inputs it needs present (nil: all of them) and its lowering.
    struct Lowering: Sendable {
        let requiredInputs: Int?
        /// Throws `NNError` only (closures in a table cannot declare a typed throw without spelling out their types).
        let lower: @Sendable (inout GraphBuilder, TFLiteModel.Operator, _ output: Int) throws -> Void
    }

    /// Builtin operators by code. Adding an operator: its `GraphOperation` and lowering in `NN/Ops`, one line here.
    static let lowerings: [Int: Lowering] = [
        BuiltinOperator.dequantize: Lowering(requiredInputs: 1) { try $0.lowerDequantize($1, output: $2) },
        BuiltinOperator.conv2D: Lowering(requiredInputs: 2) { try $0.lowerConv2D($1, output: $2) },
        BuiltinOperator.depthwiseConv2D: Lowering(requiredInputs: 2) { try $0.lowerDepthwiseConv2D($1, output: $2) },
        BuiltinOperator.add: Lowering(requiredInputs: 2) { try $0.lowerArithmetic($1, output: $2) },
        BuiltinOperator.sub: Lowering(requiredInputs: 2) { try $0.lowerArithmetic($1, output: $2) },
        BuiltinOperator.mul: Lowering(requiredInputs: 2) { try $0.lowerArithmetic($1, output: $2) },
        BuiltinOperator.prelu: Lowering(requiredInputs: 2) { try $0.lowerPReLU($1, output: $2) },
        BuiltinOperator.relu: Lowering(requiredInputs: 1) { try $0.lowerActivation($1, output: $2) },
        BuiltinOperator.relu6: Lowering(requiredInputs: 1) { try $0.lowerActivation($1, output: $2) },
        BuiltinOperator.logistic: Lowering(requiredInputs: 1) { try $0.lowerActivation($1, output: $2) },
        BuiltinOperator.tanh: Lowering(requiredInputs: 1) { try $0.lowerActivation($1, output: $2) },
        BuiltinOperator.hardSwish: Lowering(requiredInputs: 1) { try $0.lowerActivation($1, output: $2) },
        BuiltinOperator.maxPool2D: Lowering(requiredInputs: 1) { try $0.lowerPool($1, output: $2) },
        BuiltinOperator.averagePool2D: Lowering(requiredInputs: 1) { try $0.lowerPool($1, output: $2) },
        BuiltinOperator.pad: Lowering(requiredInputs: 2) { try $0.lowerPad($1, output: $2) },
        BuiltinOperator.concatenation: Lowering(requiredInputs: nil) { try $0.lowerConcatenation($1, output: $2) },
        BuiltinOperator.resizeBilinear: Lowering(requiredInputs: 2) { try $0.lowerResizeBilinear($1, output: $2) },
        BuiltinOperator.depthToSpace: Lowering(requiredInputs: 1) { try $0.lowerDepthToSpace($1, output: $2) },
        BuiltinOperator.reshape: Lowering(requiredInputs: 1) { try $0.lowerReshape($1, output: $2) },
    ]

    /// Custom operators by name.
    static let customLowerings: [String: Lowering] = [
        "Convolution2DTransposeBias": Lowering(requiredInputs: 2) { try $0.lowerTransposeConv2DBias($1, output: $2) }
    ]

    mutating func add(_ op: TFLiteModel.Operator) throws(NNError) {
        let lowering =
            op.builtinCode == BuiltinOperator.custom ? Self.customLowerings[op.name] : Self.lowerings[op.builtinCode]
        guard let lowering else { throw .unsupportedOperator(op.name) }
        try require(op.outputs.count == 1 && op.outputs[0] >= 0, "\(op.name) with \(op.outputs.count) outputs")
        let output = op.outputs[0]
        let inputs = op.inputs
        let required = lowering.requiredInputs ?? inputs.count
        try require(
            inputs.count >= max(required, 1) && inputs.prefix(max(required, 1)).allSatisfy { $0 >= 0 },
            "\(op.name) with inputs \(inputs)")
        for tensor in inputs + [output] where tensor >= 0 {
            try require(
                shape(tensor).allSatisfy { $0 > 0 },
                "\(op.name) tensor \(tensors[tensor].name) of shape \(shape(tensor))")
        }
        do {
            try lowering.lower(&self, op, output)
        } catch let error as NNError {
            throw error
        } catch {
            preconditionFailure("a lowering threw \(error), not an NNError")
        }
    }

    /// Appends the node computing `output` from `inputs`.
    mutating func node(_ operation: any GraphOperation, _ inputs: [Int], output: Int) {
        nodes.append(Graph.Node(name: tensors[output].name, operation: operation, inputs: inputs, output: output))
    }

    func requirePositive(_ stride: Size2D, _ other: Size2D, _ op: TFLiteModel.Operator) throws(NNError) {
        try require(
            stride.y > 0 && stride.x > 0 && other.y > 0 && other.x > 0,
            "\(op.name) with stride \(stride) and kernel/dilation \(other)")
    }
}
