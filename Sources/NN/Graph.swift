import Kernels

/// A model's operators resolved onto the engine's kernels: constants folded to Float (fp16 widened,
/// DEQUANTIZE over constants removed), TFLite SAME padding turned into explicit top/left padding,
/// options checked against the tensors' declared shapes. Shapes are static (batch included).
public struct Graph: Sendable {
    public struct Tensor: Sendable {
        public let name: String
        public let shape: [Int]
        /// Constant values (weights, biases, PReLU slopes), nil for activations.
        public let constant: [Float]?
        public var count: Int { shape.reduce(1, *) }
    }

    /// What one node does, with every option resolved.
    public enum Operation: Sendable {
        case conv2D(Conv2D)
        case depthwiseConv2D(DepthwiseConv2D)
        case transposeConv2D(ConvTranspose2D)
        case binary(Binary.Operation, Activation)
        case unary(Activation)
        case pool(Pool2D)
        case pad([(before: Int, after: Int)])
        case concat(axis: Int)
        case resize(Resize)
        case depthToSpace(blockSize: Int)
        /// Same values, new shape: the output shares the input's storage.
        case reshape
    }

    public struct Node: Sendable {
        public let name: String
        public let operation: Operation
        /// Tensor indices: activations first, then constants (weights, bias) for convolutions.
        public let inputs: [Int]
        public let output: Int
    }

    public let tensors: [Tensor]
    public let nodes: [Node]
    public let inputs: [Int]
    public let outputs: [Int]

    /// Resolves `model`'s operators. With `fusingActivations`, an element-wise activation (RELU, RELU6,
    /// LOGISTIC, HARD_SWISH, TANH) whose input comes only from a convolution or binary op without one is
    /// folded into that op's epilogue: one dispatch and one tensor fewer, the same values.
    public init(_ model: TFLiteModel, fusingActivations: Bool = true) throws(NNError) {
        var builder = try Builder(model: model)
        for op in model.operators { try builder.add(op) }
        tensors = builder.tensors
        inputs = model.inputs
        outputs = model.outputs
        nodes = fusingActivations ? Self.fusingActivations(builder.nodes, outputs: Set(model.outputs)) : builder.nodes
        for index in inputs + outputs where tensors[index].constant != nil || tensors[index].shape.isEmpty {
            throw .unsupported("graph input/output \(tensors[index].name) is constant or has no shape")
        }
    }

    private static func fusingActivations(_ nodes: [Node], outputs: Set<Int>) -> [Node] {
        var consumers: [Int: Int] = [:]
        for node in nodes { for input in node.inputs { consumers[input, default: 0] += 1 } }
        var result: [Node] = []
        var producer: [Int: Int] = [:] // tensor -> index in result
        for node in nodes {
            if case .unary(let activation) = node.operation, let source = producer[node.inputs[0]],
               consumers[node.inputs[0]] == 1, !outputs.contains(node.inputs[0]),
               let fused = result[source].operation.with(activation) {
                let original = result[source]
                result[source] = Node(name: node.name, operation: fused, inputs: original.inputs, output: node.output)
                producer[node.output] = source
                continue
            }
            producer[node.output] = result.count
            result.append(node)
        }
        return result
    }

    /// The index of the tensor called `name`.
    public func tensor(named name: String) -> Int? { tensors.firstIndex { $0.name == name } }
}

extension Graph.Operation {
    /// This operation with `activation` fused into its epilogue, or nil if it has one already or cannot take one.
    func with(_ activation: Activation) -> Graph.Operation? {
        switch self {
        case .conv2D(let c) where c.activation == .none:
            .conv2D(Conv2D(inputChannels: c.inputChannels, outputChannels: c.outputChannels, kernel: c.kernel, stride: c.stride,
                           dilation: c.dilation, padding: c.padding, groups: c.groups, activation: activation))
        case .depthwiseConv2D(let c) where c.activation == .none:
            .depthwiseConv2D(DepthwiseConv2D(channels: c.channels, multiplier: c.multiplier, kernel: c.kernel, stride: c.stride,
                                             dilation: c.dilation, padding: c.padding, activation: activation))
        case .transposeConv2D(let c) where c.activation == .none:
            .transposeConv2D(ConvTranspose2D(inputChannels: c.inputChannels, outputChannels: c.outputChannels, kernel: c.kernel,
                                             stride: c.stride, padding: c.padding, activation: activation))
        case .binary(let operation, .none):
            .binary(operation, activation)
        default:
            nil
        }
    }
}

extension Graph.Operation {
    /// This operation with its kernel storing tensors as `dataType` (the graph itself is fp32).
    func storing(_ dataType: DataType) -> Graph.Operation {
        switch self {
        case .conv2D(let c):
            .conv2D(Conv2D(inputChannels: c.inputChannels, outputChannels: c.outputChannels, kernel: c.kernel, stride: c.stride,
                           dilation: c.dilation, padding: c.padding, groups: c.groups, activation: c.activation,
                           dataType: dataType))
        case .depthwiseConv2D(let c):
            .depthwiseConv2D(DepthwiseConv2D(channels: c.channels, multiplier: c.multiplier, kernel: c.kernel, stride: c.stride,
                                             dilation: c.dilation, padding: c.padding, activation: c.activation,
                                             dataType: dataType))
        case .transposeConv2D(let c):
            .transposeConv2D(ConvTranspose2D(inputChannels: c.inputChannels, outputChannels: c.outputChannels, kernel: c.kernel,
                                             stride: c.stride, padding: c.padding, activation: c.activation, dataType: dataType))
        case .pool(let p):
            .pool(Pool2D(p.mode, kernel: p.kernel, stride: p.stride, padding: p.padding, dataType: dataType))
        case .resize(let r):
            .resize(Resize(r.mode, alignCorners: r.alignCorners, halfPixelCenters: r.halfPixelCenters, dataType: dataType))
        default:
            self
        }
    }
}

/// Turns TFLite operators into `Graph.Node`s.
private struct Builder {
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
        try require(shape(output) == expected,
                    "\(op.name) output \(tensors[output].name) is declared \(shape(output)) but computes \(expected)")
    }

    mutating func add(_ op: TFLiteModel.Operator) throws(NNError) {
        try require(op.outputs.count == 1 && op.outputs[0] >= 0, "\(op.name) with \(op.outputs.count) outputs")
        let output = op.outputs[0]
        let inputs = op.inputs
        let arity = [BuiltinOperator.dequantize: 1, BuiltinOperator.reshape: 1, BuiltinOperator.concatenation: inputs.count]
        let required = op.builtinCode == BuiltinOperator.custom || op.builtinCode == BuiltinOperator.densify ? 0
            : arity[op.builtinCode] ?? ([BuiltinOperator.relu, BuiltinOperator.relu6, BuiltinOperator.logistic,
                                        BuiltinOperator.hardSwish, BuiltinOperator.tanh, BuiltinOperator.maxPool2D,
                                        BuiltinOperator.averagePool2D, BuiltinOperator.depthToSpace].contains(op.builtinCode) ? 1 : 2)
        try require(inputs.count >= max(required, 1) && inputs.prefix(max(required, 1)).allSatisfy { $0 >= 0 },
                    "\(op.name) with inputs \(inputs)")
        for tensor in inputs + [output] where tensor >= 0 {
            try require(shape(tensor).allSatisfy { $0 > 0 }, "\(op.name) tensor \(tensors[tensor].name) of shape \(shape(tensor))")
        }
        func node(_ operation: Graph.Operation, _ inputs: [Int]) {
            nodes.append(Graph.Node(name: tensors[output].name, operation: operation, inputs: inputs, output: output))
        }

        switch op.builtinCode {
        case BuiltinOperator.dequantize:
            // fp16 constants: fold to a Float constant; the operator disappears.
            let values = try constant(inputs[0], "input", of: op)
            tensors[output] = Graph.Tensor(name: tensors[output].name, shape: shape(output), constant: values)

        case BuiltinOperator.conv2D:
            let options = try op.options()
            let x = try require4D(inputs[0], op)
            let weights = shape(inputs[1])
            try require(weights.count == 4, "CONV_2D weights of shape \(weights)")
            let kernel = Size2D(weights[1], weights[2])
            let stride = Size2D(Int(try options.scalar(2, default: Int32(1), "stride_h")),
                                Int(try options.scalar(1, default: Int32(1), "stride_w")))
            let dilation = Size2D(Int(try options.scalar(5, default: Int32(1), "dilation_h")),
                                  Int(try options.scalar(4, default: Int32(1), "dilation_w")))
            try requirePositive(stride, dilation, op)
            let geometry = convolutionOutput(input: Size2D(x.h, x.w), kernel: kernel, stride: stride, dilation: dilation,
                                             padding: try Self.padding(options.scalar(0, default: Int8(0), "padding"), op))
            try require(x.c % weights[3] == 0, "CONV_2D input channels \(x.c) vs weights \(weights)")
            try requireOutput(output, [x.n, geometry.size.y, geometry.size.x, weights[0]], op)
            let conv = Conv2D(inputChannels: x.c, outputChannels: weights[0], kernel: kernel, stride: stride,
                              dilation: dilation, padding: geometry.padding, groups: x.c / weights[3],
                              activation: try Self.activation(options.scalar(3, default: Int8(0), "activation"), op))
            _ = try constant(inputs[1], "weights", of: op)
            node(.conv2D(conv), try convolutionInputs(inputs, op))

        case BuiltinOperator.depthwiseConv2D:
            let options = try op.options()
            let x = try require4D(inputs[0], op)
            let weights = shape(inputs[1])
            try require(weights.count == 4 && weights[0] == 1, "DEPTHWISE_CONV_2D weights of shape \(weights)")
            let kernel = Size2D(weights[1], weights[2])
            let stride = Size2D(Int(try options.scalar(2, default: Int32(1), "stride_h")),
                                Int(try options.scalar(1, default: Int32(1), "stride_w")))
            let dilation = Size2D(Int(try options.scalar(6, default: Int32(1), "dilation_h")),
                                  Int(try options.scalar(5, default: Int32(1), "dilation_w")))
            try requirePositive(stride, dilation, op)
            let geometry = convolutionOutput(input: Size2D(x.h, x.w), kernel: kernel, stride: stride, dilation: dilation,
                                             padding: try Self.padding(options.scalar(0, default: Int8(0), "padding"), op))
            try require(weights[3] % x.c == 0, "DEPTHWISE_CONV_2D input channels \(x.c) vs weights \(weights)")
            try requireOutput(output, [x.n, geometry.size.y, geometry.size.x, weights[3]], op)
            let conv = DepthwiseConv2D(channels: x.c, multiplier: weights[3] / x.c, kernel: kernel, stride: stride,
                                       dilation: dilation, padding: geometry.padding,
                                       activation: try Self.activation(options.scalar(4, default: Int8(0), "activation"), op))
            _ = try constant(inputs[1], "weights", of: op)
            node(.depthwiseConv2D(conv), try convolutionInputs(inputs, op))

        case BuiltinOperator.custom where op.name == "Convolution2DTransposeBias":
            // custom_options: TfLiteTransposeConvParams {padding (1 SAME, 2 VALID), stride_width, stride_height}, int32 LE.
            let raw = op.customOptions
            try require(raw.count >= 12, "Convolution2DTransposeBias options of \(raw.count) bytes (expected 12)")
            func int(_ at: Int) -> Int {
                Int(Int32(bitPattern: UInt32(raw[at]) | UInt32(raw[at + 1]) << 8 | UInt32(raw[at + 2]) << 16 | UInt32(raw[at + 3]) << 24))
            }
            let mode: PaddingMode
            switch int(0) {
            case 1: mode = .same
            case 2: mode = .valid
            default: throw .unsupported("Convolution2DTransposeBias padding code \(int(0))")
            }
            let stride = Size2D(int(8), int(4))
            try requirePositive(stride, 1, op)
            let x = try require4D(inputs[0], op)
            let weights = shape(inputs[1])
            try require(weights.count == 4 && weights[3] == x.c, "Convolution2DTransposeBias weights \(weights) for \(x.c) input channels")
            let kernel = Size2D(weights[1], weights[2])
            let geometry = transposedConvolutionOutput(input: Size2D(x.h, x.w), kernel: kernel, stride: stride, padding: mode)
            try requireOutput(output, [x.n, geometry.size.y, geometry.size.x, weights[0]], op)
            let conv = ConvTranspose2D(inputChannels: x.c, outputChannels: weights[0], kernel: kernel, stride: stride,
                                       padding: geometry.padding)
            _ = try constant(inputs[1], "weights", of: op)
            node(.transposeConv2D(conv), try convolutionInputs(inputs, op))

        case BuiltinOperator.add, BuiltinOperator.mul, BuiltinOperator.sub:
            let activation = try Self.activation(op.builtinOptions?.scalar(0, default: Int8(0), "activation") ?? 0, op)
            let operation: Binary.Operation = op.builtinCode == BuiltinOperator.add ? .add
                : op.builtinCode == BuiltinOperator.mul ? .multiply : .subtract
            try binary(operation, activation, inputs, output, op)

        case BuiltinOperator.prelu:
            try binary(.prelu, .none, inputs, output, op)

        case BuiltinOperator.relu, BuiltinOperator.relu6, BuiltinOperator.logistic, BuiltinOperator.hardSwish,
             BuiltinOperator.tanh:
            let activation: Activation = switch op.builtinCode {
            case BuiltinOperator.relu: .relu
            case BuiltinOperator.relu6: .relu6
            case BuiltinOperator.logistic: .sigmoid
            case BuiltinOperator.tanh: .tanh
            default: .hardSwish
            }
            try requireOutput(output, shape(inputs[0]), op)
            node(.unary(activation), [inputs[0]])

        case BuiltinOperator.maxPool2D, BuiltinOperator.averagePool2D:
            let options = try op.options()
            let x = try require4D(inputs[0], op)
            let kernel = Size2D(Int(try options.scalar(4, default: Int32(1), "filter_height")),
                                Int(try options.scalar(3, default: Int32(1), "filter_width")))
            let stride = Size2D(Int(try options.scalar(2, default: Int32(1), "stride_h")),
                                Int(try options.scalar(1, default: Int32(1), "stride_w")))
            let activation = try Self.activation(options.scalar(5, default: Int8(0), "activation"), op)
            try require(activation == .none, "\(op.name) with a fused activation")
            try requirePositive(stride, kernel, op)
            let geometry = convolutionOutput(input: Size2D(x.h, x.w), kernel: kernel, stride: stride,
                                             padding: try Self.padding(options.scalar(0, default: Int8(0), "padding"), op))
            try requireOutput(output, [x.n, geometry.size.y, geometry.size.x, x.c], op)
            let pool = Pool2D(op.builtinCode == BuiltinOperator.maxPool2D ? .max : .average,
                              kernel: (kernel.y, kernel.x), stride: (stride.y, stride.x),
                              padding: (geometry.padding.y, geometry.padding.x))
            node(.pool(pool), [inputs[0]])

        case BuiltinOperator.pad:
            let amounts = try model.integers(inputs[1])
            let rank = shape(inputs[0]).count
            try require(amounts.count == 2 * rank && amounts.allSatisfy { $0 >= 0 }, "PAD paddings \(amounts) for rank \(rank)")
            let padding = (0..<rank).map { (before: amounts[2 * $0], after: amounts[2 * $0 + 1]) }
            try requireOutput(output, Pad.outputShape(shape(inputs[0]), padding: padding), op)
            node(.pad(padding), [inputs[0]])

        case BuiltinOperator.concatenation:
            let options = try op.options()
            let activation = try Self.activation(options.scalar(1, default: Int8(0), "activation"), op)
            try require(activation == .none, "CONCATENATION with a fused activation")
            let rank = shape(inputs[0]).count
            var axis = Int(try options.scalar(0, default: Int32(0), "axis"))
            if axis < 0 { axis += rank }
            guard let expected = Concat.outputShape(inputs.map(shape), axis: axis) else {
                throw .unsupported("CONCATENATION of shapes \(inputs.map(shape)) on axis \(axis)")
            }
            try requireOutput(output, expected, op)
            for input in inputs where tensors[input].constant != nil {
                throw .unsupported("CONCATENATION of the constant \(tensors[input].name)")
            }
            node(.concat(axis: axis), inputs)

        case BuiltinOperator.resizeBilinear:
            let options = try op.options()
            let x = try require4D(inputs[0], op)
            let size = try model.integers(inputs[1])
            try require(size.count == 2, "RESIZE_BILINEAR size \(size)")
            let resize = Resize(.bilinear, alignCorners: try options.scalar(2, default: UInt8(0), "align_corners") != 0,
                                halfPixelCenters: try options.scalar(3, default: UInt8(0), "half_pixel_centers") != 0)
            try requireOutput(output, [x.n, size[0], size[1], x.c], op)
            node(.resize(resize), [inputs[0]])

        case BuiltinOperator.depthToSpace:
            let options = try op.options()
            let x = try require4D(inputs[0], op)
            let block = Int(try options.scalar(0, default: Int32(0), "block_size"))
            try require(block > 0 && x.c % (block * block) == 0, "DEPTH_TO_SPACE block \(block) for \(x.c) channels")
            try requireOutput(output, [x.n, x.h * block, x.w * block, x.c / (block * block)], op)
            node(.depthToSpace(blockSize: block), [inputs[0]])

        case BuiltinOperator.reshape:
            try require(tensors[output].count == tensors[inputs[0]].count,
                        "RESHAPE of \(shape(inputs[0])) into \(shape(output))")
            if let values = tensors[inputs[0]].constant {
                tensors[output] = Graph.Tensor(name: tensors[output].name, shape: shape(output), constant: values)
            } else {
                node(.reshape, [inputs[0]])
            }

        default:
            throw .unsupportedOperator(op.name)
        }
    }

    func requirePositive(_ stride: Size2D, _ other: Size2D, _ op: TFLiteModel.Operator) throws(NNError) {
        try require(stride.y > 0 && stride.x > 0 && other.y > 0 && other.x > 0,
                    "\(op.name) with stride \(stride) and kernel/dilation \(other)")
    }

    /// Activation input, weights and the optional bias of a convolution.
    func convolutionInputs(_ inputs: [Int], _ op: TFLiteModel.Operator) throws(NNError) -> [Int] {
        try require(inputs.count >= 2 && tensors[inputs[0]].constant == nil, "\(op.name) without an activation input and weights")
        if inputs.count > 2 && inputs[2] >= 0 {
            _ = try constant(inputs[2], "bias", of: op)
            return Array(inputs[0...2])
        }
        return Array(inputs[0...1])
    }

    mutating func binary(_ operation: Binary.Operation, _ activation: Activation, _ inputs: [Int], _ output: Int,
                         _ op: TFLiteModel.Operator) throws(NNError) {
        try require(inputs.count == 2, "\(op.name) with \(inputs.count) inputs")
        guard let expected = Binary.broadcastShape(shape(inputs[0]), shape(inputs[1])), expected.count <= 4 else {
            throw .unsupported("\(op.name) of shapes \(shape(inputs[0])) and \(shape(inputs[1]))")
        }
        try requireOutput(output, expected, op)
        try require(tensors[inputs[0]].constant == nil || tensors[inputs[1]].constant == nil, "\(op.name) of two constants")
        nodes.append(Graph.Node(name: tensors[output].name, operation: .binary(operation, activation),
                                inputs: inputs, output: output))
    }
}
