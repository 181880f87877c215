import GPU

/// NHWC depth-to-space as TFLite's DEPTH_TO_SPACE (DCR order, Shaders/depth_to_space.comp):
/// [N, H, W, C * b * b] -> [N, H * b, W * b, C], with
/// y[n, h * b + i, w * b + j, c] = x[n, h, w, (i * b + j) * C + c].
public struct DepthToSpace: Sendable {
    public let blockSize: Int
    public let dataType: DataType

    static let workgroupSize = 256
    static let runLength = 4 // elements (or vec4s) per invocation; matches RUN in the shader

    public init(blockSize: Int, dataType: DataType = .float32) {
        self.blockSize = blockSize
        self.dataType = dataType
    }

    /// The output shape for an NHWC input `shape`, or nil if its depth is not a multiple of b * b.
    public func outputShape(_ shape: [Int]) -> [Int]? {
        guard shape.count == 4, blockSize > 0, shape[3] % (blockSize * blockSize) == 0 else { return nil }
        return [shape[0], shape[1] * blockSize, shape[2] * blockSize, shape[3] / (blockSize * blockSize)]
    }

    /// Records the kernel; `output` holds `outputShape(shape)` elements.
    public func encode(on stream: CommandStream, input: GPUBuffer, shape: [Int], output: GPUBuffer) throws(GPUError) {
        try require(blockSize > 0, "depth-to-space block size must be positive, got \(blockSize)")
        try require(
            shape.count == 4 && shape.allSatisfy { $0 > 0 },
            "depth-to-space takes a non-empty NHWC tensor, got shape \(shape)")
        guard let outputShape = outputShape(shape) else {
            throw .invalidArgument(
                "depth-to-space with block \(blockSize) needs depth divisible by \(blockSize * blockSize), got shape \(shape)"
            )
        }
        let count = shape.reduce(1, *)
        try require(count <= Int(UInt32.max), "depth-to-space tensor \(shape) exceeds 32-bit indexing")
        try requireCapacity(input, count, dataType, "depth-to-space input")
        try requireCapacity(output, count, dataType, "depth-to-space output")
        try require(input !== output, "depth-to-space output must not alias its input")

        let channels = outputShape[3]
        let vectorized = channels % 4 == 0
        let segment = blockSize * channels / (vectorized ? 4 : 1)
        let rows = shape[0] * shape[1] * blockSize
        let pipeline = try stream.device.kernelPipeline(
            .depthToSpace, dataType: dataType, specialization: [.uint(UInt32(Self.workgroupSize)), .bool(vectorized)])
        let invocations = rows * groups(shape[2] * segment, Self.runLength)
        try stream.dispatch(
            pipeline, [.read(input), .write(output)],
            push: [.int(rows), .int(blockSize), .int(shape[2]), .int(segment)],
            groups: linearGroups(groups(invocations, Self.workgroupSize)), label: "depth_to_space")
    }

    /// CPU reference, written from the definition.
    public static func reference(_ x: [Float], shape: [Int], blockSize b: Int) -> [Float] {
        let (batches, height, width, depth) = (shape[0], shape[1], shape[2], shape[3])
        let channels = depth / (b * b)
        var result = [Float](repeating: 0, count: x.count)
        for n in 0..<batches {
            for h in 0..<height {
                for w in 0..<width {
                    for i in 0..<b {
                        for j in 0..<b {
                            for c in 0..<channels {
                                let output = ((n * height * b + h * b + i) * width * b + w * b + j) * channels + c
                                result[output] = x[((n * height + h) * width + w) * depth + (i * b + j) * channels + c]
                            }
                        }
                    }
                }
            }
        }
        return result
    }
}
