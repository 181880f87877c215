import GPU

/// Concatenation of tensors of rank 1 to 4 along one axis (Shaders/concat.comp), as TFLite's
/// CONCATENATION. One dispatch per input copies its slab into the output at the axis offset.
public struct Concat: Sendable {
    /// The axis; negative values count from the last (-1 is the last axis).
    public let axis: Int
    public let dataType: DataType

    static let workgroupSize = 256
    static let runLength = 4 // elements (or vec4s) per invocation; matches RUN in the shader

    public init(axis: Int, dataType: DataType = .float32) {
        self.axis = axis
        self.dataType = dataType
    }

    /// The shape of the concatenation of `shapes` along `axis`, or nil if they do not fit together.
    public static func outputShape(_ shapes: [[Int]], axis: Int) -> [Int]? {
        guard let first = shapes.first, (-first.count..<first.count).contains(axis) else { return nil }
        let axis = axis < 0 ? axis + first.count : axis
        var shape = first
        for other in shapes.dropFirst() {
            guard other.count == first.count,
                other.indices.allSatisfy({ $0 == axis || other[$0] == first[$0] })
            else { return nil }
            shape[axis] += other[axis]
        }
        return shape
    }

    /// Records one dispatch per input; `output` holds `outputShape(shapes, axis:)` elements.
    public func encode(
        on stream: CommandStream, inputs: [(buffer: GPUBuffer, shape: [Int])],
        output: GPUBuffer
    ) throws(GPUError) {
        try require(!inputs.isEmpty, "concatenation needs at least one input")
        let rank = inputs[0].shape.count
        try require((1...4).contains(rank), "concatenation takes tensors of rank 1 to 4, got rank \(rank)")
        guard let outputShape = Self.outputShape(inputs.map(\.shape), axis: axis) else {
            throw .invalidArgument("shapes \(inputs.map(\.shape)) do not concatenate along axis \(axis)")
        }
        let axis = axis < 0 ? axis + rank : axis
        try require(
            outputShape.reduce(1, *) <= Int(UInt32.max), "concatenation output \(outputShape) exceeds 32-bit indexing")
        try requireCapacity(output, outputShape.reduce(1, *), dataType, "concatenation output")
        for (index, input) in inputs.enumerated() {
            try requireCapacity(input.buffer, input.shape.reduce(1, *), dataType, "concatenation input \(index)")
            try require(input.buffer !== output, "concatenation output must not alias input \(index)")
        }

        let outer = outputShape[..<axis].reduce(1, *)
        let innerStride = outputShape[(axis + 1)...].reduce(1, *) // elements per step along the axis
        let outputInner = outputShape[axis] * innerStride
        var offset = 0
        for input in inputs {
            let inner = input.shape[axis] * innerStride
            defer { offset += inner }
            guard inner > 0, outer > 0 else { continue } // an empty input adds nothing
            let vectorized = inner % 4 == 0 && outputInner % 4 == 0 && offset % 4 == 0
            let lanes = vectorized ? 4 : 1
            let pipeline = try stream.device.kernelPipeline(
                .concat, dataType: dataType, specialization: [.uint(UInt32(Self.workgroupSize)), .bool(vectorized)])
            let invocations = outer * groups(inner / lanes, Self.runLength)
            try stream.dispatch(
                pipeline, [.read(input.buffer), .write(output)],
                push: [.int(outer), .int(inner / lanes), .int(outputInner / lanes), .int(offset / lanes)],
                groups: linearGroups(groups(invocations, Self.workgroupSize)), label: "concat")
        }
    }

    /// CPU reference.
    public static func reference(_ inputs: [(values: [Float], shape: [Int])], axis: Int) -> [Float] {
        guard let outputShape = outputShape(inputs.map(\.shape), axis: axis) else { return [] }
        let axis = axis < 0 ? axis + outputShape.count : axis
        let outer = outputShape[..<axis].reduce(1, *)
        var result: [Float] = []
        result.reserveCapacity(outputShape.reduce(1, *))
        for row in 0..<outer {
            for input in inputs {
                let inner = input.shape[axis...].reduce(1, *)
                result.append(contentsOf: input.values[row * inner..<(row + 1) * inner])
            }
        }
        return result
    }
}
