import GPU
import Kernels

/// A `Graph` ready to run on a GPU device: weights uploaded once, activation buffers allocated
/// once from a `BufferPlan`, and every inference recorded into one command stream and submitted
/// once: input upload (from host-visible staging), every dispatch, output readback (into
/// host-visible buffers).
public final class InferenceSession {
    public let graph: Graph
    public let device: GPUDevice
    public let plan: BufferPlan
    /// How activations and weights are stored on the GPU (arithmetic is fp32 either way).
    public let dataType: DataType
    /// Whether `run` records Vulkan timestamps per dispatch (into `lastTimings`).
    public var profiling: Bool
    /// GPU time of each dispatch of the last profiled `run`.
    public private(set) var lastTimings: [KernelTiming] = []

    private let constants: [Int: GPUBuffer]
    private let slots: [GPUBuffer]
    /// Host-visible copies of the inputs and of fetched tensors, made on first use and kept.
    private var staging: [Int: GPUBuffer] = [:]

    /// Uploads `graph`'s constants and allocates its activation buffers. With `keepingIntermediates`,
    /// no buffer is shared, so `run(inputs:fetching:)` can read any tensor (for debugging). `.float16`
    /// halves memory traffic (the device needs 16-bit storage); inputs and outputs stay Float.
    public init(
        _ graph: Graph, device: GPUDevice, dataType: DataType = .float32, profiling: Bool = false,
        keepingIntermediates: Bool = false
    ) throws(NNError) {
        self.graph = graph
        self.device = device
        self.dataType = dataType
        self.profiling = profiling
        plan = BufferPlan(graph, elementSize: dataType.byteSize, reusing: !keepingIntermediates)
        do {
            var constants: [Int: GPUBuffer] = [:]
            for node in graph.nodes {
                for input in node.inputs where constants[input] == nil {
                    guard let values = graph.tensors[input].constant else { continue }
                    constants[input] =
                        dataType == .float16
                        ? try device.makeBuffer(values.map { Float16($0) })
                        : try device.makeBuffer(values)
                }
            }
            self.constants = constants
            var slots: [GPUBuffer] = []
            for bytes in plan.slotBytes { slots.append(try device.makeBuffer(byteCount: bytes)) }
            self.slots = slots
        } catch {
            throw .gpu(error)
        }
    }

    /// Bytes of activation memory (all planned buffers together).
    public var activationBytes: Int { plan.peakBytes }
    /// Bytes of uploaded weights and other constants.
    public var constantBytes: Int { constants.values.reduce(0) { $0 + $1.byteCount } }

    private func buffer(_ tensor: Int) throws(NNError) -> GPUBuffer {
        if let constant = constants[tensor] { return constant }
        guard let slot = plan.slotOfTensor[tensor] else {
            throw .invalidInput("tensor \(graph.tensors[tensor].name) has no buffer")
        }
        return slots[slot]
    }

    /// Runs one inference: `inputs` by input tensor name (NHWC Float values); returns every output by name.
    public func run(inputs: [String: [Float]]) throws(NNError) -> [String: [Float]] {
        try run(inputs: inputs, fetching: graph.outputs)
    }

    /// Runs one inference and returns the tensors `fetching` (indices into `graph.tensors`) by name;
    /// tensors other than the outputs hold their values only with `keepingIntermediates`.
    public func run(inputs: [String: [Float]], fetching: [Int]) throws(NNError) -> [String: [Float]] {
        do {
            let stream = try device.makeStream(profiling: profiling)
            let elementSize = dataType.byteSize
            for index in graph.inputs {
                let host = try stagingBuffer(index)
                let values = try graph.checkedInput(inputs, index)
                if dataType == .float16 { try host.write(values.map { Float16($0) }) } else { try host.write(values) }
                try stream.copy(from: host, to: try buffer(index), byteCount: graph.tensors[index].count * elementSize)
            }
            for node in graph.nodes { try encode(node, on: stream) }
            for index in fetching {
                try stream.copy(
                    from: try buffer(index), to: try stagingBuffer(index),
                    byteCount: graph.tensors[index].count * elementSize)
            }
            try stream.submitAndWait()
            if profiling { lastTimings = try stream.timings() }
            var outputs: [String: [Float]] = [:]
            for index in fetching {
                let tensor = graph.tensors[index]
                let host = try stagingBuffer(index)
                outputs[tensor.name] =
                    dataType == .float16
                    ? try host.read(Float16.self, count: tensor.count).map(Float.init)
                    : try host.read(Float.self, count: tensor.count)
            }
            return outputs
        } catch let error as NNError {
            throw error
        } catch let error as GPUError {
            throw .gpu(error)
        } catch {
            throw .invalidInput("\(error)")
        }
    }

    private func stagingBuffer(_ tensor: Int) throws -> GPUBuffer {
        if let buffer = staging[tensor] { return buffer }
        let buffer = try device.makeBuffer(byteCount: graph.tensors[tensor].count * dataType.byteSize, location: .host)
        staging[tensor] = buffer
        return buffer
    }

    /// Records one node's kernel.
    private func encode(_ node: Graph.Node, on stream: CommandStream) throws {
        guard !node.operation.sharesInputStorage else { return } // the output is the input's buffer
        var buffers: [GPUBuffer] = []
        for input in node.inputs { buffers.append(try buffer(input)) }
        let operands = NodeOperands(
            values: buffers, shapes: node.inputs.map { graph.tensors[$0].shape },
            outputShape: graph.tensors[node.output].shape)
        try node.operation.encode(on: stream, operands, output: try buffer(node.output), dataType: dataType)
    }
}
