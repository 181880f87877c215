import GPU

/// c = op(a, b) element-wise with NumPy broadcasting (rank <= 4), then an optional fused
/// activation (Shaders/binary.comp). PReLU is `.prelu` with the slopes as `b`.
public struct Binary: Sendable {
    public let operation: Operation
    public let activation: Activation
    public let dataType: DataType

    static let workgroupSize = 256

    public init(_ operation: Operation, activation: Activation = .none, dataType: DataType = .float32) {
        self.operation = operation
        self.activation = activation
        self.dataType = dataType
    }

    /// The broadcast shape of `a` and `b` (NumPy rules), or nil if they do not broadcast.
    public static func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = max(a.count, b.count)
        let paddedA = Array(repeating: 1, count: rank - a.count) + a
        let paddedB = Array(repeating: 1, count: rank - b.count) + b
        var shape: [Int] = []
        for (x, y) in zip(paddedA, paddedB) {
            guard x == y || x == 1 || y == 1 else { return nil }
            shape.append(max(x, y))
        }
        return shape
    }

    /// Element strides of `shape` seen through the rank-4 broadcast `output` (0 where broadcast).
    static func broadcastStrides(_ shape: [Int], output: [Int]) -> [Int] {
        let padded = Array(repeating: 1, count: output.count - shape.count) + shape
        var strides = Array(repeating: 0, count: output.count)
        var stride = 1
        for axis in padded.indices.reversed() {
            strides[axis] = padded[axis] == 1 && output[axis] != 1 ? 0 : stride
            stride *= padded[axis]
        }
        return strides
    }

    /// Records the kernel. `output` holds the broadcast shape of `aShape` and `bShape`.
    public func encode(
        on stream: CommandStream, a: GPUBuffer, aShape: [Int], b: GPUBuffer, bShape: [Int],
        output: GPUBuffer
    ) throws(GPUError) {
        guard let shape = Self.broadcastShape(aShape, bShape) else {
            throw .invalidArgument("shapes \(aShape) and \(bShape) do not broadcast")
        }
        try require(shape.count <= 4, "binary ops support rank <= 4, got \(shape.count)")
        let outputShape = Array(repeating: 1, count: 4 - shape.count) + shape
        let count = outputShape.reduce(1, *)
        try require(count > 0, "binary \(operation) on an empty tensor")
        try requireCapacity(a, aShape.reduce(1, *), dataType, "binary input a")
        try requireCapacity(b, bShape.reduce(1, *), dataType, "binary input b")
        try requireCapacity(output, count, dataType, "binary output")
        try require(output !== a && output !== b, "binary output must not alias an input (broadcast reads would race)")

        let aStrides = Self.broadcastStrides(aShape, output: outputShape)
        var bStrides = Self.broadcastStrides(bShape, output: outputShape)
        let indexing = Indexing(aShape: aShape, bShape: bShape, outputCount: count)
        if indexing == .trailingB { bStrides[0] = bShape.reduce(1, *) }
        let bCount = bShape.reduce(1, *)
        let vector = count % 4 == 0 && (indexing == .sameShape || (indexing == .trailingB && bCount % 4 == 0))
        let pipeline = try stream.device.kernelPipeline(
            .binary, dataType: dataType,
            specialization: [
                .uint(UInt32(Self.workgroupSize)), .int(operation.rawValue), .int(activation.rawValue),
                .int(indexing.rawValue), .bool(vector),
            ])
        let push = PushConstants(
            [.int(count), .int(outputShape[1]), .int(outputShape[2]), .int(outputShape[3])]
                + aStrides.map { .int($0) } + bStrides.map { .int($0) })
        try stream.dispatch(
            pipeline, [.read(a), .read(b), .write(output)], push: push,
            groups: linearGroups(groups(vector ? count / 4 : count, Self.workgroupSize)),
            label: "binary.\(operation)")
    }

    /// CPU reference.
    public static func reference(
        _ operation: Operation, activation: Activation = .none,
        a: [Float], aShape: [Int], b: [Float], bShape: [Int]
    ) -> [Float] {
        guard let shape = broadcastShape(aShape, bShape) else { return [] }
        let aStrides = broadcastStrides(aShape, output: shape)
        let bStrides = broadcastStrides(bShape, output: shape)
        let count = shape.reduce(1, *)
        var result = [Float](repeating: 0, count: count)
        var index = [Int](repeating: 0, count: shape.count)
        for linear in 0..<count {
            var aOffset = 0
            var bOffset = 0
            for axis in shape.indices {
                aOffset += index[axis] * aStrides[axis]
                bOffset += index[axis] * bStrides[axis]
            }
            result[linear] = activation.apply(operation.apply(a[aOffset], b[bOffset]))
            advance(&index, within: shape)
        }
        return result
    }
}

/// The operations (generated from Shaders/interface.glsl's `OP_*`).
extension Binary.Operation {
    @inline(__always)
    func apply(_ x: Float, _ y: Float) -> Float {
        switch self {
        case .add: x + y
        case .subtract: x - y
        case .multiply: x * y
        case .divide: x / y
        case .maximum: max(x, y)
        case .minimum: min(x, y)
        case .prelu: x >= 0 ? x : x * y
        }
    }
}

/// How the shader addresses a and b (generated from Shaders/interface.glsl's `INDEXING_*`).
extension Binary.Indexing {
    init(aShape: [Int], bShape: [Int], outputCount: Int) {
        let aCount = aShape.reduce(1, *)
        let bCount = bShape.reduce(1, *)
        let bTrailsA = bShape.drop { $0 == 1 }.elementsEqual(aShape.suffix(bShape.drop { $0 == 1 }.count))
        if aCount == outputCount && bCount == outputCount {
            self = .sameShape
        } else if aCount == outputCount && bTrailsA {
            self = .trailingB // b is a's trailing dimensions, repeated over the leading ones
        } else {
            self = .general
        }
    }
}
