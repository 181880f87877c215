import GPU
import Kernels

/// What one graph node does, with every option resolved: the dispatch its kernel records, the CPU reference it is
/// checked against, and how it takes a fused activation. One type per operator family under `NN/Ops`, each with
/// its TFLite lowering beside it; `GraphBuilder.lowerings` registers the lowering (one line per operator).
public protocol GraphOperation: Sendable {
    /// Records the dispatch that computes `output` from `operands`, tensors stored as `dataType`.
    func encode(
        on stream: CommandStream, _ operands: NodeOperands<GPUBuffer>, output: GPUBuffer,
        dataType: DataType) throws(GPUError)
    /// The CPU reference: the output's values from the inputs' values.
    func reference(_ operands: NodeOperands<[Float]>) -> [Float]
    /// This operation with `activation` fused into its epilogue; nil when it has one already or cannot take one.
    func fusing(_ activation: Activation) -> (any GraphOperation)?
    /// Whether the output is the input's storage under another shape: no dispatch and no buffer of its own.
    var sharesInputStorage: Bool { get }
}

extension GraphOperation {
    public func fusing(_ activation: Activation) -> (any GraphOperation)? { nil }
    public var sharesInputStorage: Bool { false }
}

/// A node's inputs (GPU buffers, or values for the CPU reference) in the node's order, with their shapes and the
/// output's shape. Convolutions take (activation, weights, bias?), binary ops (a, b), the rest one activation
/// (concatenation: all of its parts).
public struct NodeOperands<Value> {
    public let values: [Value]
    public let shapes: [[Int]]
    public let outputShape: [Int]

    public init(values: [Value], shapes: [[Int]], outputShape: [Int]) {
        self.values = values
        self.shapes = shapes
        self.outputShape = outputShape
    }

    /// The activation input and its shape.
    public var input: Value { values[0] }
    public var inputShape: [Int] { shapes[0] }
    /// The optional third input (a convolution's bias).
    public var bias: Value? { values.count > 2 ? values[2] : nil }
    /// The output's height and width (NHWC).
    public var outputSize: (height: Int, width: Int) { (outputShape[1], outputShape[2]) }
}
