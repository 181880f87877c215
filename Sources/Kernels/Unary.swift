import GPU

/// y = activation(x) element-wise over a flat tensor (Shaders/unary.comp).
public struct Unary: Sendable {
    public let activation: Activation
    public let dataType: DataType

    static let workgroupSize = 256
    static let elementsPerInvocation = 4

    public init(_ activation: Activation, dataType: DataType = .float32) {
        self.activation = activation
        self.dataType = dataType
    }

    /// Records the kernel; `output` may be `input` (in place).
    public func encode(on stream: CommandStream, input: GPUBuffer, output: GPUBuffer, count: Int) throws(GPUError) {
        try require(count > 0, "unary \(activation) needs at least one element")
        try requireCapacity(input, count, dataType, "unary input")
        try requireCapacity(output, count, dataType, "unary output")
        let pipeline = try stream.device.kernelPipeline(
            .unary, dataType: dataType,
            specialization: [.uint(UInt32(Self.workgroupSize)), .int(activation.rawValue)])
        let bindings: [BufferBinding] =
            input === output
            ? [.readWrite(input), .readWrite(output)]
            : [.read(input), .write(output)]
        try stream.dispatch(
            pipeline, bindings, push: [.int(count)],
            groups: linearGroups(groups(count, Self.workgroupSize * Self.elementsPerInvocation)),
            label: "unary.\(activation)")
    }

    /// CPU reference.
    public static func reference(_ activation: Activation, _ x: [Float]) -> [Float] { x.map(activation.apply) }
}
