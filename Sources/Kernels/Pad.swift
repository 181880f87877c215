import GPU

/// Constant-value padding of a tensor of rank 1 to 4 (Shaders/pad.comp), as TFLite's PAD /
/// PADV2: each axis gets `before` and `after` extra elements holding `value`.
public struct Pad: Sendable {
    public let value: Float
    public let dataType: DataType

    static let workgroupSize = 256
    static let runLength = 4 // elements (or vec4s) per invocation; matches RUN in the shader

    public init(value: Float = 0, dataType: DataType = .float32) {
        self.value = value
        self.dataType = dataType
    }

    /// The shape of `shape` padded by `padding` (one (before, after) pair per axis).
    public static func outputShape(_ shape: [Int], padding: [(before: Int, after: Int)]) -> [Int] {
        zip(shape, padding).map { $0 + $1.before + $1.after }
    }

    /// Records the kernel; `output` holds `outputShape(shape, padding:)` elements.
    public func encode(
        on stream: CommandStream, input: GPUBuffer, shape: [Int], padding: [(before: Int, after: Int)],
        output: GPUBuffer
    ) throws(GPUError) {
        try require(
            (1...4).contains(shape.count) && shape.allSatisfy { $0 > 0 },
            "pad takes a non-empty tensor of rank 1 to 4, got shape \(shape)")
        try require(
            padding.count == shape.count,
            "pad needs one (before, after) pair per axis: \(padding.count) for shape \(shape)")
        try require(
            padding.allSatisfy { $0.before >= 0 && $0.after >= 0 }, "pad amounts must not be negative, got \(padding)")
        let outputShape = Self.outputShape(shape, padding: padding)
        let inputCount = shape.reduce(1, *)
        let outputCount = outputShape.reduce(1, *)
        try require(outputCount <= Int(UInt32.max), "pad output \(outputShape) exceeds 32-bit indexing")
        try requireCapacity(input, inputCount, dataType, "pad input")
        try requireCapacity(output, outputCount, dataType, "pad output")
        try require(input !== output, "pad output must not alias its input")

        let leading = 4 - shape.count
        let inDims = Array(repeating: 1, count: leading) + shape
        let outDims = Array(repeating: 1, count: leading) + outputShape
        var before = Array(repeating: 0, count: leading) + padding.map(\.before)
        let last = padding[padding.count - 1]
        let vectorized = inDims[3] % 4 == 0 && last.before % 4 == 0 && last.after % 4 == 0
        let lanes = vectorized ? 4 : 1
        var inLanes = inDims
        var outLanes = outDims
        inLanes[3] /= lanes
        outLanes[3] /= lanes
        before[3] /= lanes

        let pipeline = try stream.device.kernelPipeline(
            .pad, dataType: dataType, specialization: [.uint(UInt32(Self.workgroupSize)), .bool(vectorized)])
        let push = PushConstants((inLanes + outLanes + before).map { .int($0) } + [.float(value)])
        let invocations = outLanes[0] * outLanes[1] * outLanes[2] * groups(outLanes[3], Self.runLength)
        try stream.dispatch(
            pipeline, [.read(input), .write(output)], push: push,
            groups: linearGroups(groups(invocations, Self.workgroupSize)), label: "pad")
    }

    /// CPU reference.
    public static func reference(_ x: [Float], shape: [Int], padding: [(before: Int, after: Int)], value: Float = 0)
        -> [Float]
    {
        let outputShape = outputShape(shape, padding: padding)
        var result = [Float](repeating: value, count: outputShape.reduce(1, *))
        var index = [Int](repeating: 0, count: shape.count)
        for element in x.indices {
            var offset = 0
            for axis in shape.indices { offset = offset * outputShape[axis] + index[axis] + padding[axis].before }
            result[offset] = x[element]
            advance(&index, within: shape)
        }
        return result
    }
}
