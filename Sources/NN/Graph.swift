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

    public struct Node: Sendable {
        public let name: String
        /// What the node does (`NN/Ops`).
        public let operation: any GraphOperation
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
        var builder = try GraphBuilder(model: model)
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
            if let activation = (node.operation as? UnaryOp)?.activation, let source = producer[node.inputs[0]],
                consumers[node.inputs[0]] == 1, !outputs.contains(node.inputs[0]),
                let fused = result[source].operation.fusing(activation)
            {
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
