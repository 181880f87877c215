import GPU

/// 2-D max or average pooling over an NHWC tensor (Shaders/pool2d.comp), as TFLite's
/// MAX_POOL_2D and AVERAGE_POOL_2D: window taps that fall in the padding are skipped, and the
/// average divides by the number of taps inside the input.
///
/// The caller gives the output size and the top/left padding (TFLite's SAME or VALID rules
/// decide them); bottom/right padding is whatever the output size implies. `Mode` (max or average) is generated
/// from Shaders/interface.glsl.
public struct Pool2D: Sendable {
    public let mode: Mode
    public let kernel: (height: Int, width: Int)
    public let stride: (height: Int, width: Int)
    public let padding: (top: Int, left: Int)
    public let dataType: DataType

    static let runLength = 4 // output pixels per invocation; matches RUN in the shader
    static let channelLanesLimit = 64

    public init(
        _ mode: Mode, kernel: (height: Int, width: Int), stride: (height: Int, width: Int) = (1, 1),
        padding: (top: Int, left: Int) = (0, 0), dataType: DataType = .float32
    ) {
        self.mode = mode
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.dataType = dataType
    }

    /// Records the kernel: `input` is NHWC `shape`, `output` is [N, outputSize.height, outputSize.width, C].
    public func encode(
        on stream: CommandStream, input: GPUBuffer, shape: [Int], output: GPUBuffer,
        outputSize: (height: Int, width: Int)
    ) throws(GPUError) {
        try require(
            shape.count == 4 && shape.allSatisfy { $0 > 0 }, "pooling takes a non-empty NHWC tensor, got shape \(shape)"
        )
        try require(
            kernel.height > 0 && kernel.width > 0 && stride.height > 0 && stride.width > 0,
            "pooling kernel \(kernel) and stride \(stride) must be positive")
        try require(padding.top >= 0 && padding.left >= 0, "pooling padding \(padding) must not be negative")
        try require(outputSize.height > 0 && outputSize.width > 0, "pooling output size \(outputSize) must be positive")
        let (batches, height, width, channels) = (shape[0], shape[1], shape[2], shape[3])
        // Every window must hold at least one input tap, or max and average are undefined.
        try require(
            padding.top < kernel.height && padding.left < kernel.width,
            "pooling padding \(padding) leaves the first window \(kernel) outside the input")
        try require(
            (outputSize.height - 1) * stride.height - padding.top < height
                && (outputSize.width - 1) * stride.width - padding.left < width,
            "pooling output \(outputSize) with stride \(stride) reaches past the \(height)x\(width) input")
        let outputCount = batches * outputSize.height * outputSize.width * channels
        try require(max(shape.reduce(1, *), outputCount) <= Int(UInt32.max), "pooling tensor exceeds 32-bit indexing")
        try requireCapacity(input, shape.reduce(1, *), dataType, "pooling input")
        try requireCapacity(output, outputCount, dataType, "pooling output")
        try require(input !== output, "pooling output must not alias its input")

        let vectorized = channels % 4 == 0
        let lanes = vectorized ? channels / 4 : channels
        let lanesPerGroup = min(lanes, Self.channelLanesLimit)
        let pipeline = try stream.device.kernelPipeline(
            .pool2d, dataType: dataType,
            specialization: [.uint(UInt32(lanesPerGroup)), .int(mode.rawValue), .bool(vectorized)])
        let push: PushConstants = [
            .int(batches), .int(height), .int(width), .int(lanes), .int(outputSize.height), .int(outputSize.width),
            .int(kernel.height), .int(kernel.width), .int(stride.height), .int(stride.width),
            .int(padding.top), .int(padding.left),
        ]
        let workgroups =
            batches * outputSize.height * groups(outputSize.width, Self.runLength) * groups(lanes, lanesPerGroup)
        try stream.dispatch(
            pipeline, [.read(input), .write(output)], push: push,
            groups: linearGroups(workgroups), label: "pool2d.\(mode)")
    }

    /// CPU reference, following TFLite's reference_ops pooling loops.
    public static func reference(
        _ pool: Pool2D, input x: [Float], shape: [Int],
        outputSize: (height: Int, width: Int)
    ) -> [Float] {
        let (batches, height, width, channels) = (shape[0], shape[1], shape[2], shape[3])
        var result: [Float] = []
        result.reserveCapacity(batches * outputSize.height * outputSize.width * channels)
        for n in 0..<batches {
            for oy in 0..<outputSize.height {
                let originY = oy * pool.stride.height - pool.padding.top
                let rows = max(0, -originY)..<min(pool.kernel.height, height - originY)
                for ox in 0..<outputSize.width {
                    let originX = ox * pool.stride.width - pool.padding.left
                    let columns = max(0, -originX)..<min(pool.kernel.width, width - originX)
                    for c in 0..<channels {
                        var maximum = -Float.greatestFiniteMagnitude
                        var total: Float = 0
                        for ky in rows {
                            for kx in columns {
                                let value = x[((n * height + originY + ky) * width + originX + kx) * channels + c]
                                maximum = max(maximum, value)
                                total += value
                            }
                        }
                        result.append(pool.mode == .max ? maximum : total / Float(rows.count * columns.count))
                    }
                }
            }
        }
        return result
    }
}
