import Kernels

/// Runs a `Graph` on the CPU through the kernels' `reference` functions: the ground truth the
/// GPU session is tested against. Slow (plain loops), meant for tests.
public struct CPUGraphRunner: Sendable {
    public let graph: Graph

    public init(_ graph: Graph) { self.graph = graph }

    /// Runs the graph on `inputs` (by input tensor name, NHWC, Float) and returns every output by name.
    public func run(inputs: [String: [Float]]) throws(NNError) -> [String: [Float]] {
        try run(inputs: inputs, fetching: graph.outputs)
    }

    /// Runs the graph and returns the tensors `fetching` (indices into `graph.tensors`) by name.
    public func run(inputs: [String: [Float]], fetching: [Int]) throws(NNError) -> [String: [Float]] {
        var values = [[Float]?](repeating: nil, count: graph.tensors.count)
        for (index, tensor) in graph.tensors.enumerated() { values[index] = tensor.constant }
        for index in graph.inputs {
            values[index] = try graph.checkedInput(inputs, index)
        }
        for node in graph.nodes {
            var arguments: [[Float]] = []
            for input in node.inputs {
                guard let argument = values[input] else {
                    throw .invalidInput("tensor \(graph.tensors[input].name) is used before it is computed")
                }
                arguments.append(argument)
            }
            values[node.output] = evaluate(node, arguments)
        }
        var outputs: [String: [Float]] = [:]
        for index in fetching {
            guard let result = values[index] else {
                throw .invalidInput("tensor \(graph.tensors[index].name) is never computed")
            }
            outputs[graph.tensors[index].name] = result
        }
        return outputs
    }
}

extension CPUGraphRunner {
    /// One node's output from its input values (`arguments[i]` holds `node.inputs[i]`).
    public func evaluate(_ node: Graph.Node, _ arguments: [[Float]]) -> [Float] {
        node.operation.reference(
            NodeOperands(
                values: arguments, shapes: node.inputs.map { graph.tensors[$0].shape },
                outputShape: graph.tensors[node.output].shape))
    }
}

extension Graph {
    /// The values given for input `index`, checked for presence and element count.
    func checkedInput(_ inputs: [String: [Float]], _ index: Int) throws(NNError) -> [Float] {
        let tensor = tensors[index]
        guard let values = inputs[tensor.name] else {
            throw .invalidInput(
                "no values for the input \(tensor.name) (inputs: \(self.inputs.map { tensors[$0].name }))")
        }
        guard values.count == tensor.count else {
            throw .invalidInput(
                "input \(tensor.name) of shape \(tensor.shape) needs \(tensor.count) values, got \(values.count)")
        }
        return values
    }
}
